// The key screen: check, replace, remove with confirmation, and the keychain being unavailable.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appForThisFile, assertAccessible, launch, $t, click, ready, shot, textOf, waitForText, withWindow, clearKeychain, keychainValue, TEST_KEY, fillForm,
} from "./harness.mjs";

const env = appForThisFile();

test("check key says valid, then rejected after replacing it with a wrong key", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "open-key-screen");
    assert.match(await textOf(browser, "key-backend"), /Secret Service/);
    await click(browser, "check-key");
    await waitForText(browser, "key-check", /Blooio accepted this key/);
    await shot(browser, "04-key-valid");
    await assertAccessible(browser, "the key screen, key accepted");

    await click(browser, "replace-key");
    await (await $t(browser, "api-key-input")).setValue("bl_live_not_a_real_key_9999");
    await click(browser, "save-key");
    await (await $t(browser, "group-form")).waitForDisplayed({ timeout: 10_000 });
    assert.equal(keychainValue(), "bl_live_not_a_real_key_9999");
    await click(browser, "open-key-screen");
    await click(browser, "check-key");
    await waitForText(browser, "key-check", /Blooio rejected this key/);
    await assertAccessible(browser, "the key screen, key rejected");
  });
});

test("removing the key asks first and then clears the keychain", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "open-key-screen");
    await click(browser, "remove-key");
    await waitForText(browser, "key-panel", /Remove the key from Secret Service/);
    await assertAccessible(browser, "the key screen asking before removing the key");
    await click(browser, "confirm-remove");
    await waitForText(browser, "key-panel", /Connect your Blooio account/);
    assert.equal(keychainValue(), null);
  });
});

test("without a keychain the app says how to fix it and offers a session-only key", async () => {
  clearKeychain();
  // No Secret Service on this bus address: the same failure as a Linux desktop without GNOME Keyring or KWallet.
  const broken = await launch({ extraEnv: { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/bus", NO_AT_BRIDGE: "1" } });
  try {
    await withWindow(broken, async (browser) => {
      await waitForText(browser, "error-message", /keychain/i);
      await shot(browser, "09-keychain-unavailable");
      await assertAccessible(browser, "the keychain-unavailable screen");
      await (await $t(browser, "api-key-input")).setValue(TEST_KEY);
      await click(browser, "session-only");
      await (await $t(browser, "group-form")).waitForDisplayed({ timeout: 10_000 });
      await fillForm(browser, { name: "Session only", members: "+1 415 555 0123" });
      await click(browser, "create");
      await waitForText(browser, "result-name", /^Session only/);
      await click(browser, "open-key-screen");
      assert.match(await textOf(browser, "key-backend"), /memory, for this session only/);
    });
    assert.equal(keychainValue(), null, "nothing reached a keychain");
  } finally {
    await broken.stop();
  }
});

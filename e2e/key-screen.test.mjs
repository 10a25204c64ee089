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
    // The key settings open over the form, which stays where it was.
    await (await $t(browser, "key-dialog")).waitForDisplayed({ timeout: 10_000 });
    assert.ok(await (await $t(browser, "group-form")).isExisting(), "the form is still there under the key settings");
    assert.match(await textOf(browser, "key-backend"), /your computer's keyring/);
    await click(browser, "check-key");
    await waitForText(browser, "key-check", /Blooio accepted this key/);
    await shot(browser, "04-key-valid");
    await assertAccessible(browser, "the key settings, key accepted");

    // A saved key is checked at once.
    await click(browser, "replace-key");
    await (await $t(browser, "api-key-input")).setValue("bl_live_not_a_real_key_9999");
    await click(browser, "save-key");
    await waitForText(browser, "key-check", /^Key saved, but Blooio rejected it/);
    assert.equal(keychainValue(), "bl_live_not_a_real_key_9999");
    await waitForText(browser, "account-status", /rejected/);
    await assertAccessible(browser, "the key settings, key rejected");
    await click(browser, "replace-key");
    await (await $t(browser, "api-key-input")).setValue(TEST_KEY);
    await click(browser, "save-key");
    await waitForText(browser, "key-check", /^Key saved and working\.$/);
    await click(browser, "close-key-screen");
    await (await $t(browser, "key-dialog")).waitForDisplayed({ timeout: 5_000, reverse: true });
  });
});

test("removing the key asks first and then clears the keychain", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "open-key-screen");
    await click(browser, "remove-key");
    await waitForText(browser, "key-panel", /Remove the key from your computer's keyring\?/);
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
      await waitForText(browser, "error-title", /^Your computer's keyring isn't available$/);
      // Plain words first; the command that fixes it is for support, one click away.
      assert.doesNotMatch(await textOf(browser, "error-message"), /sudo|Secret Service/);
      await waitForText(browser, "key-panel", /It won't be saved/);
      assert.equal((await textOf(browser, "session-only")).trim(), "Use this key until I close the app");
      assert.equal((await textOf(browser, "save-key")).trim(), "Try saving again");
      await shot(browser, "09-keychain-unavailable");
      await assertAccessible(browser, "the keychain-unavailable screen");
      await (await $t(browser, "api-key-input")).setValue(TEST_KEY);
      await click(browser, "session-only");
      await (await $t(browser, "group-form")).waitForDisplayed({ timeout: 10_000 });
      await fillForm(browser, { name: "Session only", members: "+1 415 555 0123" });
      await click(browser, "create");
      await waitForText(browser, "result-name", /^Session only/);
      await click(browser, "open-key-screen");
      assert.match(await textOf(browser, "key-backend"), /the app's memory until you close it/);
    });
    assert.equal(keychainValue(), null, "nothing reached a keychain");
  } finally {
    await broken.stop();
  }
});

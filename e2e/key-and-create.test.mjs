// The walking skeleton in the real window: the key goes into the real keychain, a group is created against the
// sandbox, and the result, created contacts included, is what the operator reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appForThisFile, assertAccessible, closeWindow, $t, textOf, waitForText, shot, keychainValue, clearKeychain, saveKeyThroughWindow, fillForm, TEST_KEY,
} from "./harness.mjs";

const env = appForThisFile();

test("first run asks for the key and saves it in the real keychain", async () => {
  const browser = await env.open();
  try {
    const heading = await textOf(browser, "key-panel");
    assert.match(heading, /Connect your Blooio account/);
    assert.match(heading, /API keys section of your Blooio dashboard/);
    await shot(browser, "01-first-run");
    await assertAccessible(browser, "the first-run key screen");

    // An empty key is refused with advice, nothing is stored.
    await (await $t(browser, "save-key")).click();
    assert.match(await textOf(browser, "key-panel"), /Enter your API key/);
    await assertAccessible(browser, "the key screen with an empty key refused");
    assert.equal(keychainValue(), null);

    await saveKeyThroughWindow(browser);
    assert.equal(keychainValue(), TEST_KEY, "the key is in the Secret Service");
    // The window only knows a hint, never the key.
    const source = await browser.getPageSource();
    assert.ok(!source.includes(TEST_KEY), "the key is not in the page");
  } finally {
    await closeWindow(browser);
  }
});

test("a second launch reads the key from the keychain and creates a group with new contacts", async () => {
  const browser = await env.open();
  try {
    // No key screen: the key saved by the previous app process was found.
    await (await $t(browser, "group-form")).waitForDisplayed({ timeout: 10_000 });
    assert.match(await textOf(browser, "open-key-screen"), /…5e7a/);

    await fillForm(browser, { name: "Weekend crew", members: "+1 (415) 555-0132, ana@example.com; +14155550132" });
    await waitForText(browser, "member-counts", /2 will be added, 1 duplicate dropped/);
    await shot(browser, "02-form-filled");
    await assertAccessible(browser, "the filled form with its member table");

    await (await $t(browser, "create")).click();
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    await shot(browser, "03-result");
    await assertAccessible(browser, "the result with created contacts");

    assert.match(await textOf(browser, "result-name"), /^Weekend crew/);
    assert.match(await textOf(browser, "result-group-id"), /^grp_[A-Za-z0-9]+$/);
    assert.equal(await textOf(browser, "result-member-count"), "2");
    const contacts = await waitForText(browser, "created-contacts", /new contacts? w/);
    assert.match(contacts, /2 new contacts were created/);
    assert.match(contacts, /\+14155550132/);
    assert.match(contacts, /ana@example\.com/);
    const stats = await env.sandbox.stats();
    assert.equal(stats.groups, 1);
    assert.equal(stats.create_requests, 1);

    // "Create another": the second group reuses one contact, so only the new one is called out.
    await (await $t(browser, "create-another")).click();
    await fillForm(browser, { name: "Second group", members: "ana@example.com; +44 20 7946 0958" });
    await (await $t(browser, "create")).click();
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    await waitForText(browser, "created-contacts", /1 new contact was created: \+442079460958/);
  } finally {
    await closeWindow(browser);
  }
});

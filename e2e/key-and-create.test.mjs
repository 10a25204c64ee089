// The walking skeleton in the real window: the key goes into the real keychain, a group is created against the
// sandbox, and the result, created contacts included, is what the operator reads.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appForThisFile, assertAccessible, closeWindow, $t, textOf, waitForText, shot, keychainValue, clearKeychain, saveKeyThroughWindow, fillForm, TEST_KEY,
} from "./harness.mjs";

const env = appForThisFile();

/** The result's people, one line each, as read: the number or email, then its tag if any. */
async function memberLines(browser) {
  const lines = [];
  for (const li of await browser.$$('[data-testid="result-member"]')) lines.push((await li.getText()).replace(/\s+/g, " ").trim());
  return lines;
}

test("first run asks for the key and saves it in the real keychain", async () => {
  const browser = await env.open();
  try {
    const heading = await textOf(browser, "key-panel");
    assert.match(heading, /Connect your Blooio account/);
    assert.match(heading, /sign in to Blooio at https:\/\/blooio\.com/);
    assert.match(heading, /Open API keys in the dashboard/);
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
    // Checked with Blooio at once: the sidebar says the account is connected.
    await waitForText(browser, "account-status", /^Connected · key\s…5e7a$/);

    await fillForm(browser, { name: "Weekend crew", members: "+1 (415) 555-0132, ana@example.com; +14155550132" });
    await waitForText(browser, "member-counts", /2 will be added, 1 duplicate skipped/);
    await shot(browser, "02-form-filled");
    await assertAccessible(browser, "the filled form with its member table");

    await (await $t(browser, "create")).click();
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    await shot(browser, "03-result");
    await assertAccessible(browser, "the result with created contacts");

    assert.equal(await textOf(browser, "result-heading"), "✓ “Weekend crew” is ready, with 2 people.");
    assert.match(await textOf(browser, "result-next"), /^Nobody has been messaged yet: the iMessage group appears on their phones/);
    assert.match(await textOf(browser, "result-group-id"), /^grp_[A-Za-z0-9]+$/);
    assert.deepEqual(await memberLines(browser), ["+1 415-555-0132 New contact", "ana@example.com New contact"]);
    // To the minute: "… at 14:05" or "… 2:05 PM", never seconds.
    assert.doesNotMatch(await textOf(browser, "result-created-at"), /\d:\d\d:\d\d/);
    const stats = await env.sandbox.stats();
    assert.equal(stats.groups, 1);
    assert.equal(stats.create_requests, 1);

    // "Create another": the second group reuses one contact, so only the new one is called out.
    await (await $t(browser, "create-another")).click();
    await fillForm(browser, { name: "Second group", members: "ana@example.com; +44 20 7946 0958" });
    await (await $t(browser, "create")).click();
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    assert.deepEqual(await memberLines(browser), ["ana@example.com", "+44 2079460958 New contact"]);
  } finally {
    await closeWindow(browser);
  }
});

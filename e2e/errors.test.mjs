// Every class of error the create can meet, in the real window: the sentence the operator reads, the technical
// detail one click away, the form keeping its content, and how many groups exist afterwards.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appForThisFile, assertAccessible, $t, click, ready, shot, textOf, valueOf, waitForText, withWindow, fillForm, clearKeychain,
} from "./harness.mjs";

const env = appForThisFile({ extraEnv: { BLOOIO_TIMEOUT_SECS: "2" } });

const NAME = "Fault drill";
const MEMBERS = "+1 212 555 0148, dana@example.com";

async function expectError(browser, pattern) {
  const text = await waitForText(browser, "error-message", pattern);
  await assertAccessible(browser, `the error ${pattern}`);
  // The form still holds what the operator typed.
  assert.equal(await valueOf(browser, "name-input"), NAME);
  assert.equal(await valueOf(browser, "members-input"), MEMBERS);
  return text;
}

async function technicalDetails(browser) {
  const details = await $t(browser, "error-details");
  await details.$("summary=Details for support").click();
  await assertAccessible(browser, "an error with its technical details open");
  return details.getText();
}

const statusCases = [
  { status: 400, text: /Blooio did not accept the group/ },
  { status: 402, text: /trial limit has been reached/ },
  { status: 403, text: /not allowed to create groups/ },
  { status: 404, text: /could not find/ },
  { status: 500, text: /Blooio had a problem on its side/ },
  { status: 502, text: /could not talk to your iPhone or Mac/ },
  { status: 503, text: /No iPhone or Mac is connected to your Blooio account/ },
];

test("server statuses become plain sentences with the detail one click away", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: NAME, members: MEMBERS });
    for (const { status, text } of statusCases) {
      await env.sandbox.inject({ kind: "status", status });
      await click(browser, "create");
      await expectError(browser, text);
      const detail = await technicalDetails(browser);
      assert.match(detail, new RegExp(`HTTP status\\s*${status}`), `status ${status} in the details`);
      if (status === 503) await shot(browser, "05-error-no-device");
    }
    const stats = await env.sandbox.stats();
    assert.equal(stats.groups, 0, "no fault above stores a group");
    assert.equal(stats.create_requests, statusCases.length, "one request per click, none retried");
  });
});

test("a rate limit says how long to wait and counts down to Try again", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: NAME, members: MEMBERS });
    await env.sandbox.inject({ kind: "rate_limited", retry_after_secs: 4 });
    await click(browser, "create");
    await expectError(browser, /Wait 4 seconds, then try again/);
    assert.equal(await textOf(browser, "error-title"), "Blooio asks you to slow down");
    assert.match(await textOf(browser, "error-reassurance"), /^Nothing was created\./);
    const retry = await $t(browser, "action-try-again");
    assert.match(await retry.getText(), /^Try again in [1-4] s$/);
    assert.equal(await retry.isEnabled(), false, "no retry before the wait is over");
    await shot(browser, "13-rate-limited");
    await assertAccessible(browser, "a rate limit counting down");
    await browser.waitUntil(() => retry.isEnabled(), { timeout: 8_000, timeoutMsg: "Try again never became usable" });
    assert.equal(await retry.getText(), "Try again");
    await retry.click();
    await waitForText(browser, "result-name", new RegExp(`^${NAME}$`));
  });
  assert.equal((await env.sandbox.stats()).groups, 1, "one group after the wait");
});

test("after a failure that created nothing, Try again in the notice sends once more", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: NAME, members: MEMBERS });
    await env.sandbox.inject({ kind: "status", status: 503 });
    await click(browser, "create");
    await waitForText(browser, "error-title", /^No iPhone or Mac is connected$/);
    assert.equal(await textOf(browser, "error-reassurance"), "Nothing was created. It's safe to try again.");
    await click(browser, "action-try-again");
    await waitForText(browser, "result-name", new RegExp(`^${NAME}$`));
  });
  const stats = await env.sandbox.stats();
  assert.equal(stats.groups, 1);
  assert.equal(stats.create_requests, 2);
});

test("a reply that is not JSON is explained and its body kept in the details", async () => {
  // Groups made by earlier tests have this name and these members: the lookup after the lost answer would find them.
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: NAME, members: MEMBERS });
    await env.sandbox.inject({ kind: "non_json" });
    await click(browser, "create");
    await expectError(browser, /./);
    assert.match(await technicalDetails(browser), /Bad Gateway/);
  });
});

test("both kinds of conflict are explained with what to do next", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    // Same participants twice without a chat GUID.
    await fillForm(browser, { name: "Conflict A", members: "+1 646 555 0199" });
    await click(browser, "create");
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    await click(browser, "create-another");
    await fillForm(browser, { name: "Conflict B", members: "+1 646 555 0199" });
    await click(browser, "create");
    await waitForText(browser, "error-message", /A group with exactly these members already exists/);
    assert.equal(await textOf(browser, "error-title"), "A group with these people already exists");
    assert.equal(await textOf(browser, "error-reassurance"), "Nothing new was created.");
    // No Try again: sending the same people again would meet the same answer.
    assert.equal(await (await $t(browser, "action-try-again")).isExisting(), false);
    assert.equal(await textOf(browser, "action-open-existing"), "Open the existing group");
    await assertAccessible(browser, "the conflict of a group with the same members");
    await shot(browser, "06-error-conflict");

    // The same chat GUID twice.
    await (await $t(browser, "members-input")).clearValue();
    await fillForm(browser, { mode: "link", guid: "iMessage;+;chat424242", members: "+1 646 555 0100" });
    await click(browser, "create");
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    await click(browser, "create-another");
    await fillForm(browser, { mode: "link", name: "Conflict C", guid: "iMessage;+;chat424242" });
    await click(browser, "create");
    await waitForText(browser, "error-message", /already linked to a Blooio group/);
    assert.equal(await textOf(browser, "action-open-existing"), "Open the existing group");
    await assertAccessible(browser, "the conflict of a chat already linked");
  });
  assert.equal((await env.sandbox.stats()).groups, 2);
});

test("a rejected key: Update API key, then back to the same group", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "open-key-screen");
    await click(browser, "replace-key");
    await (await $t(browser, "api-key-input")).setValue("bl_live_revoked_key_0000");
    await click(browser, "save-key");
    await waitForText(browser, "key-check", /rejected/);
    await click(browser, "close-key-screen");
    await fillForm(browser, { name: NAME, members: MEMBERS });
    await click(browser, "create");
    await waitForText(browser, "error-title", /^Blooio rejected the API key$/);
    await expectError(browser, /API keys section of your Blooio dashboard/);
    await click(browser, "action-update-key");
    await (await $t(browser, "key-dialog")).waitForDisplayed({ timeout: 10_000 });
    await click(browser, "replace-key");
    await (await $t(browser, "api-key-input")).setValue("bl_live_e2e_test_key_5e7a");
    await click(browser, "save-key");
    await waitForText(browser, "key-updated", /^Key updated\. Your group is still here\.$/);
    await waitForText(browser, "key-feedback-check", /^Key saved and working\.$/);
    assert.equal(await (await $t(browser, "key-dialog")).isDisplayed(), false, "the key settings closed");
    assert.equal(await valueOf(browser, "name-input"), NAME);
    assert.equal(await valueOf(browser, "members-input"), MEMBERS);
    await shot(browser, "19-key-updated");
    await assertAccessible(browser, "the form after the key was updated");
    await click(browser, "create");
    await waitForText(browser, "result-name", new RegExp(`^${NAME}$`));
  });
});

test("a timeout says the outcome is unknown instead of guessing", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: NAME, members: MEMBERS });
    await env.sandbox.inject({ kind: "delay", delay_ms: 4000 });
    await click(browser, "create");
    await expectError(browser, /did not answer in time, and it has no such group yet/);
    assert.equal(await textOf(browser, "error-title"), "Blooio may still be creating the group");
    assert.match(await textOf(browser, "error-reassurance"), /checks with Blooio first and won't make a second group/);
    assert.equal(await textOf(browser, "action-try-again"), "Check again");
    await shot(browser, "14-outcome-unknown");
  });
});

// The form as an operator uses it: the two modes, live validation, the keyboard alone, and a double click.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appForThisFile, assertAccessible, $t, click, paste, ready, shot, textOf, valueOf, waitForText, withWindow, fillForm, clearKeychain,
} from "./harness.mjs";

const env = appForThisFile();

// One key action per character: WebKitWebDriver merges repeated characters sent in one action ("555" → "5").
async function typeKeys(browser, text) {
  for (const ch of text) await browser.keys(ch);
}

test("link mode explains the chat GUID, warns on an unfamiliar shape, and links the chat", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    assert.equal(await (await $t(browser, "guid-input")).isExisting(), false, "no GUID field in new-group mode");
    await fillForm(browser, { mode: "link", name: "Linked crew", guid: "Beeper;+;chat99" });
    assert.match(await textOf(browser, "link-members-note"), /members are only a record/);
    await waitForText(browser, "guid-warning", /Beeper/);
    await shot(browser, "07-link-mode");
    await assertAccessible(browser, "link mode with a GUID warning");
    await (await $t(browser, "guid-input")).clearValue();
    await (await $t(browser, "guid-input")).setValue("iMessage;+;chat123456789");
    await fillForm(browser, { members: "+44 20 7946 0958" });
    await click(browser, "create");
    await waitForText(browser, "result-chat-guid", /^iMessage;\+;chat123456789$/);
    // The linked chat's photo (the sandbox gives group chats one) is shown as a picture, not as its address.
    const photo = await $t(browser, "result-photo");
    await photo.waitForDisplayed({ timeout: 10_000 });
    const drawn = await browser.execute(() => {
      const img = document.querySelector('[data-testid="result-photo"]');
      return img instanceof HTMLImageElement && img.complete ? [img.naturalWidth, img.naturalHeight, img.alt] : null;
    });
    assert.deepEqual(drawn, [96, 96, "Photo of Linked crew"]);
    assert.equal(await textOf(browser, "result-heading"), "✓ “Linked crew” is linked to your iMessage chat, with 1 person.");
    await shot(browser, "07b-linked-with-photo");
    await assertAccessible(browser, "the result of a linked chat with its photo");
  });
});

test("the name counter counts characters, and invalid members are shown with the reason", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    // Pasted: WebDriver cannot type characters outside the Basic Multilingual Plane such as emoji.
    await paste(browser, "name-input", "Café 👋 群");
    await waitForText(browser, "name-counter", /^8\/255$/);
    await fillForm(browser, { members: "+1 212 555 0148, not a number, bob@@example" });
    await waitForText(browser, "member-counts", /1 will be added, 2 to fix/);
    const rows = await browser.$$('[data-testid="member-row"]');
    assert.equal(rows.length, 3);
    // Problem rows first.
    assert.match(await rows[0].getText(), /Can't be used/);
    assert.match(await rows[1].getText(), /Can't be used/);
    assert.match(await rows[2].getText(), /OK/);
    await assertAccessible(browser, "the member table with invalid entries");
    await click(browser, "create");
    const summary = await $t(browser, "error-summary");
    await summary.waitForDisplayed({ timeout: 10_000 });
    // The summary takes focus so a screen reader announces it.
    const focused = await browser.execute(() => document.activeElement?.getAttribute("data-testid"));
    assert.equal(focused, "error-summary");
    await shot(browser, "08-invalid-members");
    await assertAccessible(browser, "the error summary after a refused submit");
    assert.equal((await env.sandbox.stats()).create_requests, 0, "nothing was sent");
  });
});

test("a long pasted list shows every problem, the first 25 fine entries and a count of the rest", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    const list = Array.from({ length: 40 }, (_, i) => `+1 212 555 ${String(1000 + i)}`);
    list.splice(30, 0, "not a number");
    await paste(browser, "members-input", list.join("\n"));
    await waitForText(browser, "member-counts", /40 will be added, 1 to fix/);
    const rows = await browser.$$('[data-testid="member-row"]');
    assert.equal(rows.length, 26, "25 fine entries and the one problem");
    // One WebDriver request at a time: WebKitWebDriver does not take concurrent ones.
    const cells = async (row) => {
      const texts = [];
      for (const td of await row.$$("td")) texts.push(await td.getText());
      return texts;
    };
    // The problem first, referred to by its line; then the fine ones in list order.
    const [line, input, sentAs, status] = await cells(rows[0]);
    assert.deepEqual([line, input, sentAs], ["31", "not a number", "—"]);
    assert.match(status, /^Can't be used: /);
    assert.deepEqual(await cells(rows[1]), ["1", "+1 212 555 1000", "+12125551000", "OK"]);
    assert.deepEqual(await cells(rows[25]), ["25", "+1 212 555 1024", "+12125551024", "OK"]);
    assert.equal((await textOf(browser, "member-more")).trim(), "…and 15 more that are fine.");
    // However far the list scrolls, the counts and the button stay on screen.
    await waitForText(browser, "action-counts", /^40 will be added · 0 duplicates skipped · 0 to check · 1 to fix$/);
    await browser.execute(() => document.querySelector('[data-testid="member-more"]').scrollIntoView());
    assert.ok(await (await $t(browser, "create")).isDisplayed({ withinViewport: true }), "Create group in view at the end of the list");
    await browser.execute(() => document.querySelector('[data-testid="name-input"]').scrollIntoView());
    assert.ok(await (await $t(browser, "create")).isDisplayed({ withinViewport: true }), "Create group in view at the top of the form");
    await shot(browser, "15-long-list");
  });
});

test("a pasted list is cleaned up: the entries that can't be used and the duplicates go, each with an Undo", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    const pasted = "+1 212 555 0148\nnot a number\n(212) 555-0148\nbob@example.com";
    await paste(browser, "members-input", pasted);
    await waitForText(browser, "action-counts", /^2 will be added · 1 duplicate skipped · 0 to check · 1 to fix$/);
    const cells = async (row) => {
      const texts = [];
      for (const td of await row.$$("td")) texts.push(await td.getText());
      return texts;
    };
    let rows = await browser.$$('[data-testid="member-row"]');
    assert.equal(rows.length, 4);
    assert.deepEqual(await cells(rows[0]), ["2", "not a number", "—", "Can't be used: Not a phone number or an email address."]);
    assert.deepEqual(await cells(rows[1]), ["3", "(212) 555-0148", "+12125550148", "Skipped: already on line 1 (“+1 212 555 0148”)."]);
    assert.deepEqual((await cells(rows[2]))[0], "1");
    // The table keeps its column widths whatever is in it, and never scrolls sideways.
    const layout = await browser.execute(() => {
      const scroll = document.querySelector('[data-testid="member-scroll"]');
      const table = scroll.querySelector("table");
      return { fixed: getComputedStyle(table).tableLayout, sideways: scroll.scrollWidth > scroll.clientWidth };
    });
    assert.deepEqual(layout, { fixed: "fixed", sideways: false });
    await assertAccessible(browser, "the member table with an invalid entry and a duplicate");
    await browser.execute(() => document.querySelector('[data-testid="member-preview"]').scrollIntoView({ block: "start" }));
    await browser.execute(() => { document.documentElement.dataset.theme = "dark"; });
    await assertAccessible(browser, "the member table with an invalid entry and a duplicate, dark theme");
    await shot(browser, "16-member-cleanup-dark");
    await browser.execute(() => { document.documentElement.dataset.theme = "light"; });
    await shot(browser, "16-member-cleanup");

    await click(browser, "remove-invalid");
    await waitForText(browser, "action-counts", /^2 will be added · 1 duplicate skipped · 0 to check · 0 to fix$/);
    assert.equal(await valueOf(browser, "members-input"), "+1 212 555 0148\n(212) 555-0148\nbob@example.com");
    await waitForText(browser, "member-undo", /Removed 1 entry that couldn't be used\./);
    await shot(browser, "16b-member-cleanup-undo");
    assert.equal(await (await $t(browser, "remove-invalid")).isExisting(), false, "nothing left to remove");
    await assertAccessible(browser, "the member table after removing the entries that can't be used");
    await click(browser, "member-undo-button");
    await waitForText(browser, "action-counts", /^2 will be added · 1 duplicate skipped · 0 to check · 1 to fix$/);
    assert.equal(await valueOf(browser, "members-input"), pasted, "Undo gives back the exact text");

    await click(browser, "remove-duplicates");
    await waitForText(browser, "action-counts", /^2 will be added · 0 duplicates skipped · 0 to check · 1 to fix$/);
    assert.equal(await valueOf(browser, "members-input"), "+1 212 555 0148\nnot a number\nbob@example.com");
    await waitForText(browser, "member-undo", /Removed 1 duplicate\./);
    await click(browser, "member-undo-button");
    await waitForText(browser, "action-counts", /^2 will be added · 1 duplicate skipped · 0 to check · 1 to fix$/);
    assert.equal(await valueOf(browser, "members-input"), pasted);
    rows = await browser.$$('[data-testid="member-row"]');
    assert.equal(rows.length, 4);
  });
});

test("the country for national numbers can be changed and survives Create another", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await (await $t(browser, "region")).selectByAttribute("value", "GB");
    await fillForm(browser, { name: "London", members: "020 7946 0958" });
    await waitForText(browser, "member-preview", /\+442079460958/);
    await click(browser, "create");
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    await click(browser, "create-another");
    assert.equal(await valueOf(browser, "name-input"), "");
    assert.equal(await valueOf(browser, "region"), "GB");
  });
});

test("a new group with nobody in it is created only after the operator confirms", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: "Nobody yet" });
    await click(browser, "create");
    await waitForText(browser, "empty-confirm-title", /^Create a group with nobody in it\?$/);
    await assertAccessible(browser, "the question before creating an empty group");
    await click(browser, "empty-confirm-cancel");
    assert.equal((await env.sandbox.stats()).create_requests, 0, "nothing sent after Add members first");
    await click(browser, "create");
    await click(browser, "empty-confirm-confirm");
    await waitForText(browser, "result-heading", /“Nobody yet” is ready, with 0 people/);
  });
  assert.equal((await env.sandbox.stats()).groups, 1);
});

test("the request in Blooio's documentation is sent, its numbers flagged to check, not refused", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    // Pasted: a "\n" sent as keys by WebKitWebDriver never reaches the textarea ("+15551234567+15559876543").
    await fillForm(browser, { name: "Sales Team" });
    await paste(browser, "members-input", "+15551234567\n+15559876543");
    await waitForText(browser, "action-counts", /^2 will be added · 0 duplicates skipped · 2 to check · 0 to fix$/);
    const rows = await browser.$$('[data-testid="member-row"]');
    assert.equal(rows.length, 2);
    assert.match(await rows[0].getText(), /not a number range known in the United States: check it before sending/);
    await assertAccessible(browser, "members to check");
    await click(browser, "create");
    await waitForText(browser, "result-heading", /“Sales Team” is ready, with 2 people/);
  });
  const stats = await env.sandbox.stats();
  assert.equal(stats.groups, 1);
});

test("a double click sends exactly one request", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: "Double", members: "+1 305 555 0111" });
    await waitForText(browser, "member-counts", /1 will be added/);
    await env.sandbox.inject({ kind: "delay", delay_ms: 500 });
    await browser.execute(() => {
      const button = document.querySelector('[data-testid="create"]');
      button.click();
      button.click();
    });
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
  });
  const stats = await env.sandbox.stats();
  assert.equal(stats.create_requests, 1);
  assert.equal(stats.groups, 1);
});

test("a group can be created with the keyboard alone", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    // From the form's heading, Tab reaches the name first.
    await (await browser.$("#form-heading")).click();
    await browser.keys(["Tab"]);
    const focused = await browser.execute(() => document.activeElement?.id);
    assert.equal(focused, "group-name");
    await typeKeys(browser, "Keyboard crew");
    await browser.keys(["Tab"]); // the link to link mode
    await browser.keys(["Tab"]); // members
    await typeKeys(browser, "(415) 555-0177");
    const typed = await valueOf(browser, "members-input");
    assert.equal(typed, "(415) 555-0177", "the keyboard typed the number");
    await waitForText(browser, "member-counts", /1 will be added/);
    await browser.keys(["Control", "Enter"]);
    await waitForText(browser, "result-name", /^Keyboard crew/);
  });
  assert.equal((await env.sandbox.stats()).groups, 1);
});

// The Groups screen: 10,000 groups listed with only the rows in view drawn, searched as the operator types, one
// opened with its fields and members, renamed (the name rules of the form, what happened on the phones), and
// deleted after a confirmation that says what happens.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  answerFileDialog, appForThisFile, assertAccessible, $t, cancelFileDialog, click, fillForm, ready, shot, textOf,
  waitForText, withWindow, TEST_KEY,
} from "./harness.mjs";

const env = appForThisFile();

/** Blooio's API as the tests' own client (not through the window): make or delete a group behind its back. */
async function api(method, route, body) {
  const res = await fetch(`${env.sandbox.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${TEST_KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${route}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** The names of the rows drawn now, read in one go (the list redraws as pages arrive). */
const rowNames = (browser) =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="group-row-name"]')].map((el) => el.textContent.trim()));

/** Waits until the rows drawn are the search's: every name contains `text`. */
async function searched(browser, text) {
  await (await $t(browser, "groups-search")).setValue(text);
  await waitForText(browser, "groups-count", new RegExp(`match “${text}”\\.$`));
  let names = [];
  await browser.waitUntil(async () => {
    names = await rowNames(browser);
    return names.length > 0 && names.every((n) => n.includes(text));
  }, { timeout: 10_000, timeoutMsg: `rows after searching “${text}”: ${JSON.stringify(names)}` });
  return names;
}

test("10,000 groups: only what is in view is drawn, and a search finds one", async () => {
  await env.sandbox.seed(10_000);
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "nav-groups");
    await waitForText(browser, "groups-count", /^10[,.\u00a0 ]?000 groups\.$/, 15_000);
    const drawn = (await browser.$$('[data-testid="group-row"]')).length;
    assert.ok(drawn > 5 && drawn < 40, `rows drawn: ${drawn}`);
    await shot(browser, "22-groups");
    await assertAccessible(browser, "Groups in the light theme");

    // The end of the list loads its own page.
    await browser.execute(() => {
      const list = document.querySelector('[data-testid="groups-list"]');
      list.scrollTop = list.scrollHeight;
      list.dispatchEvent(new Event("scroll"));
    });
    await browser.waitUntil(async () => {
      const names = await rowNames(browser);
      return names.length > 0 && !(await (await browser.$$('[data-testid="group-row"]'))[0].getText()).includes("Loading");
    }, { timeout: 10_000, timeoutMsg: "the last rows never loaded" });
    assert.equal(await (await (await browser.$$('[data-testid="group-row"]')).at(-1)).getAttribute("aria-posinset"), "10000");

    await searched(browser, "Golden Choir 23");

    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "dark");
    await click(browser, "nav-groups");
    await waitForText(browser, "groups-count", /^10[,.\u00a0 ]?000 groups\.$/, 15_000);
    await assertAccessible(browser, "Groups in the dark theme");
    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "system");
  });
});

test("a group opens, is renamed and deleted after a confirmation", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "nav-groups");
    const [first] = await searched(browser, "Golden Choir 23");
    await (await browser.$('[data-testid="group-open"]')).click();
    await waitForText(browser, "group-name", new RegExp(`^${first}$`));
    assert.match(await textOf(browser, "group-id"), /^grp_/);
    assert.equal(await textOf(browser, "group-members-note"), "Adding or removing members isn't available at Blooio yet.");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="group-member"]')).length === 2, { timeout: 10_000 });
    await assertAccessible(browser, "a group");

    // The form's name rules: too long is refused by the field, and the input stays.
    const long = "x".repeat(256);
    await (await $t(browser, "rename-input")).setValue(long);
    await click(browser, "rename-submit");
    await waitForText(browser, "rename-field-error", /^Shorten the group name to 255 characters or fewer/);
    assert.equal(await (await $t(browser, "rename-input")).getValue(), long);

    await (await $t(browser, "rename-input")).setValue("Choir, renamed");
    await click(browser, "rename-submit");
    await waitForText(browser, "rename-done", /^Renamed to “Choir, renamed”\. /);
    assert.equal(await textOf(browser, "group-name"), "Choir, renamed");

    await click(browser, "delete-open");
    await (await $t(browser, "delete-confirm")).waitForDisplayed({ timeout: 5_000 });
    const what = await textOf(browser, "delete-what");
    assert.match(what, /^The group is removed from your Blooio account\./);
    await assertAccessible(browser, "the delete confirmation");
    await click(browser, "delete-confirm-cancel");
    assert.equal(await textOf(browser, "group-name"), "Choir, renamed");

    await click(browser, "delete-open");
    if (await (await $t(browser, "delete-type-name")).isExisting()) {
      assert.match(what, /Blooio's number also leaves the iMessage chat/);
      assert.equal(await (await $t(browser, "delete-confirm-confirm")).isEnabled(), false);
      await (await $t(browser, "delete-type-name")).setValue("Choir, renamed");
    }
    await click(browser, "delete-confirm-confirm");
    await waitForText(browser, "groups-notice", /^“Choir, renamed” was deleted\.$/);
    await (await $t(browser, "groups-search")).setValue("Choir, renamed");
    await waitForText(browser, "groups-count", /^No groups match “Choir, renamed”\.$/);
  });
});

// A 1×1 PNG: a real image, so the photo shown afterwards is drawn.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

/** Opens the group named `name` from the Groups screen's search. */
async function openGroup(browser, name) {
  await click(browser, "nav-groups");
  await searched(browser, name);
  await (await browser.$('[data-testid="group-open"]')).click();
  await waitForText(browser, "group-name", new RegExp(`^${name}$`));
}

test("a linked group's photo is chosen in the native file dialog, and removed after asking", async () => {
  await api("POST", "/groups", { name: "Photo club", chat_guid: "iMessage;+;chatphotoe2e" });
  await api("POST", "/groups", { name: "Plain club", members: ["+14155550177"] });
  const folder = mkdtempSync(path.join(os.tmpdir(), "blooio-photo-e2e-"));
  const photo = path.join(folder, "team.png");
  writeFileSync(photo, PNG);
  const notPhoto = path.join(folder, "notes.png");
  writeFileSync(notPhoto, "these are notes, not a picture");
  await withWindow(env, async (browser) => {
    await ready(browser);
    // Unlinked: one line saying why, no buttons.
    await openGroup(browser, "Plain club");
    assert.equal(
      await textOf(browser, "photo-unlinked"),
      "Only a group linked to an iMessage chat can have a photo, and this one isn't linked yet.",
    );
    assert.equal(await (await $t(browser, "photo-choose")).isExisting(), false);
    await click(browser, "group-back");

    // The sandbox gives a linked chat a stock photo, as a chat on the phones has one.
    await openGroup(browser, "Photo club");
    await (await $t(browser, "group-photo")).waitForDisplayed({ timeout: 10_000 });
    const stock = await (await $t(browser, "group-photo")).getAttribute("src");
    await assertAccessible(browser, "a linked group's photo");

    // Closing the dialog without choosing changes nothing.
    await click(browser, "photo-choose");
    await cancelFileDialog("Choose a photo for the group");
    await browser.waitUntil(async () => (await (await $t(browser, "photo-choose")).isEnabled()), { timeout: 10_000 });
    assert.equal(await (await $t(browser, "photo-done")).isExisting(), false);
    assert.equal(await (await $t(browser, "error")).isExisting(), false);

    // Not an image: refused before upload, with how to fix it.
    await click(browser, "photo-choose");
    await answerFileDialog("Choose a photo for the group", notPhoto);
    await waitForText(browser, "error-message", /^Choose a JPEG, PNG, GIF, WebP, HEIC or HEIF image: this file isn't one/);
    assert.equal(await textOf(browser, "error-title"), "The photo wasn't sent");

    await click(browser, "photo-choose");
    await answerFileDialog("Choose a photo for the group", photo);
    await waitForText(browser, "photo-done", /^The new photo is set\. Updated on the phones too\.$/);
    await browser.waitUntil(async () => (await (await $t(browser, "group-photo")).getAttribute("src")) !== stock, {
      timeout: 10_000,
      timeoutMsg: "the new photo was never shown",
    });
    assert.equal(await (await $t(browser, "group-photo")).getAttribute("alt"), "Photo of Photo club");
    await shot(browser, "23-group-photo");
    await assertAccessible(browser, "a group with its new photo");

    // Removing asks first, from the keyboard too; the focused choice is to keep it.
    await browser.execute(() => document.querySelector('[data-testid="photo-remove"]').focus());
    await browser.keys("Enter");
    await (await $t(browser, "photo-remove-confirm")).waitForDisplayed({ timeout: 5_000 });
    await assertAccessible(browser, "the photo removal confirmation");
    assert.equal(await browser.execute(() => document.activeElement?.dataset.testid), "photo-remove-confirm-cancel");
    await browser.keys("Enter");
    await browser.waitUntil(async () => !(await (await $t(browser, "photo-remove-confirm")).isDisplayed()), { timeout: 5_000 });
    assert.ok(await (await $t(browser, "group-photo")).isDisplayed());
    await click(browser, "photo-remove");
    await click(browser, "photo-remove-confirm-confirm");
    await waitForText(browser, "photo-done", /^The photo was removed\. Updated on the phones too\.$/);
    await waitForText(browser, "group-photo-none", /^No photo\.$/);

    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "dark");
    await openGroup(browser, "Photo club");
    await waitForText(browser, "group-photo-none", /^No photo\.$/);
    await assertAccessible(browser, "a group's photo section in the dark theme");
    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "system");
  });
});

test("after a 409 the form opens the existing group, and keeps its input", async () => {
  // Three people: the 10,000 seeded groups have two each.
  const people = "+14155550181, +14155550182, dup@example.com";
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "nav-create");
    await fillForm(browser, { name: "Dup original", members: people, mode: "new" });
    await click(browser, "create");
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    await click(browser, "create-another");

    await fillForm(browser, { name: "Dup again", members: people, mode: "new" });
    await click(browser, "create");
    await waitForText(browser, "error-title", /^A group with these people already exists$/);
    await assertAccessible(browser, "a conflict with its action");
    await click(browser, "action-open-existing");
    await waitForText(browser, "group-name", /^Dup original$/, 20_000);
    const id = await textOf(browser, "group-id");

    // Back on the form: what was typed is still there.
    await click(browser, "nav-create");
    assert.equal(await (await $t(browser, "name-input")).getValue(), "Dup again");

    // Deleted behind the app's back after the 409: said plainly.
    await click(browser, "create");
    await waitForText(browser, "error-title", /^A group with these people already exists$/);
    await api("DELETE", `/groups/${id}`);
    await click(browser, "action-open-existing");
    await waitForText(browser, "existing-not-found", /^Blooio says such a group exists, but it wasn't found among your groups\./, 20_000);
    assert.equal(await (await $t(browser, "name-input")).getValue(), "Dup again");
  });
});

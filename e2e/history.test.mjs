// The history of created groups: what the form created is listed (newest first, members with their "New contact"
// tags, ids to copy), survives a restart of the app, is searched as the operator types, is kept apart from practice
// mode, and is forgotten only after a confirmation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  answerFileDialog, appForThisFile, assertAccessible, $t, cancelFileDialog, click, fillForm, ready, shot, textOf,
  waitForText, withWindow,
} from "./harness.mjs";

// A history of its own: the other files' creates go to the shared data folder's history, not this one.
const env = appForThisFile({ extraEnv: { BLOOIO_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "blooio-history-e2e-")) } });

async function create(browser, name, members) {
  await click(browser, "nav-create");
  await fillForm(browser, { name, members, mode: "new" });
  await click(browser, "create");
  await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
  await click(browser, "create-another");
}

async function names(browser) {
  const out = [];
  for (const el of await browser.$$('[data-testid="history-name"]')) out.push(await el.getText());
  return out;
}

async function openHistory(browser) {
  await click(browser, "nav-history");
  await (await $t(browser, "history")).waitForDisplayed({ timeout: 5_000 });
  await waitForText(browser, "history-count", /groups?|No groups/);
}

test("what the form created is in the history, also after a restart", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await create(browser, "Book club", "+1 (415) 555-0132, bea@example.com");
    await create(browser, "Night shift", "+1 (415) 555-0199");
    await openHistory(browser);
    assert.deepEqual(await names(browser), ["Night shift", "Book club"]);
  });
  await withWindow(env, async (browser) => {
    await ready(browser);
    await openHistory(browser);
    assert.equal(await textOf(browser, "history-count"), "2 groups, newest first.");
    assert.deepEqual(await names(browser), ["Night shift", "Book club"]);
    const first = (await browser.$$('[data-testid="history-item"]'))[1];
    assert.equal(await first.getAttribute("data-source"), "form");
    const members = [];
    for (const li of await first.$$('[data-testid="history-member"]')) members.push((await li.getText()).replace(/\s+/g, " ").trim());
    assert.deepEqual(members, ["+1 415-555-0132 New contact", "bea@example.com New contact"]);
    assert.match(await (await first.$('[data-testid="history-group-id"]')).getText(), /^grp_[A-Za-z0-9]+$/);
    assert.doesNotMatch(await (await first.$('[data-testid="history-when"]')).getText(), /\d:\d\d:\d\d/);
    await shot(browser, "21-history");
    await assertAccessible(browser, "History in the light theme");

    // Search as you type: a part of a member's address finds its group.
    await (await $t(browser, "history-search")).setValue("BEA@");
    await waitForText(browser, "history-count", /^1 group match “BEA@”/);
    assert.deepEqual(await names(browser), ["Book club"]);
    // A number written as people write it finds the member stored as +14155550199.
    await (await $t(browser, "history-search")).setValue("(415) 555-0199");
    await waitForText(browser, "history-count", /^1 group match “\(415\) 555-0199”/);
    assert.deepEqual(await names(browser), ["Night shift"]);
    await (await $t(browser, "history-search")).setValue("nobody");
    await waitForText(browser, "history-count", /^No groups match “nobody”\.$/);
    await (await $t(browser, "history-search")).clearValue();
    await (await $t(browser, "history-search")).setValue(" ");
    await waitForText(browser, "history-count", /^2 groups, newest first\.$/);

    // Dark.
    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "dark");
    await openHistory(browser);
    await assertAccessible(browser, "History in the dark theme");
    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "system");
  });
});

test("the history is exported as CSV where the save dialog says, Downloads by default", async () => {
  // The desktop's own setting for where downloads go, in the test's private config folder.
  const downloads = path.join(process.env.XDG_DATA_HOME, "..", "downloads");
  mkdirSync(downloads, { recursive: true });
  mkdirSync(process.env.XDG_CONFIG_HOME, { recursive: true });
  writeFileSync(path.join(process.env.XDG_CONFIG_HOME, "user-dirs.dirs"), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  const title = "Export the history as CSV";
  await withWindow(env, async (browser) => {
    await ready(browser);
    await openHistory(browser);

    // Cancelled: nothing written, nothing said.
    await click(browser, "history-export");
    await cancelFileDialog(title);
    await browser.waitUntil(async () => (await (await $t(browser, "history-export")).isEnabled()), { timeout: 10_000 });
    assert.equal(await (await $t(browser, "history-exported")).isExisting(), false);
    assert.deepEqual(readdirSync(downloads), []);

    // The name and folder offered, as they are.
    await click(browser, "history-export");
    await answerFileDialog(title, null, { save: true });
    const said = await waitForText(browser, "history-exported", /^2 groups were saved to /);
    const file = said.replace(/^2 groups were saved to /, "").replace(/\.$/, "");
    assert.equal(path.dirname(file), path.resolve(downloads));
    assert.match(path.basename(file), /^blooio-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(file, "utf8").split(/\r?\n/).filter(Boolean);
    assert.equal(csv.length, 3, csv.join("\n"));
    assert.match(csv[1], /Night shift/);
    assert.match(csv[2], /Book club/);
    assert.ok(!readFileSync(file, "utf8").includes("bl_live_e2e_test_key"), "never the key");
    assert.deepEqual(readdirSync(downloads), [path.basename(file)], "no temporary file left behind");

    // Somewhere else, typed in the dialog.
    const elsewhere = path.join(mkdtempSync(path.join(os.tmpdir(), "blooio-export-e2e-")), "for the board.csv");
    await click(browser, "history-export");
    await answerFileDialog(title, elsewhere, { save: true });
    await waitForText(browser, "history-exported", new RegExp(`saved to ${elsewhere.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.$`));
    assert.equal(readFileSync(elsewhere, "utf8").split(/\r?\n/).filter(Boolean).length, 3);
  });
});

test("forgetting the history asks first", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await openHistory(browser);
    const before = await textOf(browser, "history-count");
    assert.match(before, /^\d+ groups?, newest first\.$/);
    // Asked, and kept when the operator keeps it.
    await click(browser, "history-forget");
    await (await $t(browser, "forget-confirm")).waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf(browser, "forget-confirm-title"), /^Forget the real history\?$/);
    await assertAccessible(browser, "the forget confirmation");
    await click(browser, "forget-confirm-cancel");
    assert.equal(await textOf(browser, "history-count"), before);
    await click(browser, "history-forget");
    await click(browser, "forget-confirm-confirm");
    await waitForText(browser, "history-forgotten", /^The real history was forgotten/);
    await waitForText(browser, "history-count", /^No groups in the real history yet\.$/);
  });
});

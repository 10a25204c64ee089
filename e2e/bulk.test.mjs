// "From spreadsheet": a CSV opened through the real GTK "Open" dialog, driven by the keyboard as a person would
// (Ctrl+L, the file's path, Enter) with xdotool, then the counts and reasons the preview shows, the columns
// changed, and the screen checked with axe-core in both themes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after } from "node:test";
import { readFileSync } from "node:fs";
import { answerFileDialog, appForThisFile, appPids, assertAccessible, $t, click, ready, shot, TEST_KEY, textOf, waitForText, withWindow } from "./harness.mjs";
import { openSpreadsheet, writeGroupsCsv } from "./bulk-steps.mjs";

const env = appForThisFile();
const folder = mkdtempSync(path.join(os.tmpdir(), "blooio-bulk-e2e-"));
after(() => rmSync(folder, { recursive: true, force: true }));

// Rows 3 and 4 are ready (4 links a chat), row 5 repeats row 2's people (both conflict), row 6 has an entry that
// isn't a member, row 7 a number to check (outside the known ranges), row 8 no name.
const CSV = [
  "Group name,Members,Chat ID",
  "Choir,\"+1 212 555 0100, ann@example.com\",",
  "Band,+1 212 555 0101,",
  "Crew,+1 212 555 0102,iMessage;+;chat42",
  "Choir again,\"ann@example.com; (212) 555-0100\",",
  "Broken,call me maybe,",
  "Odd,+1 555 123 4567,",
  ",+1 212 555 0103,",
].join("\n");

test("a CSV chosen in the Open dialog is previewed with counts a person reads", async () => {
  const file = path.join(folder, "teams.csv");
  writeFileSync(file, CSV);
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "nav-bulk");
    assert.match(await textOf(browser, "bulk-drop-zone"), /drop it anywhere on this window/);
    await assertAccessible(browser, "From spreadsheet before a file");

    await click(browser, "bulk-choose");
    await answerFileDialog("Choose a spreadsheet", file);

    await waitForText(browser, "bulk-file", /^“teams\.csv” \(Text \(CSV\), read as UTF-8\)$/, 15_000);
    assert.equal(await textOf(browser, "bulk-mapping-source"), "The columns were recognised from their headers. Check them below.");
    await waitForText(browser, "bulk-counts-line", /^7 groups from 7 rows, with \d+ members in the groups without problems\.$/);
    assert.equal(await textOf(browser, "bulk-count-ready"), "2");
    assert.equal(await textOf(browser, "bulk-count-warnings"), "1");
    assert.equal(await textOf(browser, "bulk-count-conflicts"), "2");
    assert.equal(await textOf(browser, "bulk-count-problems"), "2");
    assert.equal(await textOf(browser, "bulk-sendable"), "3 groups are ready to be created. 1 more is the first of several with the same members or Chat ID.");
    await waitForText(browser, "bulk-list-count", /^7 groups listed\.$/);
    await shot(browser, "30-bulk-preview");
    await assertAccessible(browser, "the spreadsheet preview in the light theme");

    // Only the problems, and the sentence that says how to fix one.
    await (await $t(browser, "bulk-filter")).selectByAttribute("value", "problems");
    await waitForText(browser, "bulk-list-count", /^2 groups listed\.$/);
    const names = await browser.execute(() => [...document.querySelectorAll('[data-testid="bulk-row-name"]')].map((el) => el.textContent.trim()));
    assert.deepEqual(names, ["Broken", "(no name)"]);
    await (await browser.$('[data-testid="bulk-row-open"]')).click();
    await waitForText(browser, "bulk-detail", /Fix or remove “call me maybe”/);

    // Another reading of the rows: a person per row, where the row without a name joins the group above it.
    await click(browser, "bulk-layout-member_per_row");
    await waitForText(browser, "bulk-counts-line", /^6 groups from 7 rows/);
    assert.equal(await textOf(browser, "bulk-count-problems"), "1");

    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "dark");
    await click(browser, "nav-bulk");
    // The screen kept the file and the columns while the operator was elsewhere.
    await waitForText(browser, "bulk-file", /^“teams\.csv”/);
    await waitForText(browser, "bulk-count-problems", /^1$/);
    await assertAccessible(browser, "the spreadsheet preview in the dark theme");
    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "system");
  });
});

test("10,000 groups: the preview arrives a page at a time and draws only the rows in view", async () => {
  const file = path.join(folder, "ten thousand.csv");
  const rows = ["Team,Phone"];
  // Every 1,000th row has an entry that isn't a member.
  for (let i = 0; i < 10_000; i++) rows.push(i % 1_000 === 7 ? `Team ${i},not a number` : `Team ${i},+1 212 555 ${String(i).padStart(4, "0")}`);
  writeFileSync(file, rows.join("\n"));
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "nav-bulk");
    await click(browser, "bulk-choose");
    await answerFileDialog("Choose a spreadsheet", file);
    await waitForText(browser, "bulk-counts-line", /^10[,.\u00a0 ]?000 groups from 10[,.\u00a0 ]?000 rows/, 30_000);
    assert.equal(await textOf(browser, "bulk-count-problems"), "10");
    await waitForText(browser, "bulk-list-count", /^10[,.\u00a0 ]?000 groups listed\.$/);
    const drawn = (await browser.$$('[data-testid="bulk-row"]')).length;
    assert.ok(drawn > 5 && drawn < 40, `rows drawn: ${drawn}`);

    // The end of the list loads its own page.
    await browser.execute(() => {
      const list = document.querySelector('[data-testid="bulk-list"]');
      list.scrollTop = list.scrollHeight;
      list.dispatchEvent(new Event("scroll"));
    });
    await browser.waitUntil(
      async () => (await browser.execute(() => [...document.querySelectorAll('[data-testid="bulk-row-name"]')].map((el) => el.textContent))).includes("Team 9999"),
      { timeout: 10_000, timeoutMsg: "the last rows never loaded" },
    );
    await (await $t(browser, "bulk-filter")).selectByAttribute("value", "problems");
    await waitForText(browser, "bulk-list-count", /^10 groups listed\.$/);
  });
});

test("a file that isn't a spreadsheet says how to fix it, and reads again once fixed", async () => {
  const file = path.join(folder, "groups.csv");
  writeFileSync(file, Buffer.from("%PDF-1.7\0\0\0binary"));
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "nav-bulk");
    await click(browser, "bulk-choose");
    await answerFileDialog("Choose a spreadsheet", file);
    await waitForText(browser, "error-title", /^This isn't a spreadsheet$/, 15_000);
    assert.match(await textOf(browser, "error-message"), /Save it from your spreadsheet program as CSV \(UTF-8\) or Excel Workbook \(\.xlsx\)/);
    await assertAccessible(browser, "a file that isn't a spreadsheet");

    writeFileSync(file, "Group,Phone\nCrew,+1 212 555 0109\n");
    await click(browser, "bulk-retry");
    await waitForText(browser, "bulk-file", /^“groups\.csv”/);
    await waitForText(browser, "bulk-count-ready", /^1$/);
  });
});

test("a run meets Blooio's rate limit, survives the app being killed, and ends with a report saved as CSV", async () => {
  const file = path.join(folder, "crews.csv");
  writeGroupsCsv(file, "Crew", 12, 200);
  // Two creates a second: the run meets Blooio's 429 and waits it out, and is slow enough to be killed midway.
  await env.sandbox.rateLimit(2);
  try {
    await withWindow(env, async (browser) => {
      await ready(browser);
      await openSpreadsheet(browser, file, 12);
      assert.equal(await textOf(browser, "bulk-start"), "Create 12 groups");
      await click(browser, "bulk-start");
      await waitForText(browser, "bulk-run-counts", /^[3-9] of 12/, 20_000);
      await assertAccessible(browser, "a bulk run in progress");
      await shot(browser, "31-bulk-run");
      // The app is killed mid-run, as a crash or a power cut would stop it.
      for (const pid of appPids()) process.kill(pid, "SIGKILL");
    });

    await withWindow(env, async (browser) => {
      await ready(browser);
      // Whatever screen the app opens to offers the unfinished job.
      await waitForText(browser, "bulk-resume-offer", /Job \d+ from crews\.csv didn't finish/, 15_000);
      await click(browser, "bulk-resume-job");
      await waitForText(browser, "bulk-run-phase", /^Done\.$/, 40_000);
      assert.match(await textOf(browser, "bulk-run-counts"), /^12 of 12 · 12 created/);
      // Exactly one group per row on Blooio's side, none twice.
      const answer = await fetch(`${env.sandbox.url}/groups?limit=200`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
      const names = (await answer.json()).groups.map((g) => g.name).filter((n) => n.startsWith("Crew "));
      assert.equal(names.length, 12);
      assert.equal(new Set(names).size, 12);

      await waitForText(browser, "bulk-report", /Crew 11/);
      const saved = path.join(folder, "crews report.csv");
      await click(browser, "bulk-export-csv");
      await answerFileDialog("Save the report", saved, { save: true });
      await waitForText(browser, "bulk-report-saved", /^Report saved to .*crews report\.csv \(12 rows\)\.$/, 15_000);
      const lines = readFileSync(saved, "utf8").replace(/^\uFEFF/, "").trim().split("\n");
      assert.equal(lines[0], "Row,Name,Status,Group ID,Chat GUID,Added members,Created contacts,Message");
      assert.equal(lines.length, 13);
      assert.ok(lines.slice(1).every((line) => /,Created,grp_/.test(line)), lines.join("\n"));
      await shot(browser, "32-bulk-report");
      await assertAccessible(browser, "a bulk run's report");
      await click(browser, "bulk-close-job");
    });
  } finally {
    await env.sandbox.rateLimit(null);
  }
});

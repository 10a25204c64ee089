// A run from a spreadsheet steered with the keyboard alone: started, paused, resumed, paused by Blooio (no iPhone
// or Mac connected) and resumed, then cancelled after a change of mind; then a long report read a page at a time.
// The focus never falls off the page as the buttons change under it, and what the panel says matches what Blooio
// holds.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { appForThisFile, assertAccessible, $t, focused, ready, textOf, waitForText, withWindow } from "./harness.mjs";
import { allCreated, openSpreadsheet, rowsDone as done, startRun, writeGroupsCsv } from "./bulk-steps.mjs";

const env = appForThisFile();
const folder = mkdtempSync(path.join(os.tmpdir(), "blooio-bulk-keyboard-"));
after(() => rmSync(folder, { recursive: true, force: true }));

const ROWS = 30;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Presses Tab until the control `id` has the focus, as a person looking for it would. */
async function tabTo(browser, id) {
  for (let presses = 0; presses < 100; presses++) {
    if ((await focused(browser)).id === id) return;
    await browser.keys(["Tab"]);
  }
  assert.fail(`${id} was not reached with Tab`);
}

async function waitForPhase(browser, phase, timeout = 15_000) {
  await browser.waitUntil(async () => (await (await $t(browser, "bulk-run-phase")).getAttribute("data-phase")) === phase, {
    timeout,
    timeoutMsg: `the run never became ${phase}`,
  });
}

/** Waits until the run panel counts more rows done than `than`. */
async function goesOn(browser, than, why) {
  await browser.waitUntil(async () => (await done(browser)) > than, { timeout: 15_000, timeoutMsg: `the run did not go on ${why}` });
}

test(`a ${ROWS}-row run is paused, resumed and cancelled from the keyboard, and the focus stays in the run`, async () => {
  const file = path.join(folder, "choirs.csv");
  writeGroupsCsv(file, "Choir", ROWS, 3000);
  await env.sandbox.reset();
  // Slow enough that the run is still going when it is cancelled.
  await env.sandbox.rateLimit(2);
  try {
    await withWindow(env, async (browser) => {
      await ready(browser);
      await openSpreadsheet(browser, file, ROWS);

      await tabTo(browser, "bulk-start");
      assert.equal((await focused(browser)).text, `Create ${ROWS} groups`);
      await browser.keys(["Enter"]);
      // Start gives way to the run's controls; the focus goes with it to Pause.
      await browser.waitUntil(async () => (await focused(browser)).id === "bulk-pause-resume", {
        timeout: 10_000,
        timeoutMsg: "the focus did not move to the run's controls when it started",
      });
      assert.equal((await focused(browser)).text, "Pause");
      await waitForText(browser, "bulk-run-counts", /^[1-9]\d* of /, 20_000);

      // Pause: nothing more is sent, and the same button, still focused, now resumes.
      await browser.keys(["Enter"]);
      await waitForPhase(browser, "paused");
      assert.equal(await textOf(browser, "bulk-run-phase"), "Paused. Nothing more is sent until you resume.");
      assert.deepEqual(await focused(browser), { id: "bulk-pause-resume", text: "Resume" });
      const heldAt = await done(browser);
      const heldGroups = (await env.sandbox.stats()).groups;
      await pause(1_500);
      assert.equal(await done(browser), heldAt, "no row moved while paused");
      assert.equal((await env.sandbox.stats()).groups, heldGroups, "Blooio received no group while paused");
      await assertAccessible(browser, "the run from a spreadsheet, paused");
      await browser.keys(["Enter"]);
      await goesOn(browser, heldAt, "after Resume");
      assert.deepEqual(await focused(browser), { id: "bulk-pause-resume", text: "Pause" });

      // Blooio answers 503 (no iPhone or Mac connected): the run pauses itself and says why; Resume goes on.
      await env.sandbox.inject({ kind: "status", status: 503 });
      await waitForPhase(browser, "paused");
      assert.match(await textOf(browser, "bulk-run-phase"), /^Paused: .+ Resume when that is dealt with; the group it stopped at is sent then\.$/);
      assert.deepEqual(await focused(browser), { id: "bulk-pause-resume", text: "Resume" });
      const stoppedAt = await done(browser);
      await browser.keys(["Enter"]);
      await goesOn(browser, stoppedAt, "after Resume from Blooio's pause");

      // Cancel, then think again: Escape keeps the run going, and the focus is back on Cancel.
      await browser.keys(["Tab"]);
      assert.deepEqual(await focused(browser), { id: "bulk-cancel", text: "Cancel the rest" });
      await browser.keys(["Enter"]);
      await waitForText(browser, "bulk-cancel-confirm-title", /^Cancel the groups not sent yet\?$/);
      assert.equal((await focused(browser)).text, "Keep going", "the safe choice has the focus");
      await assertAccessible(browser, "the question before cancelling a run");
      await browser.keys(["Escape"]);
      await (await $t(browser, "bulk-cancel-confirm-title")).waitForDisplayed({ reverse: true, timeout: 5_000 });
      assert.equal((await focused(browser)).id, "bulk-cancel");
      await goesOn(browser, await done(browser), "after Escape on the question");

      // Cancel for real: Shift+Tab from "Keep going" to "Cancel the rest", Enter.
      await browser.keys(["Enter"]);
      await waitForText(browser, "bulk-cancel-confirm-title", /^Cancel the groups not sent yet\?$/);
      await browser.keys(["Shift", "Tab"]);
      await browser.keys(["Shift"]);
      assert.deepEqual(await focused(browser), { id: "bulk-cancel-confirm-confirm", text: "Cancel the rest" });
      await browser.keys(["Enter"]);
      await waitForPhase(browser, "cancelled");
      assert.equal(await textOf(browser, "bulk-run-phase"), "Cancelled. The groups not sent yet were left out.");
      // Pause and Cancel are gone; the focus is on the panel's heading, and the next Tab reaches the report.
      const onHeading = await focused(browser);
      assert.equal(onHeading.id, "H3");
      assert.match(onHeading.text, /^Job \d+$/);
      await browser.keys(["Tab"]);
      assert.equal((await focused(browser)).id, "bulk-report-filter");

      // What the panel says is what Blooio holds, and nothing more leaves after the cancel.
      const counts = await textOf(browser, "bulk-run-counts");
      const [, finished, created] = counts.match(/^(\d+) of \d+ · (\d+) created/) ?? [];
      assert.ok(Number(finished) < ROWS, `cancelled at ${counts}`);
      const held = (await env.sandbox.stats()).groups;
      assert.equal(held, Number(created), `Blooio holds what the panel counts (${counts})`);
      await pause(1_000);
      assert.equal((await env.sandbox.stats()).groups, held, "nothing was sent after the cancel");
    });
  } finally {
    await env.sandbox.rateLimit(null);
  }
});

test("a long report is shown a page at a time, and Show more takes the keyboard to the first row it adds", async () => {
  const rows = 250;
  const file = path.join(folder, "bands.csv");
  writeGroupsCsv(file, "Band", rows, 5000);
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await startRun(browser, file, rows);
    await allCreated(browser, rows, 60_000);
    await waitForText(browser, "bulk-report-shown", /^200 of 250 rows shown; the export has them all\.$/);
    const tableRows = () => browser.execute(() => document.querySelectorAll('[data-testid="bulk-report"] tbody tr').length);
    assert.equal(await tableRows(), 200);

    await tabTo(browser, "bulk-report-more");
    assert.equal((await focused(browser)).text, "Show 50 more");
    await browser.keys(["Enter"]);
    await browser.waitUntil(async () => (await tableRows()) === rows, { timeout: 10_000, timeoutMsg: "the next rows never came" });
    // The first added row has the focus: the 201st group, from line 202 of the file (after its header).
    assert.equal((await focused(browser)).id, "TR");
    const cells = await browser.execute(() => [...document.activeElement.cells].map((cell) => cell.textContent.trim()));
    assert.deepEqual(cells.slice(0, 3), ["202", "Band 200", "Created"]);
    assert.equal(await (await $t(browser, "bulk-report-more")).isExisting(), false, "nothing more to show");
    await assertAccessible(browser, "a long report, all of it shown");
  });
});

// Closing the window the way a person does (the window manager's close button) while groups are being created
// from a spreadsheet: the app asks first, from the keyboard alone. "Keep going" (the choice focused first) keeps
// the run going; "Stop and close" stops after the group being sent, quits, and the next start offers the rest,
// which finishes with every group created exactly once.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { appForThisFile, appPids, assertAccessible, $t, click, closeLikeAPerson, focused, ready, waitForText, withWindow } from "./harness.mjs";
import { allCreated, resumeOffered, rowsDone as done, sandboxGroupNames, startRun, writeGroupsCsv } from "./bulk-steps.mjs";

const env = appForThisFile();
const folder = mkdtempSync(path.join(os.tmpdir(), "blooio-bulk-close-"));
after(() => rmSync(folder, { recursive: true, force: true }));

const ROWS = 120;

test(`closing the window during a ${ROWS}-row run asks first; stopping keeps every row, once`, async () => {
  const file = path.join(folder, "crews.csv");
  writeGroupsCsv(file, "Crew", ROWS, 2000);
  await env.sandbox.reset();
  // Slow enough that the run is still going through both close requests.
  await env.sandbox.rateLimit(10);
  let stoppedAt = 0;
  try {
    await withWindow(env, async (browser) => {
      await ready(browser);
      await startRun(browser, file, ROWS);
      const [pid] = appPids();

      // The first close: asked, and "Keep going" (focused first) is taken with Enter. The run goes on.
      assert.equal(closeLikeAPerson(pid), 1, "one window asked to close");
      await waitForText(browser, "close-during-run-title", /^Groups are still being created$/);
      assert.equal((await focused(browser)).text, "Keep going", "the safe choice has the focus");
      await assertAccessible(browser, "the question when the window is closed during a run");
      await browser.keys(["Enter"]);
      await browser.waitUntil(async () => !(await (await $t(browser, "close-during-run-title")).isExisting()), {
        timeout: 5_000,
        timeoutMsg: "the question stayed after Keep going",
      });
      const kept = await done(browser);
      await browser.waitUntil(async () => (await done(browser)) > kept, {
        timeout: 15_000,
        timeoutMsg: "the run stopped after Keep going",
      });
      assert.ok(appPids().includes(pid), "the app is still running");

      // The second close: Shift+Tab to "Stop and close", Enter. The app stops after the group in flight and quits.
      assert.equal(closeLikeAPerson(pid), 1, "one window asked to close again");
      await waitForText(browser, "close-during-run-title", /^Groups are still being created$/);
      await browser.keys(["Shift", "Tab"]);
      await browser.keys(["Shift"]);
      assert.equal((await focused(browser)).text, "Stop and close");
      stoppedAt = await done(browser);
      // The window closes while the key is still being handled, so WebDriver may lose its session before it
      // answers; what counts is checked next: the app quits.
      await browser.keys(["Enter"]).catch(() => {});
      await browser.waitUntil(() => !appPids().includes(pid), {
        timeout: 30_000,
        interval: 100,
        timeoutMsg: "the app was still running 30 s after Stop and close",
      });
    });
    assert.ok(stoppedAt > 0 && stoppedAt < ROWS, `stopped at ${stoppedAt} of ${ROWS}`);
    // Nothing is sent while the app is closed.
    const whileClosed = (await env.sandbox.stats()).groups;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.equal((await env.sandbox.stats()).groups, whileClosed, "no group was created after the app quit");
    assert.ok(whileClosed < ROWS, `${whileClosed} of ${ROWS} created before closing`);

    await env.sandbox.rateLimit(null);
    await withWindow(env, async (browser) => {
      await ready(browser);
      await resumeOffered(browser, "crews.csv");
      await allCreated(browser, ROWS, 60_000);
      await click(browser, "bulk-close-job");
    });
  } finally {
    await env.sandbox.rateLimit(null);
  }

  // Blooio's side: one group per row, none twice, none missing.
  const names = await sandboxGroupNames(env.sandbox);
  assert.equal(names.length, ROWS);
  assert.equal(new Set(names).size, ROWS, "no group twice");
});

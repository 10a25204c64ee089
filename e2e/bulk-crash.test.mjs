// The app killed again and again during a 300-row bulk run, against a sandbox that loses answers after storing
// the group: each start offers the unfinished job, each resume settles the rows caught mid-request by asking
// Blooio, and at the end Blooio holds exactly one group per row and the report says so.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { appForThisFile, appPids, assertAccessible, $t, click, ready, waitForText, withWindow } from "./harness.mjs";
import { allCreated, resumeOffered, rowsDone as done, sandboxGroupNames, startRun, writeGroupsCsv } from "./bulk-steps.mjs";

const env = appForThisFile();
const folder = mkdtempSync(path.join(os.tmpdir(), "blooio-bulk-crash-"));
after(() => rmSync(folder, { recursive: true, force: true }));

const ROWS = 300;
const KILLS = 6;

// Each round is at least 20 rows on from the last; 300 rows leave room for every kill before the end.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills every process of the app at once, as a crash or a power cut would stop it. */
function killApp() {
  for (const pid of appPids()) process.kill(pid, "SIGKILL");
}

test(`the app killed ${KILLS} times during a ${ROWS}-row run: every group created exactly once`, async () => {
  const file = path.join(folder, "teams.csv");
  writeGroupsCsv(file, "Team", ROWS, 1000);
  await env.sandbox.reset();
  // Slow enough to be killed midway many times; Blooio's 429s are waited out by the run itself.
  await env.sandbox.rateLimit(25);
  const kills = [];
  try {
    await withWindow(env, async (browser) => {
      await ready(browser);
      await startRun(browser, file, ROWS);
      await sleep(200 + Math.random() * 800);
      kills.push(await done(browser));
      killApp();
    });

    for (let round = 1; round < KILLS; round++) {
      await withWindow(env, async (browser) => {
        await ready(browser);
        await resumeOffered(browser, "teams.csv");
        // Past the rows the kill caught mid-request (looked up first), a create whose answer is lost after Blooio
        // stored the group: the run must ask, not send it again. The fault is used up before the next kill, so
        // it never lands on a lookup.
        const before = kills.at(-1);
        await browser.waitUntil(async () => (await done(browser)) >= before + 20, {
          timeout: 30_000,
          timeoutMsg: "the resumed run made no progress",
        });
        await env.sandbox.inject({ kind: "after_store", inner: { kind: "drop_connection" } });
        await browser.waitUntil(async () => (await env.sandbox.stats()).pending_faults === 0, { timeout: 10_000 });
        await sleep(Math.random() * 800);
        kills.push(await done(browser));
        killApp();
      });
    }

    await withWindow(env, async (browser) => {
      await ready(browser);
      await resumeOffered(browser, "teams.csv");
      await allCreated(browser, ROWS, 120_000);
      // The finished run and its report, read in the dark theme too.
      await click(browser, "nav-settings");
      await (await $t(browser, "theme")).selectByAttribute("value", "dark");
      await click(browser, "nav-bulk");
      await waitForText(browser, "bulk-run-phase", /^Done\.$/);
      await assertAccessible(browser, "a finished bulk run and its report in the dark theme");
      await click(browser, "nav-settings");
      await (await $t(browser, "theme")).selectByAttribute("value", "system");
      await click(browser, "nav-bulk");
      await click(browser, "bulk-close-job");
    });
  } finally {
    await env.sandbox.rateLimit(null);
  }

  // The runs were really cut short, each time further on.
  assert.equal(kills.length, KILLS, `killed at ${kills.join(", ")}`);
  assert.ok(kills[0] < ROWS && kills.at(-1) < ROWS, `killed at ${kills.join(", ")} of ${ROWS}`);
  // Blooio's side: one group per row, none twice, none missing.
  const names = await sandboxGroupNames(env.sandbox);
  assert.equal(names.length, ROWS, `killed at ${kills.join(", ")}`);
  assert.equal(new Set(names).size, ROWS, "no group twice");
});

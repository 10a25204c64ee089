// Steps the bulk end-to-end tests share: a spreadsheet of one group per row, opened through the real file dialog,
// the run's progress as the run panel says it, and what Blooio (the sandbox) holds at the end.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { answerFileDialog, click, TEST_KEY, textOf, waitForText } from "./harness.mjs";

/** Writes a CSV of `rows` groups named `${prefix} 0…`, one phone each from +1 212 555 `first`. */
export function writeGroupsCsv(file, prefix, rows, first) {
  const lines = ["Group,Phone"];
  for (let i = 0; i < rows; i++) lines.push(`${prefix} ${i},+1 212 555 ${String(first + i).padStart(4, "0")}`);
  writeFileSync(file, lines.join("\n"));
}

/** From any screen: "From spreadsheet", the file chosen in the native dialog, until its `rows` groups are ready. */
export async function openSpreadsheet(browser, file, rows) {
  await click(browser, "nav-bulk");
  await click(browser, "bulk-choose");
  await answerFileDialog("Choose a spreadsheet", file);
  const groups = rows === 1 ? "1 group is" : `${rows} groups are`;
  await waitForText(browser, "bulk-sendable", new RegExp(`^${groups} ready to be created\\.$`), 20_000);
}

/** From any screen: the spreadsheet opened as above, its groups started, until the first is done. */
export async function startRun(browser, file, rows) {
  await openSpreadsheet(browser, file, rows);
  await click(browser, "bulk-start");
  await waitForText(browser, "bulk-run-counts", /^[1-9]\d* of /, 20_000);
}

/** At a start after the run stopped: the job from `fileName` is offered, and resumed. */
export async function resumeOffered(browser, fileName) {
  const name = fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  await waitForText(browser, "bulk-resume-offer", new RegExp(`from ${name} didn't finish`), 15_000);
  await click(browser, "bulk-resume-job");
}

/** Waits for the run to end; the run panel then says all `rows` were created. */
export async function allCreated(browser, rows, timeout) {
  await waitForText(browser, "bulk-run-phase", /^Done\.$/, timeout);
  assert.match(await textOf(browser, "bulk-run-counts"), new RegExp(`^${rows} of ${rows} · ${rows} created`));
}

/** How many rows the run panel says are done: "n of N". */
export async function rowsDone(browser) {
  const match = (await textOf(browser, "bulk-run-counts")).match(/^(\d+) of /);
  return match ? Number(match[1]) : 0;
}

/** Every group's name the sandbox holds for the test key, page by page. */
export async function sandboxGroupNames(sandbox) {
  const names = [];
  for (let offset = 0, total = 1; offset < total; offset += 200) {
    const page = await fetch(`${sandbox.url}/groups?limit=200&offset=${offset}`, { headers: { authorization: `Bearer ${TEST_KEY}` } });
    const body = await page.json();
    total = body.pagination.total;
    names.push(...body.groups.map((g) => g.name));
  }
  return names;
}

// A whole session with a live key (save it, create groups, provoke errors, open the groups, the history and a bulk
// run, copy diagnostics), then a search for the key everywhere the app writes or answers: its data, config, cache
// and log folders (the local store's database among them), every IPC reply the window received, the page itself,
// and the diagnostics report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  answerFileDialog, appForThisFile, $t, click, ready, waitForText, withWindow, fillForm, clearKeychain, filesUnder, TEST_KEY,
} from "./harness.mjs";

const env = appForThisFile();

test("the key appears in no file, log, IPC reply or diagnostics after a whole session", async () => {
  const ipcReplies = await withWindow(env, async (browser) => {
    // Record every IPC reply the page receives from here on. On Linux the IPC runs over fetch to ipc://localhost
    // (Tauri's own invoke is read-only), so wrapping fetch sees every reply, errors included.
    await browser.execute(() => {
      const original = window.fetch.bind(window);
      window.__ipcLog = [];
      window.fetch = async (...args) => {
        const response = await original(...args);
        if (String(args[0]).startsWith("ipc://")) window.__ipcLog.push(await response.clone().text());
        return response;
      };
    });
    await ready(browser);
    await fillForm(browser, { name: "Hygiene one", members: "+1 212 555 0148" });
    await click(browser, "create");
    await (await $t(browser, "result")).waitForDisplayed({ timeout: 10_000 });
    await click(browser, "create-another");
    await fillForm(browser, { name: "Hygiene two", members: "+1 212 555 0149" });
    await env.sandbox.inject({ kind: "status", status: 500 });
    await click(browser, "create");
    await waitForText(browser, "error-message", /problem on its side/);
    await env.sandbox.inject({ kind: "non_json" });
    await click(browser, "create");
    await waitForText(browser, "error-message", /could not read|may or may not|was not created|was created/);
    await click(browser, "open-key-screen");
    await click(browser, "check-key");
    await waitForText(browser, "key-check", /accepted/);
    await click(browser, "close-key-screen");
    // The screens that read and write the local store: Groups (a group opened), History, and a bulk job from a
    // spreadsheet chosen in the real Open dialog, run to the end.
    await click(browser, "nav-groups");
    await waitForText(browser, "groups-count", /\d/);
    await (await $t(browser, "group-open")).click();
    await waitForText(browser, "group-name", /Hygiene one/);
    await click(browser, "nav-history");
    await waitForText(browser, "history-count", /\d/);
    const folder = mkdtempSync(path.join(os.tmpdir(), "blooio-hygiene-"));
    try {
      const sheet = path.join(folder, "hygiene.csv");
      writeFileSync(sheet, "Group,Phone\nHygiene bulk,+1 212 555 0150\n");
      await click(browser, "nav-bulk");
      await click(browser, "bulk-choose");
      await answerFileDialog("Choose a spreadsheet", sheet);
      await click(browser, "bulk-start");
      await waitForText(browser, "bulk-run-phase", /^Done\.$/, 20_000);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await click(browser, "nav-about");
    await click(browser, "copy-diagnostics");
    await waitForText(browser, "diagnostics-status", /copied|failed/i);

    const report = await browser.execute(async () => window.__TAURI_INTERNALS__.invoke("diagnostics"));
    assert.match(report, /^Blooio Groups \d+\.\d+\.\d+/);
    assert.match(report, /Key store: Secret Service/);
    // A 500 leaves the outcome open; the app asked Blooio, which had no such group.
    assert.match(report, /create_group: FailedNotCreated \(HTTP 500, server code internal_error\)/);
    assert.ok(!report.includes(TEST_KEY), "the diagnostics report holds no key");

    // The page may not call what the capability does not grant, such as a window or log plugin command.
    const denied = await browser.execute(async () => {
      try {
        await window.__TAURI_INTERNALS__.invoke("plugin:log|log", { level: 3, message: "x" });
        return "allowed";
      } catch (err) {
        return String(err);
      }
    });
    assert.match(denied, /not allowed/);

    const source = await browser.getPageSource();
    assert.ok(!source.includes(TEST_KEY), "the key is not in the page");
    return browser.execute(() => window.__ipcLog);
  });

  assert.ok(ipcReplies.length >= 5, `IPC replies were recorded (${ipcReplies.length})`);
  for (const reply of ipcReplies) assert.ok(!reply.includes(TEST_KEY), `IPC reply holds the key: ${reply}`);
  assert.ok(ipcReplies.some((r) => r.includes("…5e7a")), "the hint, not the key, crossed the bridge");

  const roots = ["XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"].map((v) => process.env[v]).filter(Boolean);
  assert.equal(roots.length, 3, "the test session sets hermetic app folders");
  const files = roots.flatMap(filesUnder);
  const logs = files.filter((f) => f.includes("com.blooio.groups") && f.endsWith(".log"));
  assert.ok(logs.length >= 1, `the app wrote a log file (${files.filter((f) => f.includes("com.blooio.groups")).join(", ")})`);
  assert.ok(files.some((f) => f.endsWith("blooio-groups.sqlite3")), "the local store was written, and searched");
  const logText = logs.map((f) => readFileSync(f, "utf8")).join("\n");
  assert.match(logText, /group created: grp_/, "the log records what happened");
  for (const file of files) {
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      // WebKit's processes can still be closing their databases after the window has gone: a -shm or -journal file
      // removed since the listing keeps nothing on the disk.
      if (err.code === "ENOENT") continue;
      throw err;
    }
    assert.ok(!bytes.includes(Buffer.from(TEST_KEY)), `the key was written to ${file}`);
  }
});

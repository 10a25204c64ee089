// The main window starts hidden and is shown once its page has loaded, so the first frame a person sees is the
// page (src-tauri/src/rendering.rs). Shown that way, a page whose load is never reported must not leave the app
// running with no window: three seconds on, it is shown anyway, and the log says why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { clearKeychain, filesUnder, launch, withWindow } from "./harness.mjs";

const FALLBACK_WARNING = "the page had not loaded after 3s: window shown anyway";

/** The app's log files, under the test session's hermetic data folder. */
function logFiles() {
  const root = process.env.XDG_DATA_HOME;
  assert.ok(root, "the test session sets a hermetic data folder");
  return filesUnder(root).filter((file) => file.includes("com.blooio.groups") && file.endsWith(".log"));
}

/** What the app logs from now on: `read()` gives the lines added since this was called. */
function logFromNow() {
  const before = new Map(logFiles().map((f) => [f, statSync(f).size]));
  return {
    read: () =>
      logFiles()
        .map((f) => readFileSync(f).subarray(before.get(f) ?? 0).toString("utf8"))
        .join("\n"),
  };
}

/** Whether a window titled as the app's is mapped and viewable on the test display (up to `timeoutMs`). */
async function windowShown(timeoutMs) {
  for (let waited = 0; ; waited += 100) {
    try {
      execFileSync("xdotool", ["search", "--onlyvisible", "--name", "^Blooio Groups$"], { encoding: "utf8" });
      return true;
    } catch {
      // xdotool exits 1 while no such window is shown.
    }
    if (waited >= timeoutMs) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function withApp(extraEnv, fn) {
  clearKeychain();
  const app = await launch({ extraEnv });
  try {
    await withWindow(app, fn);
  } finally {
    await app.stop();
    clearKeychain();
  }
}

test("the window is shown once its page has loaded", async () => {
  const log = logFromNow();
  await withApp({}, async (browser) => {
    await (await browser.$("body")).waitForExist({ timeout: 10_000 });
    assert.ok(await windowShown(10_000), "the window is on screen");
  });
  assert.ok(!log.read().includes(FALLBACK_WARNING), "shown by its page's load, not by the fallback");
});

test("a page whose load is never reported still gets its window, three seconds on", async () => {
  const log = logFromNow();
  await withApp({ BLOOIO_TEST_IGNORE_PAGE_LOAD: "1" }, async (browser) => {
    await (await browser.$("body")).waitForExist({ timeout: 10_000 });
    assert.ok(await windowShown(10_000), "the window is on screen without its page's load");
    assert.match(log.read(), new RegExp(FALLBACK_WARNING.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  });
});

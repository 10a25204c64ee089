// Comfort: the theme choice, a second launch handing over to the running window, and the window's size and
// position remembered between launches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import {
  appForThisFile, assertAccessible, $t, ready, withWindow, clearKeychain, shot, singleInstanceNameOwned, appPids, closeLikeAPerson,
  fillForm, paste, waitForText,
} from "./harness.mjs";

const env = appForThisFile();

const background = (browser) => browser.execute(() => getComputedStyle(document.body).backgroundColor);

test("the theme follows a manual choice and keeps it on the next launch", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    const light = await background(browser);
    await assertAccessible(browser, "the form in the light theme");
    await (await $t(browser, "nav-settings")).click();
    await (await $t(browser, "settings")).waitForDisplayed({ timeout: 10_000 });
    await assertAccessible(browser, "the settings in the light theme");
    await (await $t(browser, "theme")).selectByAttribute("value", "dark");
    const dark = await background(browser);
    assert.notEqual(dark, light, "the page changed colour");
    assert.equal(dark, "rgb(13, 17, 23)", "a dark theme that is really dark");
    assert.equal(await browser.execute(() => document.documentElement.dataset.theme), "dark");
    await assertAccessible(browser, "the settings in the dark theme");
    await (await $t(browser, "nav-about")).click();
    await (await $t(browser, "about")).waitForDisplayed({ timeout: 10_000 });
    await assertAccessible(browser, "About in the dark theme");
    await (await $t(browser, "nav-create")).click();
    // Pasted: WebDriver cannot type emoji, and the name shows the emoji font at work.
    await paste(browser, "name-input", "Night shift 🌙");
    await fillForm(browser, { members: "+1 (415) 555-0132, ana@example.com, +1 415 555 0132, not a number" });
    await waitForText(browser, "member-counts", /2 will be added/);
    await shot(browser, "11-dark-theme");
    await assertAccessible(browser, "the form in the dark theme");
    await (await $t(browser, "open-key-screen")).click();
    await (await $t(browser, "key-panel")).waitForDisplayed({ timeout: 10_000 });
    await assertAccessible(browser, "the key settings in the dark theme");
    await (await $t(browser, "close-key-screen")).click();
  });
  await withWindow(env, async (browser) => {
    await ready(browser);
    await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dataset.theme)) === "dark", {
      timeout: 5_000,
    });
    await (await $t(browser, "nav-settings")).click();
    await (await $t(browser, "theme")).selectByAttribute("value", "system");
    assert.equal(await browser.execute(() => document.documentElement.dataset.theme ?? null), null);
  });
});

/** The app's log (tauri-plugin-log, in the hermetic XDG_DATA_HOME that scripts/test.sh sets). */
function appLog() {
  const file = path.join(process.env.XDG_DATA_HOME, "com.blooio.groups", "logs", "blooio-groups.log");
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

const handOverLine = /INFO .*second launch \(\d+ arguments\): focusing the running window/g;

test("a second launch hands over to the running window and exits", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    // Without the name the second launch would open a window of its own and keep running past the timeout below.
    assert.ok(singleInstanceNameOwned(), "the running app owns the single-instance name");
    const handOversBefore = appLog().match(handOverLine)?.length ?? 0;
    const second = spawn(process.env.BLOOIO_APP_BINARY, ["--from-e2e"], {
      env: { ...process.env, BLOOIO_KEYCHAIN_SERVICE: "com.blooio.groups.e2e-second" },
      stdio: "ignore",
    });
    const code = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        second.kill("SIGKILL");
        reject(new Error("the second instance kept running instead of handing over"));
      }, 15_000);
      second.on("exit", (c, signal) => {
        clearTimeout(timer);
        resolve(c ?? signal);
      });
    });
    assert.equal(code, 0, "the second launch exits cleanly");
    // It exits only after the running app answered, and the app logs the hand-over before it answers.
    const log = appLog();
    assert.equal(log.match(handOverLine)?.length ?? 0, handOversBefore + 1, "the running app took the launch over");
    assert.ok(!log.includes("--from-e2e"), "the log holds the number of arguments, not the arguments");
    // The first window is still there and usable, and still the only instance.
    assert.ok(await (await $t(browser, "group-form")).isDisplayed());
    assert.ok(singleInstanceNameOwned(), "the running app keeps the name");
  });
});

test("closing the window the way a person does quits the app", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    const [pid] = appPids();
    assert.ok(pid, "the app is running");
    assert.equal(closeLikeAPerson(pid), 1, "one window asked to close");
    await browser.waitUntil(() => !appPids().includes(pid), {
      timeout: 10_000,
      interval: 100,
      timeoutMsg: "the app was still running 10 s after its window was closed",
    });
  });
});

test("the window's size and position are kept for the next launch, even if the app is killed", async () => {
  const stateFile = path.join(process.env.XDG_CONFIG_HOME, "com.blooio.groups", ".window-state.json");
  const wanted = { x: 37, y: 29, width: 990, height: 720 };
  await withWindow(env, async (browser) => {
    await ready(browser);
    await browser.setWindowRect(wanted.x, wanted.y, wanted.width, wanted.height);
    // The app saves once the window has settled; the session's end then kills it, as a crash or logout would.
    await browser.waitUntil(() => {
      try {
        const saved = JSON.parse(readFileSync(stateFile, "utf8")).main;
        return saved?.width === wanted.width && saved?.height === wanted.height;
      } catch {
        return false;
      }
    }, { timeout: 10_000, interval: 100, timeoutMsg: `${stateFile} never held the new size` });
  });
  try {
    await withWindow(env, async (browser) => {
      await ready(browser);
      const rect = await browser.getWindowRect();
      assert.deepEqual(
        { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
        wanted,
        "the second launch opens where and as large as the first was left",
      );
    });
  } finally {
    // Later test files (and their screenshots) expect the default window.
    rmSync(stateFile, { force: true });
  }
});

// Comfort: the theme choice, a second launch handing over to the running window, and the window's size and
// position remembered between launches.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appForThisFile, $t, ready, withWindow, clearKeychain, shot } from "./harness.mjs";

const env = appForThisFile();

const background = (browser) => browser.execute(() => getComputedStyle(document.body).backgroundColor);

test("the theme follows a manual choice and keeps it on the next launch", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    const light = await background(browser);
    await (await $t(browser, "theme")).selectByAttribute("value", "dark");
    const dark = await background(browser);
    assert.notEqual(dark, light, "the page changed colour");
    assert.equal(await browser.execute(() => document.documentElement.dataset.theme), "dark");
    await shot(browser, "11-dark-theme");
  });
  await withWindow(env, async (browser) => {
    await ready(browser);
    await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dataset.theme)) === "dark", {
      timeout: 5_000,
    });
    await (await $t(browser, "theme")).selectByAttribute("value", "system");
    assert.equal(await browser.execute(() => document.documentElement.dataset.theme ?? null), null);
  });
});

test("a second launch hands over to the running window and exits", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    const second = spawn(process.env.BLOOIO_APP_BINARY, [], {
      env: { ...process.env, BLOOIO_KEYCHAIN_SERVICE: "com.blooio.groups.e2e-second" },
      stdio: "ignore",
    });
    const code = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        second.kill("SIGKILL");
        reject(new Error("the second instance kept running instead of handing over"));
      }, 15_000);
      second.on("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0, "the second launch exits cleanly");
    // The first window is still there and usable.
    assert.ok(await (await $t(browser, "group-form")).isDisplayed());
  });
});

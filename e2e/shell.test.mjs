// The window's shell: the sidebar (by keyboard alone, and as a rail in a narrow window), a draft that survives
// every way of leaving the form and a restart of the app, and practice mode that can't be mistaken for the real
// thing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import path from "node:path";
import {
  appForThisFile, assertAccessible, $t, accountSettled, click, fillForm, focused, ready, shot, textOf, valueOf, waitForText, withWindow,
} from "./harness.mjs";

const env = appForThisFile();

const NAME = "Weekend crew";
const MEMBERS = "+1 (415) 555-0132, ana@example.com";

async function draftIsIntact(browser, why) {
  await (await $t(browser, "group-form")).waitForDisplayed({ timeout: 10_000 });
  assert.equal(await valueOf(browser, "name-input"), NAME, `the name after ${why}`);
  assert.equal(await valueOf(browser, "members-input"), MEMBERS, `the members after ${why}`);
}

const focusedTestId = async (browser) => (await focused(browser)).id;

test("the sidebar works with the keyboard alone", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    // From the top of the window (a click on the app's name), the first Tab lands on the sidebar's first entry.
    await (await browser.$(".brand-name")).click();
    await browser.keys(["Tab"]);
    assert.equal(await focusedTestId(browser), "nav-create");
    assert.equal(await (await $t(browser, "nav-create")).getAttribute("aria-current"), "page");
    // The rest of the work, then the foot of the sidebar: the account, the practice switch, Settings, About.
    const order = [];
    for (let i = 0; i < 10 && order.at(-1) !== "nav-about"; i++) {
      await browser.keys(["Tab"]);
      order.push(await focusedTestId(browser));
    }
    assert.deepEqual(order, ["nav-bulk", "nav-groups", "nav-history", "open-key-screen", "sandbox-toggle", "nav-settings", "nav-about"]);
    await browser.keys(["Enter"]);
    await (await $t(browser, "about")).waitForDisplayed({ timeout: 5_000 });
    assert.match(await textOf(browser, "connection"), /^Blooio · http:\/\/127\.0\.0\.1:\d+\/v2\/api$/);
    assert.match(await textOf(browser, "about-version"), /^\d+\.\d+\.\d+$/);
    await shot(browser, "18-about");
    await assertAccessible(browser, "About & updates");
    await browser.keys(["Shift", "Tab"]);
    await browser.keys(["Enter"]);
    await (await $t(browser, "settings")).waitForDisplayed({ timeout: 5_000 });
    assert.equal(await (await $t(browser, "nav-settings")).getAttribute("aria-current"), "page");
    await shot(browser, "17-settings");
    await assertAccessible(browser, "Settings");
    // Every label is a word, not an icon alone.
    assert.equal(await textOf(browser, "nav-create"), "New group");
    assert.equal(await textOf(browser, "nav-about"), "About & updates");
  });
});

test("a narrow window keeps short labels in a rail", async () => {
  try {
    await narrowWindow();
  } finally {
    // The app remembers its window's size; the tests after this one expect the default.
    rmSync(path.join(process.env.XDG_CONFIG_HOME, "com.blooio.groups", ".window-state.json"), { force: true });
  }
});

async function narrowWindow() {
  await withWindow(env, async (browser) => {
    await ready(browser);
    const wide = await browser.getWindowRect();
    assert.deepEqual([wide.width, wide.height], [960, 720], "the default window");
    await browser.setWindowRect(null, null, 740, 720);
    await browser.waitUntil(async () => (await textOf(browser, "nav-create")) === "New", { timeout: 5_000, timeoutMsg: "no rail at 740 px" });
    assert.equal(await textOf(browser, "nav-about"), "About");
    assert.equal(await textOf(browser, "open-key-screen"), "Key");
    // The accessible names stay whole.
    assert.equal(await (await $t(browser, "nav-about")).getAttribute("aria-label"), "About & updates");
    await fillForm(browser, { name: NAME, members: MEMBERS });
    await shot(browser, "16-rail");
    await assertAccessible(browser, "the rail in a narrow window");
    await browser.setWindowRect(null, null, 960, 720);
  });
}

test("the draft survives the key settings, the other screens and a restart of the app", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: NAME, members: MEMBERS });
    await click(browser, "open-key-screen");
    await (await $t(browser, "key-dialog")).waitForDisplayed({ timeout: 10_000 });
    await click(browser, "close-key-screen");
    await draftIsIntact(browser, "the key settings");
    await click(browser, "nav-settings");
    await click(browser, "nav-create");
    await draftIsIntact(browser, "a visit to Settings");
  });
  // A new app process: the window reads the draft back from its own storage (never the key: that stays in Rust).
  await withWindow(
    env,
    async (browser) => {
      await ready(browser);
      await draftIsIntact(browser, "a restart");
      const stored = await browser.execute(() => localStorage.getItem("blooio-groups.draft"));
      assert.ok(!stored.includes("bl_"), "no key in the stored draft");
    },
    { keepDraft: true },
  );
});

test("practice mode asks first, keeps the draft, fills in its key and says so everywhere", async () => {
  await env.sandbox.reset();
  await withWindow(env, async (browser) => {
    await ready(browser);
    await fillForm(browser, { name: NAME, members: MEMBERS });
    assert.equal(await (await $t(browser, "practice-bar")).isExisting(), false);

    await click(browser, "sandbox-toggle");
    await waitForText(browser, "practice-confirm-title", /^Switch to practice mode\?$/);
    await assertAccessible(browser, "the question before switching to practice mode");
    await click(browser, "practice-confirm-cancel");
    assert.equal(await (await $t(browser, "practice-bar")).isExisting(), false, "Stay with Blooio changes nothing");

    await click(browser, "sandbox-toggle");
    await click(browser, "practice-confirm-confirm");
    await waitForText(browser, "practice-bar", /Practice mode: nothing you create here is real\./);
    // No key screen: the practice key is filled in.
    await draftIsIntact(browser, "switching to practice mode");
    assert.equal(await accountSettled(browser), "connected");
    assert.equal(await textOf(browser, "account-status"), "Practice key");
    assert.equal(await (await $t(browser, "sandbox-toggle")).getAttribute("aria-checked"), "true");
    assert.equal((await textOf(browser, "create")).trim(), "Create practice group");
    await waitForText(browser, "member-counts", /2 will be added/);
    await shot(browser, "12-practice-mode");
    await assertAccessible(browser, "the form in practice mode");

    // The bar is on every screen.
    for (const screen of ["settings", "about"]) {
      await click(browser, `nav-${screen}`);
      await (await $t(browser, screen)).waitForDisplayed({ timeout: 5_000 });
      assert.ok(await (await $t(browser, "practice-bar")).isDisplayed(), `the practice bar on ${screen}`);
    }
    assert.match(await textOf(browser, "connection"), /^Practice mode, inside this app · http:\/\/127\.0\.0\.1:/);
    await click(browser, "nav-create");

    await click(browser, "create");
    await waitForText(browser, "result-heading", /^✓ Practice group created — not sent to Blooio$/);
    assert.match(await textOf(browser, "result-next"), /exists only in practice mode\. Nobody has been messaged/);
    await shot(browser, "12b-practice-result");
    await assertAccessible(browser, "a practice group's result");
    await click(browser, "create-another");

    // Leaving from the bar asks too, and keeps what was typed.
    await fillForm(browser, { name: NAME, members: MEMBERS });
    await click(browser, "leave-practice");
    await waitForText(browser, "practice-confirm-title", /^Leave practice mode\?$/);
    await click(browser, "practice-confirm-confirm");
    await (await $t(browser, "practice-bar")).waitForDisplayed({ timeout: 10_000, reverse: true });
    await draftIsIntact(browser, "leaving practice mode");
    await accountSettled(browser);
    assert.equal((await textOf(browser, "create")).trim(), "Create group");
  });
  assert.equal((await env.sandbox.stats()).create_requests, 0, "the practice group never reached the real API");
});

// The Groups screen: 10,000 groups listed with only the rows in view drawn, searched as the operator types, one
// opened with its fields and members, renamed (the name rules of the form, what happened on the phones), and
// deleted after a confirmation that says what happens.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  appForThisFile, assertAccessible, $t, click, ready, shot, textOf, waitForText, withWindow, TEST_KEY,
} from "./harness.mjs";

const env = appForThisFile();

async function seed(count) {
  const res = await fetch(`${new URL(env.sandbox.url).origin}/__sandbox/seed`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count, key: TEST_KEY }),
  });
  assert.equal(res.status, 200, await res.text());
}

/** The names of the rows drawn now, read in one go (the list redraws as pages arrive). */
const rowNames = (browser) =>
  browser.execute(() => [...document.querySelectorAll('[data-testid="group-row-name"]')].map((el) => el.textContent.trim()));

/** Waits until the rows drawn are the search's: every name contains `text`. */
async function searched(browser, text) {
  await (await $t(browser, "groups-search")).setValue(text);
  await waitForText(browser, "groups-count", new RegExp(`match “${text}”\\.$`));
  let names = [];
  await browser.waitUntil(async () => {
    names = await rowNames(browser);
    return names.length > 0 && names.every((n) => n.includes(text));
  }, { timeout: 10_000, timeoutMsg: `rows after searching “${text}”: ${JSON.stringify(names)}` });
  return names;
}

test("10,000 groups: only what is in view is drawn, and a search finds one", async () => {
  await seed(10_000);
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "nav-groups");
    await waitForText(browser, "groups-count", /^10[,.\u00a0 ]?000 groups\.$/, 15_000);
    const drawn = (await browser.$$('[data-testid="group-row"]')).length;
    assert.ok(drawn > 5 && drawn < 40, `rows drawn: ${drawn}`);
    await shot(browser, "22-groups");
    await assertAccessible(browser, "Groups in the light theme");

    // The end of the list loads its own page.
    await browser.execute(() => {
      const list = document.querySelector('[data-testid="groups-list"]');
      list.scrollTop = list.scrollHeight;
      list.dispatchEvent(new Event("scroll"));
    });
    await browser.waitUntil(async () => {
      const names = await rowNames(browser);
      return names.length > 0 && !(await (await browser.$$('[data-testid="group-row"]'))[0].getText()).includes("Loading");
    }, { timeout: 10_000, timeoutMsg: "the last rows never loaded" });
    assert.equal(await (await (await browser.$$('[data-testid="group-row"]')).at(-1)).getAttribute("aria-posinset"), "10000");

    await searched(browser, "Golden Choir 23");

    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "dark");
    await click(browser, "nav-groups");
    await waitForText(browser, "groups-count", /^10[,.\u00a0 ]?000 groups\.$/, 15_000);
    await assertAccessible(browser, "Groups in the dark theme");
    await click(browser, "nav-settings");
    await (await $t(browser, "theme")).selectByAttribute("value", "system");
  });
});

test("a group opens, is renamed and deleted after a confirmation", async () => {
  await withWindow(env, async (browser) => {
    await ready(browser);
    await click(browser, "nav-groups");
    const [first] = await searched(browser, "Golden Choir 23");
    await (await browser.$('[data-testid="group-open"]')).click();
    await waitForText(browser, "group-name", new RegExp(`^${first}$`));
    assert.match(await textOf(browser, "group-id"), /^grp_/);
    assert.equal(await textOf(browser, "group-members-note"), "Adding or removing members isn't available at Blooio yet.");
    await browser.waitUntil(async () => (await browser.$$('[data-testid="group-member"]')).length === 2, { timeout: 10_000 });
    await assertAccessible(browser, "a group");

    // The form's name rules: too long is refused by the field, and the input stays.
    const long = "x".repeat(256);
    await (await $t(browser, "rename-input")).setValue(long);
    await click(browser, "rename-submit");
    await waitForText(browser, "rename-field-error", /^Shorten the group name to 255 characters or fewer/);
    assert.equal(await (await $t(browser, "rename-input")).getValue(), long);

    await (await $t(browser, "rename-input")).setValue("Choir, renamed");
    await click(browser, "rename-submit");
    await waitForText(browser, "rename-done", /^Renamed to “Choir, renamed”\. /);
    assert.equal(await textOf(browser, "group-name"), "Choir, renamed");

    await click(browser, "delete-open");
    await (await $t(browser, "delete-confirm")).waitForDisplayed({ timeout: 5_000 });
    const what = await textOf(browser, "delete-what");
    assert.match(what, /^The group is removed from your Blooio account\./);
    await assertAccessible(browser, "the delete confirmation");
    await click(browser, "delete-confirm-cancel");
    assert.equal(await textOf(browser, "group-name"), "Choir, renamed");

    await click(browser, "delete-open");
    if (await (await $t(browser, "delete-type-name")).isExisting()) {
      assert.match(what, /Blooio's number also leaves the iMessage chat/);
      assert.equal(await (await $t(browser, "delete-confirm-confirm")).isEnabled(), false);
      await (await $t(browser, "delete-type-name")).setValue("Choir, renamed");
    }
    await click(browser, "delete-confirm-confirm");
    await waitForText(browser, "groups-notice", /^“Choir, renamed” was deleted\.$/);
    await (await $t(browser, "groups-search")).setValue("Choir, renamed");
    await waitForText(browser, "groups-count", /^No groups match “Choir, renamed”\.$/);
  });
});

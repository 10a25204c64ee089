// The installed package in the real window (run by scripts/test-packaging.sh, which builds an old and a new
// version, installs the old .deb with apt and serves updates from 127.0.0.1). In order: the installed app creates a
// group in sandbox mode; a tampered update is refused and the app keeps working; the genuine update is found,
// verified and installed, the app restarts into it, and a new launch reports the new version.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  startDriver, openApp, closeWindow, closeLikeAPerson, appPids, ready, fillForm, click, textOf, waitForText, shot,
  assertAccessible, singleInstanceNameOwned, $t,
} from "../harness.mjs";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`Run through scripts/test.sh packaging: ${name} is unset.`);
  return value;
};
const appBinary = env("BLOOIO_APP_BINARY");
const updateDir = env("BLOOIO_UPDATE_DIR");
const updateBase = env("BLOOIO_UPDATE_BASE");
const oldVersion = env("BLOOIO_OLD_VERSION");
const newVersion = env("BLOOIO_NEW_VERSION");
const newSignature = env("BLOOIO_NEW_SIGNATURE");
const NOTES = `A test release made by scripts/test-packaging.sh.\nIt proves the update path end to end.`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** What the update server offers: `latest.json` as the release workflow publishes it, for the .deb installer. */
function serve({ version, file }) {
  const latest = {
    version,
    notes: NOTES,
    pub_date: "2026-11-29T12:00:00Z",
    platforms: { "linux-x86_64-deb": { url: `${updateBase}/${file}`, signature: newSignature } },
  };
  writeFileSync(path.join(updateDir, "latest.json"), JSON.stringify(latest, null, 2));
}

/** The program file a process runs; "" once it has gone. */
function exeOf(pid) {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return "";
  }
}

const installedVersion = () =>
  execFileSync("dpkg-query", ["-W", "-f=${Version}", "blooio-groups"], { encoding: "utf8" }).trim();

let driver;
before(async () => {
  // The installed app as a person has it: its own keychain entry and sandbox mode, nothing pointing it elsewhere.
  driver = await startDriver({ BLOOIO_SANDBOX: "1" });
  // tauri-driver accepts connections before the WebKitWebDriver behind it does: the first session may be refused.
  for (let tries = 1; ; tries++) {
    try {
      await closeWindow(await openApp(driver));
      break;
    } catch (err) {
      if (tries === 20) throw err;
      await sleep(500);
    }
  }
});
after(() => driver?.stop());

async function createAGroup(browser, name) {
  await ready(browser, "bl_sandbox_demo_key");
  await fillForm(browser, { name, members: "+1 415 555 0132, ana@example.com" });
  await waitForText(browser, "member-counts", /2 will be added/);
  await click(browser, "create");
  // Practice mode words the result as a practice group; the group itself is real in the app's practice Blooio.
  await waitForText(browser, "result-heading", /created|is ready/);
  assert.match(await textOf(browser, "result-group-id"), /^grp_[A-Za-z0-9]+$/);
}

test("the installed app, started from its desktop entry, creates a group in sandbox mode", async () => {
  serve({ version: oldVersion, file: "new.deb" });
  const browser = await openApp(driver);
  try {
    await createAGroup(browser, "Installed crew");
    await shot(browser, "20-installed-app");
    // The start-up check found nothing newer: no notice.
    await sleep(1000);
    assert.equal(await (await $t(browser, "update-notice")).isExisting(), false);
  } finally {
    await closeWindow(browser);
  }
});

test("a tampered update is refused with a clear message, and the installed app keeps working", async () => {
  serve({ version: newVersion, file: "tampered.deb" });
  const browser = await openApp(driver);
  try {
    // Found by the check after the first frame, with what's new, and installed only when the operator chooses.
    assert.match(await textOf(browser, "update-notice"), new RegExp(`Blooio Groups ${newVersion} is available`));
    assert.match(await textOf(browser, "update-notes"), /proves the update path end to end/);
    assert.equal(installedVersion(), oldVersion);
    await click(browser, "update-install");
    const message = await textOf(browser, "update-failed", 60_000);
    assert.match(message, /not installed: its signature doesn't match the one Blooio Groups trusts/);
    await shot(browser, "21-tampered-update-refused");
    await assertAccessible(browser, "the refused update");
    assert.equal(installedVersion(), oldVersion, "nothing was installed");
    await click(browser, "update-later");
    await createAGroup(browser, "Still working");
  } finally {
    await closeWindow(browser);
  }
});

test("the genuine update is verified, installed, and the app restarts into the new version", async () => {
  serve({ version: newVersion, file: "new.deb" });
  const browser = await openApp(driver);
  const [oldPid] = appPids();
  let restarted;
  try {
    await textOf(browser, "update-notice");
    await shot(browser, "22-update-available");
    await assertAccessible(browser, "the update notice");
    await click(browser, "update-install");
    assert.match(await textOf(browser, "update-installed", 120_000), new RegExp(`${newVersion} is installed`));
    assert.equal(installedVersion(), newVersion, "apt's database has the new version");
    // The app restarts itself: the old process ends, and a new one runs the new program file (not the replaced one,
    // which /proc would show as "(deleted)").
    for (let waited = 0; waited < 20_000 && !restarted; waited += 200) {
      await sleep(200);
      restarted = appPids().find((pid) => pid !== oldPid && exeOf(pid) === appBinary);
      if (restarted && appPids().includes(oldPid)) restarted = undefined;
    }
    assert.ok(restarted, `the app did not restart after the update (running: ${appPids()})`);
  } finally {
    // The session's own process is gone: end the session without waiting on it.
    await Promise.race([browser.deleteSession().catch(() => {}), sleep(5_000)]);
  }
  // The restarted app shows its window; then it is closed the way a person closes a window.
  await sleep(1500);
  assert.ok(closeLikeAPerson(restarted) > 0, "the restarted app has a window");
  for (let waited = 0; waited < 10_000 && (appPids().length > 0 || singleInstanceNameOwned()); waited += 200) await sleep(200);
  assert.deepEqual(appPids(), [], "the restarted app closed when asked");

  const relaunched = await openApp(driver);
  try {
    await click(relaunched, "nav-about");
    await click(relaunched, "check-for-updates");
    assert.equal(
      await waitForText(relaunched, "update-check-status", /newest version/, 30_000),
      `You have the newest version (${newVersion}).`,
    );
    await shot(relaunched, "23-after-update");
  } finally {
    await closeWindow(relaunched);
  }
});

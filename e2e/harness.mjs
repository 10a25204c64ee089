// Shared plumbing for the end-to-end tests: a sandbox process, tauri-driver, and WebDriver sessions on the real
// app window. scripts/test.sh provides the display, the D-Bus session with GNOME Keyring, and the binaries.
import { spawn, execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import assert from "node:assert/strict";
import { before, after } from "node:test";
import { remote } from "webdriverio";

const appBinary = process.env.BLOOIO_APP_BINARY;
const sandboxBinary = process.env.BLOOIO_SANDBOX_BINARY;
const outputDir = process.env.BLOOIO_TEST_OUTPUT ?? path.resolve("test-output");
if (!appBinary || !sandboxBinary) {
  throw new Error("Run the end-to-end tests through scripts/test.sh (BLOOIO_APP_BINARY and BLOOIO_SANDBOX_BINARY are unset).");
}

export const TEST_KEY = "bl_live_e2e_test_key_5e7a";
export const KEYCHAIN_SERVICE = `com.blooio.groups.e2e-${process.pid}`;

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Starts the sandbox binary on a free port; resolves once it prints its URL. */
export async function startSandbox(keys = [TEST_KEY]) {
  const args = ["--port", "0", ...keys.flatMap((k) => ["--key", k])];
  const child = spawn(sandboxBinary, args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("sandbox did not start")), 10_000);
    lines.on("line", (line) => {
      const match = line.match(/listening on (\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const origin = new URL(url).origin;
  const admin = async (method, route, body) => {
    const res = await fetch(`${origin}/__sandbox/${route}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`sandbox admin ${route}: ${res.status}`);
    return res.headers.get("content-type")?.includes("json") ? res.json() : null;
  };
  return {
    url,
    inject: (fault) => admin("POST", "faults", fault),
    stats: () => admin("GET", "stats"),
    reset: () => admin("POST", "reset"),
    /** Blooio's rate limit: `perSecond` requests a second per key, or none with null. */
    rateLimit: (perSecond) => admin("POST", "rate-limit", { per_second: perSecond }),
    /** `count` varied groups for `key` at once ("Golden Choir 42", two members each, every fifth linked). */
    seed: (count, key = TEST_KEY) => admin("POST", "seed", { count, key }),
    stop: () => child.kill("SIGTERM"),
  };
}

/** Starts tauri-driver; the app it launches inherits `env`. */
export async function startDriver(env) {
  const port = await freePort();
  const nativePort = await freePort();
  const child = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  // Wait until it accepts connections, and so does the WebKitWebDriver it starts behind it: a session asked for
  // before that one listens has its connection dropped (UND_ERR_SOCKET), which a cold first start on a loaded
  // machine has shown.
  await accepting(port);
  await accepting(nativePort);
  return { port, stop: () => child.kill("SIGTERM") };
}

/** Waits (up to 10 s) until something accepts connections on `port`. */
async function accepting(port) {
  for (let i = 0; i < 100; i++) {
    const ready = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const DRAFT_STORAGE_KEY = "blooio-groups.draft";

/**
 * Opens the app in a fresh WebDriver session: a new app process each time. The window keeps the operator's draft
 * across launches (local storage, in the run's hermetic data folder); each test starts from an empty form unless it
 * asks to keep what an earlier launch left (`keepDraft`).
 */
export async function openApp(driver, { keepDraft = false } = {}) {
  const browser = await newSession(driver);
  await browser.setTimeout({ implicit: 0 });
  if (!keepDraft) {
    const hadDraft = await browser.execute((key) => {
      const had = localStorage.getItem(key) !== null;
      localStorage.removeItem(key);
      return had;
    }, DRAFT_STORAGE_KEY);
    if (hadDraft) await browser.refresh();
  }
  return browser;
}

/**
 * A WebDriver session on a new app process. On a loaded machine WebKitWebDriver has been seen to drop the
 * connection while it starts the app (UND_ERR_SOCKET, before any page exists); that start is tried once more, after
 * any process it left has gone. Any other failure, or a second drop, fails the test.
 */
async function newSession(driver) {
  const options = {
    hostname: "127.0.0.1",
    port: driver.port,
    logLevel: "error",
    connectionRetryCount: 0,
    capabilities: {
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: appBinary },
    },
  };
  try {
    return await remote(options);
  } catch (err) {
    if (!String(err).includes("UND_ERR_SOCKET")) throw err;
    console.error(`  # the WebDriver session did not start (${String(err).split("\n")[0]}); starting the app once more`);
    await appGone(10_000);
    return remote(options);
  }
}

/** An app with the sandbox behind it and an isolated keychain entry. */
export async function launch({ keys, extraEnv = {}, baseUrl } = {}) {
  const sandbox = await startSandbox(keys);
  const driver = await startDriver({
    BLOOIO_BASE_URL: baseUrl ? baseUrl(sandbox.url) : sandbox.url,
    BLOOIO_KEYCHAIN_SERVICE: KEYCHAIN_SERVICE,
    ...extraEnv,
  });
  return {
    sandbox,
    driver,
    open: (options) => openApp(driver, options),
    async stop() {
      driver.stop();
      sandbox.stop();
    },
  };
}

/**
 * One app (sandbox, tauri-driver, keychain entry) for the test file that calls this: started before its first
 * test, stopped after its last, with the keychain entry cleared on both sides.
 */
export function appForThisFile(options) {
  const handle = {};
  before(async () => {
    clearKeychain();
    Object.assign(handle, await launch(options));
  });
  after(async () => {
    await handle.stop?.();
    clearKeychain();
  });
  return handle;
}

export const $t = (browser, id) => browser.$(`[data-testid="${id}"]`);

/** Waits for an element by test id and returns its visible text. */
export async function textOf(browser, id, timeout = 10_000) {
  const el = await $t(browser, id);
  await el.waitForDisplayed({ timeout });
  return el.getText();
}

/** Waits until the element's text matches: the window validates as the operator types, so text settles later. */
export async function waitForText(browser, id, pattern, timeout = 10_000) {
  let last = "";
  try {
    await browser.waitUntil(
      async () => {
        const el = await $t(browser, id);
        last = (await el.isExisting()) ? await el.getText() : "";
        return pattern.test(last);
      },
      { timeout, interval: 50 },
    );
  } catch {
    throw new Error(`[data-testid="${id}"] never matched ${pattern}; last text: ${JSON.stringify(last)}`);
  }
  return last;
}

export async function shot(browser, name) {
  mkdirSync(outputDir, { recursive: true });
  // WebKit's snapshot can show the last painted frame, older than the DOM: let two frames go by first.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  // WebKitWebDriver takes the picture at the page's next paint. Without GPU compositing (the app's setting on
  // Linux, src-tauri/src/rendering.rs) an idle page does not paint again, and the request would wait forever;
  // a few imperceptible repaints while it waits make sure one comes.
  await browser.execute(() => {
    const root = document.documentElement;
    for (const [ms, opacity] of [[40, "0.999"], [80, ""], [400, "0.999"], [440, ""], [1500, "0.999"], [1540, ""]]) {
      setTimeout(() => { root.style.opacity = opacity; }, ms);
    }
  });
  await browser.saveScreenshot(path.join(outputDir, `${name}.png`));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core on what the window shows now and fails on any serious or critical violation, naming the rule, the
 * elements (as CSS selectors) and what axe found wrong with each. `screen` names the state for the message.
 * Each app process is a fresh page, so the script is injected once per page.
 */
export async function assertAccessible(browser, screen) {
  if (!(await browser.execute(() => typeof window.axe === "object"))) await browser.execute(axeSource);
  const outcome = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ["violations"] })
      .then((results) =>
        done({
          violations: results.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary ?? "" })),
            })),
        }),
      )
      .catch((err) => done({ error: String(err) }));
  });
  assert.equal(outcome.error, undefined, `axe-core could not check ${screen}: ${outcome.error}`);
  const report = outcome.violations
    .map((v) => [
      `${v.id} (${v.impact}): ${v.help}`,
      ...v.nodes.map((n) => `  ${n.target}\n    ${n.summary.replaceAll("\n", "\n    ")}`),
    ].join("\n"))
    .join("\n");
  assert.equal(outcome.violations.length, 0, `accessibility problems on ${screen}:\n${report}`);
}

/** What has the keyboard's focus: its test id (or its tag when it has none) and its text. */
export function focused(browser) {
  return browser.execute(() => {
    const el = document.activeElement;
    return { id: el?.getAttribute("data-testid") ?? el?.tagName ?? "", text: el?.textContent?.trim() ?? "" };
  });
}

/** The value stored in the real keychain for this test run, read with secret-tool (a separate process). */
export function keychainValue(account = "api-key") {
  try {
    return execFileSync("secret-tool", ["lookup", "service", KEYCHAIN_SERVICE, "username", account], {
      encoding: "utf8",
    });
  } catch {
    return null;
  }
}

export function clearKeychain() {
  for (const account of ["api-key", "sandbox-api-key"]) {
    try {
      execFileSync("secret-tool", ["clear", "service", KEYCHAIN_SERVICE, "username", account]);
    } catch {
      // Nothing stored: already clear.
    }
  }
}

/** Saves the test key through the window's first-run screen. */
export async function saveKeyThroughWindow(browser, key = TEST_KEY) {
  const input = await $t(browser, "api-key-input");
  await input.waitForDisplayed({ timeout: 10_000 });
  await input.setValue(key);
  await (await $t(browser, "save-key")).click();
  await (await $t(browser, "group-form")).waitForDisplayed({ timeout: 10_000 });
  await accountSettled(browser);
}

/**
 * Waits until the window has finished checking the key with Blooio (it does so at start and after every save): a
 * fault injected into the sandbox afterwards is then met by the test's own request, not by that check.
 */
export async function accountSettled(browser) {
  let state = "";
  await browser.waitUntil(
    async () => {
      const el = await $t(browser, "open-key-screen");
      state = (await el.isExisting()) ? await el.getAttribute("data-state") : "";
      return state !== "" && state !== "loading" && state !== "checking";
    },
    { timeout: 15_000, interval: 50, timeoutMsg: `the key check never finished (account state ${JSON.stringify(state)})` },
  );
  return state;
}

/** Types into the group form. */
export async function fillForm(browser, { name, members, guid, mode } = {}) {
  // The form shows the link to the other mode only: follow it when the draft is in the other one.
  for (const wanted of ["link", "new"]) {
    const toggle = await $t(browser, `mode-${wanted}`);
    if (mode === wanted && (await toggle.isExisting())) await toggle.click();
  }
  if (name !== undefined) await (await $t(browser, "name-input")).setValue(name);
  if (guid !== undefined) await (await $t(browser, "guid-input")).setValue(guid);
  if (members !== undefined) await (await $t(browser, "members-input")).setValue(members);
}

/** Runs `fn` with a fresh app window, closing it afterwards whatever happens. */
export async function withWindow(env, fn, options) {
  const browser = await env.open(options);
  try {
    return await fn(browser);
  } finally {
    await closeWindow(browser);
  }
}

/**
 * Ends the session and waits for the app process to be gone: the app is single-instance, so a new launch while
 * the old one is still exiting would hand over to it and quit.
 *
 * WebKitWebDriver ends a session by closing the page through WebKit's automation and then ending the app it
 * launched. With WebKitGTK's GPU compositing off (as the app runs on Linux, src-tauri/src/rendering.rs) that close
 * sometimes never completes and the app is left running with its window open; the window is then closed the way a
 * person closes it (the window manager's close request), which the app must obey within seconds.
 */
export async function closeWindow(browser) {
  const ended = browser.deleteSession().catch(() => {});
  await Promise.race([ended, sleep(5_000)]);
  if (await appGone(5_000)) return;
  const pids = appPids();
  const asked = pids.map((pid) => closeLikeAPerson(pid));
  console.error(`  # the session's end left the app running (pids ${pids}); asked ${asked} window(s) to close`);
  if (await appGone(10_000)) return;
  let windows = "";
  try {
    windows = execFileSync("xwininfo", ["-root", "-tree"], { encoding: "utf8" });
  } catch {}
  throw new Error(`the app did not exit after its session ended, nor after its window was closed (pids ${pids}, windows asked ${asked}, now running ${appPids()})\n${windows}`);
}

/** Asks the window manager's way (WM_DELETE_WINDOW) that the windows of process `pid` close. */
export function closeLikeAPerson(pid) {
  try {
    return Number(execFileSync("python3", [path.join(import.meta.dirname, "close-window.py"), String(pid)], { encoding: "utf8" }).trim());
  } catch (err) {
    if (err.status === 1) return 0; // no window of that process left to close
    throw err; // no python3, no display: say so instead of reporting zero windows
  }
}

/** Every file under `dir` (none when it doesn't exist). */
export function filesUnder(dir) {
  let out = [];
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const full = path.join(dir, name);
    // Gone since the listing (WebKit closing a database): nothing there to check.
    const info = statSync(full, { throwIfNoEntry: false });
    if (!info) continue;
    if (info.isDirectory()) out = out.concat(filesUnder(full));
    else if (info.isFile()) out.push(full);
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function appGone(timeoutMs) {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (!appRunning() && !singleInstanceNameOwned()) return true;
    await sleep(50);
  }
  return false;
}

export function appPids() {
  try {
    return execFileSync("pgrep", ["-f", appBinary], { encoding: "utf8" }).split("\n").filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function appRunning() {
  return appPids().length > 0;
}

/** A running instance holds this D-Bus name; a later launch hands over to its owner (src-tauri/src/single_instance.rs). */
export function singleInstanceNameOwned() {
  try {
    const out = execFileSync(
      "dbus-send",
      ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
        "org.freedesktop.DBus.NameHasOwner", "string:com.blooio.groups.SingleInstance"],
      { encoding: "utf8" },
    );
    return /boolean true/.test(out);
  } catch {
    return false;
  }
}

/** Waits for the first screen; saves the key through the key screen when none is stored yet. */
export async function ready(browser, key = TEST_KEY) {
  await browser.waitUntil(
    async () => (await (await $t(browser, "group-form")).isExisting()) || (await (await $t(browser, "key-panel")).isExisting()),
    { timeout: 10_000, interval: 50 },
  );
  if (await (await $t(browser, "key-panel")).isExisting()) await saveKeyThroughWindow(browser, key);
  await accountSettled(browser);
}

export async function valueOf(browser, id) {
  return (await $t(browser, id)).getValue();
}

export async function click(browser, id) {
  const el = await $t(browser, id);
  await el.waitForClickable({ timeout: 10_000 });
  await el.click();
}

/** Puts text into a field the way a paste does: all at once, then one input event. */
export async function paste(browser, id, text) {
  await browser.execute(
    (testId, value) => {
      const el = document.querySelector(`[data-testid="${testId}"]`);
      el.focus();
      el.value = value;
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    id,
    text,
  );
}

/**
 * Answers the app's native GTK file dialog titled `title` from the keyboard, as a person would: the open dialog
 * with Ctrl+L and the file's absolute path, the save dialog by replacing the name with the absolute path (or, with
 * `filePath` null, keeping the name and folder it offers); then Enter. Needs xdotool (scripts/setup.sh). Xvfb has no window manager, so the dialog is focused directly.
 */
export async function answerFileDialog(title, filePath, { save = false } = {}) {
  const found = execFileSync("xdotool", ["search", "--sync", "--onlyvisible", "--name", `^${title}$`], {
    encoding: "utf8",
    timeout: 15_000,
  });
  const id = found.trim().split("\n")[0];
  execFileSync("xdotool", ["windowfocus", "--sync", id], { timeout: 5_000 });
  await sleep(300);
  if (filePath !== null) {
    execFileSync("xdotool", ["key", "--clearmodifiers", save ? "ctrl+a" : "ctrl+l"], { timeout: 5_000 });
    await sleep(200);
    execFileSync("xdotool", ["type", "--delay", "15", filePath], { timeout: 20_000 });
    await sleep(300);
  }
  execFileSync("xdotool", ["key", "--clearmodifiers", "Return"], { timeout: 5_000 });
}

/** Closes the app's native file dialog titled `title` without choosing (Escape). */
export async function cancelFileDialog(title) {
  const found = execFileSync("xdotool", ["search", "--sync", "--onlyvisible", "--name", `^${title}$`], {
    encoding: "utf8",
    timeout: 15_000,
  });
  execFileSync("xdotool", ["windowfocus", "--sync", found.trim().split("\n")[0]], { timeout: 5_000 });
  await sleep(300);
  execFileSync("xdotool", ["key", "Escape"], { timeout: 5_000 });
}

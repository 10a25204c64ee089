// Measures Blooio Groups' own window against a sandbox process, through tauri-driver and WebKitWebDriver:
//   create: click "Create group" -> the result panel is in the page ("dom"), and -> the next animation frame after
//           it, with that frame's style and layout done ("frame": what the operator sees, bar painting);
//   validation: 1,000 pasted members -> "1000 will be added", the preview's first 25 rows and "…and 975 more"
//           are in the page, and -> the next frame likewise;
//   the same paste with no validation (WebKit's own cost of drawing it), and, to tell the back end's share from
//   the page's, the same two IPC commands called directly (no UI);
//   then, with --groups seeded groups, the Groups screen: opened, searched, scrolled end to end (groups.mjs).
// Every timing is taken inside the page with performance.now() and a MutationObserver, in one `execute` call, so
// WebDriver's own round trips are outside the measured span. Prints one line of JSON on stdout.
//   node bench/window.mjs --creates 50 --validations 20 --warmup 3 --groups 10000 --opens 20 --searches 10
// scripts/bench.sh provides the display, the D-Bus session with its throwaway keyring, and the binaries
// (BLOOIO_APP_BINARY, BLOOIO_SANDBOX_BINARY), as scripts/test.sh does for the end-to-end tests.
import { execFileSync } from "node:child_process";
import { launch, saveKeyThroughWindow, $t } from "../e2e/harness.mjs";
import { measureGroups } from "./groups.mjs";
import { median, pageHelpers, summary } from "./page.mjs";

const KEY = "bl_live_bench_key_0001";
const KEYCHAIN_SERVICE = "com.blooio.groups.bench";
const SEED = 7; // member numbers: the scheme of crates/blooio-core/examples/create_bench.rs, seed 7

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const creates = option("creates", 50);
const validations = option("validations", 20);
const warmup = option("warmup", 3);
const groups = option("groups", 10_000);
const opens = option("opens", 20);
const searches = option("searches", 10);
// px/s: about 330 rows a second, a fast fling; the whole of 10,000 rows in 30 s.
const scrollSpeed = option("scroll-speed", 20_000);

const log = (...args) => console.error("  window:", ...args);

/** Exchanges 220–999 without the N11 service codes, so every number is a valid US number. */
function exchange(k) {
  const all = [];
  for (let e = 220; e < 1000 && all.length <= k; e++) if (e % 100 !== 11) all.push(e);
  return all[k];
}
const pad = (n, width) => String(n).padStart(width, "0");

/** Two members for create `i`, written as people paste them; unique per i (< 10,000). */
function createMembers(i) {
  const e = 200 + 10 * SEED + Math.floor(i / 10_000);
  const line = pad(i % 10_000, 4);
  return `(415) ${e}-${line}, +1 212 ${e} ${line}`;
}

/** 1,000 distinct, valid entries in assorted formats; a new set for each round (results are memoised per entry). */
function pastedList(round) {
  const e = exchange(round);
  return Array.from({ length: 1000 }, (_, i) => {
    const line = pad(i, 4);
    switch (i % 4) {
      case 0: return `(415) ${e}-${line}`;
      case 1: return `+1 212 ${e} ${line}`;
      case 2: return `person${round}.${i}@example.com`;
      default: return `646.${e}.${line}`;
    }
  }).join("\n");
}

const createScript = `
  const [name, members] = arguments;
  ${pageHelpers()}
  return (async () => {
    if (q("result")) { q("create-another").click(); await until(() => q("group-form"), 10000, "the form"); }
    set(q("name-input"), name);
    set(q("members-input"), members);
    await until(() => /^\\s*2 will be added/.test(q("member-counts")?.textContent ?? ""), 10000, "the members to validate");
    await frame(); await frame();
    const t0 = performance.now();
    q("create").click();
    const inPage = await until(() => q("result") || q("error-summary") || document.querySelector('[role="alert"]'), 10000, "the result");
    const painted = await frame();
    const id = q("result-group-id")?.textContent ?? null;
    const problem = q("result") ? null : (document.querySelector('[role="alert"]')?.textContent ?? "no result").trim();
    return { dom: inPage - t0, frame: painted - t0, id, problem };
  })();
`;

const validationScript = `
  const [list, expected] = arguments;
  ${pageHelpers()}
  return (async () => {
    if (q("result")) { q("create-another").click(); await until(() => q("group-form"), 10000, "the form"); }
    const box = q("members-input");
    set(box, "");
    await until(() => !q("member-counts"), 10000, "the preview to clear");
    await frame(); await frame();
    const t0 = performance.now();
    set(box, list);
    const inPage = await until(() => (q("member-counts")?.textContent ?? "").trim().startsWith(expected), 20000, expected);
    const painted = await frame();
    const rows = document.querySelectorAll('[data-testid="member-row"]').length;
    const more = q("member-more")?.textContent ?? "";
    set(box, "");
    return { dom: inPage - t0, frame: painted - t0, rows, more };
  })();
`;

// The floor: the same paste drawn by the same textarea with no validation at all (the value is set without an
// `input` event, so the form never hears of it): what WebKit itself needs to show 1,000 pasted lines.
const pasteOnlyScript = `
  const [list] = arguments;
  ${pageHelpers()}
  return (async () => {
    if (q("result")) { q("create-another").click(); await until(() => q("group-form"), 10000, "the form"); }
    const box = q("members-input");
    set(box, "");
    await frame(); await frame();
    const t0 = performance.now();
    box.value = list;
    const painted = await frame();
    box.value = "";
    await frame();
    return { frame: painted - t0 };
  })();
`;

// Diagnostics without the UI: the same IPC commands the form calls, timed around `invoke` only.
const ipcCreateScript = `
  const [name, members] = arguments;
  return (async () => {
    const draft = { name, chat_guid: "", members, default_region: "US" };
    const t0 = performance.now();
    const answer = await window.__TAURI_INTERNALS__.invoke("create_group", { draft });
    const ms = performance.now() - t0;
    // CreatedGroup, or since the reconciling create { created: CreatedGroup, recovered }.
    return { ms, id: (answer.created ?? answer).group_id };
  })();
`;
const ipcCheckScript = `
  const [list] = arguments;
  return (async () => {
    const draft = { name: "", chat_guid: "", members: list, default_region: "US" };
    const t0 = performance.now();
    const report = await window.__TAURI_INTERNALS__.invoke("check_draft", { draft });
    const ms = performance.now() - t0;
    return { ms, accepted: report.members.ok, bytes: JSON.stringify(report).length };
  })();
`;

const env = await launch({ keys: [KEY], extraEnv: { BLOOIO_KEYCHAIN_SERVICE: KEYCHAIN_SERVICE } });
let browser;
try {
  browser = await env.open();
  const form = await $t(browser, "group-form");
  const keyInput = await $t(browser, "api-key-input");
  await browser.waitUntil(async () => (await form.isDisplayed()) || (await keyInput.isDisplayed()), { timeout: 15_000 });
  if (!(await form.isDisplayed())) await saveKeyThroughWindow(browser, KEY);

  const createRuns = [];
  for (let i = 0; i < warmup + creates; i++) {
    const run = await browser.execute(createScript, `Bench window ${i}`, createMembers(i));
    if (run.problem || !/^grp_/.test(run.id ?? "")) throw new Error(`create ${i} failed: ${run.problem ?? run.id}`);
    if (i >= warmup) createRuns.push(run);
  }
  log(`create: ${creates} runs, median ${median(createRuns.map((r) => r.frame)).toFixed(1)} ms to the next frame`);

  const validationRuns = [];
  for (let i = 0; i < warmup + validations; i++) {
    const run = await browser.execute(validationScript, pastedList(i), "1000 will be added");
    if (run.rows !== 25 || !/975 more/.test(run.more)) {
      throw new Error(`validation ${i}: ${run.rows} rows and ${JSON.stringify(run.more)} instead of 25 rows and 975 more`);
    }
    if (i >= warmup) validationRuns.push(run);
  }
  log(`validation: ${validations} runs, median ${median(validationRuns.map((r) => r.frame)).toFixed(1)} ms to the next frame`);

  const pasteOnly = [];
  for (let i = 0; i < warmup + validations; i++) {
    const run = await browser.execute(pasteOnlyScript, pastedList(200 + i));
    if (i >= warmup) pasteOnly.push(run.frame);
  }
  log(`the same paste without validation: median ${median(pasteOnly).toFixed(1)} ms to the next frame`);

  // The same work through IPC alone, to tell the back end's share from the page's.
  const ipcCreates = [];
  for (let i = 0; i < creates; i++) {
    const run = await browser.execute(ipcCreateScript, `Bench ipc ${i}`, createMembers(5000 + i));
    if (!/^grp_/.test(run.id ?? "")) throw new Error(`IPC create ${i} failed: ${JSON.stringify(run)}`);
    ipcCreates.push(run.ms);
  }
  const ipcChecks = [];
  let ipcBytes = 0;
  for (let i = 0; i < validations; i++) {
    const run = await browser.execute(ipcCheckScript, pastedList(100 + i));
    if (run.accepted !== 1000) throw new Error(`IPC check_draft accepted ${run.accepted} of 1000`);
    ipcChecks.push(run.ms);
    ipcBytes = run.bytes;
  }
  log(`IPC only: create_group median ${median(ipcCreates).toFixed(1)} ms, check_draft (1,000) ${median(ipcChecks).toFixed(1)} ms`);

  const stats = await env.sandbox.stats();
  if (stats.groups !== warmup + 2 * creates) throw new Error(`the sandbox holds ${stats.groups} groups, expected ${warmup + 2 * creates}`);
  const groupsScreen = groups > 0
    ? await measureGroups(browser, env.sandbox, KEY, { groups, opens, searches, warmup, speed: scrollSpeed, log })
    : undefined;
  console.log(JSON.stringify({
    create: summary(createRuns),
    validation: summary(validationRuns),
    paste_only: { n: pasteOnly.length, frame_median_ms: median(pasteOnly), frame_max_ms: Math.max(...pasteOnly) },
    ipc: { create_median_ms: median(ipcCreates), check_draft_median_ms: median(ipcChecks), check_draft_response_bytes: ipcBytes },
    sandbox: stats,
    groups: groupsScreen,
  }));
} finally {
  await browser?.deleteSession().catch(() => {});
  await env.stop();
  for (const account of ["api-key", "sandbox-api-key"]) {
    try {
      execFileSync("secret-tool", ["clear", "service", KEYCHAIN_SERVICE, "username", account]);
    } catch {
      // nothing stored
    }
  }
}

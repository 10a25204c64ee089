// The Groups screen with many groups in the sandbox (issue 12), in the window window.mjs drives:
//   open: click the sidebar's Groups -> the first page's rows are in the page ("dom") -> the next frame ("frame");
//   search: the answer to `GET /groups?q=` reaches the page (the `groups-answer` mark GroupsScreen.svelte makes
//           when `list_groups` returns) -> the rows of the results are in the page -> the next frame;
//   scroll: the list from its top to its bottom at a steady speed, set per animation frame from the time elapsed
//           (as a fling moves content: a slow frame jumps further rather than slowing the scroll), recording the
//           time between animation frames, and how many frames showed a row in view still loading.
// Timed inside the page, like window.mjs: one `execute` per run, WebDriver's round trips outside the span.
import { median, pageHelpers, percentile, summary } from "./page.mjs";

/** Seeded names are "<adjective> <noun> <n>" (crates/blooio-sandbox/src/store/seed.rs): every one of these matches
 * some of the first 256 groups, so smoke runs with few groups search too. Warm-ups take the first ones. */
const QUERIES = [
  "Early", "Coral Squad", "Green", "Golden Choir", "Silver", "Maple Crew", "Quiet", "Hikers", "North League", "Studio",
  "Wild Friends", "Amber Class", "Runners", "Lucky Team", "Blue", "Sunny Parents", "Calm", "Rapid Project", "Book club",
  "Bright Neighbours",
];

/** The count says "10,000 groups." (whatever the locale's digit grouping) for the whole list of `total`, or
 * "12 groups match “Golden”." for a search. The search box changes the words at once, before the list is asked
 * again: only the figure tells the whole list from a search's results. */
const countScript = `
  const countSays = (query, total) => {
    const text = (q("groups-count")?.textContent ?? "").replace(/\\s+/g, " ").trim();
    return query === ""
      ? /^[\\d.,\\u00a0\\u202f ]+ groups?\\.$/.test(text) && text.replace(/\\D/g, "") === String(total)
      : text.endsWith(" match “" + query + "”.");
  };
  const names = () => [...document.querySelectorAll('[data-testid="group-row-name"]')].map((el) => el.textContent);
`;

// From another screen (the form), click Groups in the sidebar; the first page is drawn when the count and a row's
// name are in the page.
const openScript = `
  const [total] = arguments;
  ${pageHelpers()}
  ${countScript}
  return (async () => {
    if (q("groups")) { q("nav-create").click(); await until(() => !q("groups"), 10000, "another screen"); }
    await frame(); await frame();
    const t0 = performance.now();
    q("nav-groups").click();
    const inPage = await until(() => countSays("", total) && names().length > 0, 20000, "the first page of groups");
    const painted = await frame();
    const answer = performance.getEntriesByName("groups-answer").find((m) => m.detail?.q === "" && m.detail?.offset === 0);
    return { dom: inPage - t0, frame: painted - t0, answer: answer ? answer.startTime - t0 : null, rows: names().length };
  })();
`;

// Types a query at once (one input event, as a paste); the screen waits for typing to pause, then asks. Timed from
// the answer's mark: the results are in the page when the count names the query and every row drawn matches it.
const searchScript = `
  const [query, total] = arguments;
  ${pageHelpers()}
  ${countScript}
  return (async () => {
    const box = q("groups-search");
    if (box.value !== "") {
      set(box, "");
      await until(() => countSays("", total) && names().length > 0, 20000, "the whole list again");
    }
    await frame(); await frame();
    set(box, query);
    const lower = query.toLowerCase();
    const inPage = await until(() => countSays(query) && names().length > 0 && names().every((n) => n.toLowerCase().includes(lower)),
      20000, "the results for " + query);
    const painted = await frame();
    const answer = performance.getEntriesByName("groups-answer").find((m) => m.detail?.q === query && m.detail?.offset === 0);
    if (!answer) return { problem: "no groups-answer mark for " + query };
    return { dom: inPage - answer.startTime, frame: painted - answer.startTime, rows: names().length };
  })();
`;

// Scrolls the list to its bottom at `speed` px/s. Each animation frame records its time, notes whether a row in
// view is still "Loading…", and sets the position the elapsed time calls for.
const scrollScript = `
  const [speed, total] = arguments;
  ${pageHelpers()}
  ${countScript}
  return (async () => {
    const list = q("groups-list");
    if (q("groups-search").value !== "") set(q("groups-search"), "");
    if (list.scrollTop !== 0) { list.scrollTop = 0; await frame(); }
    await until(() => countSays("", total) && names().length > 0, 20000, "the first rows");
    await frame(); await frame();
    const bottom = list.scrollHeight - list.clientHeight;
    const loadingInView = () => {
      const top = list.scrollTop, height = list.clientHeight;
      for (const row of list.querySelectorAll(".group-row")) {
        if (row.querySelector('[data-testid="group-row-name"]')) continue;
        const y = parseFloat(row.style.top);
        if (y + row.offsetHeight > top && y < top + height) return true;
      }
      return false;
    };
    const times = [];
    let loading = 0;
    await new Promise((resolve) => {
      let start = null;
      const step = () => {
        const now = performance.now();
        times.push(now);
        if (loadingInView()) loading++;
        if (start === null) start = now;
        if (list.scrollTop >= bottom) return resolve();
        list.scrollTop = Math.min(bottom, Math.round((now - start) * speed / 1000));
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    const deltas = times.slice(1).map((t, i) => t - times[i]);
    // The whole list was scrolled: its last row is drawn once its page is in.
    await until(() => {
      const rows = [...list.querySelectorAll('[data-testid="group-row"]')];
      const last = rows.find((r) => r.getAttribute("aria-posinset") === r.getAttribute("aria-setsize"));
      return last?.querySelector('[data-testid="group-row-name"]') != null;
    }, 20000, "the last row");
    return { deltas, loading, bottom, seconds: (times.at(-1) - times[0]) / 1000 };
  })();
`;

/**
 * Puts exactly `groups` seeded groups on the sandbox's account for `key` (after a reset: what earlier steps created
 * goes), then measures. `browser` shows the app with that key saved. Returns the figures for window.json.
 */
export async function measureGroups(browser, sandbox, key, { groups, opens, searches, warmup, speed, log }) {
  if (warmup + searches > QUERIES.length) throw new Error(`at most ${QUERIES.length - warmup} searches`);
  await sandbox.reset();
  const seeded = await sandbox.seed(groups, key);
  if (seeded.groups !== groups) throw new Error(`the sandbox holds ${seeded.groups} groups after seeding ${groups}`);
  // The scroll at the speed asked takes this long; the page's script must be allowed that and more.
  await browser.setTimeout({ script: 60_000 + Math.ceil((groups * 60 * 1000) / speed) * 3 });

  const openRuns = [];
  for (let i = 0; i < warmup + opens; i++) {
    const run = await browser.execute(openScript, groups);
    if (run.answer === null) throw new Error(`open ${i}: no groups-answer mark for the first page`);
    if (i >= warmup) openRuns.push(run);
  }
  log(`groups, open: ${opens} runs, median ${median(openRuns.map((r) => r.frame)).toFixed(1)} ms to the next frame`);

  const searchRuns = [];
  for (let i = 0; i < warmup + searches; i++) {
    const run = await browser.execute(searchScript, QUERIES[i], groups);
    if (run.problem) throw new Error(`search ${i}: ${run.problem}`);
    if (i >= warmup) searchRuns.push({ ...run, query: QUERIES[i] });
  }
  log(`groups, search: ${searches} queries, median ${median(searchRuns.map((r) => r.frame)).toFixed(1)} ms from the answer to the next frame`);

  const scroll = await browser.execute(scrollScript, speed, groups);
  const frames = scroll.deltas;
  log(`groups, scroll: ${frames.length} frames in ${scroll.seconds.toFixed(1)} s, median ${median(frames).toFixed(1)} ms between frames`);

  return {
    groups,
    open: { ...summary(openRuns), answer_median_ms: median(openRuns.map((r) => r.answer)), rows_drawn: openRuns[0]?.rows },
    search: { ...summary(searchRuns), queries: searchRuns.map((r) => r.query) },
    scroll: {
      frames: frames.length,
      px: scroll.bottom,
      speed_px_s: speed,
      seconds: scroll.seconds,
      frame_median_ms: median(frames),
      frame_p90_ms: percentile(frames, 0.9),
      frame_max_ms: Math.max(...frames),
      over_16_ms: frames.filter((d) => d > 16).length,
      // Longer than two 60 Hz refreshes: a hitch a person sees.
      over_33_ms: frames.filter((d) => d > 33).length,
      loading_frames: scroll.loading,
    },
  };
}

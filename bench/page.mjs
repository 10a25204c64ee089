// What the window benchmarks (window.mjs, groups.mjs) share: helpers sent into the page, and the statistics.

/**
 * Source of helpers for a script run in the page by WebDriver's `execute`: only a script's text is sent, so they
 * are pasted into it.
 */
export function pageHelpers() {
  return `
    const q = (id) => document.querySelector('[data-testid="' + id + '"]');
    // The next animation frame, with its style and layout done (forced here; only painting is left after it).
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => { void document.body.offsetHeight; resolve(performance.now()); }));
    const until = (predicate, timeoutMs, what) => new Promise((resolve, reject) => {
      if (predicate()) return resolve(performance.now());
      const observer = new MutationObserver(() => {
        if (predicate()) { const t = performance.now(); observer.disconnect(); clearTimeout(timer); resolve(t); }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      const timer = setTimeout(() => { observer.disconnect(); reject(new Error("timed out waiting for " + what)); }, timeoutMs);
    });
    const set = (el, value) => { el.value = value; el.dispatchEvent(new Event("input", { bubbles: true })); };
  `;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(Math.max(Math.ceil(p * s.length), 1), s.length) - 1];
};

/** Runs of `{dom, frame}`: the medians, and the frame's p90 and max. */
export const summary = (runs) => ({
  n: runs.length,
  dom_median_ms: median(runs.map((r) => r.dom)),
  frame_median_ms: median(runs.map((r) => r.frame)),
  frame_p90_ms: percentile(runs.map((r) => r.frame), 0.9),
  frame_max_ms: Math.max(...runs.map((r) => r.frame)),
});

import { describe, expect, it } from "vitest";
import type { JobCounts } from "../../bindings/JobCounts";
import type { RunProgress } from "../../bindings/RunProgress";
import { countsText, paceText, phaseText, rowStateText } from "./runWords";

const counts = (c: Partial<JobCounts>): JobCounts => ({
  total: 10, pending: 0, sending: 0, created: 0, conflict: 0, failed: 0, unsettled: 0, skipped: 0, ...c,
});

describe("the bulk run in words", () => {
  it("names each wait and pause with what happens next", () => {
    const at = () => "14:02";
    expect(phaseText({ phase: "waiting", reason: "rate_limited", until_ms: 1 }, at)).toBe(
      "Blooio asked to slow down. Going on by itself at 14:02.",
    );
    expect(phaseText({ phase: "paused", reason: "blooio", problem: { code: "NoDevice" } }, at)).toMatch(
      /^Paused: .*iPhone.* Resume when that is dealt with/,
    );
    expect(phaseText({ phase: "paused", reason: "operator" }, at)).toContain("until you resume");
  });

  it("counts only what happened", () => {
    expect(countsText(counts({ created: 7 }))).toBe("7 created");
    expect(countsText(counts({ created: 7, conflict: 1, failed: 2, unsettled: 1 }))).toBe(
      "7 created · 1 already existed · 2 failed · 1 not known yet",
    );
  });

  it("gives a pace once it is known", () => {
    const progress: RunProgress = {
      job: 1, phase: { phase: "sending" }, counts: counts({}), done: 3, per_minute: 120.4, seconds_left: 150, row: null,
    };
    expect(paceText(progress)).toBe("120 per minute · about 3 minutes left");
    expect(paceText({ ...progress, per_minute: null, seconds_left: null })).toBe("");
    expect(rowStateText("conflict")).toBe("Already exists");
  });
});

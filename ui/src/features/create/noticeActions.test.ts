import { describe, expect, it } from "vitest";
import type { Problem } from "../../bindings/Problem";
import { noticeActions } from "./noticeActions";

const on = { tryAgain: () => {}, updateKey: () => {}, openExisting: () => {} };
const labels = (p: Problem) => noticeActions(p, on).map((a) => [a.label, a.waitSecs ?? 0]);

describe("noticeActions", () => {
  it("offers Try again only where sending again cannot make a second group", () => {
    expect(labels({ code: "NotCreated", cause: { code: "Unreachable" } })).toEqual([["Try again", 0]]);
    expect(labels({ code: "FailedNotCreated", cause: { code: "NoDevice" } })).toEqual([["Try again", 0]]);
    expect(labels({ code: "Timeout", sent: false })).toEqual([["Try again", 0]]);
    expect(labels({ code: "Timeout", sent: true })).toEqual([]);
    expect(labels({ code: "Rejected", server_message: "bad" })).toEqual([]);
  });

  it("offers the existing group after a conflict, never Try again", () => {
    expect(labels({ code: "Conflict", linking: false })).toEqual([["Open the existing group", 0]]);
    expect(labels({ code: "Conflict", linking: true })).toEqual([["Open the existing group", 0]]);
  });

  it("counts down a rate limit, and checks first after an unknown outcome", () => {
    expect(labels({ code: "RateLimited", retry_after_secs: 42 })).toEqual([["Try again", 42]]);
    expect(labels({ code: "RateLimited", retry_after_secs: null })).toEqual([["Try again", 60]]);
    expect(labels({ code: "MaybeStillInFlight", look_again_secs: 60 })).toEqual([["Check again", 0]]);
  });

  it("leads a rejected key to the key settings", () => {
    expect(labels({ code: "Unauthorized" })).toEqual([["Update API key", 0]]);
    expect(labels({ code: "NoKey" })).toEqual([["Update API key", 0]]);
  });
});

import { describe, expect, it } from "vitest";
import { memberCounts } from "./memberCounts";

const summary = (ok: number, duplicate: number, invalid: number, to_check = 0) => ({ ok, to_check, duplicate, invalid, rows: [], more_ok: 0 });

describe("memberCounts", () => {
  it("says every count, zeros included, so the line doesn't jump as the list changes", () => {
    expect(memberCounts(summary(2, 1, 0, 1))).toBe("2 will be added · 1 duplicate skipped · 1 to check · 0 to fix");
    expect(memberCounts(summary(40, 2, 3))).toBe("40 will be added · 2 duplicates skipped · 0 to check · 3 to fix");
  });

  it("says nobody when the list is empty", () => {
    expect(memberCounts(summary(0, 0, 0))).toBe("Nobody added yet");
  });
});

import { describe, expect, it } from "vitest";
import { pagesFor, rowWindow, withPage } from "./virtualWindow";

describe("rowWindow", () => {
  it("draws the rows in view and a few around them", () => {
    expect(rowWindow(0, 400, 40, 10_000, 5)).toEqual({ start: 0, end: 15, offset: 0, height: 400_000 });
    expect(rowWindow(4_000, 400, 40, 10_000, 5)).toEqual({ start: 95, end: 115, offset: 3_800, height: 400_000 });
  });

  it("counts a row cut by the edge of the view", () => {
    const w = rowWindow(20, 400, 40, 10_000, 0);
    expect([w.start, w.end]).toEqual([0, 11]);
  });

  it("stops at the ends of the list", () => {
    expect(rowWindow(400_000, 400, 40, 10_000, 5)).toEqual({ start: 9_985, end: 10_000, offset: 399_400, height: 400_000 });
    expect(rowWindow(-50, 400, 40, 3, 5)).toEqual({ start: 0, end: 3, offset: 0, height: 120 });
  });

  it("draws nothing for an empty list", () => {
    expect(rowWindow(0, 400, 40, 0)).toEqual({ start: 0, end: 0, offset: 0, height: 0 });
  });

  it("never draws more than a screenful and the overscan, however long the list", () => {
    for (const top of [0, 1_234, 99_999, 399_600]) {
      const w = rowWindow(top, 600, 48, 10_000, 4);
      expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(600 / 48) + 1 + 8);
    }
  });
});

describe("pagesFor", () => {
  it("names every page a range of rows touches", () => {
    expect(pagesFor(0, 15, 200)).toEqual([0]);
    expect(pagesFor(195, 215, 200)).toEqual([0, 1]);
    expect(pagesFor(400, 400, 200)).toEqual([]);
    expect(pagesFor(399, 400, 200)).toEqual([1]);
  });
});

describe("withPage", () => {
  it("places a page where it belongs and follows a total that changed", () => {
    const first = withPage<string>([], 5, 0, ["a", "b"]);
    expect(first).toEqual(["a", "b", undefined, undefined, undefined]);
    expect(withPage(first, 5, 3, ["d", "e"])).toEqual(["a", "b", undefined, "d", "e"]);
    // The list shrank meanwhile: what is past its end goes.
    expect(withPage(first, 3, 2, ["c"])).toEqual(["a", "b", "c"]);
    expect(first).toEqual(["a", "b", undefined, undefined, undefined]);
  });
});

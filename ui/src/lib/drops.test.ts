import { describe, expect, it } from "vitest";
import { droppedOn } from "./drops.svelte";

describe("where files were dropped", () => {
  const element = { getBoundingClientRect: () => ({ left: 100, right: 300, top: 50, bottom: 150 }) } as unknown as Element;
  const drop = (position: { x: number; y: number } | null) => ({ kind: "dropped" as const, token: "drop-1-a", file_names: ["a.vcf"], position });

  it("lands on the element under the point, edges included", () => {
    expect(droppedOn(drop({ x: 100, y: 50 }), element)).toBe(true);
    expect(droppedOn(drop({ x: 200, y: 149 }), element)).toBe(true);
    expect(droppedOn(drop({ x: 99, y: 100 }), element)).toBe(false);
    expect(droppedOn(drop({ x: 200, y: 151 }), element)).toBe(false);
  });

  it("without a position, lands on whatever takes it", () => {
    expect(droppedOn(drop(null), element)).toBe(true);
  });
});

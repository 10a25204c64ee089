import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import MemberPreview from "./MemberPreview.svelte";
import type { MemberEntry } from "../bindings/MemberEntry";

afterEach(() => cleanup());

const ok = (i: number): MemberEntry => ({
  input: `+1 212 555 ${String(1000 + i)}`,
  normalized: `+1212555${String(1000 + i)}`,
  kind: "phone",
  status: "ok",
  reason: null,
});

describe("MemberPreview", () => {
  it("lists every entry that needs attention but only the first 100 that are fine", () => {
    const entries: MemberEntry[] = Array.from({ length: 250 }, (_, i) => ok(i));
    entries.splice(200, 0, { input: "nope", normalized: null, kind: "unknown", status: "invalid", reason: "Not a phone number or an email address" });
    entries.push({ ...ok(0), status: "duplicate", reason: "Same as entry 1" });
    render(MemberPreview, { props: { members: { entries, accepted: [] } } });
    expect(screen.getByTestId("member-counts").textContent).toContain("250 will be added, 1 duplicate dropped, 1 need fixing");
    const rows = screen.getAllByTestId("member-row");
    expect(rows).toHaveLength(102);
    expect(rows.some((r) => r.textContent?.includes("Not a phone number"))).toBe(true);
    expect(screen.getByTestId("member-more").textContent).toContain("150 more");
  });
});

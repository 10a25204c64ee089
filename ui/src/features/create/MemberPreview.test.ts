import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import MemberPreview from "./MemberPreview.svelte";
import type { MemberRow } from "../../bindings/MemberRow";

afterEach(() => cleanup());

const ok = (index: number): MemberRow => ({
  index,
  entry: {
    input: `+1 212 555 ${String(1000 + index)}`,
    normalized: `+1212555${String(1000 + index)}`,
    kind: "phone",
    status: "ok",
    line: index + 1,
    problem: null,
  },
});

describe("MemberPreview", () => {
  it("shows the counts, the rows Rust chose in its order with their lines, and how many fine entries are not listed", () => {
    const rows: MemberRow[] = [
      { index: 200, entry: { input: "nope", normalized: null, kind: "unknown", status: "invalid", line: 201, problem: { code: "MemberNotPhoneOrEmail" } } },
      { index: 251, entry: { ...ok(0).entry, line: 252, status: "duplicate", problem: { code: "MemberDuplicate", line: 1, first_input: "+1 212 555 1000" } } },
      ...Array.from({ length: 100 }, (_, i) => ok(i)),
    ];
    render(MemberPreview, { props: { members: { ok: 250, to_check: 0, duplicate: 1, invalid: 1, rows, more_ok: 150 } } });
    expect(screen.getByTestId("member-counts").textContent).toContain("250 will be added, 1 duplicate skipped, 1 to fix");
    const shown = screen.getAllByTestId("member-row");
    expect(shown).toHaveLength(102);
    const cells = (i: number) => [...(shown[i]?.querySelectorAll("td") ?? [])].map((td) => td.textContent?.trim());
    expect(cells(0)).toEqual(["201", "nope", "—", "Can't be used: Not a phone number or an email address."]);
    expect(cells(1)).toEqual(["252", "+1 212 555 1000", "+12125551000", "Skipped: already on line 1 (“+1 212 555 1000”)."]);
    expect(cells(2)).toEqual(["1", "+1 212 555 1000", "+12125551000", "OK"]);
    expect(screen.getByTestId("member-more").textContent).toContain("150 more that are fine");
    // One scroll area, holding the table and the count of the rest.
    expect(screen.getByTestId("member-scroll").contains(screen.getByTestId("member-more"))).toBe(true);
    expect(screen.getByTestId("remove-invalid").textContent?.trim()).toBe("Remove the entries that can't be used");
    expect(screen.getByTestId("remove-duplicates").textContent?.trim()).toBe("Remove duplicates");
  });

  it("lists a short list whole, with nothing hidden", () => {
    render(MemberPreview, { props: { members: { ok: 2, to_check: 0, duplicate: 0, invalid: 0, rows: [ok(0), ok(1)], more_ok: 0 } } });
    expect(screen.getAllByTestId("member-row")).toHaveLength(2);
    expect(screen.queryByTestId("member-more")).toBeNull();
    expect(screen.getByTestId("member-counts").textContent?.trim()).toBe("2 will be added");
    expect(screen.queryByTestId("remove-invalid")).toBeNull();
    expect(screen.queryByTestId("remove-duplicates")).toBeNull();
  });

  it("shows numbers to check apart, with the warning, and counts them among those added", () => {
    const rows: MemberRow[] = [
      {
        index: 0,
        entry: {
          input: "+15551234567",
          normalized: "+15551234567",
          kind: "phone",
          status: "check",
          line: 1,
          problem: {
            code: "PhoneNotInKnownRange",
            number: "+1 555 123 4567",
            e164: "+15551234567",
            place: { kind: "Region", code: "US", name: "United States" },
          },
        },
      },
      ok(1),
    ];
    render(MemberPreview, { props: { members: { ok: 2, to_check: 1, duplicate: 0, invalid: 0, rows, more_ok: 0 } } });
    expect(screen.getByTestId("member-counts").textContent?.trim()).toBe("2 will be added, 1 to check");
    const [warned, fine] = screen.getAllByTestId("member-row");
    expect(warned?.textContent).toContain(
      "To check: +1 555 123 4567 is not a number range known in the United States: check it before sending.",
    );
    expect(warned?.className).toContain("member-check");
    expect(fine?.className).toContain("member-ok");
  });
});

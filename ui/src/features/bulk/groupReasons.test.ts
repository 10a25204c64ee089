import { describe, expect, it } from "vitest";
import type { ImportPreviewGroup } from "../../bindings/ImportPreviewGroup";
import { groupReasons, rowsText } from "./groupReasons";

function group(over: Partial<ImportPreviewGroup>): ImportPreviewGroup {
  return {
    rows: [2],
    draft: { name: "Choir", chat_guid: "", members: "+12125550100", default_region: "US" },
    status: "ready",
    request: { name: "Choir", members: ["+12125550100"] },
    summary: {
      problems: [],
      chat_guid_warning: null,
      name_chars: 5,
      members: { ok: 1, to_check: 0, duplicate: 0, invalid: 0, rows: [], more_ok: 1 },
    },
    notes: [],
    conflicts: [],
    ...over,
  };
}

describe("why a group has its status", () => {
  it("has nothing to say about a ready group", () => {
    expect(groupReasons(group({}))).toEqual([]);
  });

  it("puts what stops a group first, then what it collides with, then what to check", () => {
    const reasons = groupReasons(
      group({
        status: "problems",
        summary: {
          problems: [{ field: "name", problem: { code: "NameMissing" } }],
          chat_guid_warning: { code: "ChatGuidServiceUnknown", service: "Foo" },
          name_chars: 0,
          members: { ok: 1, to_check: 0, duplicate: 0, invalid: 0, rows: [], more_ok: 1 },
        },
        conflicts: [{ code: "AlreadyCreated" }],
        notes: [{ code: "NumberDigitsLost", row: 2, column: "Phone", original: "1.55512E+11" }],
      }),
    );
    expect(reasons.map((r) => r.kind)).toEqual(["problem", "conflict", "warning", "warning"]);
    const [missing, created, service, rounded] = reasons.map((r) => r.text);
    expect(missing).toBe("Enter a name for the group.");
    expect(created).toMatch(/^This app already created a group/);
    expect(service).toMatch(/“Foo” isn't a service Blooio is known to use/);
    expect(rounded).toMatch(/^Row 2, Phone: the spreadsheet rounded/);
  });

  it("says which rows a group came from", () => {
    expect(rowsText([7])).toBe("Row 7");
    expect(rowsText([4, 5, 6])).toBe("Rows 4–6");
    expect(rowsText([4, 9])).toBe("Rows 4 and 9");
    expect(rowsText([4, 9, 12, 15])).toBe("Rows 4, 9 and 2 more");
  });
});

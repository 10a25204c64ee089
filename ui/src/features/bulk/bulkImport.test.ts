import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { ImportOpened } from "../../bindings/ImportOpened";
import { preferences } from "../../lib/preferences.svelte";
import { BulkImport } from "./bulkImport.svelte";
import { MappingMemory } from "./mappingMemory";

afterEach(() => clearMocks());

const opened: ImportOpened = {
  file_name: "teams.csv",
  format: "text",
  encoding: "UTF-8",
  sheets: ["Sheet1"],
  sheet: {
    name: "Sheet1",
    header_row: 1,
    header: ["Group", "Phone"],
    samples: [],
    rows: 2,
    suggested: { layout: "member_per_row", has_header: true, name: 0, members: [1], chat_guid: null },
  },
  sheet_problem: null,
};

function backendWith(answers: Record<string, unknown>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd in answers) return answers[cmd];
    throw { problem: { code: "Internal", what: cmd }, problems: [], detail: null };
  });
  return calls;
}

const summary = { preview: 1, counts: { groups: 1, rows: 1, ready: 1, warnings: 0, conflicts: 0, problems: 0, members: 1 }, sendable: 1, sendable_with_first_copies: 1, history_checked: true };

describe("the import's state", () => {
  it("previews with the suggested columns, remembers a change, and checks again only when the country changed", async () => {
    const calls = backendWith({ import_choose_file: opened, import_preview: summary });
    const bulk = new BulkImport(new MappingMemory(null));
    await bulk.choose();
    expect(bulk.opened?.file_name).toBe("teams.csv");
    expect(bulk.mappingFrom).toBe("suggested");
    expect(bulk.summary).toEqual(summary);
    const previews = () => calls.filter((c) => c.cmd === "import_preview");
    expect(previews()[0]?.args.mapping).toEqual(opened.sheet?.suggested);

    bulk.previewIfStale();
    expect(previews()).toHaveLength(1);
    const region = preferences.defaultRegion;
    preferences.defaultRegion = region === "GB" ? "US" : "GB";
    try {
      bulk.previewIfStale();
      await Promise.resolve();
      expect(previews()).toHaveLength(2);
      expect(previews()[1]?.args.defaultRegion).toBe(preferences.defaultRegion);
    } finally {
      preferences.defaultRegion = region;
    }
  });

  it("keeps the file it had when another can't be opened, and cancelling the dialog changes nothing", async () => {
    backendWith({ import_choose_file: opened, import_preview: summary });
    const bulk = new BulkImport(new MappingMemory(null));
    await bulk.choose();
    backendWith({ import_choose_file: null });
    await bulk.choose();
    expect(bulk.failure).toBeNull();
    expect(bulk.opened?.file_name).toBe("teams.csv");

    mockIPC((cmd) => {
      if (cmd === "import_open_dropped") throw { problem: { code: "FileEmpty" }, problems: [], detail: null };
      throw new Error(cmd);
    });
    await bulk.openDropped({ kind: "dropped", token: "drop-3-a", file_names: ["empty.csv"], position: null });
    expect(bulk.failure?.fileName).toBe("empty.csv");
    expect(bulk.failure?.error.problem).toEqual({ code: "FileEmpty" });
    expect(bulk.opened?.file_name).toBe("teams.csv");
    expect(bulk.summary).toEqual(summary);
  });
});

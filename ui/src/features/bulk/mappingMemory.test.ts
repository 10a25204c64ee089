import { describe, expect, it } from "vitest";
import type { ImportColumnMapping } from "../../bindings/ImportColumnMapping";
import { headerKey, initialMapping, MAPPING_STORAGE_KEY, MAPPINGS_KEPT, MappingMemory, validMapping } from "./mappingMemory";

class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

const header = ["Team", "Coach phone", "Parent phone", "Chat"];
const chosen: ImportColumnMapping = { layout: "group_per_row", has_header: true, name: 0, members: [1, 2], chat_guid: 3 };

describe("mapping memory", () => {
  it("recalls the columns chosen for the same header row, whatever its spacing and case", () => {
    const storage = new MemoryStorage();
    new MappingMemory(storage).remember(header, chosen);
    // A new window (a new launch) reads what the last one stored.
    const again = new MappingMemory(storage);
    expect(again.recall([" team ", "COACH  PHONE", "Parent phone", "chat"])).toEqual(chosen);
    expect(again.recall(["Group", "Members"])).toBeNull();
  });

  it("forgets a mapping that doesn't fit the sheet any more, and survives a broken store", () => {
    const storage = new MemoryStorage();
    const memory = new MappingMemory(storage);
    memory.remember(header, { ...chosen, members: [9] });
    expect(memory.recall(header)).toBeNull();
    storage.setItem(MAPPING_STORAGE_KEY, "{not json");
    expect(memory.recall(header)).toBeNull();
    memory.remember(header, chosen);
    expect(memory.recall(header)).toEqual(chosen);
  });

  it("keeps the most recently used header rows only", () => {
    const storage = new MemoryStorage();
    const memory = new MappingMemory(storage);
    for (let i = 0; i <= MAPPINGS_KEPT; i++) memory.remember([`Group ${i}`, "Phone"], { ...chosen, members: [1], chat_guid: null });
    expect(memory.recall(["Group 0", "Phone"])).toBeNull();
    expect(memory.recall([`Group ${MAPPINGS_KEPT}`, "Phone"])).not.toBeNull();
  });

  it("opens with the remembered mapping, else the suggested one, else the first columns", () => {
    const memory = new MappingMemory(new MemoryStorage());
    const suggested: ImportColumnMapping = { ...chosen, members: [1], chat_guid: null };
    expect(initialMapping(header, suggested, memory)).toEqual({ mapping: suggested, from: "suggested" });
    expect(initialMapping(["A", "B"], null, memory).mapping).toMatchObject({ name: 0, members: [1] });
    memory.remember(header, chosen);
    expect(initialMapping(header, suggested, memory)).toEqual({ mapping: chosen, from: "remembered" });
  });

  it("checks every field of a stored mapping", () => {
    expect(validMapping({ ...chosen, layout: "sideways" }, 4)).toBeNull();
    expect(validMapping({ ...chosen, members: [] }, 4)).toBeNull();
    expect(validMapping({ ...chosen, name: 1.5 }, 4)).toBeNull();
    expect(validMapping({ ...chosen, chat_guid: 4 }, 4)).toBeNull();
    expect(validMapping(chosen, 4)).toEqual(chosen);
    expect(headerKey(["A ", " b"])).toBe("a\u001fb");
  });
});

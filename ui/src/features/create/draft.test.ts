import { describe, expect, it } from "vitest";
import { Draft, DRAFT_STORAGE_KEY } from "./draft.svelte";

/** A Storage of our own, so each test starts empty and can look at what was written. */
class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() { return this.#items.size; }
  clear() { this.#items.clear(); }
  getItem(key: string) { return this.#items.get(key) ?? null; }
  key(index: number) { return [...this.#items.keys()][index] ?? null; }
  removeItem(key: string) { this.#items.delete(key); }
  setItem(key: string, value: string) { this.#items.set(key, value); }
}

describe("Draft", () => {
  it("is saved on every change and read back by the next window", () => {
    const storage = new MemoryStorage();
    const first = new Draft(storage);
    first.name = "Weekend crew";
    first.members = "+1 415 555 0132\nana@example.com";
    first.mode = "link";
    first.chatGuid = "iMessage;+;chat1";
    first.region = "GB";

    const next = new Draft(storage);
    expect(next.name).toBe("Weekend crew");
    expect(next.members).toBe("+1 415 555 0132\nana@example.com");
    expect(next.mode).toBe("link");
    expect(next.toGroupDraft("US")).toEqual({
      name: "Weekend crew",
      chat_guid: "iMessage;+;chat1",
      members: "+1 415 555 0132\nana@example.com",
      default_region: "GB",
    });
  });

  it("sends no chat ID for a new group and the default country until one is picked", () => {
    const d = new Draft(new MemoryStorage());
    d.chatGuid = "iMessage;+;chat1";
    expect(d.toGroupDraft("FR")).toEqual({ name: "", chat_guid: "", members: "", default_region: "FR" });
  });

  it("empties the fields after a create but keeps the mode and the country", () => {
    const storage = new MemoryStorage();
    const d = new Draft(storage);
    d.mode = "link";
    d.region = "DE";
    d.name = "x";
    d.members = "a@b.de";
    d.clear();
    expect(d.hasContent).toBe(false);
    const next = new Draft(storage);
    expect([next.mode, next.region, next.name, next.members]).toEqual(["link", "DE", "", ""]);
  });

  it("starts empty from nothing, from a broken entry, or from one of the wrong shape", () => {
    for (const raw of [null, "{not json", "42", JSON.stringify({ mode: "weird", name: 7 })]) {
      const storage = new MemoryStorage();
      if (raw !== null) storage.setItem(DRAFT_STORAGE_KEY, raw);
      const d = new Draft(storage);
      expect([d.mode, d.name, d.members, d.region]).toEqual(["new", "", "", null]);
    }
  });

  it("keeps working for the session when storage refuses to write", () => {
    const storage = new MemoryStorage();
    storage.setItem = () => {
      throw new DOMException("full", "QuotaExceededError");
    };
    const d = new Draft(storage);
    d.members = "+44 20 7946 0958";
    expect(d.members).toBe("+44 20 7946 0958");
  });

  it("stores the form's fields and nothing else", () => {
    const storage = new MemoryStorage();
    const d = new Draft(storage);
    d.name = "Team";
    expect(Object.keys(JSON.parse(storage.getItem(DRAFT_STORAGE_KEY) ?? "{}"))).toEqual([
      "mode", "name", "chatGuid", "members", "region",
    ]);
  });
});

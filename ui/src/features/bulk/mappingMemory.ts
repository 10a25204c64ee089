// The columns the operator chose for a sheet, remembered by the sheet's header row: the next file with the same
// headers (next week's export of the same spreadsheet) opens with the same choice. Kept in the window's local
// storage, like the form's draft: it is a preference about a file's shape, holds nothing secret, and needs none of
// the history's guarantees.
import type { ImportColumnMapping } from "../../bindings/ImportColumnMapping";

export const MAPPING_STORAGE_KEY = "blooio-groups.import-mappings";
/** Header rows remembered; the least recently used goes first. */
export const MAPPINGS_KEPT = 20;

interface Remembered {
  header: string;
  mapping: ImportColumnMapping;
}

function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/** The header row as a key: spaces and case don't make it another file. */
export function headerKey(header: string[]): string {
  return header.map((cell) => cell.trim().toLowerCase().replace(/\s+/g, " ")).join("\u001f");
}

const isColumn = (value: unknown, width: number): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 && value < width;

/** The stored value as a mapping for a sheet `width` columns wide, or null when it isn't one (any more). */
export function validMapping(value: unknown, width: number): ImportColumnMapping | null {
  if (typeof value !== "object" || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.layout !== "group_per_row" && m.layout !== "member_per_row") return null;
  if (typeof m.has_header !== "boolean" || !isColumn(m.name, width)) return null;
  if (!Array.isArray(m.members) || m.members.length === 0 || !m.members.every((c) => isColumn(c, width))) return null;
  if (m.chat_guid !== null && !isColumn(m.chat_guid, width)) return null;
  return {
    layout: m.layout,
    has_header: m.has_header,
    name: m.name,
    members: [...(m.members as number[])],
    chat_guid: m.chat_guid as number | null,
  };
}

export class MappingMemory {
  #storage: Storage | null;

  constructor(storage: Storage | null = defaultStorage()) {
    this.#storage = storage;
  }

  #read(): Remembered[] {
    try {
      const value: unknown = JSON.parse(this.#storage?.getItem(MAPPING_STORAGE_KEY) ?? "[]");
      if (!Array.isArray(value)) return [];
      return value.filter(
        (entry): entry is Remembered =>
          typeof entry === "object" && entry !== null && typeof entry.header === "string" && typeof entry.mapping === "object",
      );
    } catch {
      // Written by a broken or future version: start again rather than stop the screen.
      return [];
    }
  }

  /** The mapping last used for a sheet with this header row, if it still fits the sheet. */
  recall(header: string[]): ImportColumnMapping | null {
    const key = headerKey(header);
    const found = this.#read().find((entry) => entry.header === key);
    return found ? validMapping(found.mapping, header.length) : null;
  }

  remember(header: string[], mapping: ImportColumnMapping): void {
    const key = headerKey(header);
    const rest = this.#read().filter((entry) => entry.header !== key);
    const next = [{ header: key, mapping }, ...rest].slice(0, MAPPINGS_KEPT);
    try {
      this.#storage?.setItem(MAPPING_STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Storage full or refused: the choice is simply not remembered.
    }
  }
}

/** The mapping a sheet opens with: the remembered one, else what its headers suggest, else the first columns. */
export function initialMapping(
  header: string[],
  suggested: ImportColumnMapping | null,
  memory: MappingMemory,
): { mapping: ImportColumnMapping; from: "remembered" | "suggested" | "guess" } {
  const remembered = memory.recall(header);
  if (remembered) return { mapping: remembered, from: "remembered" };
  if (suggested) return { mapping: suggested, from: "suggested" };
  return {
    mapping: { layout: "group_per_row", has_header: true, name: 0, members: header.length > 1 ? [1] : [0], chat_guid: null },
    from: "guess",
  };
}

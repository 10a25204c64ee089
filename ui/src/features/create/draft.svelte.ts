import type { GroupDraft } from "../../bindings/GroupDraft";

export type DraftMode = "new" | "link";

/** What is written to local storage: the operator's typing, never the key (the window never has it). */
interface StoredDraft {
  mode: DraftMode;
  name: string;
  chatGuid: string;
  members: string;
  region: string | null;
}

export const DRAFT_STORAGE_KEY = "blooio-groups.draft";

/** Local storage, or nothing when the page may not use it (the draft then lives for this window only). */
function defaultStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

function parse(raw: string | null): Partial<StoredDraft> {
  if (raw === null) return {};
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return {};
    const record = value as Record<string, unknown>;
    const text = (key: string) => (typeof record[key] === "string" ? (record[key] as string) : undefined);
    const mode = text("mode");
    return {
      mode: mode === "new" || mode === "link" ? mode : undefined,
      name: text("name"),
      chatGuid: text("chatGuid"),
      members: text("members"),
      region: text("region") ?? null,
    };
  } catch {
    // A draft written by a broken or future version is dropped rather than stopping the form from opening.
    return {};
  }
}

/**
 * The group being written. It lives outside the form so that nothing the window does — the key settings, another
 * screen, switching practice mode — can wipe a pasted list, and it is saved on every change so that it survives
 * the app being closed or crashing.
 */
export class Draft {
  #storage: Storage | null;
  #mode = $state<DraftMode>("new");
  #name = $state("");
  #chatGuid = $state("");
  #members = $state("");
  /** The country picked in the form for numbers without a country code; null = the default country. */
  #region = $state<string | null>(null);

  constructor(storage: Storage | null = defaultStorage()) {
    this.#storage = storage;
    const saved = parse(storage?.getItem(DRAFT_STORAGE_KEY) ?? null);
    this.#mode = saved.mode ?? "new";
    this.#name = saved.name ?? "";
    this.#chatGuid = saved.chatGuid ?? "";
    this.#members = saved.members ?? "";
    this.#region = saved.region ?? null;
  }

  get mode(): DraftMode { return this.#mode; }
  set mode(value: DraftMode) { this.#mode = value; this.#save(); }
  get name(): string { return this.#name; }
  set name(value: string) { this.#name = value; this.#save(); }
  get chatGuid(): string { return this.#chatGuid; }
  set chatGuid(value: string) { this.#chatGuid = value; this.#save(); }
  get members(): string { return this.#members; }
  set members(value: string) { this.#members = value; this.#save(); }
  get region(): string | null { return this.#region; }
  set region(value: string | null) { this.#region = value; this.#save(); }

  /** True when the operator has typed something worth keeping. */
  get hasContent(): boolean {
    return this.#name.trim() !== "" || this.#members.trim() !== "" || this.#chatGuid.trim() !== "";
  }

  /** The draft as the rules and the create command take it; `defaultRegion` when the form has no choice of its own. */
  toGroupDraft(defaultRegion: string): GroupDraft {
    return {
      name: this.#name,
      chat_guid: this.#mode === "link" ? this.#chatGuid : "",
      members: this.#members,
      default_region: this.#region ?? defaultRegion,
    };
  }

  /** After a group was created: an empty form, in the same mode and country (the next list is likely alike). */
  clear(): void {
    this.#name = "";
    this.#chatGuid = "";
    this.#members = "";
    this.#save();
  }

  #save(): void {
    const stored: StoredDraft = {
      mode: this.#mode,
      name: this.#name,
      chatGuid: this.#chatGuid,
      members: this.#members,
      region: this.#region,
    };
    try {
      this.#storage?.setItem(DRAFT_STORAGE_KEY, JSON.stringify(stored));
    } catch {
      // Storage full or refused: the draft still lives for this session.
    }
  }
}

export const draft = new Draft();

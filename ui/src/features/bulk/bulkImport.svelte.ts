// The import the "From spreadsheet" screen shows: the file, its sheet, the columns chosen and what the preview
// found. It lives outside the screen, so going to another screen and back (or dropping a file while elsewhere)
// keeps it; the groups themselves stay in Rust and are paged by the table.
import type { CommandError } from "../../bindings/CommandError";
import type { ImportColumnMapping } from "../../bindings/ImportColumnMapping";
import type { ImportOpened } from "../../bindings/ImportOpened";
import type { ImportPreviewSummary } from "../../bindings/ImportPreviewSummary";
import type { SheetView } from "../../bindings/SheetView";
import { backend, type Result } from "../../lib/backend";
import { drops, type Dropped } from "../../lib/drops.svelte";
import { preferences } from "../../lib/preferences.svelte";
import { router } from "../../lib/router.svelte";
import { session } from "../../lib/session.svelte";
import { initialMapping, MappingMemory } from "./mappingMemory";

/** What a preview depends on besides the file: the mode ("already created" is that mode's history) and the default
 * country (numbers written without a country code). */
export function previewContext(): string {
  return `${session.connection?.mode ?? ""}|${preferences.defaultRegion}`;
}

export type MappingSource = "remembered" | "suggested" | "guess";

/** A file that couldn't be opened, kept beside whatever was open before (which stays usable). */
export interface FileFailure {
  /** The name the operator knows it by, when Rust told it (a drop); null for the dialog's choice. */
  fileName: string | null;
  error: CommandError;
}

export class BulkImport {
  opened = $state<ImportOpened | null>(null);
  sheet = $state<SheetView | null>(null);
  mapping = $state<ImportColumnMapping | null>(null);
  mappingFrom = $state<MappingSource | null>(null);
  summary = $state<ImportPreviewSummary | null>(null);
  /** Opening or reading failed; the file before (if any) is still what `opened` shows. */
  failure = $state<FileFailure | null>(null);
  /** A sheet or preview problem (a column the sheet doesn't have, an empty sheet). */
  sheetError = $state<CommandError | null>(null);
  busy = $state<"opening" | "sheet" | "preview" | null>(null);
  #memory: MappingMemory;
  #previewAsked = 0;
  #previewedWith: string | null = null;
  #watching = false;

  constructor(memory = new MappingMemory()) {
    this.#memory = memory;
  }

  /** From now on a file dropped on the window opens here, unless the part on screen takes it (a group's photo).
   *  App.svelte calls this once. */
  watchDrops(): void {
    if (this.#watching) return;
    this.#watching = true;
    drops.fallback((drop) => {
      router.navigate("bulk");
      void this.openDropped(drop);
    });
  }

  async choose(): Promise<void> {
    this.busy = "opening";
    const result = await backend.importChooseFile();
    this.busy = null;
    // Cancelling the dialog changes nothing.
    if (result.ok && result.value === null) return;
    await this.#opened(result as Result<ImportOpened>, null);
  }

  async openDropped(drop: Dropped): Promise<void> {
    this.busy = "opening";
    const result = await backend.importOpenDropped(drop.token);
    this.busy = null;
    await this.#opened(result, drop.file_names[0] ?? null);
  }

  /** Reads the last chosen or dropped file again, after the operator fixed it. */
  async reopen(): Promise<void> {
    this.busy = "opening";
    const result = await backend.importReopen(this.sheet?.name ?? null);
    this.busy = null;
    await this.#opened(result, this.failure?.fileName ?? this.opened?.file_name ?? null);
  }

  async #opened(result: Result<ImportOpened>, fileName: string | null): Promise<void> {
    if (!result.ok) {
      this.failure = { fileName, error: result.error };
      return;
    }
    this.failure = null;
    this.opened = result.value;
    this.sheetError = null;
    this.summary = null;
    if (result.value.sheet) this.#useSheet(result.value.sheet);
    else {
      this.sheet = null;
      this.mapping = null;
      if (result.value.sheet_problem) this.sheetError = sheetProblem(result.value.sheet_problem);
    }
    await this.preview();
  }

  async chooseSheet(name: string): Promise<void> {
    this.busy = "sheet";
    const result = await backend.importChooseSheet(name);
    this.busy = null;
    if (!result.ok) {
      this.sheetError = result.error;
      return;
    }
    this.sheetError = null;
    this.#useSheet(result.value);
    await this.preview();
  }

  #useSheet(sheet: SheetView): void {
    this.sheet = sheet;
    const initial = initialMapping(sheet.header, sheet.suggested, this.#memory);
    this.mapping = initial.mapping;
    this.mappingFrom = initial.from;
    this.summary = null;
  }

  /** The operator changed the columns: remembered for this header row, and the preview made again. */
  async setMapping(mapping: ImportColumnMapping): Promise<void> {
    this.mapping = mapping;
    if (this.sheet) this.#memory.remember(this.sheet.header, mapping);
    await this.preview();
  }

  /** Checks the groups again when the mode or the default country changed since they were last checked. */
  previewIfStale(): void {
    if (this.summary !== null && this.#previewedWith !== previewContext()) void this.preview();
  }

  /** Checks every group with the current columns; an older answer arriving late is dropped. */
  async preview(): Promise<void> {
    const mapping = this.mapping;
    if (!this.sheet || !mapping) return;
    const asked = ++this.#previewAsked;
    this.#previewedWith = previewContext();
    this.busy = "preview";
    const result = await backend.importPreview($state.snapshot(mapping), preferences.defaultRegion);
    if (asked !== this.#previewAsked) return;
    this.busy = null;
    if (!result.ok) {
      this.sheetError = result.error;
      this.summary = null;
      return;
    }
    this.sheetError = null;
    this.summary = result.value;
  }
}

/** A sheet problem as a command error, so it is shown as every other problem is. */
function sheetProblem(problem: NonNullable<ImportOpened["sheet_problem"]>): CommandError {
  return { problem, problems: [], detail: null };
}

export const bulkImport = new BulkImport();

// The rows of a long list that arrive a page at a time, for lists that draw only the rows in view
// (virtualWindow.ts): the Groups screen and the spreadsheet preview.
import { untrack } from "svelte";
import type { CommandError } from "../bindings/CommandError";
import type { Result } from "./backend";
import { pagesFor, withPage } from "./virtualWindow";

/** A page as the list needs it: the list's size now, and the page's rows. Null drops the answer (the source knows it
 * belongs to something older, a preview made again say). */
export type Page<T> = { total: number; items: T[] } | null;

/**
 * Only the pages asked for are loaded, each once; an answer to an earlier listing (another search, sort, filter or
 * preview) is dropped; a page that failed is asked again when it comes back into view.
 */
export class PagedRows<T> {
  /** Rows by position; a page not yet loaded leaves holes. Raw: the list is only ever replaced (`withPage`), and a
   * deep proxy would make copying 10,000 rows for each page that arrives cost a proxy per row read. */
  rows = $state.raw<(T | undefined)[]>([]);
  total = $state<number | null>(null);
  error = $state<CommandError | null>(null);
  #asked = new Set<number>();
  #listing = 0;
  readonly #pageSize: number;
  readonly #fetch: (offset: number, limit: number) => Promise<Result<Page<T>>>;

  constructor(pageSize: number, fetch: (offset: number, limit: number) => Promise<Result<Page<T>>>) {
    this.#pageSize = pageSize;
    this.#fetch = fetch;
  }

  /** Starts again from the first page. */
  relist(): void {
    this.#listing++;
    this.#asked = new Set();
    this.rows = [];
    this.total = null;
    untrack(() => void this.#load(0));
  }

  /** Loads the pages that rows `start`..`end` fall in, unless they are loaded. Call it from an effect. */
  show(start: number, end: number): void {
    if (this.total === null) return;
    for (const page of pagesFor(start, end, this.#pageSize)) {
      if (this.rows[page * this.#pageSize] === undefined) untrack(() => void this.#load(page));
    }
  }

  async #load(page: number): Promise<void> {
    if (this.#asked.has(page)) return;
    this.#asked.add(page);
    const listing = this.#listing;
    const result = await this.#fetch(page * this.#pageSize, this.#pageSize);
    if (listing !== this.#listing) return;
    if (!result.ok) {
      this.#asked.delete(page);
      this.error = result.error;
      return;
    }
    if (result.value === null) return;
    this.error = null;
    this.rows = withPage(this.rows, result.value.total, page * this.#pageSize, result.value.items);
    this.total = result.value.total;
  }
}

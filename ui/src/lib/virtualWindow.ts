/**
 * Which rows of a fixed-row-height list to render: those in view plus `overscan` on each side, so 10,000 rows
 * cost what a screenful costs. `start` is the first row drawn, `end` one past the last; `offset` is how far down
 * the first drawn row sits, `height` the whole list's height.
 */
export interface RowWindow {
  start: number;
  end: number;
  offset: number;
  height: number;
}

export function rowWindow(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 5): RowWindow {
  const height = Math.max(0, count) * rowHeight;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, height };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, height - viewportHeight));
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, last + overscan);
  return { start, end, offset: start * rowHeight, height };
}

/** The pages (of `pageSize` rows) that rows `start`..`end` fall in. */
export function pagesFor(start: number, end: number, pageSize: number): number[] {
  if (end <= start || pageSize <= 0) return [];
  const pages: number[] = [];
  for (let page = Math.floor(start / pageSize); page <= Math.floor((end - 1) / pageSize); page++) pages.push(page);
  return pages;
}

/** `rows` with a page of `items` placed from `offset`, sized to the list's `total` (which a new page may change). */
export function withPage<T>(rows: (T | undefined)[], total: number, offset: number, items: T[]): (T | undefined)[] {
  const next = rows.length === total ? rows.slice() : Array.from({ length: total }, (_, i) => rows[i]);
  items.forEach((item, i) => (next[offset + i] = item));
  return next;
}

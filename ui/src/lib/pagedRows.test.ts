import { describe, expect, it } from "vitest";
import type { Result } from "./backend";
import { PagedRows, type Page } from "./pagedRows.svelte";

/** A source of `size` numbered rows whose answers the test releases one by one. */
function source(size: number) {
  const waiting: { offset: number; limit: number; answer: (r: Result<Page<number>>) => void }[] = [];
  const fetch = (offset: number, limit: number) =>
    new Promise<Result<Page<number>>>((answer) => waiting.push({ offset, limit, answer }));
  const release = async (page?: Page<number>) => {
    const next = waiting.shift();
    if (!next) throw new Error("nothing asked");
    const items = Array.from({ length: Math.max(0, Math.min(next.limit, size - next.offset)) }, (_, i) => next.offset + i);
    next.answer({ ok: true, value: page === undefined ? { total: size, items } : page });
    await Promise.resolve();
    await Promise.resolve();
  };
  return { fetch, waiting, release };
}

describe("PagedRows", () => {
  it("loads the first page, then only pages that come into view, each once", async () => {
    const s = source(1_000);
    const list = new PagedRows<number>(100, s.fetch);
    list.relist();
    await s.release();
    expect(list.total).toBe(1_000);
    expect(list.rows[99]).toBe(99);
    expect(list.rows[100]).toBeUndefined();
    list.show(950, 990);
    list.show(950, 990);
    expect(s.waiting.map((w) => w.offset)).toEqual([900]);
    await s.release();
    expect(list.rows[950]).toBe(950);
  });

  it("drops an answer to an earlier listing, and one the source calls stale", async () => {
    const s = source(10);
    const list = new PagedRows<number>(100, s.fetch);
    list.relist();
    list.relist();
    await s.release({ total: 99, items: [7] });
    expect(list.total).toBeNull();
    await s.release(null);
    expect(list.total).toBeNull();
    list.relist();
    await s.release();
    expect(list.rows).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

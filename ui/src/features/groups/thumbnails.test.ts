import { beforeEach, describe, expect, it, vi } from "vitest";
import { forgetThumbnails, thumbnail } from "./thumbnails";

describe("the Groups list's photos", () => {
  beforeEach(() => forgetThumbnails());

  it("fetches each photo once while it is kept, and shows none when it can't be fetched", async () => {
    const fetchPhoto = vi.fn(async (url: string) =>
      url.endsWith("bad") ? { ok: false as const, error: { problem: { code: "PhotoUnavailable" as const }, problems: [], detail: null } } : { ok: true as const, value: `data:image/png;base64,${url}` },
    );
    expect(await thumbnail("a", fetchPhoto)).toBe("data:image/png;base64,a");
    expect(await thumbnail("a", fetchPhoto)).toBe("data:image/png;base64,a");
    expect(fetchPhoto).toHaveBeenCalledTimes(1);
    expect(await thumbnail("bad", fetchPhoto)).toBeNull();
  });

  it("lets the least recently drawn go first", async () => {
    const fetchPhoto = vi.fn(async (url: string) => ({ ok: true as const, value: url }));
    for (let i = 0; i < 61; i++) await thumbnail(`p${i}`, fetchPhoto);
    await thumbnail("p0", fetchPhoto);
    expect(fetchPhoto).toHaveBeenCalledTimes(62);
  });
});

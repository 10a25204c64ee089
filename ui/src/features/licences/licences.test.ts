import { describe, expect, it } from "vitest";
import { loadThirdPartyLicences } from "./licences";

describe("third-party licences", () => {
  it("lists what the app is built from, each package with its licence texts", async () => {
    const list = await loadThirdPartyLicences();
    const packages = list.groups.flatMap((g) => g.packages);
    // A package under "Apache-2.0 AND ISC" (ring, say) is listed under both texts.
    expect(new Set(packages).size).toBe(list.crates + list.npm);
    for (const name of ["tauri", "tauri-plugin-updater", "reqwest", "svelte", "@tauri-apps/api"]) {
      expect(packages.some((p) => p.startsWith(`${name} `)), name).toBe(true);
    }
    for (const group of list.groups) {
      expect(group.licence).not.toBe("");
      expect(group.text.length).toBeGreaterThan(100);
    }
  });

  it("names none of our own crates, which are the app itself", async () => {
    const packages = (await loadThirdPartyLicences()).groups.flatMap((g) => g.packages);
    expect(packages.filter((p) => p.startsWith("blooio"))).toEqual([]);
  });
});

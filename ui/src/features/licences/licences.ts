/**
 * The third-party licences, as scripts/licences.sh generates them from Cargo.lock (cargo-about) and
 * package-lock.json (license-checker-rseidelsohn) into third-party-licences.json. Loaded only when shown: the list
 * is large, and the first frame should not wait for it.
 */
export interface LicenceGroup {
  /** An SPDX expression, e.g. "MIT" or "Apache-2.0 OR MIT". */
  licence: string;
  /** The licence text exactly as the packages ship it (copyright lines included). */
  text: string;
  /** "name version" of every package released under this text. */
  packages: string[];
}

export interface ThirdPartyLicences {
  /** How many Rust crates and npm packages are listed. */
  crates: number;
  npm: number;
  groups: LicenceGroup[];
}

export async function loadThirdPartyLicences(): Promise<ThirdPartyLicences> {
  const module = await import("./third-party-licences.json");
  return module.default as ThirdPartyLicences;
}

#!/usr/bin/env node
// The release workflow's guards (.github/workflows/release.yml), plain Node with no dependencies:
//   node scripts/check-release-config.mjs                          before building: the tag ($TAG) is the configured
//                                                                  version (in Cargo.toml too), the updater's public key is a real one and
//                                                                  its endpoint is this repository's ($GITHUB_REPOSITORY)
//   node scripts/check-release-config.mjs --latest-json FILE       after building: latest.json offers every platform
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const config = JSON.parse(readFileSync(path.join(root, "tauri.conf.json"), "utf8"));
const problems = [];

/** Every platform the release builds, as the updater looks them up (`{os}-{arch}`, and `-{installer}` variants). */
const PLATFORMS = ["darwin-aarch64", "darwin-x86_64", "windows-x86_64", "linux-x86_64"];

if (process.argv[2] === "--latest-json") {
  const latest = JSON.parse(readFileSync(process.argv[3], "utf8"));
  if (latest.version !== config.version) problems.push(`latest.json is for ${latest.version}, not ${config.version}`);
  for (const platform of PLATFORMS) {
    const entry = latest.platforms?.[platform];
    if (!entry?.url || !entry?.signature) problems.push(`latest.json has no signed entry for ${platform}`);
  }
} else {
  // The window's footer and the CLI report Cargo's version, the installers and the updater the config's.
  const cargoVersion = /\[workspace\.package\][^[]*?\nversion = "([^"]+)"/.exec(readFileSync(path.join(root, "Cargo.toml"), "utf8"))?.[1];
  if (cargoVersion !== config.version) problems.push(`Cargo.toml's version ${cargoVersion} is not tauri.conf.json's ${config.version}`);
  // Software centres show the release history from the AppStream metadata the Linux packages install.
  const metainfo = readFileSync(path.join(root, "src-tauri/linux/com.blooio.groups.metainfo.xml"), "utf8");
  if (!metainfo.includes(`<release version="${config.version}"`)) problems.push(`the AppStream metadata has no <release> for ${config.version}`);
  const tag = process.env.TAG ?? "";
  if (tag !== `v${config.version}`) problems.push(`the tag ${tag} is not v${config.version}, the version in tauri.conf.json`);
  const updater = config.plugins?.updater ?? {};
  try {
    // A minisign public key: base64 of two lines, the second the key itself.
    const decoded = Buffer.from(updater.pubkey ?? "", "base64").toString("utf8");
    if (!/^untrusted comment: .*\n[A-Za-z0-9+/=]{56}\s*$/.test(decoded)) throw new Error("not a minisign key");
  } catch {
    problems.push("plugins.updater.pubkey is not the project's public key (docs/RELEASING.md, 'The updater key')");
  }
  const expected = `https://github.com/${process.env.GITHUB_REPOSITORY}/releases/latest/download/latest.json`;
  if (JSON.stringify(updater.endpoints) !== JSON.stringify([expected])) {
    problems.push(`plugins.updater.endpoints must be ["${expected}"], where this workflow publishes latest.json`);
  }
  if (updater.dangerousInsecureTransportProtocol) problems.push("plugins.updater allows plain http: test builds only");
}

for (const problem of problems) console.error(`release check: ${problem}`);
process.exit(problems.length === 0 ? 0 : 1);

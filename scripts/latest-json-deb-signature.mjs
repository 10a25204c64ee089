#!/usr/bin/env node
// The release workflow's last step for Linux (.github/workflows/release.yml): the .deb was recompressed and signed
// again (scripts/recompress-deb.sh) after tauri-action wrote latest.json, so the updater's entry for .deb installs
// gets the new signature. Without it, every installed copy would refuse the update as tampered.
//   node scripts/latest-json-deb-signature.mjs LATEST_JSON DEB_SIG
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const [latestPath, signaturePath, ...rest] = process.argv.slice(2);
if (!latestPath || !signaturePath || rest.length > 0) {
  console.error("usage: node scripts/latest-json-deb-signature.mjs LATEST_JSON DEB_SIG (exactly one .deb.sig)");
  process.exit(2);
}
const latest = JSON.parse(readFileSync(latestPath, "utf8"));
const entry = latest.platforms?.["linux-x86_64-deb"];
const signature = readFileSync(signaturePath, "utf8").trim();
const problems = [];
if (!entry?.url) problems.push("latest.json has no linux-x86_64-deb entry");
// The asset is found by name: the signature must be the one uploaded beside the .deb the entry points at.
else if (`${decodeURIComponent(path.posix.basename(new URL(entry.url).pathname))}.sig` !== path.basename(signaturePath)) {
  problems.push(`linux-x86_64-deb points at ${entry.url}, not at the package ${path.basename(signaturePath)} signs`);
}
if (!signature) problems.push(`${signaturePath} is empty`);
for (const problem of problems) console.error(`latest.json: ${problem}`);
if (problems.length > 0) process.exit(1);

entry.signature = signature;
writeFileSync(latestPath, `${JSON.stringify(latest, null, 2)}\n`);
console.log(`latest.json: linux-x86_64-deb signed by ${path.basename(signaturePath)}`);

// Merges cargo-about's JSON and license-checker-rseidelsohn's JSON into the About view's licence list
// (ui/src/features/licences/licences.ts describes the shape): one group per distinct licence text, with the
// packages released under it. Sorted throughout, so the same lock files always give the same file.
//   node scripts/licences.mjs CRATES.json NPM.json > third-party-licences.json
import { readFileSync } from "node:fs";

const [cratesFile, npmFile] = process.argv.slice(2);
const crates = JSON.parse(readFileSync(cratesFile, "utf8"));
const npm = JSON.parse(readFileSync(npmFile, "utf8"));

/** licence text, whitespace collapsed → { the text as shipped, licence ids, packages } */
const groups = new Map();
function add(licence, text, pkg) {
  // Texts that differ only in line breaks and indentation are one text: the first one read is shown.
  const key = text.replace(/\s+/g, " ").trim();
  if (!groups.has(key)) groups.set(key, { text: text.replace(/\r\n?/g, "\n").trim(), licences: new Set(), packages: new Set() });
  const group = groups.get(key);
  group.licences.add(licence);
  group.packages.add(pkg);
}

const crateNames = new Set();
for (const licence of crates.licenses) {
  for (const use of licence.used_by) {
    // Our own workspace crates come from a path, not a registry: they are the app, not third parties.
    if (use.crate.source == null) continue;
    const pkg = `${use.crate.name} ${use.crate.version}`;
    crateNames.add(pkg);
    add(licence.id, licence.text, pkg);
  }
}

let npmCount = 0;
for (const [id, info] of Object.entries(npm)) {
  const at = id.lastIndexOf("@");
  const pkg = `${id.slice(0, at)} ${id.slice(at + 1)}`;
  const licence = Array.isArray(info.licenses) ? info.licenses.join(" OR ") : String(info.licenses);
  const text = info.licenseText?.trim();
  if (!text) throw new Error(`${pkg} (npm) ships no licence file, so its terms cannot be shown: settle that before shipping it`);
  npmCount += 1;
  add(licence, text, pkg);
}

const result = {
  crates: crateNames.size,
  npm: npmCount,
  groups: [...groups.entries()]
    .map(([, g]) => ({
      licence: [...g.licences].sort().join(" / "),
      text: g.text,
      packages: [...g.packages].sort((a, b) => a.localeCompare(b, "en")),
    }))
    .sort((a, b) => a.licence.localeCompare(b.licence, "en") || a.packages[0].localeCompare(b.packages[0], "en")),
};
process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);

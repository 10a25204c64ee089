#!/usr/bin/env bash
# Generates ui/src/features/licences/third-party-licences.json, the list of third-party licences the About view
# shows, from the lock files with maintained tools: cargo-about for the crates compiled into the app (Cargo.lock;
# settings in about.toml) and license-checker-rseidelsohn for the npm packages the window's bundle is built from
# (package.json's `dependencies` and theirs, from package-lock.json as installed). Nothing in it is written by hand.
#   scripts/licences.sh           regenerate the file (commit it with the lock file change that caused it)
#   scripts/licences.sh --check   fail if the committed file is not what the lock files give (.ci/run)
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root_dir"
output="ui/src/features/licences/third-party-licences.json"
work="$(mktemp -d -t blooio-licences.XXXXXX)"
trap 'rm -rf "$work"' EXIT

command -v cargo-about >/dev/null || { echo "cargo-about is missing: cargo install --locked cargo-about --version 0.9.3 --features cli" >&2; exit 1; }
# --fail: a crate whose licence cannot be read or is not accepted stops the list instead of leaving it out.
cargo about generate --format json --frozen --fail --manifest-path Cargo.toml -o "$work/crates.json" 2>"$work/cargo-about.log" ||
  { cat "$work/cargo-about.log" >&2; exit 1; }
npx --no-install license-checker-rseidelsohn --production --excludePrivatePackages --json \
  --customPath scripts/licences-npm-fields.json --start . --out "$work/npm.json" >/dev/null
node scripts/licences.mjs "$work/crates.json" "$work/npm.json" > "$work/third-party-licences.json"

if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$work/third-party-licences.json" "$output"; then
    echo "$output is stale: the lock files changed. Run scripts/licences.sh and commit the file." >&2
    diff <(node -e 'for (const g of require(process.argv[1]).groups) for (const p of g.packages) console.log(p)' "$output" | sort) \
      <(node -e 'for (const g of require(process.argv[1]).groups) for (const p of g.packages) console.log(p)' "$work/third-party-licences.json" | sort) >&2 || true
    exit 1
  fi
else
  cp "$work/third-party-licences.json" "$output"
  echo "wrote $output" >&2
fi

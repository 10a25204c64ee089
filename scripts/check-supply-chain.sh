#!/usr/bin/env bash
# The supply-chain checks .ci/run makes without the advisory database (that one is fetched and checked by
# .github/workflows/ci.yml): cargo-deny's licence, ban and source policy in deny.toml, and the third-party licence
# list the About view shows, regenerated from the lock files and compared with the committed one.
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root_dir"
export PATH="$HOME/.cargo/bin:$PATH"

install_tool() { # install_tool CRATE VERSION [CARGO INSTALL FLAGS]: cargo install, once per version
  if ! "$1" --version 2>/dev/null | grep -qF "$2"; then
    echo "==> installing $1 $2" >&2
    cargo install --locked --quiet "$1" --version "$2" "${@:3}"
  fi
}
install_tool cargo-deny 0.20.2
install_tool cargo-about 0.9.3 --features cli

# Every crate of every target (cargo-deny judges macOS and Windows crates too); a no-op once they are here.
cargo fetch --locked --quiet
echo "==> cargo deny check licenses bans sources (policy: deny.toml)" >&2
cargo deny --offline --log-level error check licenses bans sources
echo "==> third-party licences are fresh" >&2
bash scripts/licences.sh --check

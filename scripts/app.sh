#!/usr/bin/env bash
# Sets everything up, then opens Blooio Groups (development build with live reload of the UI).
#   scripts/app.sh            the real Blooio API (the key is kept in your system keychain)
#   scripts/app.sh --sandbox  a local sandbox inside the app: no account needed, nothing is sent to Blooio
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root_dir/scripts/setup.sh"

if [ "${1:-}" = "--sandbox" ]; then
  export BLOOIO_SANDBOX=1
fi

case "$(uname -s)" in
  Linux|*BSD)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      echo "No display found: Blooio Groups is a desktop app and needs a graphical session (DISPLAY or WAYLAND_DISPLAY)." >&2
      echo "Run this from a desktop terminal, or use the command-line tool: cargo run -p blooio-cli -- --help" >&2
      exit 1
    fi
    ;;
esac

say "Starting Blooio Groups"
exec npx tauri dev

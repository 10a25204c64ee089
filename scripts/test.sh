#!/usr/bin/env bash
# Sets everything up and runs every test: TypeScript checks and UI unit tests, all Rust tests (rules, client
# against the sandbox, CLI, commands on Tauri's mock runtime, the real keychain across processes), then the
# end-to-end tests that drive the real window under Xvfb with tauri-driver and WebKitWebDriver.
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BLOOIO_SETUP_TEST_TOOLS=1
source "$root_dir/scripts/setup.sh"

# Everything below runs inside a private D-Bus session, so the keychain tests use a throwaway GNOME Keyring
# and never the developer's own.
if [ -z "${BLOOIO_TEST_SESSION:-}" ]; then
  export BLOOIO_TEST_SESSION=1
  # The private bus logs every service it activates (portals, accessibility); keep that out of the test output.
  exec dbus-run-session -- bash "$0" "$@" 2> >(grep --line-buffered -v -E '^dbus-daemon\[|xdg-desktop-portal|^$' >&2)
fi

# `scripts/test.sh e2e` runs only the end-to-end tests (after building what they need).
only="${1:-all}"

scratch="$(mktemp -d -t blooio-tests.XXXXXX)"
xvfb_pid=""
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  pkill -f "gnome-keyring-daemon.*$scratch" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# Hermetic app folders: the app's data, config and cache, and the keyring files, all live in the scratch folder.
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
eval "$(printf 'blooio-test' | gnome-keyring-daemon --unlock --components=secrets --replace 2>/dev/null)"
export GNOME_KEYRING_CONTROL
export BLOOIO_REQUIRE_KEYCHAIN=1

if [ "$only" = "all" ]; then
  say "TypeScript and Svelte checks"
  npm run --silent check
  say "UI unit tests"
  npm run --silent test:ui
fi
say "Building the UI"
npm run --silent build

if [ "$only" = "all" ]; then
  say "Rust tests"
  cargo test --workspace --locked
fi

say "Building the app for the end-to-end tests"
cargo build --locked --features custom-protocol --bin blooio-groups
cargo build --locked -p blooio-sandbox --bin blooio-sandbox
target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
export BLOOIO_APP_BINARY="$target_dir/debug/blooio-groups"
export BLOOIO_SANDBOX_BINARY="$target_dir/debug/blooio-sandbox"

say "End-to-end tests in the real window"
display=":$(( (RANDOM % 400) + 100 ))"
Xvfb "$display" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY="$display"
for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export BLOOIO_TEST_OUTPUT="$root_dir/test-output"
mkdir -p "$BLOOIO_TEST_OUTPUT"
if [ "$#" -gt 1 ]; then
  # `scripts/test.sh e2e form key-screen` runs only those end-to-end files.
  shift
  node --test --test-concurrency=1 $(printf 'e2e/%s.test.mjs ' "$@")
else
  npm run --silent test:e2e
fi

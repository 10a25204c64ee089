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

# `scripts/test.sh e2e` runs only the end-to-end tests (after building what they need); `scripts/test.sh packaging`
# only the installers and updates (scripts/test-packaging.sh).
only="${1:-all}"

scratch="$(mktemp -d -t blooio-tests.XXXXXX)"
# The processes this script started, stopped by their ids when it ends, however it ends.
started_pids=()
cleanup() {
  local pid
  for pid in "${started_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${started_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$scratch"
}
trap cleanup EXIT
# An interrupted or killed run still cleans up: exiting runs the EXIT trap.
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  printf '\033[1;31m%s\033[0m\n' "$*" >&2
  exit 1
}

# Waits up to 30 s for a daemon started in the background to write a complete line to `file`; fails loudly if it
# exits or stays silent, showing what it said. Xvfb comes up in about 0.1 s, but once took over 10 s here right
# after a large build's writes.
await_line() {
  local what="$1" pid="$2" file="$3" log="$4" line
  for _ in $(seq 1 300); do
    # `read` succeeds only on a whole line, so a half-written one is not taken.
    if [ -f "$file" ] && IFS= read -r line <"$file"; then return 0; fi
    kill -0 "$pid" 2>/dev/null || fail "$what exited before it was ready. It said: $(cat "$log")"
    sleep 0.1
  done
  fail "$what did not come up within 30 s. It said: $(cat "$log")"
}

# Hermetic app folders: the app's data, config and cache, and the keyring files, all live in the scratch folder.
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

# A throwaway GNOME Keyring on the private bus, unlocked with a throwaway password. In the foreground, so that `$!`
# is the daemon itself; its control sockets in the scratch folder, so runs side by side never share one.
gnome-keyring-daemon --foreground --unlock --components=secrets --control-directory="$scratch/keyring" \
  < <(printf 'blooio-test') >"$scratch/keyring.env" 2>"$scratch/keyring.log" &
started_pids+=("$!")
await_line "GNOME Keyring" "$!" "$scratch/keyring.env" "$scratch/keyring.log"
line="$(grep -m1 '^GNOME_KEYRING_CONTROL=' "$scratch/keyring.env")" || fail "GNOME Keyring did not say where its control socket is: $(cat "$scratch/keyring.env")"
export GNOME_KEYRING_CONTROL="${line#GNOME_KEYRING_CONTROL=}"
export BLOOIO_REQUIRE_KEYCHAIN=1

# `scripts/test.sh packaging`: the installers and the update path (scripts/test-packaging.sh), in this session.
if [ "$only" = "packaging" ]; then
  source "$root_dir/scripts/test-packaging.sh"
  exit 0
fi

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
target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
# Private copies: a shared CARGO_TARGET_DIR may be rebuilt by another checkout while the tests run (without the
# embedded UI, or from other code), and the tests find their own app among running processes by this path. Each
# is copied as soon as it is built: the second build can wait minutes for the build directory's lock, and another
# checkout's build of the app (without the UI embedded) may finish meanwhile.
mkdir -p "$scratch/bin"
cargo build --locked --features custom-protocol --bin blooio-groups
cp "$target_dir/debug/blooio-groups" "$scratch/bin/"
cargo build --locked -p blooio-sandbox --bin blooio-sandbox
cp "$target_dir/debug/blooio-sandbox" "$scratch/bin/"
export BLOOIO_APP_BINARY="$scratch/bin/blooio-groups"
export BLOOIO_SANDBOX_BINARY="$scratch/bin/blooio-sandbox"

say "End-to-end tests in the real window"
# Xvfb picks a free display itself and writes its number to fd 3 once it accepts connections.
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$scratch/xvfb.display" >"$scratch/xvfb.log" 2>&1 &
started_pids+=("$!")
await_line "Xvfb (the virtual display)" "$!" "$scratch/xvfb.display" "$scratch/xvfb.log"
export DISPLAY=":$(cat "$scratch/xvfb.display")"
export BLOOIO_TEST_OUTPUT="$root_dir/test-output"
mkdir -p "$BLOOIO_TEST_OUTPUT"
if [ "$#" -gt 1 ]; then
  # `scripts/test.sh e2e form key-screen` runs only those end-to-end files.
  shift
  node --test --test-concurrency=1 $(printf 'e2e/%s.test.mjs ' "$@")
else
  npm run --silent test:e2e
fi

#!/usr/bin/env bash
# Benchmarks Blooio Groups side by side with its baselines, in one run, and writes docs/BENCHMARKS.md:
#   - start-up (exec -> first painted frame), idle memory (PSS of the process tree), binary and .deb size, beside a
#     bare Tauri app generated and built here with the same Tauri crates and release profile;
#   - in our real window against a sandbox: click Create -> result shown, 1,000 pasted members -> validation shown;
#     with 10,000 groups, the Groups screen opened, searched, and scrolled from top to bottom;
#   - headless creates against the sandbox: our core client vs Blooio's Python SDK vs curl;
#   - the spreadsheet importer (file to preview, peak memory) and the local store (journal, history search).
#
#   scripts/bench.sh           full run: release builds (about 5 min each when cold), 10 launches, 50 creates, …
#   scripts/bench.sh --smoke   every step with debug builds and tiny counts, to check the benchmark still works;
#                              the report goes to target/bench/results-smoke/BENCHMARKS.md, not docs/
#
# Builds run first; before each measuring phase the script waits (up to 15 min) for the CPU to be quiet, and a
# launch during which other processes used much CPU is measured again. Environment:
#   CARGO_TARGET_DIR              build cache to share (our app, the sandbox, the client benchmark)
#   BLOOIO_BENCH_TARGET_DIR       build our app, sandbox and client benchmark here instead (away from binaries other
#                                 work is running on a shared machine, e.g. the end-to-end tests' debug build)
#   BLOOIO_BENCH_BARE_TARGET_DIR  the bare app's own target folder (default: bare-target/ next to CARGO_TARGET_DIR,
#                                 or under target/bench/)
#   BLOOIO_BENCH_DIR              scratch: bare app source, Python venv, results (default target/bench/, git-ignored)
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

mode=full
case "${1:-}" in
  "") ;;
  --smoke) mode=smoke ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown argument: $1 (use --smoke or nothing)" >&2; exit 2 ;;
esac

if [ -z "${BLOOIO_BENCH_SESSION:-}" ]; then
  export BLOOIO_SETUP_TEST_TOOLS=1 # tauri-driver, for the window benchmark
  source "$root_dir/scripts/setup.sh"
  # What only the benchmark needs, with setup.sh's own installer: a venv for the Python SDK, curl, Xlib headers for
  # the first-frame helper (already pulled in by WebKitGTK's -dev package), and xz for scripts/recompress-deb.sh.
  apt_packages=(python3-venv curl libx11-dev libxdamage-dev xz-utils)
  install_system_packages
  # A private D-Bus session: the app needs one for the keychain, and start-up stalls on the accessibility bus without.
  export BLOOIO_BENCH_SESSION=1
  exec dbus-run-session -- bash "$0" "$@" 2> >(grep --line-buffered -v -E '^dbus-daemon\[|xdg-desktop-portal|^$' >&2)
fi
cd "$root_dir"
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
run_started="$(now)"

# ---- settings ----
KEY="bl_live_bench_key_0001" # a fake key the sandbox accepts; nothing here ever reads a real one
if [ "$mode" = full ]; then
  launches=10; creates=50; validations=20; window_warmup=3; groups=10000; group_opens=20; group_searches=10
  client_n=500; curl_n=200; headless_warmup=5; concurrency=8
  profile=release; tauri_flags=(); cargo_flags=(--release)
else
  launches=2; creates=3; validations=2; window_warmup=1; groups=300; group_opens=2; group_searches=2
  client_n=3; curl_n=3; headless_warmup=1; concurrency=2
  profile=debug; tauri_flags=(--debug); cargo_flags=()
fi
bench_dir="${BLOOIO_BENCH_DIR:-$root_dir/target/bench}"
results="$bench_dir/results-$mode"
if [ -n "${BLOOIO_BENCH_BARE_TARGET_DIR:-}" ]; then bare_target="$BLOOIO_BENCH_BARE_TARGET_DIR"
elif [ -n "${CARGO_TARGET_DIR:-}" ]; then bare_target="$(dirname "$CARGO_TARGET_DIR")/bare-target"
else bare_target="$bench_dir/bare-target"; fi
# Our builds go to BLOOIO_BENCH_TARGET_DIR if set (to keep them apart from binaries other work is running, e.g. the
# end-to-end tests' debug build on a shared machine), else to CARGO_TARGET_DIR or the workspace's target/.
target_dir="${BLOOIO_BENCH_TARGET_DIR:-${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')}}"
export CARGO_TARGET_DIR="$target_dir"

bare_dir="$bench_dir/bare-app"
venv="$bench_dir/venv"
sdk_version="${BLOOIO_BENCH_SDK_VERSION:-1.1.0}"
mkdir -p "$bench_dir"
rm -rf "$results"
mkdir -p "$results"
run_dir="$(mktemp -d "$bench_dir/run.XXXXXX")"

xvfb_pid="" keyring_pid="" sandbox_pid=""
cleanup() {
  for pid in $sandbox_pid $xvfb_pid $keyring_pid; do kill "$pid" 2>/dev/null || true; done
  # The document portal, started on demand by the session bus, mounts a FUSE folder in XDG_RUNTIME_DIR.
  local _dev mnt _rest
  while read -r _dev mnt _rest; do
    case "$mnt" in "$run_dir"/*) fusermount3 -uz "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true ;; esac
  done < /proc/mounts
  rm -rf "$run_dir"
}
trap cleanup EXIT

# The code measured: the commit, and whether the work tree differed from it.
commit="${BLOOIO_BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}"
if [ -z "${BLOOIO_BENCH_COMMIT:-}" ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="$commit with uncommitted changes"
fi

# ---- builds (nothing is measured while these run) ----
say "Building Blooio Groups ($profile, with its .deb)"
build_started="$(now)"
rm -f "$target_dir/$profile/bundle/deb/"*.deb
npx tauri build "${tauri_flags[@]}" --bundles deb
our_bin="$target_dir/$profile/blooio-groups"
our_deb="$(ls -t "$target_dir/$profile/bundle/deb/"*.deb | head -1)"
# Measured as it ships: recompressed as the release workflow does (its size as the bundler wrote it is kept too).
our_deb_gzip="$(stat -c %s "$our_deb")"
deb_xz_level=9
[ "$profile" = release ] || deb_xz_level=0 # debug packages are hundreds of MiB, and their sizes are not judged
BLOOIO_DEB_XZ_LEVEL="$deb_xz_level" bash scripts/recompress-deb.sh "$our_deb"

say "Building the sandbox and the client benchmark ($profile)"
cargo build --locked "${cargo_flags[@]}" -p blooio-sandbox --bin blooio-sandbox
cargo build --locked "${cargo_flags[@]}" -p blooio-core --example create_bench
sandbox_bin="$target_dir/$profile/blooio-sandbox"
create_bench="$target_dir/$profile/examples/create_bench"
cargo build --locked "${cargo_flags[@]}" -p blooio-import --example import_bench
cargo build --locked "${cargo_flags[@]}" -p blooio-store --example store_bench
cargo build --locked "${cargo_flags[@]}" -p blooio-bulk --example bulk_bench
import_bench="$target_dir/$profile/examples/import_bench"
store_bench="$target_dir/$profile/examples/store_bench"
bulk_bench="$target_dir/$profile/examples/bulk_bench"

say "Generating and building a bare Tauri app in $bare_dir ($profile, with its .deb)"
read -r tauri_version tauri_build_version < <(bench/make-bare-app.sh "$bare_dir")
rm -f "$bare_target/$profile/bundle/deb/"*.deb
(cd "$bare_dir" && CARGO_TARGET_DIR="$bare_target" "$root_dir/node_modules/.bin/tauri" build "${tauri_flags[@]}" --bundles deb)
bare_bin="$bare_target/$profile/bare-tauri"
bare_deb="$(ls -t "$bare_target/$profile/bundle/deb/"*.deb | head -1)"
bare_deb_gzip="$(stat -c %s "$bare_deb")"
BLOOIO_DEB_XZ_LEVEL="$deb_xz_level" bash scripts/recompress-deb.sh "$bare_deb"
lock_version() { awk -v name="$2" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$1"; }
bare_tauri="$(lock_version "$bare_dir/Cargo.lock" tauri)"
bare_tauri_build="$(lock_version "$bare_dir/Cargo.lock" tauri-build)"
if [ "$bare_tauri" != "$tauri_version" ] || [ "$bare_tauri_build" != "$tauri_build_version" ]; then
  echo "The bare app resolved tauri $bare_tauri / tauri-build $bare_tauri_build, ours uses $tauri_version / $tauri_build_version" >&2
  exit 1
fi

say "Python SDK blooio==$sdk_version in $venv"
if ! "$venv/bin/python" -c "import blooio, sys; sys.exit(blooio.__version__ != '$sdk_version')" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "blooio==$sdk_version"
fi

say "Compiling the first-frame helper"
cc -O2 -Wall -o "$bench_dir/firstframe" bench/firstframe.c -lXdamage -lX11
build_s="$(elapsed "$build_started")"

# ---- wait for a quiet machine: other work on these 2 cores would skew every figure ----
cpu_busy() { # percent of all CPU time spent busy over the next 3 s
  local _c u n s i w q sq st t1 i1
  read -r _c u n s i w q sq st _ < /proc/stat; t1=$((u + n + s + i + w + q + sq + st)); i1=$((i + w))
  sleep 3
  read -r _c u n s i w q sq st _ < /proc/stat
  echo $(( 100 * ((u + n + s + i + w + q + sq + st - t1) - (i + w - i1)) / (u + n + s + i + w + q + sq + st - t1) ))
}
quiet_wait="${BLOOIO_BENCH_QUIET_WAIT:-$([ "$mode" = full ] && echo 900 || echo 0)}" # seconds, per phase
quiet_limit="${BLOOIO_BENCH_QUIET_PERCENT:-15}"
busy_log=""
wait_quiet() { # wait_quiet PHASE: waits (up to quiet_wait s) until two samples in a row are at most quiet_limit % busy
  local phase="$1" busy waited=0 quiet=0
  while :; do
    busy="$(cpu_busy)"
    if [ "$busy" -le "$quiet_limit" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    [ "$quiet" -ge 2 ] && break
    if [ "$waited" -ge "$quiet_wait" ]; then
      [ "$quiet_wait" -eq 0 ] || echo "warning: measuring $phase while the CPU is ${busy}% busy with other work" >&2
      break
    fi
    [ "$waited" -gt 0 ] || [ "$quiet" -gt 0 ] || say "Waiting up to ${quiet_wait}s for other work to finish (CPU ${busy}% busy; measuring below ${quiet_limit}%)"
    waited=$((waited + 3))
  done
  case "$phase" in "a repeated launch") ;; *) busy_log="$busy_log${busy_log:+, }$phase ${busy}%" ;; esac
}

# ---- the measuring environment ----
measure_started="$(now)"
export XDG_DATA_HOME="$run_dir/data" XDG_CONFIG_HOME="$run_dir/config" XDG_CACHE_HOME="$run_dir/cache"
export XDG_RUNTIME_DIR="$run_dir/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# A throwaway GNOME Keyring whose files live in run_dir; it ends with the D-Bus session, and cleanup stops it too.
eval "$(printf 'blooio-bench' | gnome-keyring-daemon --unlock --components=secrets --replace 2>/dev/null)"
export GNOME_KEYRING_CONTROL
for _ in $(seq 1 40); do
  for pid in $(pgrep -x gnome-keyring-d || true); do
    if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qxF "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR"; then keyring_pid="$pid"; fi
  done
  [ -n "$keyring_pid" ] && break
  sleep 0.05
done
export BLOOIO_REQUIRE_KEYCHAIN=1
# Our release build checks for updates after its first frame; nothing in a benchmark talks to the update server.
export BLOOIO_UPDATE_CHECK=off

display_number=""
for n in $(seq 90 299); do
  if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display_number="$n"; break; fi
done
[ -n "$display_number" ] || { echo "no free X display number" >&2; exit 1; }
screen="1280x1024x24"
Xvfb ":$display_number" -screen 0 "$screen" -br -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=":$display_number"
for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X$display_number" ] && break; sleep 0.05; done
[ -e "/tmp/.X11-unix/X$display_number" ] || { echo "Xvfb did not start on $DISPLAY" >&2; exit 1; }
# Services the session bus starts on demand (portals, accessibility) see the display, as on a desktop.
dbus-update-activation-environment DISPLAY XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR

# ---- 1. start-up, idle memory, sizes ----
wait_quiet start-up
say "Start-up and idle memory: $launches launches of each app after a warm-up launch"
other_limit="${BLOOIO_BENCH_OTHER_CPU_MS:-200}" # a launch during which other processes used more CPU is redone
discarded=0
launch() { # launch ours|bare|bare-software OUTPUT [--shot FILE]
  local which="$1" output="$2" line other tries=0; shift 2
  while :; do
    if [ "$which" = ours ]; then
      line="$(env BLOOIO_SANDBOX=1 BLOOIO_KEYCHAIN_SERVICE=com.blooio.groups.bench \
        "$bench_dir/firstframe" --idle 3 --server-pid "$xvfb_pid" "$@" -- "$our_bin")"
    elif [ "$which" = bare-software ]; then
      # Like for like: the bare app drawing the way ours does on Linux (src-tauri/src/rendering.rs).
      line="$(env WEBKIT_DISABLE_COMPOSITING_MODE=1 \
        "$bench_dir/firstframe" --idle 3 --server-pid "$xvfb_pid" "$@" -- "$bare_bin")"
    else
      line="$("$bench_dir/firstframe" --idle 3 --server-pid "$xvfb_pid" "$@" -- "$bare_bin")"
    fi
    sleep 0.5
    other="$(sed -n 's/.*"other_cpu_ms":\([0-9]*\).*/\1/p' <<< "$line")"
    tries=$((tries + 1))
    if [ "${other:-0}" -le "$other_limit" ] || [ "$tries" -ge 5 ] || [ "$mode" = smoke ]; then break; fi
    discarded=$((discarded + 1))
    echo "  $which: other processes used ${other} ms of CPU during this launch; measuring it again" >&2
    wait_quiet "a repeated launch" >/dev/null
  done
  echo "$line" >> "$output"
}
launch bare "$results/warmup.jsonl"
launch ours "$results/warmup.jsonl"
for ((i = 0; i < launches; i++)); do
  shot=()
  if [ "$i" -eq 0 ]; then shot=(--shot "$run_dir/first.ppm"); fi
  # Alternate which app goes first, so neither always follows the other.
  case $((i % 3)) in
    0) order=(bare ours bare-software) ;;
    1) order=(ours bare-software bare) ;;
    *) order=(bare-software bare ours) ;;
  esac
  for which in "${order[@]}"; do
    launch "$which" "$results/startup-$which.jsonl" "${shot[@]}"
    if [ "$i" -eq 0 ]; then convert "$run_dir/first.ppm" "$results/first-frame-$which.png" 2>/dev/null || true; fi
  done
done

node -e '
  const fs = require("fs");
  const [ours_bin, ours_deb, bare_bin, bare_deb, profile, ours_deb_gzip, bare_deb_gzip] = process.argv.slice(1);
  const size = (f) => fs.statSync(f).size;
  const installed = (deb) => Number(require("child_process").execFileSync("dpkg-deb", ["-f", deb, "Installed-Size"], { encoding: "utf8" }).trim());
  console.log(JSON.stringify({ profile, ours_bin: size(ours_bin), ours_deb: size(ours_deb), bare_bin: size(bare_bin), bare_deb: size(bare_deb),
    ours_deb_gzip: Number(ours_deb_gzip), bare_deb_gzip: Number(bare_deb_gzip),
    ours_installed_kib: installed(ours_deb), bare_installed_kib: installed(bare_deb) }));
' "$our_bin" "$our_deb" "$bare_bin" "$bare_deb" "$profile" "$our_deb_gzip" "$bare_deb_gzip" > "$results/sizes.json"

# ---- 2. our window against the sandbox ----
wait_quiet window
say "In the window: $creates creates and $validations validations of 1,000 members (after $window_warmup warm-ups each); with $groups groups, Groups opened $group_opens times, $group_searches searches, one scroll through the list"
BLOOIO_APP_BINARY="$our_bin" BLOOIO_SANDBOX_BINARY="$sandbox_bin" BLOOIO_TEST_OUTPUT="$run_dir/shots" \
  node bench/window.mjs --creates "$creates" --validations "$validations" --warmup "$window_warmup" \
  --groups "$groups" --opens "$group_opens" --searches "$group_searches" > "$results/window.json"

# ---- 3. headless creates against the sandbox ----
wait_quiet headless
say "Headless creates: our client and the Python SDK ($client_n each), curl ($curl_n)"
"$sandbox_bin" --port 0 --key "$KEY" > "$run_dir/sandbox.out" 2>/dev/null &
sandbox_pid=$!
base_url=""
for _ in $(seq 1 100); do
  base_url="$(sed -n 's/^listening on //p' "$run_dir/sandbox.out")"
  [ -n "$base_url" ] && break
  sleep 0.05
done
[ -n "$base_url" ] || { echo "the sandbox did not start" >&2; exit 1; }
origin="${base_url%/v2/api}"
headless() { # headless LABEL COMMAND...: resets the sandbox, runs one client, appends its JSON line
  local label="$1"; shift
  curl -sS -f -X POST "$origin/__sandbox/reset" >/dev/null
  "$@" >> "$results/headless.jsonl" || { echo "$label failed" >&2; exit 1; }
  printf '  %-34s %s\n' "$label" "$(tail -1 "$results/headless.jsonl" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(`${r.per_s} creates/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms`)})')" >&2
}
headless "blooio-core, sequential" "$create_bench" --base-url "$base_url" --n "$client_n" --warmup "$headless_warmup" --seed 1 --key "$KEY"
headless "blooio-core, $concurrency in flight" "$create_bench" --base-url "$base_url" --n "$client_n" --warmup "$headless_warmup" --seed 2 --concurrency "$concurrency" --key "$KEY"
headless "Python SDK, sequential" env NO_PROXY='*' "$venv/bin/python" bench/python_sdk.py --base-url "$base_url" --n "$client_n" --warmup "$headless_warmup" --seed 3 --key "$KEY"
headless "Python SDK (async), $concurrency in flight" env NO_PROXY='*' "$venv/bin/python" bench/python_sdk.py --base-url "$base_url" --n "$client_n" --warmup "$headless_warmup" --seed 4 --concurrency "$concurrency" --key "$KEY"
headless "curl, one process per request" env NO_PROXY='*' BLOOIO_BENCH_KEY="$KEY" bench/curl.sh "$base_url" "$curl_n" 5 process
headless "curl, one process (--next)" env NO_PROXY='*' BLOOIO_BENCH_KEY="$KEY" bench/curl.sh "$base_url" "$curl_n" 6 multi
kill "$sandbox_pid" 2>/dev/null || true
wait "$sandbox_pid" 2>/dev/null || true
sandbox_pid=""

# ---- 3b. the spreadsheet importer and the local store, each as its own example: "name value target" lines ----
wait_quiet "libraries"
say "Importer: 10,000-row CSV to preview, 100,000-row CSV peak memory"
if [ "$mode" = full ]; then "$import_bench" > "$results/import.txt"; else "$import_bench" --smoke > "$results/import.txt"; fi
cat "$results/import.txt" >&2
say "Local store: journal transitions (each flushed before its request), history search"
if [ "$mode" = full ]; then store_args=(); else store_args=(--rows 20 --history 500); fi
"$store_bench" "${store_args[@]}" > "$results/store.txt"
cat "$results/store.txt" >&2
say "Bulk run: 1,000 creates against the local sandbox, journalled runner against the bare client, 9 rounds"
if [ "$mode" = full ]; then bulk_args=(); else bulk_args=(--rows 30 --rounds 1); fi
"$bulk_bench" "${bulk_args[@]}" > "$results/bulk.txt"
cat "$results/bulk.txt" >&2
measure_s="$(elapsed "$measure_started")"

# ---- 4. the report ----
node -e '
  const [mode, tauri, tauri_build, bare_tauri, bare_tauri_build, sdk, build_s, measure_s, total_s, screen, ww, hw, , busy, commit, discarded] = process.argv.slice(1);
  const cli = require("./node_modules/@tauri-apps/cli/package.json").version;
  const python = require("child_process").execFileSync(process.argv[13], ["--version"], { encoding: "utf8" }).trim();
  console.log(JSON.stringify({ mode, date: new Date().toISOString().replace(/\.\d+Z$/, "Z"), tauri, tauri_build, tauri_cli: cli,
    bare_tauri, bare_tauri_build, sdk_version: sdk, python, build_s: +build_s, measure_s: +measure_s, total_s: +total_s,
    screen, window_warmup: +ww, headless_warmup: +hw, busy_before: busy, commit, discarded_launches: +discarded }));
' "$mode" "$tauri_version" "$tauri_build_version" "$bare_tauri" "$bare_tauri_build" "$sdk_version" "$build_s" "$measure_s" \
  "$(elapsed "$run_started")" "$screen" "$window_warmup" "$headless_warmup" "$venv/bin/python" "$busy_log" "$commit" "$discarded" > "$results/meta.json"

if [ "$mode" = full ]; then report="$root_dir/docs/BENCHMARKS.md"; else report="$results/BENCHMARKS.md"; fi
node bench/report.mjs "$results" > "$report"
say "Report: ${report#"$root_dir/"} (raw results and first-frame screenshots in ${results#"$root_dir/"})"
cat "$report"

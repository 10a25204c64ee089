#!/usr/bin/env bash
# Runs the fuzz targets for a bounded time each, starting from the checked-in seeds.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     defaults: 30 s; member_parser, response_decoder, importer
#
# Exit status: 0 when no target failed; 1 when one found a crash, a panic (a broken invariant is a panic), an
# input slower than 10 s or a run above 2 GiB; 2 for bad arguments. A failing input is saved in
# fuzz/artifacts/<target>/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run --release --sanitizer none <target> fuzz/artifacts/<target>/<file>
#
# Why RUSTC_BOOTSTRAP=1: cargo-fuzz builds with rustc flags that are nightly-only (-Zsanitizer, the
# sanitizer-coverage passes libFuzzer needs). The machines here have only the stable toolchain and no nightly can
# be downloaded; RUSTC_BOOTSTRAP=1 lets the stable compiler accept those flags (it is the same compiler, with the
# gate lifted). It is set for the commands in this script only.
#
# --release: built like the shipped app, where a dependency's integer overflow wraps instead of panicking; our
# own crates keep their debug assertions and overflow checks (fuzz/Cargo.toml's profile overrides).
#
# Sanitizer: none by default. The targets drive safe Rust, where AddressSanitizer finds nothing the panics and
# assertions don't, and it made runs several times slower; FUZZ_SANITIZER=address turns it on. Switching costs a
# full rebuild (the flags differ), so keep one setting per target directory.
#
# New inputs the fuzzer finds go to fuzz/work/<target>/ (not committed), so corpus/ keeps only the seeds and a
# later run on the same machine starts from everything found before. Set CARGO_TARGET_DIR to share a build cache.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-30}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || ((seconds == 0)); then
    echo "usage: $0 [SECONDS_PER_TARGET] [TARGET...]" >&2
    exit 2
fi
shift $(($# > 0 ? 1 : 0))
targets=("$@")
if ((${#targets[@]} == 0)); then
    targets=(member_parser response_decoder importer)
fi
sanitizer="${FUZZ_SANITIZER:-none}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz/run.sh: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

export RUSTC_BOOTSTRAP=1
cd "$here"

# Build before the clock starts, so every target gets its whole time for fuzzing.
for target in "${targets[@]}"; do
    cargo fuzz build --release --sanitizer "$sanitizer" "$target"
done

failed=()
for target in "${targets[@]}"; do
    mkdir -p "work/$target"
    echo "fuzz/run.sh: $target for ${seconds}s" >&2
    # work/ first: libFuzzer adds what it finds to the first corpus directory.
    if ! cargo fuzz run --release --sanitizer "$sanitizer" "$target" "work/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1; then
        failed+=("$target")
    fi
done

if ((${#failed[@]} > 0)); then
    echo "fuzz/run.sh: FAILED: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "fuzz/run.sh: ${#targets[@]} targets, ${seconds}s each, no failure" >&2

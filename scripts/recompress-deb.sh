#!/usr/bin/env bash
# Recompresses .deb packages made by tauri's bundler: their files go in an xz-compressed data.tar instead of the
# bundler's gzip, which it offers no setting for (tauri-apps/tauri#9846). The package is about a quarter smaller to
# download (4.72 → 3.48 MiB at the time of writing). The tar inside is kept byte for byte (files, modes, owners,
# times), and checked to be; dpkg has read xz packages on every Debian and Ubuntu release since 2010.
#
# A package with an update signature beside it (PACKAGE.deb.sig, written by `tauri build` with
# createUpdaterArtifacts) is signed again as tauri build signed it, bound to the same app version, with the key in
# TAURI_SIGNING_PRIVATE_KEY (its password in TAURI_SIGNING_PRIVATE_KEY_PASSWORD). Without the key it stops: a
# signature that no longer matches its package would make every installed copy refuse the update.
#
# Used wherever a .deb is made to be measured or shipped: the release workflow, scripts/bench.sh and the packaging
# test (scripts/test-packaging.sh), which installs and updates from recompressed packages.
# BLOOIO_DEB_XZ_LEVEL (0-9, default 9, what ships) trades size for time: the benchmark's smoke run recompresses
# debug builds of a few hundred MiB with 0.
#   scripts/recompress-deb.sh PACKAGE.deb...
set -euo pipefail
root_dir="$(cd "$(dirname "$0")/.." && pwd)"
level="${BLOOIO_DEB_XZ_LEVEL:-9}"
[[ "$level" =~ ^[0-9]$ ]] || { echo "BLOOIO_DEB_XZ_LEVEL must be 0 to 9, not '$level'" >&2; exit 2; }

for deb in "$@"; do
  deb="$(realpath "$deb")"
  members="$(ar t "$deb" | tr '\n' ' ')"
  case "$members" in
    "debian-binary control.tar.gz data.tar.gz ") ;;
    "debian-binary control.tar."*" data.tar.xz ")
      echo "$deb: its files are xz-compressed already" >&2
      continue
      ;;
    *)
      echo "$deb: not a package as tauri's bundler writes one (its members: $members)" >&2
      exit 1
      ;;
  esac
  if [ -f "$deb.sig" ] && [ -z "${TAURI_SIGNING_PRIVATE_KEY:-}" ]; then
    echo "$deb has an update signature, and TAURI_SIGNING_PRIVATE_KEY is not set to sign it again" >&2
    exit 1
  fi

  work="$(mktemp -d -t blooio-deb.XXXXXX)"
  (
    cd "$work"
    ar x "$deb" debian-binary control.tar.gz data.tar.gz
    gzip -dc data.tar.gz | xz "-$level" --threads=1 --check=crc64 > data.tar.xz
    cmp -s <(gzip -dc data.tar.gz) <(xz -dc data.tar.xz) || {
      echo "$deb: the recompressed files differ from the original's" >&2
      exit 1
    }
    # The members in dpkg's order; D: no owner or time stamps on the members themselves, as in a reproducible build.
    ar rcD repacked.deb debian-binary control.tar.gz data.tar.xz
    dpkg-deb --info repacked.deb > /dev/null
    cmp -s <(dpkg-deb --contents "$deb") <(dpkg-deb --contents repacked.deb) || {
      echo "$deb: dpkg lists other files in the recompressed package" >&2
      exit 1
    }
  )
  before="$(stat -c %s "$deb")"
  mv "$work/repacked.deb" "$deb"
  rm -rf "$work"
  echo "$(basename "$deb"): $before → $(stat -c %s "$deb") bytes (files xz-compressed)" >&2

  if [ -f "$deb.sig" ]; then
    # The version tauri build bound the first signature to (in its signed "trusted comment"): the updater's
    # requireSignedVersion refuses an update whose signature carries none.
    version="$(base64 -d "$deb.sig" | sed -n 's/^trusted comment: .*\bversion:\([^[:space:]]*\).*/\1/p')"
    version_args=()
    [ -z "$version" ] || version_args=(--app-version "$version")
    rm "$deb.sig"
    # Signs with TAURI_SIGNING_PRIVATE_KEY (the key itself or its path) and _PASSWORD, and writes PACKAGE.deb.sig.
    (cd "$root_dir" && npx tauri signer sign "${version_args[@]}" "$deb" > /dev/null)
    [ -s "$deb.sig" ] || {
      echo "$deb: tauri signer wrote no signature" >&2
      exit 1
    }
    echo "$(basename "$deb").sig: signed again${version:+, for version $version}" >&2
  fi
done

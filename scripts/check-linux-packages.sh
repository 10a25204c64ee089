#!/usr/bin/env bash
# Checks a built .deb and .rpm without installing them (scripts/test-packaging.sh runs it on the test builds):
#   - the .deb's files are xz-compressed, as scripts/recompress-deb.sh ships them;
#   - the .deb declares every package the binary's shared libraries come from (dpkg-shlibdeps), directly or
#     through a declared package's own dependencies;
#   - its desktop entry passes desktop-file-validate, and its AppStream metadata appstreamcli's validation;
#   - the .rpm holds the same binary, desktop entry and metadata, requires WebKitGTK, and is xz-compressed too.
# Needs dpkg-dev, desktop-file-utils, appstream and rpm (Debian packages).
#   scripts/check-linux-packages.sh APP.deb APP.rpm
set -euo pipefail
deb="$1"
rpm="$2"
problems=0
problem() { printf '  \033[1;31m%s\033[0m\n' "$*" >&2; problems=$((problems + 1)); }
note() { printf '  %s\n' "$*" >&2; }

unpacked="$(mktemp -d -t blooio-deb.XXXXXX)"
trap 'rm -rf "$unpacked"' EXIT
dpkg-deb -x "$deb" "$unpacked/root"
dpkg-deb -e "$deb" "$unpacked/DEBIAN"
field() { sed -n "s/^$1: //p" "$unpacked/DEBIAN/control"; }
package="$(field Package)"
note "$(basename "$deb"): $package $(field Version), installed size $(field Installed-Size) KiB"
note "Depends: $(field Depends)"
note "Recommends: $(field Recommends)"
# Shipped recompressed (scripts/recompress-deb.sh): the bundler's gzip is a quarter larger.
ar t "$deb" | grep -qx 'data.tar.xz' || problem "the .deb's files are not xz-compressed: run scripts/recompress-deb.sh on it"

# ---- dependencies: what the binary links, against what the package declares ----
binary="$(find "$unpacked/root/usr/bin" -maxdepth 1 -type f | head -1)"
[ -n "$binary" ] || problem "no program in /usr/bin"
mkdir -p "$unpacked/shlibs/debian"
printf 'Source: x\n\nPackage: %s\nArchitecture: any\n' "$package" > "$unpacked/shlibs/debian/control"
needed="$(cd "$unpacked/shlibs" && dpkg-shlibdeps -O "$binary" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
# Every package reachable from the declared Depends, through their own dependencies.
declared="$(field Depends | tr ',|' '\n\n' | sed 's/(.*)//; s/ //g' | grep -v '^$')"
# shellcheck disable=SC2086
reachable="$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
  --no-enhances --no-pre-depends $declared 2>/dev/null | sed -n 's/^ *Depends: //p; /^[a-z0-9]/p' | sed 's/[<>]//g; s/:any//' | sort -u)"
for pkg in $(echo "$needed" | tr ',|' '\n\n' | sed 's/(.*)//; s/ //g' | grep -v '^$' | sort -u); do
  # The C library and the compiler runtime are on every system that has a desktop.
  case "$pkg" in libc6 | libgcc-s1) continue ;; esac
  if ! grep -qxF "$pkg" <<< "$declared" && ! grep -qxF "$pkg" <<< "$reachable"; then
    problem "the binary links a library from $pkg, which Depends neither names nor brings in"
  fi
done
note "linked libraries come from: $needed"

# ---- desktop entry, icons, AppStream ----
desktop="$(find "$unpacked/root/usr/share/applications" -name '*.desktop' | head -1)"
if [ -z "$desktop" ]; then
  problem "no desktop entry in /usr/share/applications"
else
  desktop-file-validate "$desktop" || problem "desktop-file-validate refused $(basename "$desktop")"
  icon="$(sed -n 's/^Icon=//p' "$desktop")"
  [ -n "$(find "$unpacked/root/usr/share/icons" -name "$icon.png")" ] || problem "no icon named $icon under /usr/share/icons"
  note "desktop entry: $(basename "$desktop") (Exec=$(sed -n 's/^Exec=//p' "$desktop"), Icon=$icon)"
fi
metainfo="$(find "$unpacked/root/usr/share/metainfo" -name '*.xml' 2>/dev/null | head -1)"
if [ -z "$metainfo" ]; then
  problem "no AppStream metadata in /usr/share/metainfo"
else
  appstreamcli validate --no-net --pedantic "$metainfo" >&2 || problem "appstreamcli refused $(basename "$metainfo")"
  launchable="$(sed -n 's:.*<launchable type="desktop-id">\(.*\)</launchable>.*:\1:p' "$metainfo")"
  [ "$launchable" = "$(basename "${desktop:-none}")" ] || problem "the AppStream launchable ($launchable) is not the desktop entry's name"
fi

# ---- the .rpm ----
note "$(basename "$rpm"): $(rpm -qp --queryformat '%{NAME} %{VERSION}-%{RELEASE}, %{SIZE} bytes installed' "$rpm" 2>/dev/null)"
rpm_files="$(rpm -qlp "$rpm" 2>/dev/null)"
# tauri.conf.json asks for xz, as the .deb ships (scripts/recompress-deb.sh).
[ "$(rpm -qp --queryformat '%{PAYLOADCOMPRESSOR}' "$rpm" 2>/dev/null)" = xz ] || problem "the .rpm's payload is not xz-compressed"
for path in "/usr/bin/$(basename "$binary")" "/usr/share/applications/$(basename "${desktop:-none}")" "/usr/share/metainfo/$(basename "${metainfo:-none}")"; do
  grep -qxF "$path" <<< "$rpm_files" || problem "the .rpm has no $path"
done
# (Read whole before matching: `grep -q` would end the pipe early, and pipefail would count rpm's broken pipe.)
rpm_requires="$(rpm -qpR "$rpm" 2>/dev/null)"
grep -q '^libwebkit2gtk-4.1.so.0' <<< "$rpm_requires" || problem "the .rpm does not require WebKitGTK 4.1 (libwebkit2gtk-4.1.so.0)"
note "rpm requires: $(grep -v '^rpmlib' <<< "$rpm_requires" | tr '\n' ' ')"

if [ "$problems" -gt 0 ]; then
  echo "$problems problem(s) with the packages" >&2
  exit 1
fi
note "packages ok"

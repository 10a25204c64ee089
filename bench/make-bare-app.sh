#!/usr/bin/env bash
# Writes a bare Tauri "hello world" into DIR: the baseline that scripts/bench.sh builds and measures beside Blooio
# Groups. Generated at run time, never committed. Same Tauri crates as ours (the root Cargo.lock is copied in, so
# cargo keeps its versions), same release profile, same window size and the same icons, a one-line page.
#   bench/make-bare-app.sh DIR
set -euo pipefail
root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:?usage: make-bare-app.sh DIR}"
mkdir -p "$dir/src" "$dir/dist" "$dir/icons"

# Writes stdin to FILE only when it differs, so an unchanged app is not rebuilt (tauri-build watches these files).
put() {
  local tmp
  tmp="$(mktemp "$1.XXXXXX")"
  cat > "$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else mv "$tmp" "$1"; fi
}

lock_version() { # the version of a package in the root Cargo.lock
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$root_dir/Cargo.lock"
}
tauri_version="$(lock_version tauri)"
tauri_build_version="$(lock_version tauri-build)"
[ -n "$tauri_version" ] && [ -n "$tauri_build_version" ] || { echo "tauri or tauri-build not found in Cargo.lock" >&2; exit 1; }

# The release profile is copied from the root Cargo.toml, so a change there reaches the baseline too.
release_profile="$(awk '/^\[profile\.release\]/ { on = 1; print; next } /^\[/ { on = 0 } on && NF' "$root_dir/Cargo.toml")"
[ -n "$release_profile" ] || { echo "no [profile.release] in Cargo.toml" >&2; exit 1; }

put "$dir/Cargo.toml" <<EOF
[package]
name = "bare-tauri"
version = "0.1.0"
edition = "2021"
publish = false

# Not part of the Blooio Groups workspace that contains this folder.
[workspace]

[features]
custom-protocol = ["tauri/custom-protocol"]

[build-dependencies]
tauri-build = { version = "=$tauri_build_version", features = [] }

[dependencies]
tauri = { version = "=$tauri_version", features = [] }

$release_profile
EOF

put "$dir/build.rs" <<'EOF'
fn main() {
    tauri_build::build()
}
EOF

put "$dir/src/main.rs" <<'EOF'
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the bare Tauri app");
}
EOF

put "$dir/dist/index.html" <<'EOF'
<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Bare Tauri</title></head>
  <body><h1>Hello, Tauri</h1></body>
</html>
EOF

# Window size as ours (tauri.conf.json at the root), so both windows have the same area to paint and capture.
read -r width height < <(node -e '
  const w = require(process.argv[1]).app.windows[0];
  console.log(w.width, w.height);' "$root_dir/tauri.conf.json")

put "$dir/tauri.conf.json" <<EOF
{
  "\$schema": "https://schema.tauri.app/config/2",
  "productName": "bare-tauri",
  "mainBinaryName": "bare-tauri",
  "version": "0.1.0",
  "identifier": "com.example.bare-tauri",
  "build": { "frontendDist": "dist" },
  "app": {
    "windows": [{ "label": "main", "title": "Bare Tauri", "width": $width, "height": $height }],
    "security": { "csp": "default-src 'self'" }
  },
  "bundle": {
    "active": true,
    "targets": ["deb"],
    "icon": ["icons/32x32.png", "icons/128x128.png", "icons/128x128@2x.png"]
  }
}
EOF
for icon in 32x32.png 128x128.png 128x128@2x.png; do put "$dir/icons/$icon" < "$root_dir/icons/$icon"; done

# Start from our lock file so cargo resolves the same versions; cargo drops what the bare app does not use.
if [ ! -f "$dir/Cargo.lock" ] || [ "$root_dir/Cargo.lock" -nt "$dir/Cargo.lock" ]; then
  cp "$root_dir/Cargo.lock" "$dir/Cargo.lock"
fi
echo "$tauri_version $tauri_build_version"

#!/usr/bin/env bash
# Installs what building, running and testing Blooio Groups needs on Debian/Ubuntu, skipping what is already there.
# Sourced by app.sh and test.sh; safe to run on its own.
set -euo pipefail

root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root_dir"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "Need root (or sudo) to install system packages: $*" >&2; exit 1
  fi
}

# Build: WebKitGTK and friends. Tests: a virtual display, the WebDriver for WebKitGTK, a private D-Bus session
# with GNOME Keyring for the real keychain, ImageMagick for screenshots, python3 (e2e/close-window.py), and a colour
# emoji font, as every desktop has, so an emoji in a group name is drawn in the screenshots instead of a box; and
# xdotool, which types into the native "Open" dialog as a person would (e2e/bulk.test.mjs).
apt_packages=(
  libwebkit2gtk-4.1-dev build-essential file pkg-config libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libdbus-1-dev
  xvfb webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools imagemagick xauth python3 fonts-noto-color-emoji xdotool
)

install_system_packages() {
  local missing=()
  for pkg in "${apt_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_node_packages() {
  # Only when the lock file changed since the last install. `npm install` rather than `npm ci`: the lock records
  # the Tauri CLI's binary package for the platforms the registry served here only, which `npm ci` rejects as
  # out of sync; `npm install` installs exactly the locked versions all the same.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm packages"
    npm install --no-audit --no-fund --loglevel=error
  fi
}

install_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    say "Installing tauri-driver"
    cargo install tauri-driver --locked --version 2.1.0 --quiet
  fi
}

command -v cargo >/dev/null 2>&1 || { echo "Rust is required: install it from rustup.rs, then run this again." >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "Node.js 20 or newer is required, then run this again." >&2; exit 1; }

install_system_packages
install_node_packages
if [ "${BLOOIO_SETUP_TEST_TOOLS:-0}" = "1" ]; then
  install_tauri_driver
fi
export PATH="$HOME/.cargo/bin:$PATH"

# The installers and updates, proven on this machine. Sourced by `scripts/test.sh packaging`, inside its private
# D-Bus session with a throwaway GNOME Keyring, and using its helpers (say, fail, await_line, scratch, started_pids).
#
#   1. Builds the app twice with the packaging-test profile and a throwaway update key: an "old" and a "new"
#      version, each as .deb and .rpm with signed update artifacts, both pointing at an update server on 127.0.0.1
#      (plain http is allowed only by this test's config overlay). The .debs are recompressed and signed again by
#      scripts/recompress-deb.sh, as the release workflow ships them.
#   2. Checks the packages: real dependencies (dpkg -I against what the binary links), desktop entry
#      (desktop-file-validate), AppStream metadata (appstreamcli), the .rpm's contents and requirements.
#   3. Installs the old .deb with apt, then e2e/packaging/installed-app.mjs drives the installed app, launched from
#      its desktop entry's Exec line under Xvfb: a group created in sandbox mode, a tampered update refused, the
#      genuine update found, verified, installed, and the app restarted into it.
#   4. Purges the package: its files are gone, the keychain entry stays.
#
# It installs a system package (as root, or with sudo), so it is not part of the default test run; .ci/run runs it.

packaging_started="$(date +%s)"
export BLOOIO_APP_PACKAGE=blooio-groups
installed_by_us=""

remove_package() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq -o DPkg::Lock::Timeout=300 "$BLOOIO_APP_PACKAGE" >/dev/null
}
# However the test ends, the package it installed does not stay on the machine.
packaging_cleanup() {
  if [ -n "$installed_by_us" ] && dpkg-query -W "$BLOOIO_APP_PACKAGE" >/dev/null 2>&1; then remove_package || true; fi
  cleanup
}
trap packaging_cleanup EXIT

if dpkg-query -W -f='${Status}' "$BLOOIO_APP_PACKAGE" 2>/dev/null | grep -q "install ok installed"; then
  fail "$BLOOIO_APP_PACKAGE is installed on this machine already; this test installs and removes its own copy. Remove it first (apt-get purge $BLOOIO_APP_PACKAGE)."
fi

# What only this test needs: package checkers, xz (scripts/recompress-deb.sh), and sudo, which the updater uses to
# install a .deb when there is no graphical password prompt (pkexec) — on this headless machine, as root, it asks
# for nothing.
apt_packages=(dpkg-dev desktop-file-utils appstream rpm sudo xz-utils)
install_system_packages

work="$scratch/packaging"
www="$work/www"
mkdir -p "$work" "$www"

say "A throwaway update key and the update server's address"
CI=true npx tauri signer generate --ci -w "$work/update.key" >/dev/null
pubkey="$(cat "$work/update.key.pub")"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
old_version="$(node -p 'require("./tauri.conf.json").version')"
new_version="$(node -p 'const [a,b,c]=require("./tauri.conf.json").version.split(".").map(Number);`${a}.${b}.${c+1}`')"

# The test builds' differences from the shipped config: the version, signed update artifacts, the throwaway key,
# and the local update server over plain http.
overlay() {
  node -e '
    const [version, pubkey, port] = process.argv.slice(1);
    console.log(JSON.stringify({
      version,
      bundle: { createUpdaterArtifacts: true },
      plugins: { updater: { pubkey, endpoints: [`http://127.0.0.1:${port}/latest.json`], dangerousInsecureTransportProtocol: true } },
    }));' "$1" "$pubkey" "$port" > "$2"
}
overlay "$old_version" "$work/old.conf.json"
overlay "$new_version" "$work/new.conf.json"

target_dir="$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
bundle_dir="$target_dir/packaging-test/bundle"
build_variant() { # build_variant NAME: builds the .deb and .rpm with NAME.conf.json and keeps them as NAME.*
  local name="$1" started
  started="$(date +%s)"
  say "Building the $name version ($(node -p "require('$work/$name.conf.json').version"), packaging-test profile, .deb and .rpm)"
  rm -rf "$bundle_dir/deb" "$bundle_dir/rpm"
  TAURI_SIGNING_PRIVATE_KEY="$(cat "$work/update.key")" TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" \
    npx tauri build --ci --bundles deb,rpm --config "$work/$name.conf.json" -- --locked --profile packaging-test
  local deb rpm
  deb="$(ls "$bundle_dir"/deb/*.deb)"
  rpm="$(ls "$bundle_dir"/rpm/*.rpm)"
  cp "$deb" "$work/$name.deb"
  cp "$deb.sig" "$work/$name.deb.sig"
  cp "$deb.sig" "$work/$name.deb.bundler-sig"
  # As the release workflow ships it: files xz-compressed, signed again. Apt installs this one and the update is it.
  TAURI_SIGNING_PRIVATE_KEY="$(cat "$work/update.key")" TAURI_SIGNING_PRIVATE_KEY_PASSWORD="" \
    bash "$root_dir/scripts/recompress-deb.sh" "$work/$name.deb"
  cp "$rpm" "$work/$name.rpm"
  echo "  $name: built in $(( $(date +%s) - started )) s" >&2
}
build_variant old
build_variant new

say "Checking the packages"
bash "$root_dir/scripts/check-linux-packages.sh" "$work/old.deb" "$work/old.rpm"

say "Installing the old .deb with apt"
installed_by_us=1
# Without the recommended packages (a Secret Service is here already; pkexec would need a polkit daemon this
# headless machine does not run, and the updater then falls back to sudo anyway).
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 \
  "$work/old.deb" >/dev/null
[ "$(dpkg-query -W -f='${Version}' "$BLOOIO_APP_PACKAGE")" = "$old_version" ] || fail "apt did not install version $old_version"

# The command a desktop runs: the Exec line of the installed desktop entry, without its field codes (%U, %f, …).
desktop_file="$(dpkg -L "$BLOOIO_APP_PACKAGE" | grep '^/usr/share/applications/.*\.desktop$' | head -1)"
[ -n "$desktop_file" ] || fail "the package installed no desktop entry"
exec_line="$(sed -n 's/^Exec=//p' "$desktop_file" | head -1 | sed 's/ *%[a-zA-Z]//g')"
read -r exec_program exec_args <<< "$exec_line"
app_path="$(command -v "$exec_program")" || fail "the desktop entry runs '$exec_program', which is not on PATH"
[ -z "${exec_args:-}" ] || fail "the desktop entry passes arguments the test does not expect: $exec_args"
echo "  desktop entry $desktop_file runs: $exec_line ($app_path)" >&2

say "The update server on 127.0.0.1:$port"
cp "$work/new.deb" "$www/new.deb"
# The signature offered is the one the release's own step puts in latest.json: tauri-action writes the bundler's,
# which no longer matches the recompressed package, and scripts/latest-json-deb-signature.mjs replaces it.
node -e 'console.log(JSON.stringify({ platforms: { "linux-x86_64-deb": {
  url: `http://127.0.0.1:${process.argv[1]}/new.deb`, signature: process.argv[2] } } }))' \
  "$port" "$(cat "$work/new.deb.bundler-sig")" > "$work/latest.json"
node "$root_dir/scripts/latest-json-deb-signature.mjs" "$work/latest.json" "$work/new.deb.sig" >&2
new_signature="$(node -p 'require(process.argv[1]).platforms["linux-x86_64-deb"].signature' "$work/latest.json")"
[ "$new_signature" != "$(cat "$work/new.deb.bundler-sig")" ] || fail "the recompressed .deb kept the bundler's signature"
# A tampered copy: one byte changed in the middle, served with the genuine signature.
cp "$work/new.deb" "$www/tampered.deb"
size="$(stat -c %s "$www/tampered.deb")"
printf '\xff' | dd of="$www/tampered.deb" bs=1 seek=$((size / 2)) conv=notrunc status=none
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$www" >"$work/http.log" 2>&1 &
started_pids+=("$!")
for _ in $(seq 1 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$scratch/xvfb.display" >"$scratch/xvfb.log" 2>&1 &
started_pids+=("$!")
await_line "Xvfb (the virtual display)" "$!" "$scratch/xvfb.display" "$scratch/xvfb.log"
export DISPLAY=":$(cat "$scratch/xvfb.display")"

say "The installed app, its updates, in the real window"
BLOOIO_APP_BINARY="$app_path" \
  BLOOIO_SANDBOX_BINARY=/bin/false \
  BLOOIO_TEST_OUTPUT="$root_dir/test-output" \
  BLOOIO_UPDATE_DIR="$www" \
  BLOOIO_UPDATE_BASE="http://127.0.0.1:$port" \
  BLOOIO_OLD_VERSION="$old_version" \
  BLOOIO_NEW_VERSION="$new_version" \
  BLOOIO_NEW_SIGNATURE="$new_signature" \
  node --test --test-concurrency=1 e2e/packaging/installed-app.mjs

say "Removing the package"
# Whatever the app keeps in the keychain (its service is the app identifier) must outlive the package.
keychain_entries() { secret-tool search --all service com.blooio.groups 2>&1 | grep -E '^(attribute\.username|secret) = ' || true; }
keychain_before="$(keychain_entries)"
mapfile -t package_files < <(dpkg -L "$BLOOIO_APP_PACKAGE" | while read -r f; do [ -f "$f" ] && echo "$f"; done)
remove_package
installed_by_us=""
! dpkg-query -W -f='${Status}' "$BLOOIO_APP_PACKAGE" 2>/dev/null | grep -q "installed" || fail "the package is still installed after apt-get purge"
for f in "${package_files[@]}"; do [ ! -e "$f" ] || fail "apt-get purge left $f behind"; done
[ "$(keychain_entries)" = "$keychain_before" ] || fail "removing the package changed the app's keychain entries"
echo "  purged: ${#package_files[@]} files gone; the app's keychain entries ($(grep -c '^secret = ' <<< "$keychain_before")) kept" >&2

echo "packaging tests: $(( $(date +%s) - packaging_started )) s" >&2

#!/usr/bin/env bash
# Debian trixie's skopeo (1.18), unpacked into the checkout's git-ignored tool cache (.tools/skopeo-trixie).
# bookworm's skopeo is built with sigstore signing and verification disabled; the content-trust end-to-end
# tests need a skopeo that signs (--sign-by-sigstore-private-key, --sign-by-sigstore) and verifies
# (sigstoreSigned policies). Nothing is installed on the system: apt runs with its own sources, lists and
# cache under the tool cache, `apt-get download` fetches the .debs and dpkg-deb -x unpacks them. trixie's
# skopeo needs trixie's glibc, so the wrapper starts it through trixie's own dynamic loader and libraries.
#
# The mirror is the one this machine's apt already uses for Debian (taken from its sources), with the suite
# changed to trixie. A finished install is recorded in a stamp file; a second run only checks the stamp.
# The tests run it as .tools/skopeo-trixie/skopeo.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool_dir="$repo_root/.tools/skopeo-trixie"
wrapper="$tool_dir/skopeo"
stamp="$tool_dir/installed"
suite=trixie
# skopeo and the shared libraries it links that bookworm lacks or has too old (the loader comes with libc6).
packages=(skopeo libc6 libgpgme11t64 libgpg-error0 libassuan9 libsqlite3-0)
stamp_text="$suite ${packages[*]}"

if [ -x "$wrapper" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$stamp_text" ]; then
  echo "install-trixie-skopeo: already in .tools/skopeo-trixie ($stamp_text)"
  exit 0
fi

# The first Debian archive in the machine's apt sources (deb822 .sources files or one-line lists), skipping the
# security archive, whose layout differs: prints its URI and, when the entry names one, its Signed-By keyring.
debian_archive() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      {
        uris = ""; suites = ""; types = ""; keyring = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
          if ($i ~ /^Suites:/) { suites = $i; sub(/^Suites:[ \t]*/, "", suites) }
          if ($i ~ /^Types:/) { types = $i }
          if ($i ~ /^Signed-By:[ \t]*\//) { keyring = $i; sub(/^Signed-By:[ \t]*/, "", keyring) }
        }
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && suites !~ /-security/ && uris != "") {
          split(uris, u, /[ \t]+/); print u[1], keyring; exit
        }
      }' "$file"
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    awk '$1 == "deb" {
        i = 2; keyring = ""
        if ($i ~ /^\[/) {
          for (; ; i++) {
            if (match($i, /signed-by=[^] ]+/)) keyring = substr($i, RSTART + 10, RLENGTH - 10)
            if ($i ~ /\]$/) break
          }
          i++
        }
        if ($(i + 1) !~ /-security/) { print $i, keyring; exit }
      }' "$file"
  done
}
read -r mirror keyring < <(debian_archive | head -n 1) || true
if [ -z "${mirror:-}" ]; then
  echo "install-trixie-skopeo: no Debian archive found in /etc/apt/sources.list{,.d}" >&2
  exit 1
fi
# Debian's archive keyring holds the keys of every current release; the entry's own keyring may be one
# release's only, so it is the fallback.
if [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || [ -z "${keyring:-}" ]; then
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
fi

rm -rf "$tool_dir"
apt_state="$tool_dir/apt"
mkdir -p "$apt_state/sources" "$apt_state/lists/partial" "$apt_state/cache/archives/partial" "$apt_state/debs"
cat > "$apt_state/sources/$suite.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite
Components: main
Signed-By: $keyring
SOURCES
apt_options=(
  -o "Dir::Etc::sourcelist=/dev/null"
  -o "Dir::Etc::sourceparts=$apt_state/sources"
  -o "Dir::State::Lists=$apt_state/lists"
  -o "Dir::Cache=$apt_state/cache"
  -o "Dir::Etc::preferences=/dev/null"
  -o "Dir::Etc::preferencesparts=/dev/null"
  -o "APT::Get::List-Cleanup=false"
  -o "Debug::NoLocking=true"
  -o "Acquire::Languages=none"
  -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
  -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
  -o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false"
  -o "Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false"
  -o "Acquire::IndexTargets::deb::CNF::DefaultEnabled=false"
  -o "APT::Sandbox::User=root"
)
echo "install-trixie-skopeo: fetching ${packages[*]} from $suite"
apt-get "${apt_options[@]}" -q update
(cd "$apt_state/debs" && apt-get "${apt_options[@]}" -q download "${packages[@]}")

root="$tool_dir/root"
mkdir -p "$root"
for deb in "$apt_state/debs"/*.deb; do
  dpkg-deb -x "$deb" "$root"
done

loader="$(find "$root/usr/lib" -maxdepth 2 -name 'ld-linux*.so.*' -type f | head -n 1)"
if [ -z "$loader" ]; then
  echo "install-trixie-skopeo: no dynamic loader in the unpacked libc6" >&2
  exit 1
fi
library_dir="$(dirname "$loader")"
cat > "$wrapper" <<WRAPPER
#!/bin/sh
# trixie's skopeo through trixie's loader and libraries (written by scripts/install-trixie-skopeo.sh).
root="\$(cd "\$(dirname "\$0")" && pwd)/root"
exec "\$root/${loader#"$root/"}" --library-path "\$root/${library_dir#"$root/"}" "\$root/usr/bin/skopeo" "\$@"
WRAPPER
chmod +x "$wrapper"

# Every library must resolve inside the unpacked tree: a system (bookworm) library would not fit trixie's glibc.
libraries="$("$loader" --library-path "$library_dir" --list "$root/usr/bin/skopeo")"
if [[ "$libraries" == *"not found"* ]] || grep -qE '=> /(usr/)?lib' <<<"$libraries"; then
  echo "install-trixie-skopeo: skopeo's libraries are not all in the unpacked tree:" >&2
  printf '%s\n' "$libraries" >&2
  exit 1
fi

# The downloaded archives and lists are no longer needed; the unpacked tree is what the tests use.
rm -rf "$apt_state"
version="$("$wrapper" --version)"
echo "$stamp_text" > "$stamp"
echo "install-trixie-skopeo: $version in .tools/skopeo-trixie"

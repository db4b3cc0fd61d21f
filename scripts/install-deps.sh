#!/usr/bin/env bash
# Installs the system packages the end-to-end tests and bench/ need.
# Idempotent: when every package is already installed, apt is not touched at all.
#
# Why each package:
#   skopeo podman buildah  real OCI clients driven by tests/EndToEnd (run as root with
#                          --storage-driver vfs, so fuse-overlayfs/slirp4netns are not needed;
#                          uidmap, conmon and crun come in as hard dependencies)
#   docker-registry        CNCF distribution, the reference registry bench/run.sh compares against; also the
#                          replication peer and proxy-cache upstream of tests/Shared/Loopback (Http, EndToEnd,
#                          Cluster tiers) and bench/replication.sh (its htpasswd auth is bcrypt, hashed through the
#                          base system's libcrypt, so no extra package)
#   wrk                    HTTP load generator for bench/run.sh
#   sqlite3                inspecting the embedded metadata store while debugging
#   ca-certificates        TLS trust store for the clients
#   postgresql             the real PostgreSQL server tests/Cluster and deploy/local/cluster.sh start
#                          (as the postgres user: initdb and postgres refuse root)
#   slapd ldap-utils       the real OpenLDAP server tests/Cluster starts with its own config for the
#                          LDAP auth mode (the packaged service is not used; debconf is kept quiet by
#                          DEBIAN_FRONTEND=noninteractive below)
#   curl                   the Harbor-style admin script tests/EndToEnd runs (Scripts/harbor-robot-flow.sh)
#   faketime               libfaketime: tests/EndToEnd restarts the server with its clock moved ahead to
#                          see robot accounts expire without waiting days
#
# Not system packages (installed inside the checkout, git-ignored, cached so a second run costs nothing):
#   tools/s3rver/node_modules          s3rver for tests/Cluster (npm ci)
#   tools/sigstore-mock/node_modules   sigstore-js and @sigstore/mock: the local Fulcio, Rekor and timestamp
#                                      authority and the keyless signer of tests/EndToEnd/Signing (npm ci)
#   .tools/skopeo-trixie               Debian trixie's skopeo 1.18, which signs and verifies sigstore signatures
#                                      (bookworm's is built without); scripts/install-trixie-skopeo.sh fetches
#                                      it with apt into a private state directory, after the system packages
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# s3rver (an S3-compatible server on Node) for tests/Cluster and deploy/local/cluster.sh, pinned by
# tools/s3rver/package-lock.json; its node_modules stay inside the repository (git-ignored).
install_s3rver() {
  if [ ! -f "$repo_root/tools/s3rver/node_modules/s3rver/bin/s3rver.js" ]; then
    command -v npm >/dev/null || { echo "install-deps: node and npm are needed for s3rver" >&2; exit 1; }
    npm ci --prefix "$repo_root/tools/s3rver" --no-audit --no-fund
  fi
}
install_s3rver

# sigstore-js and @sigstore/mock, pinned by tools/sigstore-mock/package-lock.json. Reinstalled when the lock
# file changes (npm ci records a copy of it in node_modules/.package-lock.json).
install_sigstore_mock() {
  local dir="$repo_root/tools/sigstore-mock"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    command -v npm >/dev/null || { echo "install-deps: node and npm are needed for tools/sigstore-mock" >&2; exit 1; }
    npm ci --prefix "$dir" --no-audit --no-fund
  fi
}
install_sigstore_mock

packages=(skopeo podman buildah docker-registry wrk sqlite3 ca-certificates postgresql slapd ldap-utils curl faketime)

missing=()
for package in "${packages[@]}"; do
  # No pipe into "grep -q" here: under pipefail its early exit would SIGPIPE dpkg and look like "missing".
  status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
  if [ "$status" != "install ok installed" ]; then
    missing+=("$package")
  fi
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
else
  echo "install-deps: missing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"

  # The Debian package of docker-registry ships a service; the tests and the bench start
  # their own instances on loopback ports, so a packaged one must not hold port 5000.
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
    "${sudo_cmd[@]}" systemctl stop docker-registry || true
  fi
fi

# trixie's skopeo for the signing tests: apt-get download into a private state directory, nothing installed.
"$repo_root/scripts/install-trixie-skopeo.sh"

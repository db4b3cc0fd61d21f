#!/usr/bin/env bash
# Content-trust benchmark (issue 8, "Speed"): the latency a pull pays for an enforcing cosign policy. One embedded
# ArtifactKeeper (Release build) with two projects seeded alike by RegistryBench: N small images, each signed with
# a cosign key signature (simple-signing payload in a sha256-<hex>.sig manifest, made with the platform's ECDSA).
#   plain    no policy: the peer, the same pull without content trust
#   trusted  enable_content_trust_cosign=true and the signing key in PUT /api/v2.0/projects/trusted/content-trust
# One client pulls each manifest by tag once (cold: the first pull of a digest, which verifies its signature under
# the policy), then R more rounds (cached verdicts); p50 and p99 of each, and what the policy adds. Before timing, an
# unsigned image in the trusted project must be refused with 412. Target (issue 8): cached check < 1 ms p99 added.
#
#   bench/trust.sh [--skip-build] [--quick]
#
# Needs: dotnet, curl, python3. Prints a markdown table and keeps a copy under bench/results/ (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=release-tools.sh
source "$ROOT/bench/release-tools.sh"
bench_options 13 "$@"
if [ "$QUICK" -eq 1 ]; then IMAGES=20; ROUNDS=3; else IMAGES=300; ROUNDS=20; fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ak-trust-bench.XXXXXX")"
PID=""
cleanup() {
  stop_gateway
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[trust-bench] $(date -u +%H:%M:%S) $*" >&2; }

build_release_tools
bench() { dotnet "$BENCH_DLL" "$@"; }

PASSWORD="Bench-$RANDOM$RANDOM"
start_gateway "$WORK/data"

api() {
  local method="$1" path="$2" body="${3:-}" status
  status="$(curl -s -o "$WORK/api.out" -w '%{http_code}' -u "admin:$PASSWORD" -X "$method" -H 'Content-Type: application/json' \
    ${body:+--data-binary "$body"} "${URL}api/v2.0/$path")"
  case "$status" in 2*) ;; *) echo "$method $path -> $status: $(cat "$WORK/api.out")" >&2; exit 1 ;; esac
}

for project in plain trusted; do
  api POST projects "{\"project_name\":\"$project\",\"metadata\":{\"public\":\"false\"}}"
  log "seeding $IMAGES signed images in $project/app"
  bench seed-signed --base "$URL" --user "admin:$PASSWORD" --repo "$project/app" --images "$IMAGES" --key-out "$WORK/$project.pub"
done
bench seed-signed --base "$URL" --user "admin:$PASSWORD" --repo trusted/unsigned --images 1 --unsigned true

POLICY="$(python3 -c 'import json,sys; print(json.dumps({"cosign": {"enabled": True, "public_keys": [open(sys.argv[1]).read()]}}))' "$WORK/trusted.pub")"
api PUT projects/trusted/content-trust "$POLICY"
api PUT projects/trusted '{"metadata":{"enable_content_trust_cosign":"true"}}'

refused="$(curl -s -o "$WORK/refused.out" -w '%{http_code}' -u "admin:$PASSWORD" -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
  "${URL}v2/trusted/unsigned/manifests/i0")"
[ "$refused" = 412 ] || { echo "an unsigned image in the trusted project answered $refused, not 412: $(cat "$WORK/refused.out")" >&2; exit 1; }

measure() { bench pull-latency --base "$URL" --user "admin:$PASSWORD" --repo "$1/app" --images "$IMAGES" --rounds "$ROUNDS"; }
log "pulls without a policy"
measure plain >"$WORK/plain.env"
log "pulls under the enforcing policy"
measure trusted >"$WORK/trusted.env"

plain() { value_of "$1" <"$WORK/plain.env"; }
trusted() { value_of "$1" <"$WORK/trusted.env"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1000 }'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (a - b) / 1000 }'; }
verdict() { awk -v v="$1" 'BEGIN { print (v < 1.0 ? "met" : "missed") }'; }
ADDED_P99="$(added "$(trusted cached_p99_us)" "$(plain cached_p99_us)")"
REPORT="$WORK/report.md"
{
  echo "| manifest GET by tag, one client, ms | no policy | enforcing cosign policy | added |"
  echo "|---|---:|---:|---:|"
  for row in cold_p50 cold_p99 cached_p50 cached_p99; do
    echo "| ${row/_/ } | $(ms "$(plain "${row}_us")") | $(ms "$(trusted "${row}_us")") | $(added "$(trusted "${row}_us")" "$(plain "${row}_us")") |"
  done
  echo
  echo "Target: cached check < 1 ms p99 added: $(verdict "$ADDED_P99") ($ADDED_P99 ms). Cold: the first pull of each of $IMAGES digests; cached: $ROUNDS more rounds over them."
  echo "ArtifactKeeper embedded (SQLite, filesystem), Release; unsigned image refused with 412 first. $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)$([ "$QUICK" -eq 1 ] && echo ', --quick')."
} >"$REPORT"
mkdir -p "$ROOT/bench/results"
cp "$REPORT" "$ROOT/bench/results/trust-$(date -u +%Y%m%dT%H%M%SZ).md"
cat "$REPORT"

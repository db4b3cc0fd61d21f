#!/usr/bin/env bash
# Vulnerability-scanning benchmark (issue 9, "Speed"): the built-in offline scanner of an embedded ArtifactKeeper
# (Release build), with ArtifactKeeper:Scanning:OsvDatabasePath on an OSV folder this script writes: three Debian 12
# records the images match (curl, openssl by source package, zlib with an epoch) among F filler records.
#   1. one big image: a data layer of M MiB of random (incompressible) bytes in many files, under a small layer with
#      /etc/os-release and a dpkg status; pushed by RegistryBench scan-image (streamed from a temporary file), scanned
#      through Harbor's API (POST .../artifacts/{digest}/scan) and polled until the scan ends. Done for 500 MiB and
#      50 MiB, each on a fresh gateway, so the two memory figures compare: the point is that the scanner streams
#      layers and its memory does not grow with the image.
#   2. scan-all over N small images (distinct digests, each its own dpkg status; RegistryBench seed-scan-images) on
#      a fresh gateway: POST /api/v2.0/system/scanAll/schedule {"schedule":{"type":"Manual"}}, GET
#      /api/v2.0/scans/all/metrics every 250 ms until completed == total; wall time and images/s. Scan-all yields to
#      pushes and pulls (ArtifactKeeper:Scanning:LoadShare); the bench's status polls are not such load, so the
#      default settings measure an otherwise idle registry.
# Scan time is the scan's own start_time to end_time in scan_overview; memory is the gateway process's resident set:
# VmRSS just before the scan, and the peak during it (VmHWM after resetting it through /proc/<pid>/clear_refs, and
# the largest VmRSS sampled every 50 ms). Each scan must end in Success with the 3 expected findings (Critical).
# No peer: no Trivy, Grype or osv-scanner binary is on this machine and their databases need a download; the
# figures are absolute.
#
#   bench/scan.sh [--skip-build] [--quick]
#
#   --skip-build  reuse existing Release builds
#   --quick       small sizes (20 MiB and 5 MiB images, scan-all of 50), to check the script itself
#
# Needs: dotnet, curl, python3; about 2x the big image's size free in $TMPDIR. Prints a markdown table and keeps a
# copy under bench/results/. Not part of the test suite.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=release-tools.sh
source "$ROOT/bench/release-tools.sh"
bench_options 27 "$@"
if [ "$QUICK" -eq 1 ]; then
  BIG_MIB=20; BIG_FILES=200; SMALL_MIB=5; SMALL_FILES=50; IMAGES=50; FILLER=200
else
  BIG_MIB=500; BIG_FILES=4000; SMALL_MIB=50; SMALL_FILES=400; IMAGES=1000; FILLER=5000
fi
EXPECTED_FINDINGS=3
START_LOAD="$(cut -d" " -f1-3 /proc/loadavg)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ak-scan-bench.XXXXXX")"
PID=""
SAMPLER=""
cleanup() {
  stop_sampler
  stop_gateway
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[scan-bench] $(date -u +%H:%M:%S) $*" >&2; }

build_release_tools
bench() { dotnet "$BENCH_DLL" "$@"; }
mib() { awk -v kb="$1" 'BEGIN { if (kb ~ /^[0-9]+$/) printf "%.0f", kb / 1024; else printf "n/a" }'; }
seconds() { awk -v ms="$1" 'BEGIN { if (ms ~ /^[0-9]+$/) printf "%.2f", ms / 1000; else printf "n/a" }'; }

# --- the OSV database ----------------------------------------------------------------------------------------------
python3 - "$WORK/osv/Debian" "$FILLER" <<'PY'
import json, os, sys
folder, filler = sys.argv[1], int(sys.argv[2])
os.makedirs(folder)
def record(rid, package, fixed, vector=None):
    r = {"schema_version": "1.7.0", "id": rid, "modified": "2024-01-01T00:00:00Z", "published": "2024-01-01T00:00:00Z",
         "upstream": [rid.removeprefix("DEBIAN-")], "details": "bench record",
         "affected": [{"package": {"ecosystem": "Debian:12", "name": package},
                       "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}]}
    if vector:
        r["severity"] = [{"type": "CVSS_V3", "score": vector}]
    with open(os.path.join(folder, rid + ".json"), "w") as f:
        json.dump(r, f, indent=1)
critical = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
record("DEBIAN-CVE-2023-38545", "curl", "7.88.1-10+deb12u4", critical)
record("DEBIAN-CVE-2023-5678", "openssl", "3.0.13-1~deb12u1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L")
record("DEBIAN-CVE-2022-37434", "zlib", "1:1.2.11.dfsg-4.1", critical)
for i in range(filler):
    record("DEBIAN-CVE-2099-%05d" % i, "filler-%d" % (i % 500), "1.%d-1" % i, critical if i % 3 == 0 else None)
PY

PASSWORD="Bench-$RANDOM$RANDOM"
start_scanning_gateway() {
  start_gateway "$WORK/data-$1" ArtifactKeeper__Scanning__OsvDatabasePath="$WORK/osv"
  api POST projects '{"project_name":"scanbench","metadata":{"public":"false","auto_scan":"false"}}'
}

api() {
  local method="$1" path="$2" body="${3:-}" status
  status="$(curl -s -o "$WORK/api.out" -w '%{http_code}' -u "admin:$PASSWORD" -X "$method" -H 'Content-Type: application/json' \
    ${body:+--data-binary "$body"} "${URL}api/v2.0/$path")"
  case "$status" in 2*) ;; *) echo "$method $path -> $status: $(cat "$WORK/api.out")" >&2; exit 1 ;; esac
}

rss_kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$PID/status"; }

# start_sampler NAME: records VmRSS before, resets the peak (VmHWM) and samples VmRSS every 50 ms into $WORK/NAME.rss.
start_sampler() {
  local name="$1"
  echo "rss_before_kb=$(rss_kb VmRSS)" >"$WORK/$name.mem"
  echo 5 >"/proc/$PID/clear_refs"
  (
    while [ -r "/proc/$PID/status" ]; do
      awk '$1 == "VmRSS:" { print $2 }' "/proc/$PID/status" 2>/dev/null || true
      sleep 0.05
    done
  ) >"$WORK/$name.rss" &
  SAMPLER="$!"
}

# stop_sampler [NAME]: stops the sampling and appends the peaks to $WORK/NAME.mem.
stop_sampler() {
  if [ -n "${SAMPLER:-}" ]; then
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
    SAMPLER=""
    if [ -n "${1:-}" ]; then
      echo "hwm_kb=$(rss_kb VmHWM)" >>"$WORK/$1.mem"
      echo "sampled_peak_kb=$(sort -n "$WORK/$1.rss" | tail -1)" >>"$WORK/$1.mem"
    fi
  fi
}

# check_scan FILE: the scan ended in Success with the expected findings.
check_scan() {
  local status findings
  status="$(value_of status <"$1")"
  findings="$(value_of findings <"$1")"
  if [ "$status" != Success ] || [ "$findings" != "$EXPECTED_FINDINGS" ]; then
    echo "scan ended $status with $findings findings, expected Success with $EXPECTED_FINDINGS: $(tr '\n' ' ' <"$1")" >&2
    exit 1
  fi
}

# --- 1. one big image, twice (BIG_MIB and SMALL_MIB), each on a fresh gateway --------------------------------------
scan_image() {
  local name="$1" size="$2" files="$3"
  start_scanning_gateway "$name"
  log "$name: pushing a $size MiB image ($files files)"
  bench scan-image --base "$URL" --user "admin:$PASSWORD" --repo "scanbench/$name" --tag latest --mib "$size" --files "$files" \
    --work "$WORK/layer" --minutes 30 >"$WORK/$name.push"
  local digest
  digest="$(value_of digest <"$WORK/$name.push")"
  sleep 2
  log "$name: scanning $digest"
  start_sampler "$name"
  bench scan --base "$URL" --user "admin:$PASSWORD" --project scanbench --repo "$name" --reference "$digest" --minutes 30 >"$WORK/$name.scan"
  stop_sampler "$name"
  check_scan "$WORK/$name.scan"
  stop_gateway
  rm -rf "$WORK/data-$name"
}
scan_image big "$BIG_MIB" "$BIG_FILES"
scan_image small "$SMALL_MIB" "$SMALL_FILES"

# --- 2. scan-all over IMAGES small images, fresh gateway ------------------------------------------------------------
start_scanning_gateway all
log "scan-all: seeding $IMAGES small images"
bench seed-scan-images --base "$URL" --user "admin:$PASSWORD" --repo scanbench/many --images "$IMAGES" --minutes 30 >/dev/null
sleep 2
log "scan-all: running"
start_sampler all
bench scan-all --base "$URL" --user "admin:$PASSWORD" --minutes 120 >"$WORK/all.scan"
stop_sampler all
bench scan --base "$URL" --user "admin:$PASSWORD" --project scanbench --repo many --reference i0 >"$WORK/all-one.scan" 2>/dev/null || true
stop_gateway

# --- report --------------------------------------------------------------------------------------------------------
of() { value_of "$2" <"$WORK/$1"; }
REPORT="$WORK/report.md"
{
  echo "| built-in scanner, one image | ${BIG_MIB} MiB image | ${SMALL_MIB} MiB image |"
  echo "|---|---:|---:|"
  echo "| data layer: files, uncompressed bytes | $BIG_FILES, $(of big.push layer_bytes) | $SMALL_FILES, $(of small.push layer_bytes) |"
  echo "| scan time (start_time to end_time), s | $(seconds "$(of big.scan scan_ms)") | $(seconds "$(of small.scan scan_ms)") |"
  echo "| request to the poll that saw Success, s | $(seconds "$(of big.scan request_to_seen_ms)") | $(seconds "$(of small.scan request_to_seen_ms)") |"
  echo "| result | $(of big.scan status), $(of big.scan findings) findings, $(of big.scan severity) | $(of small.scan status), $(of small.scan findings) findings, $(of small.scan severity) |"
  echo "| gateway RSS before the scan, MiB | $(mib "$(of big.mem rss_before_kb)") | $(mib "$(of small.mem rss_before_kb)") |"
  echo "| gateway peak RSS during the scan (VmHWM), MiB | $(mib "$(of big.mem hwm_kb)") | $(mib "$(of small.mem hwm_kb)") |"
  echo "| largest sampled VmRSS (50 ms), MiB | $(mib "$(of big.mem sampled_peak_kb)") | $(mib "$(of small.mem sampled_peak_kb)") |"
  echo
  echo "| scan-all | figure |"
  echo "|---|---:|"
  echo "| images (distinct digests, one dpkg layer each) | $IMAGES |"
  echo "| completed / total | $(of all.scan completed) / $(of all.scan total) |"
  echo "| metrics | \`$(of all.scan metrics)\` |"
  echo "| wall time (request to the poll that saw completed == total), s | $(seconds "$(of all.scan wall_ms)") |"
  echo "| images/s | $(of all.scan images_per_sec) |"
  echo "| gateway RSS before, MiB | $(mib "$(of all.mem rss_before_kb)") |"
  echo "| gateway peak RSS during (VmHWM), MiB | $(mib "$(of all.mem hwm_kb)") |"
  echo "| largest sampled VmRSS (50 ms), MiB | $(mib "$(of all.mem sampled_peak_kb)") |"
  echo "| spot check, i0 after scan-all | $(of all-one.scan status), $(of all-one.scan findings) findings |"
  echo
  echo "No peer: no Trivy, Grype or osv-scanner is installed on this machine and each needs its vulnerability database downloaded; figures are absolute, not compared."
  echo "ArtifactKeeper embedded (SQLite, filesystem), Release, default scanning options (4 concurrent scans, scan-all concurrency 2); OSV database: 3 matching Debian 12 records + $FILLER filler records. Layers uncompressed tar. Each part on a fresh gateway. $(nproc) cores, load average $START_LOAD at the start and $(cut -d" " -f1-3 /proc/loadavg) at the end (other engineers' work shares the machine), $(date -u +%Y-%m-%dT%H:%MZ)$([ "$QUICK" -eq 1 ] && echo ', --quick')."
} >"$REPORT"
mkdir -p "$ROOT/bench/results"
cp "$REPORT" "$ROOT/bench/results/scan-$(date -u +%Y%m%dT%H%M%SZ).md"
cat "$REPORT"

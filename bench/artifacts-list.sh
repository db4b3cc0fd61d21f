#!/usr/bin/env bash
# Listing speed of Harbor's artifact API beside the OCI tag list, on the same data in one embedded
# ArtifactKeeper (Release build): one manifest under N tags in library/taglist (default 10,000).
# There is no Harbor to compare with here, so the figure of merit is the ratio of a Harbor page of
# 100 tags to an OCI tags/list page of 100 tags.
#
#   bench/artifacts-list.sh [--skip-build] [--quick] [--tags N]
#
# Needs: dotnet, wrk. Prints a markdown table; not part of the test suite.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SKIP_BUILD=0
SECONDS_PER_RUN=10
TAGS=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) SKIP_BUILD=1 ;;
    --quick) SECONDS_PER_RUN=2 ;;
    --tags) TAGS="$2"; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in dotnet wrk; do
  command -v "$tool" >/dev/null || { echo "$tool not found; run scripts/install-deps.sh" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ak-artifacts-bench.XXXXXX")"
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  [ -n "$PID" ] && wait "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[artifacts-bench] $*" >&2; }

if [ "$SKIP_BUILD" -eq 0 ]; then
  log "building Release"
  dotnet build -c Release "$ROOT/src/Gateway" -nologo -v q >"$WORK/build-gateway.log" 2>&1 || { tail -30 "$WORK/build-gateway.log" >&2; exit 1; }
  dotnet build -c Release "$ROOT/bench/RegistryBench" -nologo -v q >"$WORK/build-bench.log" 2>&1 || { tail -30 "$WORK/build-bench.log" >&2; exit 1; }
fi
GATEWAY_DLL="$ROOT/src/Gateway/bin/Release/net10.0/ArtifactKeeper.Gateway.dll"
BENCH_DLL="$ROOT/bench/RegistryBench/bin/Release/net10.0/ArtifactKeeper.RegistryBench.dll"
bench() { dotnet "$BENCH_DLL" "$@"; }

PASSWORD="Bench-Password-1"
PORT=$((20000 + RANDOM % 30000))
URL="http://127.0.0.1:$PORT/"
(
  cd "$ROOT"
  export ArtifactKeeper__DataPath="$WORK/data" ArtifactKeeper__AdminPassword="$PASSWORD" Logging__LogLevel__Default=Warning
  exec dotnet "$GATEWAY_DLL" --urls "http://127.0.0.1:$PORT"
) </dev/null >"$WORK/artifactkeeper.log" 2>&1 &
PID="$!"
bench wait --base "$URL" --path health/ready --seconds 60 || { tail -50 "$WORK/artifactkeeper.log" >&2; exit 1; }
log "seeding library/taglist with $TAGS tags"
bench seed --base "$URL" --user "admin:$PASSWORD" --blob-mib 1 --tags "$TAGS" >/dev/null

MIDDLE_PAGE=$((TAGS / 200))
LAST_BEFORE_MIDDLE="$(printf 't%04d' $((MIDDLE_PAGE * 100 - 1)))"
AUTH="Authorization: Basic $(printf 'admin:%s' "$PASSWORD" | base64)"

# rps NAME PATH -> requests/s of 100-item pages (wrk -t2 -c4), "error" on non-2xx answers.
rps() {
  local output
  output="$(wrk -t2 -c4 -d"${SECONDS_PER_RUN}s" -H "$AUTH" "${URL}$2")"
  echo "$output" >"$WORK/wrk-$1.txt"
  if grep -q "Non-2xx" <<<"$output"; then echo error; return; fi
  awk '/Requests\/sec/ { print $2 }' <<<"$output"
}

log "measuring (${SECONDS_PER_RUN}s each)"
harbor_tags="$(rps harbor-tags "api/v2.0/projects/library/repositories/taglist/artifacts/t0000/tags?page_size=100&page=$MIDDLE_PAGE")"
oci_tags="$(rps oci-tags "v2/library/taglist/tags/list?n=100&last=$LAST_BEFORE_MIDDLE")"
harbor_artifacts="$(rps harbor-artifacts "api/v2.0/projects/library/repositories/taglist/artifacts?page_size=100&with_tag=false")"
harbor_first_tags="$(rps harbor-tags-first "api/v2.0/projects/library/repositories/taglist/artifacts/t0000/tags?page_size=100")"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
cat <<TABLE
| listing ($TAGS tags on one artifact, pages of 100, wrk -t2 -c4) | pages/s |
|---|---|
| Harbor /api/v2.0 .../artifacts/t0000/tags?page_size=100&page=$MIDDLE_PAGE | $harbor_tags |
| Harbor /api/v2.0 .../artifacts/t0000/tags?page_size=100 (first page) | $harbor_first_tags |
| OCI /v2/library/taglist/tags/list?n=100&last=$LAST_BEFORE_MIDDLE | $oci_tags |
| Harbor /api/v2.0 .../taglist/artifacts?page_size=100&with_tag=false | $harbor_artifacts |
| ratio Harbor tag page / OCI tag page | $(ratio "$harbor_tags" "$oci_tags") |
TABLE

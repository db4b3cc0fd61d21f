#!/usr/bin/env bash
# Garbage collection benchmark (issue 7, "Speed"): ArtifactKeeper's mark-and-sweep beside CNCF distribution's
# `docker-registry garbage-collect` in the same run, then ArtifactKeeper alone at 1,000,000 blobs, and the push rate
# of a concurrent pusher while a GC runs against the rate without one.
#
#   bench/gc.sh [--skip-build] [--quick] [--push-only] [--workers N]
#
#   --skip-build  reuse existing Release builds
#   --quick       small scale, to check the script itself (numbers are not comparable)
#   --push-only   only step 3, on a small seed (10 repositories), to iterate on the push ratio
#   --workers N   the GC's parallel sweep workers (Harbor's "workers" parameter, 1..5; default 4)
#
# Seeds are written straight into the data dirs by bench/GcBench (no HTTP): for ArtifactKeeper the real
# SqliteMetadataStore creates the schema, then rows go in by prepared statements in large transactions
# (repositories, tagged OCI manifests with their references, blobs, repository links) and every blob gets its file in
# the filesystem blob store's layout; for distribution the same shape in its own layout (blob data files, _layers,
# revision and tag links). Shape: R repositories x 100 tagged manifests x 9 blobs (config + 8 layers), none shared,
# plus 10% more blobs nothing links or references, all stamped 30 days old.
#   1. peer, same run: distribution and ArtifactKeeper each collect 100,000 blobs (100 repositories, 10,000 garbage)
#      -- distribution at a scale it finishes in reasonable time; its time is the garbage-collect process.
#   2. ArtifactKeeper alone: 1,000,000 blobs (1,000 repositories, 100,000 garbage); target under 60 s.
#   3. pushes: on that instance, 16 clients push small images (RegistryBench push-images) for a fixed time without
#      GC (before and after: the mean is the baseline), and while a GC collects another 100,000 fresh garbage blobs
#      (the push window is the GC's run); target: during GC at >= 90% of the baseline.
# After each GC, GcBench checks blob by blob that exactly the garbage is gone (rows and files) and every referenced
# blob is still there. ArtifactKeeper runs embedded (SQLite, filesystem) with ArtifactKeeper:Gc:TimeWindow=00:00:00;
# GC is started and followed through Harbor's API (POST /api/v2.0/system/gc/schedule, GET /system/gc/{id}, /log):
# "mark" is the run's start to its "Reference check done" log line, "sweep" from there to "Sweep done".
#
# Needs: dotnet, docker-registry (scripts/install-deps.sh); ~1.2 M small files in $TMPDIR at full scale. Prints a
# markdown table and keeps a copy under bench/results/ (git-ignored). Not part of the test suite.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SKIP_BUILD=0
QUICK=0
PUSH_ONLY=0
WORKERS=4
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) SKIP_BUILD=1 ;;
    --quick) QUICK=1 ;;
    --push-only) PUSH_ONLY=1 ;;
    --workers) WORKERS="$2"; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in dotnet docker-registry; do
  command -v "$tool" >/dev/null || { echo "$tool not found; run scripts/install-deps.sh" >&2; exit 1; }
done

MANIFESTS=100
BLOBS=9
if [ "$QUICK" -eq 1 ]; then
  PEER_REPOS=2; PEER_GARBAGE=200; BIG_REPOS=5; BIG_GARBAGE=500; PUSH_GARBAGE=2000; PUSH_SECONDS=4
else
  PEER_REPOS=100; PEER_GARBAGE=10000; BIG_REPOS=1000; BIG_GARBAGE=100000; PUSH_GARBAGE=100000; PUSH_SECONDS=15
fi
PUSH_CLIENTS=16
PEER_BLOBS=$((PEER_REPOS * MANIFESTS * BLOBS + PEER_GARBAGE))
BIG_BLOBS=$((BIG_REPOS * MANIFESTS * BLOBS + BIG_GARBAGE))

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ak-gc-bench.XXXXXX")"
PID=""
cleanup() {
  stop_gateway
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[gc-bench] $(date -u +%H:%M:%S) $*" >&2; }

# shellcheck source=release-tools.sh
source "$ROOT/bench/release-tools.sh"
build_release_tools
bench() { dotnet "$BENCH_DLL" "$@"; }
now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { if (ms ~ /^[0-9]+$/) printf "%.1f", ms / 1000; else printf "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else printf "n/a" }'; }

PASSWORD="Bench-$RANDOM$RANDOM"
# start_ak DATA_DIR: the embedded gateway on that data dir, GC window zero; sets URL.
start_ak() { start_gateway "$1" ArtifactKeeper__Gc__TimeWindow=00:00:00; }

# check NAME COMMAND...: runs a GcBench check, keeps its output, logs a refusal.
check() {
  local name="$1"
  shift
  if ! gcbench "$@" >"$WORK/check-$name.env"; then
    log "$name: the GC did not leave exactly the referenced blobs: $(tr '\n' ' ' <"$WORK/check-$name.env")"
  fi
  value_of exact <"$WORK/check-$name.env"
}

# --- 1. peer: distribution and ArtifactKeeper over the same 100,000-blob shape -------------------------------------
if [ "$PUSH_ONLY" -eq 1 ]; then
  : >"$WORK/gc-peer.env"
  : >"$WORK/gc-big.env"
  : >"$WORK/seed-big.env"
  DIST_MS=""; DIST_DELETED="n/a"; DIST_EXACT="n/a"; PEER_EXACT="n/a"; BIG_EXACT="n/a"
  BIG_SHAPE=(--repos 10 --manifests "$MANIFESTS" --blobs "$BLOBS" --garbage 100)
  log "push only: seeding a small instance"
  gcbench seed-ak --data "$WORK/ak-big" "${BIG_SHAPE[@]}" >/dev/null
  start_ak "$WORK/ak-big"
else
PEER_SHAPE=(--repos "$PEER_REPOS" --manifests "$MANIFESTS" --blobs "$BLOBS" --garbage "$PEER_GARBAGE")
log "distribution: seeding $PEER_BLOBS blobs"
gcbench seed-distribution --root "$WORK/distribution" "${PEER_SHAPE[@]}" >/dev/null
cat >"$WORK/distribution.yml" <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $WORK/distribution
  delete:
    enabled: true
YAML
log "distribution: garbage-collect"
started="$(now_ms)"
docker-registry garbage-collect "$WORK/distribution.yml" >"$WORK/distribution-gc.log" 2>&1 || { tail -20 "$WORK/distribution-gc.log" >&2; exit 1; }
DIST_MS=$(( $(now_ms) - started ))
DIST_DELETED="$(grep -c '^blob eligible for deletion' "$WORK/distribution-gc.log" || true)"
DIST_EXACT="$(check distribution check-distribution --root "$WORK/distribution" "${PEER_SHAPE[@]}")"
rm -rf "$WORK/distribution"

log "ArtifactKeeper: seeding $PEER_BLOBS blobs"
gcbench seed-ak --data "$WORK/ak-peer" "${PEER_SHAPE[@]}" >/dev/null
start_ak "$WORK/ak-peer"
log "ArtifactKeeper: GC of $PEER_BLOBS blobs"
gcbench gc --base "$URL" --user "admin:$PASSWORD" --workers "$WORKERS" >"$WORK/gc-peer.env"
stop_gateway
PEER_EXACT="$(check ak-peer check-ak --data "$WORK/ak-peer" "${PEER_SHAPE[@]}")"
rm -rf "$WORK/ak-peer"

# --- 2. ArtifactKeeper at 1,000,000 blobs --------------------------------------------------------------------------
BIG_SHAPE=(--repos "$BIG_REPOS" --manifests "$MANIFESTS" --blobs "$BLOBS" --garbage "$BIG_GARBAGE")
log "ArtifactKeeper: seeding $BIG_BLOBS blobs"
gcbench seed-ak --data "$WORK/ak-big" "${BIG_SHAPE[@]}" >"$WORK/seed-big.env"
start_ak "$WORK/ak-big"
log "ArtifactKeeper: GC of $BIG_BLOBS blobs"
gcbench gc --base "$URL" --user "admin:$PASSWORD" --workers "$WORKERS" >"$WORK/gc-big.env"
BIG_EXACT="$(check ak-big check-ak --data "$WORK/ak-big" "${BIG_SHAPE[@]}")"
fi

# --- 3. pushes without and during GC, same instance ----------------------------------------------------------------
log "pushes: seeding $PUSH_GARBAGE fresh garbage blobs beside the running gateway"
PUSH_SHAPE=(--repos 0 --garbage "$PUSH_GARBAGE" --salt push)
gcbench seed-ak --data "$WORK/ak-big" "${PUSH_SHAPE[@]}" >/dev/null
push_rate() { bench push-images --base "$URL" --user "admin:$PASSWORD" --clients "$PUSH_CLIENTS" --images 100000000 "$@" | value_of images_per_sec; }
log "pushes: ${PUSH_SECONDS}s without GC"
BASE_BEFORE="$(push_rate --seconds "$PUSH_SECONDS")"
log "pushes: during a GC of $PUSH_GARBAGE garbage blobs"
run_id="$(gcbench gc-start --base "$URL" --user "admin:$PASSWORD" --workers "$WORKERS" | value_of run_id)"
rm -f "$WORK/gc-ended"
push_rate --seconds 3600 --minutes 120 --stop-file "$WORK/gc-ended" >"$WORK/push-during.txt" &
PUSHER="$!"
gcbench gc-wait --base "$URL" --user "admin:$PASSWORD" --id "$run_id" >"$WORK/gc-push.env" || true
touch "$WORK/gc-ended"
wait "$PUSHER"
DURING="$(cat "$WORK/push-during.txt")"
log "pushes: ${PUSH_SECONDS}s without GC, again"
BASE_AFTER="$(push_rate --seconds "$PUSH_SECONDS")"
BASELINE="$(awk -v a="$BASE_BEFORE" -v b="$BASE_AFTER" 'BEGIN { printf "%.1f", (a + b) / 2 }')"
stop_gateway
PUSH_EXACT="$(check ak-push check-ak --data "$WORK/ak-big" "${PUSH_SHAPE[@]}")"

# --- report --------------------------------------------------------------------------------------------------------
peer() { value_of "$1" <"$WORK/gc-peer.env"; }
big() { value_of "$1" <"$WORK/gc-big.env"; }
pushgc() { value_of "$1" <"$WORK/gc-push.env"; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (v !~ /^[0-9.]+$/) print "n/a"; else if ((op == "<" && v < t) || (op == ">=" && v >= t)) print "met"; else print "missed" }'; }
BIG_S="$(seconds "$(big wall_ms)")"
PUSH_RATIO="$(ratio "$DURING" "$BASELINE")"
REPORT="$WORK/report.md"
{
  echo "| GC, ${PEER_BLOBS} blobs ($PEER_GARBAGE unreferenced), same run | ArtifactKeeper | distribution | ratio distribution/ArtifactKeeper |"
  echo "|---|---:|---:|---:|"
  echo "| wall time, s | $(seconds "$(peer wall_ms)") | $(seconds "$DIST_MS") | $(ratio "$DIST_MS" "$(peer wall_ms)") |"
  echo "| mark, s | $(seconds "$(peer mark_ms)") | n/a | |"
  echo "| sweep, s | $(seconds "$(peer sweep_ms)") | n/a | |"
  echo "| blobs deleted | $(peer blobs_deleted) | $DIST_DELETED | |"
  echo "| exactly the garbage gone, the rest intact | $PEER_EXACT | $DIST_EXACT | |"
  echo
  echo "| ArtifactKeeper alone | figure | target |"
  echo "|---|---:|---|"
  echo "| GC of ${BIG_BLOBS} blobs ($BIG_GARBAGE unreferenced), wall time, s | $BIG_S | < 60 s: $(verdict "$BIG_S" 60 '<') |"
  echo "| mark, s | $(seconds "$(big mark_ms)") | |"
  echo "| sweep, s | $(seconds "$(big sweep_ms)") | |"
  echo "| blobs scanned / deleted | $(big blobs_scanned) / $(big blobs_deleted) | $BIG_GARBAGE deleted |"
  echo "| exactly the garbage gone, the rest intact | $BIG_EXACT | |"
  echo "| small-image push without GC, images/s ($PUSH_CLIENTS clients, mean of ${PUSH_SECONDS}s before and after) | $BASELINE ($BASE_BEFORE, $BASE_AFTER) | |"
  echo "| same, during a GC of $PUSH_GARBAGE more garbage blobs ($(seconds "$(pushgc total_ms)") s, $(pushgc blobs_deleted) deleted, exact: $PUSH_EXACT), images/s | $DURING | |"
  echo "| ratio during GC / without | $PUSH_RATIO | >= 0.90: $(verdict "$PUSH_RATIO" 0.90 '>=') |"
  echo
  echo "ArtifactKeeper embedded (SQLite, filesystem), GC workers $WORKERS, window 0; distribution $(docker-registry --version 2>/dev/null | awk '{ print $3 }'). Wall time: ArtifactKeeper from the API call to the poll (100 ms) that saw the run end; distribution the garbage-collect process. Seed of ${BIG_BLOBS} blobs: $(value_of seed_seconds <"$WORK/seed-big.env") s. $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)$([ "$QUICK" -eq 1 ] && echo ', --quick')."
} >"$REPORT"
mkdir -p "$ROOT/bench/results"
cp "$REPORT" "$ROOT/bench/results/gc-$(date -u +%Y%m%dT%H%M%SZ).md"
cat "$REPORT"

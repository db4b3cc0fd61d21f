#!/usr/bin/env bash
# Tag retention benchmark (issue 7, "Speed"): one embedded ArtifactKeeper (Release build), seeded directly by
# bench/GcBench (no HTTP; the real SqliteMetadataStore creates the schema, then prepared statements in large
# transactions) with two projects:
#   retone   1 repository of 10,000 tags (v00001..v10000, each its own artifact, pushed one second apart)
#   retmany  1,000 repositories x 1,000 tags, the same way
# Each project gets Harbor's policy "keep the latest 10 tags matching v*" in every repository (POST /api/v2.0/retentions);
# an execution is started through the API (POST …/executions) and timed until the execution list shows it ended: a
# dry run first, then the real run, after which GcBench checks that every repository kept exactly its 10 newest tags
# and manifests. Target (issue 7): 10,000 tags under 2 s.
#
# No peer runs here: Harbor's retention runs in Harbor's job service, which needs Docker, and distribution has no
# retention; the figures are absolute times against the target.
#
#   bench/retention.sh [--skip-build] [--quick] [--skip-many-real] [--skip-many]
#
#   --skip-build      reuse existing Release builds
#   --quick           small scale (1,000 tags; 20 x 100), to check the script itself
#   --skip-many-real  only the dry run over 1,000 x 1,000 (the real one deletes 990,000 artifacts)
#   --skip-many       only the 10,000-tag repository (no 1,000 x 1,000 seed)
#
# Needs: dotnet. Prints a markdown table and keeps a copy under bench/results/ (git-ignored). Not part of the tests.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SKIP_BUILD=0
QUICK=0
MANY_REAL=1
MANY=1
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-build) SKIP_BUILD=1 ;;
    --quick) QUICK=1 ;;
    --skip-many-real) MANY_REAL=0 ;;
    --skip-many) MANY=0; MANY_REAL=0 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
command -v dotnet >/dev/null || { echo "dotnet not found; run scripts/install-deps.sh" >&2; exit 1; }

KEEP=10
if [ "$QUICK" -eq 1 ]; then
  ONE_TAGS=1000; MANY_REPOS=20; MANY_TAGS=100
else
  ONE_TAGS=10000; MANY_REPOS=1000; MANY_TAGS=1000
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ak-retention-bench.XXXXXX")"
PID=""
cleanup() {
  stop_gateway
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[retention-bench] $(date -u +%H:%M:%S) $*" >&2; }

# shellcheck source=release-tools.sh
source "$ROOT/bench/release-tools.sh"
build_release_tools
seconds() { awk -v ms="$1" 'BEGIN { if (ms ~ /^[0-9]+$/) printf "%.2f", ms / 1000; else printf "n/a" }'; }

DATA="$WORK/data"
ONE=(--project retone --repos 1 --tags "$ONE_TAGS")
MANY_SHAPE=(--project retmany --repos "$MANY_REPOS" --tags "$MANY_TAGS")
log "seeding 1 x $ONE_TAGS$([ "$MANY" -eq 1 ] && echo " and $MANY_REPOS x $MANY_TAGS") tags"
gcbench seed-retention --data "$DATA" "${ONE[@]}" >"$WORK/seed-one.env"
# A small project whose executions run first, untimed, so the timed ones measure a warm gateway (JIT, connections),
# as a registry that has been up for a while is.
gcbench seed-retention --data "$DATA" --project retwarm --repos 1 --tags 200 >"$WORK/seed-warm.env"
[ "$MANY" -eq 1 ] && gcbench seed-retention --data "$DATA" "${MANY_SHAPE[@]}" >"$WORK/seed-many.env"

PASSWORD="Bench-$RANDOM$RANDOM"
start_gateway "$DATA"
API=(--base "$URL" --user "admin:$PASSWORD")

# run NAME POLICY DRY_RUN: one execution, its figures in $WORK/NAME.env.
run() {
  log "$1: execution (dry run $3)"
  gcbench retention-run "${API[@]}" --policy-id "$2" --dry-run "$3" >"$WORK/$1.env" || log "$1: the execution did not succeed: $(tr '\n' ' ' <"$WORK/$1.env")"
}
ONE_POLICY="$(gcbench retention-policy "${API[@]}" --project-id "$(value_of project_id <"$WORK/seed-one.env")" --keep "$KEEP" | value_of policy_id)"
[ "$MANY" -eq 1 ] && MANY_POLICY="$(gcbench retention-policy "${API[@]}" --project-id "$(value_of project_id <"$WORK/seed-many.env")" --keep "$KEEP" | value_of policy_id)"
WARM_POLICY="$(gcbench retention-policy "${API[@]}" --project-id "$(value_of project_id <"$WORK/seed-warm.env")" --keep "$KEEP" | value_of policy_id)"
run warm-dry "$WARM_POLICY" true
run warm-real "$WARM_POLICY" false
run one-dry "$ONE_POLICY" true
run one-real "$ONE_POLICY" false
[ "$MANY" -eq 1 ] && run many-dry "$MANY_POLICY" true
[ "$MANY_REAL" -eq 1 ] && run many-real "$MANY_POLICY" false
stop_gateway
exact() { gcbench check-retention --data "$DATA" "$@" --keep "$KEEP" | value_of wrong_repositories | awk '{ print ($1 == 0 ? "yes" : "no (" $1 " repositories wrong)") }'; }
ONE_EXACT="$(exact "${ONE[@]}")"
MANY_EXACT="n/a (not run)"
[ "$MANY_REAL" -eq 1 ] && MANY_EXACT="$(exact "${MANY_SHAPE[@]}")"

figure() { [ -f "$WORK/$1.env" ] && value_of "$2" <"$WORK/$1.env" || echo "n/a"; }
row() {
  echo "| $2 | $(seconds "$(figure "$1" wall_ms)") | $(seconds "$(figure "$1" recorded_ms)") | $(figure "$1" status) | $(figure "$1" tasks) | $(figure "$1" total) / $(figure "$1" retained) | $3 |"
}
verdict() { awk -v ms="$1" 'BEGIN { if (ms !~ /^[0-9]+$/) print "n/a"; else if (ms < 2000) print "met"; else print "missed" }'; }
REPORT="$WORK/report.md"
{
  echo "| retention execution, keep the latest $KEEP tags matching v* | wall, s | recorded, s | status | tasks | tags total / retained | target |"
  echo "|---|---:|---:|---|---:|---:|---|"
  row one-dry "1 repository x $ONE_TAGS tags, dry run" ""
  row one-real "1 repository x $ONE_TAGS tags, real run (exact: $ONE_EXACT)" "< 2 s: $(verdict "$(figure one-real wall_ms)")"
  row many-dry "$MANY_REPOS repositories x $MANY_TAGS tags, dry run" ""
  row many-real "$MANY_REPOS repositories x $MANY_TAGS tags, real run (exact: $MANY_EXACT)" ""
  echo
  echo "No peer (Harbor's job service needs Docker). Timed executions follow an untimed dry and real run over 200 tags (warm-up). Wall: from the execution POST to the poll (50 ms) that saw it end; recorded: the execution's start_time to end_time. Seeds: $(value_of seed_seconds <"$WORK/seed-one.env") s and $([ -f "$WORK/seed-many.env" ] && value_of seed_seconds <"$WORK/seed-many.env" || echo n/a) s. ArtifactKeeper embedded (SQLite, filesystem). $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)$([ "$QUICK" -eq 1 ] && echo ', --quick')."
} >"$REPORT"
mkdir -p "$ROOT/bench/results"
cp "$REPORT" "$ROOT/bench/results/retention-$(date -u +%Y%m%dT%H%M%SZ).md"
cat "$REPORT"

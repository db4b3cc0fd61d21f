#!/usr/bin/env bash
# Replication and proxy-cache benchmark (issue 10, "Speed"). One embedded ArtifactKeeper (Release build) and CNCF
# distribution (docker-registry) on 127.0.0.1, driven through Harbor's API as a user would:
#   1. replication: N images in R repositories of project "src", every image the same B base layers of K KiB plus
#      one layer of its own (RegistryBench seed-shared), replicated by a manual push policy (name filter src/**) to
#      a fresh, empty docker-registry, once with each ArtifactKeeper:Replication:ConcurrencyPerTarget of 1, 4 and 16
#      (the gateway restarts over the same data for each): wall time from POST /replication/executions to the poll
#      that sees the execution end, bytes sent (the tasks' bytes_sent), bytes stored at the destination (du), and
#      how many tasks succeeded.
#   2. proxy cache: the same shape seeded straight into another docker-registry; a proxy-cache project (registry_id)
#      in front of it; 8 clients pull every image (manifest, config, layers; digests checked) from distribution
#      directly (second of two passes, so its page cache is warm too), then through the proxy project cold (first
#      pull: fetched upstream while streaming to the client) and warm (all from local storage).
#
#   bench/replication.sh [--skip-build] [--quick]
#
#   --skip-build  reuse existing Release builds
#   --quick       20 small images, to check the script itself (numbers are not comparable)
#
# Needs: dotnet, curl, python3, docker-registry (scripts/install-deps.sh). Prints a markdown table and keeps a copy
# under bench/results/ (git-ignored). Not part of the test suite.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=release-tools.sh
source "$ROOT/bench/release-tools.sh"
bench_options 21 "$@"
command -v docker-registry >/dev/null || { echo "docker-registry not found; run scripts/install-deps.sh" >&2; exit 1; }

if [ "$QUICK" -eq 1 ]; then
  IMAGES=20; REPOS=4; BASE_LAYERS=2; BASE_KIB=256; TOP_KIB=64
else
  IMAGES=200; REPOS=20; BASE_LAYERS=3; BASE_KIB=4096; TOP_KIB=512
fi
CONCURRENCIES=(1 4 16)
PULL_CLIENTS=8
EXECUTION_TIMEOUT_S=3600
SHAPE=(--repos "$REPOS" --images "$IMAGES" --base-layers "$BASE_LAYERS" --base-kib "$BASE_KIB" --top-kib "$TOP_KIB")

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ak-replication-bench.XXXXXX")"
PID=""
DIST_PID=""
cleanup() {
  # An early exit (a missing build) comes before stop_distribution is defined below.
  stop_gateway
  if declare -F stop_distribution >/dev/null; then stop_distribution; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[replication-bench] $(date -u +%H:%M:%S) $*" >&2; }

build_release_tools
bench() { dotnet "$BENCH_DLL" "$@"; }
now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { if (ms ~ /^[0-9]+$/) printf "%.1f", ms / 1000; else printf "n/a" }'; }
mib() { awk -v b="$1" 'BEGIN { if (b ~ /^[0-9]+$/) printf "%.1f", b / 1048576; else printf "n/a" }'; }
per_second() { awk -v n="$1" -v ms="$2" 'BEGIN { if (n ~ /^[0-9.]+$/ && ms ~ /^[0-9]+$/ && ms > 0) printf "%.1f", n / (ms / 1000); else printf "n/a" }'; }
json_field() { python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"; }

PASSWORD="Bench-$RANDOM$RANDOM"

# start_distribution NAME: a docker-registry over a fresh $WORK/NAME on a random loopback port; sets DIST_PID, DIST_URL.
start_distribution() {
  local name="$1" port=$((20000 + RANDOM % 30000))
  mkdir -p "$WORK/$name/storage"
  cat >"$WORK/$name/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/$name/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
  docker-registry serve "$WORK/$name/config.yml" </dev/null >>"$WORK/$name.log" 2>&1 &
  DIST_PID="$!"
  DIST_URL="http://127.0.0.1:$port/"
  DIST_STORAGE="$WORK/$name/storage"
  bench wait --base "$DIST_URL" --path v2/ --seconds 60 || { tail -20 "$WORK/$name.log" >&2; exit 1; }
}

stop_distribution() {
  if [ -n "${DIST_PID:-}" ]; then
    kill "$DIST_PID" 2>/dev/null || true
    wait "$DIST_PID" 2>/dev/null || true
    DIST_PID=""
  fi
}

# api METHOD PATH [BODY]: Harbor's API as admin; the body goes to $WORK/api.out, the headers to $WORK/api.headers.
api() {
  local method="$1" path="$2" body="${3:-}" status
  status="$(curl -s -o "$WORK/api.out" -D "$WORK/api.headers" -w '%{http_code}' -u "admin:$PASSWORD" -X "$method" \
    -H 'Content-Type: application/json' ${body:+--data-binary "$body"} "${URL}api/v2.0/$path")"
  case "$status" in 2*) ;; *) echo "$method $path -> $status: $(cat "$WORK/api.out")" >&2; exit 1 ;; esac
}

# create PATH BODY: POST, prints the new id from the Location header.
create() {
  api POST "$1" "$2"
  awk 'tolower($1) == "location:" { print $2 }' "$WORK/api.headers" | tr -d '\r' | awk -F/ '{ print $NF }'
}

# bytes_sent EXECUTION_ID: the sum of the tasks' bytes_sent, over every page.
bytes_sent() {
  local page=1 total=0 sum
  while :; do
    api GET "replication/executions/$1/tasks?page=$page&page_size=100"
    sum="$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1])); print(len(t), sum(int(x.get("bytes_sent") or 0) for x in t))' "$WORK/api.out")"
    total=$((total + ${sum#* }))
    [ "${sum% *}" -lt 100 ] && break
    page=$((page + 1))
  done
  echo "$total"
}

# --- 1. replication with concurrency 1, 4 and 16 --------------------------------------------------------------------
start_gateway "$WORK/ak" ArtifactKeeper__Replication__ConcurrencyPerTarget=1
api POST projects '{"project_name":"src","metadata":{"public":"true"}}'
log "seeding $IMAGES images in $REPOS repositories ($BASE_LAYERS shared base layers of $BASE_KIB KiB, $TOP_KIB KiB each of their own)"
bench seed-shared --base "$URL" --user "admin:$PASSWORD" --prefix src/app "${SHAPE[@]}" >"$WORK/seed.env"

declare -A WALL=() SENT=() STORED=() DONE=()
for concurrency in "${CONCURRENCIES[@]}"; do
  stop_gateway
  start_gateway "$WORK/ak" ArtifactKeeper__Replication__ConcurrencyPerTarget="$concurrency"
  stop_distribution
  start_distribution "dist-$concurrency"
  registry="$(create registries "{\"name\":\"dist-$concurrency\",\"type\":\"docker-registry\",\"url\":\"${DIST_URL%/}\",\"insecure\":true}")"
  policy="$(create replication/policies "{\"name\":\"bench-$concurrency\",\"dest_registry\":{\"id\":$registry},\"dest_namespace\":\"\",\"filters\":[{\"type\":\"name\",\"value\":\"src/**\"}],\"trigger\":{\"type\":\"manual\",\"trigger_settings\":{\"cron\":\"\"}},\"override\":true,\"enabled\":true,\"replicate_deletion\":false,\"speed\":-1}")"
  log "replicating with concurrency $concurrency"
  started="$(now_ms)"
  execution="$(create replication/executions "{\"policy_id\":$policy}")"
  status=""
  while :; do
    api GET "replication/executions/$execution"
    status="$(json_field status <"$WORK/api.out")"
    case "$status" in Succeed|Failed|Stopped) break ;; esac
    if [ $(( ($(now_ms) - started) / 1000 )) -gt "$EXECUTION_TIMEOUT_S" ]; then
      log "concurrency $concurrency: still $status after ${EXECUTION_TIMEOUT_S}s, stopping it"
      api PUT "replication/executions/$execution"
      status="timeout"
      break
    fi
    sleep 0.2
  done
  WALL[$concurrency]=$(( $(now_ms) - started ))
  DONE[$concurrency]="$status, $(json_field succeed <"$WORK/api.out")/$(json_field total <"$WORK/api.out")"
  SENT[$concurrency]="$(bytes_sent "$execution")"
  STORED[$concurrency]="$(du -sb "$DIST_STORAGE" | cut -f1)"
  log "concurrency $concurrency: $status in $(seconds "${WALL[$concurrency]}") s"
  stop_distribution
  rm -rf "$WORK/dist-$concurrency"
done

# --- 2. proxy cache against pulling from distribution directly ------------------------------------------------------
start_distribution upstream
log "seeding the upstream docker-registry directly"
bench seed-shared --base "$DIST_URL" --prefix up/app "${SHAPE[@]}" >/dev/null
registry="$(create registries "{\"name\":\"upstream\",\"type\":\"docker-registry\",\"url\":\"${DIST_URL%/}\",\"insecure\":true}")"
api POST projects "{\"project_name\":\"cache\",\"metadata\":{\"public\":\"true\"},\"registry_id\":$registry}"
pull() { bench pull-images --prefix "$1" --repos "$REPOS" --images "$IMAGES" --clients "$PULL_CLIENTS" "${@:2}"; }
log "pulls from distribution directly (two passes)"
pull up/app --base "$DIST_URL" >/dev/null
pull up/app --base "$DIST_URL" >"$WORK/direct.env"
log "pulls through the proxy-cache project, cold"
pull cache/up/app --base "$URL" --user "admin:$PASSWORD" >"$WORK/cold.env"
log "pulls through the proxy-cache project, warm"
pull cache/up/app --base "$URL" --user "admin:$PASSWORD" >"$WORK/warm.env"

# --- report ---------------------------------------------------------------------------------------------------------
seed() { value_of "$1" <"$WORK/seed.env"; }
REPORT="$WORK/report.md"
{
  echo "| push replication of $IMAGES images to docker-registry | concurrency 1 | concurrency 4 | concurrency 16 |"
  echo "|---|---:|---:|---:|"
  row() { local label="$1" fn="$2" c line; line="| $label |"; for c in "${CONCURRENCIES[@]}"; do line+=" $($fn "$c") |"; done; echo "$line"; }
  wall_s() { seconds "${WALL[$1]}"; }
  images_s() { per_second "$IMAGES" "${WALL[$1]}"; }
  sent_mib() { mib "${SENT[$1]}"; }
  sent_rate() { per_second "$(mib "${SENT[$1]}")" "${WALL[$1]}"; }
  stored_mib() { mib "${STORED[$1]}"; }
  done_of() { echo "${DONE[$1]}"; }
  row "wall time, s" wall_s
  row "images/s" images_s
  row "bytes sent (tasks' bytes_sent), MiB" sent_mib
  row "sent, MiB/s" sent_rate
  row "stored at the destination (du), MiB" stored_mib
  row "execution status, succeeded/total tasks" done_of
  echo
  echo "| pull of $IMAGES images, $PULL_CLIENTS clients | docker-registry directly | proxy cache, cold | proxy cache, warm |"
  echo "|---|---:|---:|---:|"
  for metric in mib_per_sec images_per_sec seconds; do
    echo "| ${metric//_/ } | $(value_of "$metric" <"$WORK/direct.env") | $(value_of "$metric" <"$WORK/cold.env") | $(value_of "$metric" <"$WORK/warm.env") |"
  done
  echo
  echo "Images: $REPOS repositories, $BASE_LAYERS shared base layers of $BASE_KIB KiB and one own layer of $TOP_KIB KiB each;" \
    "pulling every image moves $(mib "$(seed logical_bytes)") MiB, distinct blobs $(mib "$(seed unique_bytes)") MiB."
  echo "ArtifactKeeper embedded (SQLite, filesystem), Release; distribution $(docker-registry --version 2>/dev/null | awk '{ print $3 }')." \
    "$(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)$([ "$QUICK" -eq 1 ] && echo ', --quick')."
} >"$REPORT"
mkdir -p "$ROOT/bench/results"
cp "$REPORT" "$ROOT/bench/results/replication-$(date -u +%Y%m%dT%H%M%SZ).md"
cat "$REPORT"

#!/usr/bin/env bash
# Side-by-side benchmark: ArtifactKeeper (Release build) and CNCF distribution (docker-registry),
# both on 127.0.0.1, seeded the same way and measured one after the other in the same run.
#
#   bench/run.sh [--only-distribution] [--cluster] [--skip-build] [--quick]
#   bench/run.sh --audit [--skip-build] [--quick]
#   bench/run.sh --pulls [--skip-build] [--quick]
#
#   --only-distribution  measure distribution alone (ArtifactKeeper column shows n/a)
#   --cluster            also measure cluster mode: deploy/local/cluster.sh (2 silos, 2 gateways,
#                        PostgreSQL, s3rver) through its first gateway, in a column of its own
#   --skip-build         reuse existing Release builds
#   --quick              short durations, to check the script itself (numbers are not comparable)
#   --audit              instead: the cost of the audit log on pulls. Two embedded ArtifactKeeper instances,
#                        ArtifactKeeper:Audit:Enabled=true and =false, measured one after the other with
#                        the manifest GET (a), alternating halves: both figures and their ratio (no distribution)
#   --pulls              the same comparison for pull counting: ArtifactKeeper:Pulls:Enabled=true and =false
#                        (audit log off in both), so the figures show what counting pulls costs
#
# Needs: dotnet, wrk, docker-registry (scripts/install-deps.sh). Prints a markdown table and keeps a
# copy under bench/results/ (git-ignored). Not part of the test suite.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ONLY_DISTRIBUTION=0
CLUSTER=0
SKIP_BUILD=0
QUICK=0
AUDIT=0
COMPARE=audit
for argument in "$@"; do
  case "$argument" in
    --only-distribution) ONLY_DISTRIBUTION=1 ;;
    --cluster) CLUSTER=1 ;;
    --skip-build) SKIP_BUILD=1 ;;
    --quick) QUICK=1 ;;
    --audit) AUDIT=1 ;;
    --pulls) AUDIT=1; COMPARE=pulls ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown argument: $argument" >&2; exit 2 ;;
  esac
done

for tool in dotnet wrk docker-registry; do
  command -v "$tool" >/dev/null || { echo "$tool not found; run scripts/install-deps.sh" >&2; exit 1; }
done

if [ "$QUICK" -eq 1 ]; then
  MANIFEST_SECONDS=2; PUSH_SECONDS=3; PUSH_IMAGES=100; BLOB_RUNS=1; PULL_SECONDS=2; TAGS_SECONDS=2
else
  MANIFEST_SECONDS=10; PUSH_SECONDS=20; PUSH_IMAGES=800; BLOB_RUNS=3; PULL_SECONDS=10; TAGS_SECONDS=5
fi
BLOB_MIB=64
MANIFEST_ACCEPT="Accept: application/vnd.oci.image.manifest.v1+json"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ak-bench.XXXXXX")"
PIDS=()
cleanup() {
  local pid
  if [ "$CLUSTER" -eq 1 ]; then
    AK_CLUSTER_STATE="$WORK/cluster" "$ROOT/deploy/local/cluster.sh" destroy >/dev/null 2>&1 || true
  fi
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[bench] $*" >&2; }

# A loopback port nothing answers on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# --- build ---------------------------------------------------------------------------------
if [ "$SKIP_BUILD" -eq 0 ]; then
  if [ "$ONLY_DISTRIBUTION" -eq 0 ]; then
    log "building src/Gateway (Release)"
    dotnet build -c Release "$ROOT/src/Gateway" -nologo -v q >"$WORK/build-gateway.log" 2>&1 \
      || { cat "$WORK/build-gateway.log" >&2; exit 1; }
  fi
  log "building bench/RegistryBench (Release)"
  dotnet build -c Release "$ROOT/bench/RegistryBench" -nologo -v q >"$WORK/build-bench.log" 2>&1 \
    || { cat "$WORK/build-bench.log" >&2; exit 1; }
fi
BENCH_DLL="$ROOT/bench/RegistryBench/bin/Release/net10.0/ArtifactKeeper.RegistryBench.dll"
GATEWAY_DLL="$ROOT/src/Gateway/bin/Release/net10.0/ArtifactKeeper.Gateway.dll"
bench() { dotnet "$BENCH_DLL" "$@"; }

# --- audit mode: the manifest GET with the audit log on and off ---------------------------------
# start_ak NAME AUDIT_ENABLED -> sets STARTED_URL (not printed: a $(...) subshell would lose PIDS).
start_ak() {
  local name="$1" enabled="$2" port
  port="$(free_port)"
  # The first instance may not listen yet, so free_port could hand out its port again.
  while [ "$port" = "${LAST_AK_PORT:-}" ]; do port="$(free_port)"; done
  LAST_AK_PORT="$port"
  mkdir -p "$WORK/$name"
  (
    cd "$ROOT"
    export ArtifactKeeper__DataPath="$WORK/$name" ArtifactKeeper__AdminPassword="$AK_PASSWORD"
    if [ "$COMPARE" = pulls ]; then
      export ArtifactKeeper__Audit__Enabled=false ArtifactKeeper__Pulls__Enabled="$enabled"
    else
      export ArtifactKeeper__Audit__Enabled="$enabled"
    fi
    export Logging__LogLevel__Default=Warning
    exec dotnet "$GATEWAY_DLL" --urls "http://127.0.0.1:$port"
  ) </dev/null >"$WORK/$name.log" 2>&1 &
  PIDS+=("$!")
  STARTED_URL="http://127.0.0.1:$port/"
}

if [ "$AUDIT" -eq 1 ]; then
  [ -f "$GATEWAY_DLL" ] || { echo "$GATEWAY_DLL missing (drop --skip-build)" >&2; exit 1; }
  AK_PASSWORD="Bench-$RANDOM$RANDOM"
  start_ak audit-on true; AUDIT_ON_URL="$STARTED_URL"
  start_ak audit-off false; AUDIT_OFF_URL="$STARTED_URL"
  declare -A AUDIT_RPS=()
  for target in on off; do
    url="$AUDIT_ON_URL"; [ "$target" = off ] && url="$AUDIT_OFF_URL"
    bench wait --base "$url" --path health/ready --seconds 60 || { tail -50 "$WORK/audit-$target.log" >&2; exit 1; }
    bench seed --base "$url" --user "admin:$AK_PASSWORD" --blob-mib 1 --tags 1 >/dev/null
    # Anonymous pulls of a public project: every answered GET is one audit event (username anonymous).
    # Warm-up long enough for tiered JIT to settle; shorter runs measured mostly the first instance's warm-up.
    wrk -t2 -c32 -d5s -H "Accept: application/vnd.oci.image.manifest.v1+json" "${url}v2/library/bench/manifests/latest" >/dev/null
  done
  # X-Total-Count of the audit-on instance's log; with --pulls, the pull count of library/bench it recorded.
  audit_total() {
    if [ "$COMPARE" = pulls ]; then
      curl -s -u "admin:$AK_PASSWORD" "${AUDIT_ON_URL}api/v2.0/search?q=library/bench" | grep -oE '"pull_count":[0-9]+' | head -1 | cut -d: -f2
      return
    fi
    curl -s -o /dev/null -D - -u "admin:$AK_PASSWORD" "${AUDIT_ON_URL}api/v2.0/audit-logs?page_size=1" \
      | awk -F': ' 'tolower($1) == "x-total-count" { print $2 }' | tr -d '\r'
  }
  # Lets the audit-on instance finish writing its backlog, so it does not load the machine during the next run.
  settle() {
    local previous=-1 current i
    for i in $(seq 1 60); do
      current="$(audit_total)"
      [ "$current" = "$previous" ] && return
      previous="$current"
      sleep 1
    done
  }
  # Alternating halves (on, off, on, off) so a change in the shared machine's load hits both alike.
  HALF=$(( (MANIFEST_SECONDS + 1) / 2 ))
  declare -A AUDIT_SUM=([on]=0 [off]=0)
  for round in 1 2; do
    for target in on off; do
      url="$AUDIT_ON_URL"; [ "$target" = off ] && url="$AUDIT_OFF_URL"
      settle
      log "$COMPARE $target: manifest GET by tag, round $round, ${HALF}s"
      output="$(wrk -t2 -c32 -d"${HALF}s" -H "Accept: application/vnd.oci.image.manifest.v1+json" "${url}v2/library/bench/manifests/latest")"
      if grep -qE "Non-2xx or 3xx responses|Socket errors" <<<"$output"; then
        log "audit $target: $(grep -E 'Non-2xx|Socket errors' <<<"$output" | tr -s ' ')"; AUDIT_SUM[$target]=error
      elif [ "${AUDIT_SUM[$target]}" != error ]; then
        AUDIT_SUM[$target]=$(( AUDIT_SUM[$target] + $(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$output") ))
      fi
    done
  done
  for target in on off; do
    [ "${AUDIT_SUM[$target]}" = error ] && AUDIT_RPS[$target]=error || AUDIT_RPS[$target]=$(( AUDIT_SUM[$target] / 2 ))
  done
  # Pull counts reach the store with each gateway's next flush (every 5 s by default).
  [ "$COMPARE" = pulls ] && sleep 6
  settle
  recorded="$(audit_total)"
  REPORT="$WORK/report.md"
  {
    echo "| metric | $COMPARE on | $COMPARE off | ratio on/off |"
    echo "|---|---:|---:|---:|"
    echo "| (a) manifest GET by tag, req/s (wrk -t2 -c32, 2 x ${HALF}s alternating) | ${AUDIT_RPS[on]} | ${AUDIT_RPS[off]} | $(awk -v a="${AUDIT_RPS[on]}" -v b="${AUDIT_RPS[off]}" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else printf "n/a" }') |"
    echo
    echo "$([ "$COMPARE" = pulls ] && echo 'pull_count of library/bench recorded by the pulls-on instance' || echo 'audit records written by the audit-on instance') by the end: ${recorded:-unknown}. $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)$([ "$QUICK" -eq 1 ] && echo ', --quick')."
  } >"$REPORT"
  mkdir -p "$ROOT/bench/results"
  cp "$REPORT" "$ROOT/bench/results/$COMPARE-$(date -u +%Y%m%dT%H%M%SZ).md"
  cat "$REPORT"
  exit 0
fi

# --- start servers -------------------------------------------------------------------------
DIST_PORT="$(free_port)"
mkdir -p "$WORK/distribution/storage"
cat >"$WORK/distribution/config.yml" <<YAML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/distribution/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$DIST_PORT
YAML
docker-registry serve "$WORK/distribution/config.yml" </dev/null >"$WORK/distribution.log" 2>&1 &
PIDS+=("$!")
DIST_URL="http://127.0.0.1:$DIST_PORT/"

if [ "$ONLY_DISTRIBUTION" -eq 0 ]; then
  [ -f "$GATEWAY_DLL" ] || { echo "$GATEWAY_DLL missing (drop --skip-build)" >&2; exit 1; }
  AK_PORT="$(free_port)"
  while [ "$AK_PORT" = "$DIST_PORT" ]; do AK_PORT="$(free_port)"; done
  AK_PASSWORD="Bench-$RANDOM$RANDOM"
  mkdir -p "$WORK/artifactkeeper"
  (
    cd "$ROOT"
    export ArtifactKeeper__DataPath="$WORK/artifactkeeper" ArtifactKeeper__AdminPassword="$AK_PASSWORD"
    # Quiet request logging, as distribution's access log is off.
    export Logging__LogLevel__Default=Warning
    exec dotnet "$GATEWAY_DLL" --urls "http://127.0.0.1:$AK_PORT"
  ) </dev/null >"$WORK/artifactkeeper.log" 2>&1 &
  PIDS+=("$!")
  AK_URL="http://127.0.0.1:$AK_PORT/"
fi

if [ "$CLUSTER" -eq 1 ]; then
  log "starting the local cluster"
  CLUSTER_PASSWORD="Bench-$RANDOM$RANDOM"
  CLUSTER_URL="$(AK_CLUSTER_STATE="$WORK/cluster" AK_CLUSTER_BUILD=0 ArtifactKeeper__AdminPassword="$CLUSTER_PASSWORD" \
    "$ROOT/deploy/local/cluster.sh" up </dev/null | awk '/^gateway: / { print $2; exit }')/"
fi

bench wait --base "$DIST_URL" --path v2/ --seconds 30 || { cat "$WORK/distribution.log" >&2; exit 1; }
log "distribution ready on $DIST_URL"
if [ "$ONLY_DISTRIBUTION" -eq 0 ]; then
  bench wait --base "$AK_URL" --path health/ready --seconds 60 || { tail -50 "$WORK/artifactkeeper.log" >&2; exit 1; }
  log "ArtifactKeeper ready on $AK_URL"
fi

# --- measurements --------------------------------------------------------------------------
# wrk's units are binary (KB = 1024 B); converts "Transfer/sec: 1.5GB" to MiB.
to_mib() {
  awk -v value="$1" 'BEGIN {
    n = value + 0; unit = value; sub(/^[0-9.]+/, "", unit)
    if (unit == "B") n /= 1048576; else if (unit == "KB") n /= 1024; else if (unit == "GB") n *= 1024; else if (unit == "TB") n *= 1048576
    printf "%.1f", n }'
}

# run_wrk NAME FIELD(requests|transfer) wrk-args... ; prints the number, or "error" on non-2xx answers.
run_wrk() {
  local name="$1" field="$2" output
  shift 2
  output="$(wrk "$@")"
  echo "$output" >"$WORK/wrk-$name.txt"
  if grep -q "Non-2xx or 3xx responses" <<<"$output" || grep -q "Socket errors" <<<"$output"; then
    log "$name: $(grep -E 'Non-2xx|Socket errors' <<<"$output" | tr -s ' ')"
    echo "error"
    return
  fi
  if [ "$field" = requests ]; then
    awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$output"
  else
    to_mib "$(awk '/^Transfer\/sec:/ { print $2 }' <<<"$output")"
  fi
}

value_of() { awk -F= -v key="$1" '$1 == key { print $2 }'; }

# measure TARGET BASE_URL [user:password] -> writes $WORK/result-TARGET.env
measure() {
  local target="$1" base="$2" credentials="${3:-}" user_args=() seed digest push blobs
  [ -n "$credentials" ] && user_args=(--user "$credentials")
  log "$target: seeding (small image, ${BLOB_MIB} MiB blob, 1000 tags)"
  seed="$(bench seed --base "$base" "${user_args[@]}" --blob-mib "$BLOB_MIB" --tags 1000)"
  digest="$(value_of blob_digest <<<"$seed")"

  log "$target: (a) manifest GET by tag"
  local manifest_rps
  manifest_rps="$(run_wrk "$target-manifest" requests -t2 -c32 -d"${MANIFEST_SECONDS}s" -H "$MANIFEST_ACCEPT" \
    "${base}v2/library/bench/manifests/latest")"

  log "$target: (b) 16-client small-image push"
  push="$(bench push-images --base "$base" "${user_args[@]}" --clients 16 --images "$PUSH_IMAGES" --seconds "$PUSH_SECONDS")"

  log "$target: (c) ${BLOB_MIB} MiB blob push, monolithic and 8 MiB chunks"
  blobs="$(bench push-blob --base "$base" "${user_args[@]}" --mib "$BLOB_MIB" --chunk-mib 8 --runs "$BLOB_RUNS")"

  log "$target: (d) ${BLOB_MIB} MiB blob pull"
  local pull_mib
  pull_mib="$(run_wrk "$target-pull" transfer -t2 -c4 -d"${PULL_SECONDS}s" --timeout 30s "${base}v2/library/bench/blobs/$digest")"

  log "$target: (e) tags/list of 1000 tags"
  local tags_rps
  tags_rps="$(run_wrk "$target-tags" requests -t2 -c4 -d"${TAGS_SECONDS}s" "${base}v2/library/taglist/tags/list?n=1000")"

  cat >"$WORK/result-$target.env" <<RESULT
manifest_rps=$manifest_rps
push_images=$(value_of images_per_sec <<<"$push")
blob_mono=$(value_of monolithic_mib_per_sec <<<"$blobs")
blob_chunked=$(value_of chunked_mib_per_sec <<<"$blobs")
pull_mib=$pull_mib
tags_rps=$tags_rps
RESULT
}

if [ "$ONLY_DISTRIBUTION" -eq 0 ]; then
  measure artifactkeeper "$AK_URL" "admin:$AK_PASSWORD"
fi
if [ "$CLUSTER" -eq 1 ]; then
  measure cluster "$CLUSTER_URL" "admin:$CLUSTER_PASSWORD"
fi
measure distribution "$DIST_URL"

# --- report --------------------------------------------------------------------------------
result() { [ -f "$WORK/result-$1.env" ] && value_of "$2" <"$WORK/result-$1.env" || echo "n/a"; }
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else printf "n/a" }'
}

REPORT="$WORK/report.md"
{
  if [ "$CLUSTER" -eq 1 ]; then
    echo "| metric | ArtifactKeeper embedded | ArtifactKeeper cluster | distribution | embedded ratio | cluster ratio |"
    echo "|---|---:|---:|---:|---:|---:|"
  else
    echo "| metric | ArtifactKeeper | distribution | ratio |"
    echo "|---|---:|---:|---:|"
  fi
  while IFS='|' read -r key label; do
    ak="$(result artifactkeeper "$key")"
    dist="$(result distribution "$key")"
    if [ "$CLUSTER" -eq 1 ]; then
      cl="$(result cluster "$key")"
      echo "| $label | $ak | $cl | $dist | $(ratio "$ak" "$dist") | $(ratio "$cl" "$dist") |"
    else
      echo "| $label | $ak | $dist | $(ratio "$ak" "$dist") |"
    fi
  done <<'ROWS'
manifest_rps|(a) manifest GET by tag, req/s (wrk -t2 -c32)
push_images|(b) small-image push, images/s (16 clients)
blob_mono|(c) 64 MiB blob push monolithic, MiB/s (median)
blob_chunked|(c) 64 MiB blob push 8 MiB PATCH chunks, MiB/s (median)
pull_mib|(d) 64 MiB blob pull, MiB/s (wrk -t2 -c4)
tags_rps|(e) tags/list of 1000 tags, req/s (wrk -t2 -c4)
ROWS
  echo
  echo "ratio = ArtifactKeeper / distribution (higher is better for ArtifactKeeper). $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)$([ "$QUICK" -eq 1 ] && echo ', --quick')."
} >"$REPORT"

mkdir -p "$ROOT/bench/results"
cp "$REPORT" "$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ).md"
cat "$REPORT"

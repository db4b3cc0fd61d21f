#!/usr/bin/env bash
# A local ArtifactKeeper cluster on loopback: PostgreSQL, s3rver, two silos and two gateways.
#
#   deploy/local/cluster.sh up     start everything (reusing earlier state), return once all are healthy,
#                                  print one "gateway: http://127.0.0.1:PORT" line per gateway
#   deploy/local/cluster.sh down   stop everything started by "up" (state is kept: "up" again restores it)
#   deploy/local/cluster.sh status show what runs
#   deploy/local/cluster.sh destroy  stop everything and delete its state (database, objects, logs)
#
# State (database, S3 objects, logs, PIDs) lives in $AK_CLUSTER_STATE (default ./data/cluster). Environment
# given to this script (e.g. ArtifactKeeper__AdminPassword) reaches every process. Needs scripts/install-deps.sh.
# CONFIGURATION (default Release) picks the build; AK_CLUSTER_BUILD=0 skips building (binaries must exist).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${AK_CLUSTER_STATE:-$ROOT/data/cluster}"
CONFIGURATION="${CONFIGURATION:-Release}"
SILOS="${AK_CLUSTER_SILOS:-2}"
GATEWAYS="${AK_CLUSTER_GATEWAYS:-2}"
READY_SECONDS="${AK_CLUSTER_READY_SECONDS:-120}"
SILO_DLL="$ROOT/src/Silo/bin/$CONFIGURATION/net10.0/ArtifactKeeper.Silo.dll"
GATEWAY_DLL="$ROOT/src/Gateway/bin/$CONFIGURATION/net10.0/ArtifactKeeper.Gateway.dll"

log() { echo "[cluster] $*" >&2; }
die() { echo "[cluster] error: $*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

read_pid() { [ -f "$STATE/pids/$1.pid" ] && cat "$STATE/pids/$1.pid" || true; }

# Starts a detached process, logs to $STATE/logs/<name>.log, records its PID.
start_detached() {
  local name="$1"; shift
  setsid "$@" >"$STATE/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/pids/$name.pid"
}

pg_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -x "$bin/postgres" ] || die "PostgreSQL server not found under /usr/lib/postgresql (run scripts/install-deps.sh)"
  echo "$bin"
}

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for() {
  local what="$1" deadline=$((SECONDS + READY_SECONDS)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "$what did not become ready within ${READY_SECONDS}s (logs in $STATE/logs)"
    sleep 0.5
  done
}

# PostgreSQL's files must be reachable by the postgres user; a state directory under a private home
# (e.g. /root) is not, so the database then lives in a fixed place derived from the state path.
pg_dir() {
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$STATE" 2>/dev/null; then
    echo "$STATE/pg"
  else
    echo "/var/tmp/artifactkeeper-pg-$(printf '%s' "$STATE" | sha256sum | cut -c1-12)"
  fi
}

start_postgres() {
  local bin port dir
  bin="$(pg_bin)"
  dir="$(pg_dir)"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $dir/data"
    as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$STATE/logs/initdb.log" 2>&1
  fi
  port="$(free_port)"
  echo "$port" >"$STATE/pg.port"
  local run_as=()
  if [ "$(id -u)" -eq 0 ]; then run_as=(runuser -u postgres --); fi
  start_detached postgres "${run_as[@]}" "$bin/postgres" -D "$dir/data" -p "$port" -k "$dir" \
    -c listen_addresses=127.0.0.1 -c max_connections=300
  wait_for PostgreSQL "$bin/pg_isready" -h 127.0.0.1 -p "$port" -U postgres
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='artifactkeeper'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE artifactkeeper" >/dev/null
  fi
}

start_s3rver() {
  local entry port
  entry="$ROOT/tools/s3rver/node_modules/s3rver/bin/s3rver.js"
  [ -f "$entry" ] || die "s3rver is not installed at tools/s3rver (run scripts/install-deps.sh)"
  mkdir -p "$STATE/s3"
  port="$(free_port)"
  echo "$port" >"$STATE/s3.port"
  start_detached s3rver node --openssl-legacy-provider "$entry" --address 127.0.0.1 --port "$port" --directory "$STATE/s3" --silent
  wait_for s3rver bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"
}

# AK_CLUSTER_BLOBS=filesystem shares one directory between the processes instead of s3rver (for comparisons).
blob_environment() {
  if [ "${AK_CLUSTER_BLOBS:-s3}" = "filesystem" ]; then
    export ArtifactKeeper__Blobs__Provider=FileSystem
    export ArtifactKeeper__Blobs__Path="$STATE/blobs"
    return
  fi
  export ArtifactKeeper__Blobs__Provider=S3
  export ArtifactKeeper__Blobs__S3__ServiceUrl="http://127.0.0.1:$1"
  export ArtifactKeeper__Blobs__S3__Bucket="${ArtifactKeeper__Blobs__S3__Bucket:-artifactkeeper}"
  export ArtifactKeeper__Blobs__S3__AccessKey="${ArtifactKeeper__Blobs__S3__AccessKey:-S3RVER}"
  export ArtifactKeeper__Blobs__S3__SecretKey="${ArtifactKeeper__Blobs__S3__SecretKey:-S3RVER}"
}

cluster_environment() {
  local pg_port s3_port
  pg_port="$(cat "$STATE/pg.port")"
  s3_port="$(cat "$STATE/s3.port")"
  export ArtifactKeeper__Mode=Cluster
  export ArtifactKeeper__DataPath="$STATE/node"
  export ArtifactKeeper__Metadata__Provider=PostgreSql
  export ArtifactKeeper__Metadata__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=artifactkeeper;Maximum Pool Size=50"
  blob_environment "$s3_port"
  export ArtifactKeeper__Silo__AdvertisedAddress=127.0.0.1
  export Logging__LogLevel__Default="${Logging__LogLevel__Default:-Warning}"
}

up() {
  mkdir -p "$STATE/pids" "$STATE/logs" "$STATE/node"
  if pid_alive "$(read_pid gateway-1)"; then die "already up (run '$0 down' first)"; fi
  command -v dotnet >/dev/null || die "dotnet not found"
  if [ "${AK_CLUSTER_BUILD:-1}" = "1" ]; then
    log "building ($CONFIGURATION)"
    # The gateway references the silo project, so one build produces both programs.
    dotnet build -c "$CONFIGURATION" "$ROOT/src/Gateway" -nologo -v q -clp:ErrorsOnly >"$STATE/logs/build.log" 2>&1 || { cat "$STATE/logs/build.log" >&2; die "build failed"; }
  fi
  local program
  for program in "$SILO_DLL" "$GATEWAY_DLL"; do
    [ -f "$program" ] || die "$program is missing (build with -c $CONFIGURATION, or unset AK_CLUSTER_BUILD)"
  done

  start_postgres
  start_s3rver
  cluster_environment

  local i silo_port gateway_port health_port http_port
  : >"$STATE/silos"
  for i in $(seq 1 "$SILOS"); do
    silo_port="$(free_port)"; gateway_port="$(free_port)"; health_port="$(free_port)"
    ArtifactKeeper__Silo__SiloPort="$silo_port" ArtifactKeeper__Silo__GatewayPort="$gateway_port" \
      ArtifactKeeper__Silo__HealthUrls="http://127.0.0.1:$health_port" \
      start_detached "silo-$i" dotnet "$SILO_DLL"
    echo "$health_port" >>"$STATE/silos"
  done

  local port
  while read -r port; do
    wait_for "silo with health port $port" curl -fsS "http://127.0.0.1:$port/health/ready"
  done <"$STATE/silos"

  : >"$STATE/gateways"
  for i in $(seq 1 "$GATEWAYS"); do
    http_port="$(free_port)"
    start_detached "gateway-$i" dotnet "$GATEWAY_DLL" \
      --urls "http://127.0.0.1:$http_port"
    echo "http://127.0.0.1:$http_port" >>"$STATE/gateways"
  done

  local url
  while read -r url; do
    wait_for "gateway $url" curl -fsS "$url/health/ready"
  done <"$STATE/gateways"
  wait_for "$SILOS active silos" active_silos_at_least "$SILOS" "$(head -1 "$STATE/gateways")"

  while read -r url; do
    echo "gateway: $url"
  done <"$STATE/gateways"
}

active_silos_at_least() {
  local want="$1" url="$2" active
  active="$(curl -fsS "$url/api/v2.0/health" | python3 -c 'import json,sys; d=json.load(sys.stdin); c=[x for x in d["components"] if x["name"]=="cluster"]; print(c[0].get("active_silos",0) if c else 0)')"
  [ "${active:-0}" -ge "$want" ]
}

stop_pid() {
  local name="$1" pid
  pid="$(read_pid "$name")"
  if pid_alive "$pid"; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do pid_alive "$pid" || break; sleep 0.25; done
    if pid_alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$STATE/pids/$name.pid"
}

# Stops every process whose name matches $1 at once and waits for all of them.
stop_all() {
  local name
  for name in $(ls "$STATE/pids" | sed 's/\.pid$//' | grep -E "$1" || true); do stop_pid "$name" & done
  wait
}

down() {
  [ -d "$STATE/pids" ] || { log "nothing to stop"; return 0; }
  # Front to back: gateways stop taking requests before the silos behind them go, and the stores last.
  stop_all '^gateway-'
  stop_all '^silo-'
  stop_all '^(s3rver|postgres)$'
  log "stopped"
}

destroy() {
  down
  rm -rf "$(pg_dir)" "$STATE"
  log "state removed"
}

status() {
  local file name
  for file in "$STATE"/pids/*.pid; do
    [ -e "$file" ] || continue
    name="$(basename "$file" .pid)"
    if pid_alive "$(cat "$file")"; then echo "$name: running (pid $(cat "$file"))"; else echo "$name: dead"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  destroy) destroy ;;
  *) echo "usage: $0 up|down|status|destroy" >&2; exit 2 ;;
esac

# Shared by bench/gc.sh, bench/retention.sh, bench/trust.sh and bench/scan.sh (sourced, not run): the Release builds they drive,
# their entry points, the embedded gateway they start, and the helpers they all use. Needs ROOT, WORK, SKIP_BUILD and
# a log function; start_gateway also PASSWORD.

build_release_tools() {
  if [ "$SKIP_BUILD" -eq 0 ]; then
    log "building Release (gateway, RegistryBench, GcBench)"
    for project in src/Gateway bench/RegistryBench bench/GcBench; do
      dotnet build -c Release "$ROOT/$project" -nologo -v q >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }
    done
  fi
  GATEWAY_DLL="$ROOT/src/Gateway/bin/Release/net10.0/ArtifactKeeper.Gateway.dll"
  BENCH_DLL="$ROOT/bench/RegistryBench/bin/Release/net10.0/ArtifactKeeper.RegistryBench.dll"
  GC_DLL="$ROOT/bench/GcBench/bin/Release/net10.0/ArtifactKeeper.GcBench.dll"
  for dll in "$GATEWAY_DLL" "$BENCH_DLL" "$GC_DLL"; do
    [ -f "$dll" ] || { echo "$dll missing (drop --skip-build)" >&2; exit 1; }
  done
}

gcbench() { dotnet "$GC_DLL" "$@"; }
value_of() { awk -F= -v key="$1" '$1 == key { print $2 }'; }

# start_gateway DATA_DIR [NAME=VALUE ...]: the embedded gateway (Release) on DATA_DIR with admin password $PASSWORD and
# the given settings as environment variables, on a random loopback port; sets PID and URL and waits until it is ready.
start_gateway() {
  local data="$1" port=$((20000 + RANDOM % 30000))
  shift
  (
    cd "$ROOT"
    export ArtifactKeeper__DataPath="$data" ArtifactKeeper__AdminPassword="$PASSWORD" Logging__LogLevel__Default=Warning
    for setting in "$@"; do export "${setting?}"; done
    exec dotnet "$GATEWAY_DLL" --urls "http://127.0.0.1:$port"
  ) </dev/null >>"$WORK/artifactkeeper.log" 2>&1 &
  PID="$!"
  URL="http://127.0.0.1:$port/"
  dotnet "$BENCH_DLL" wait --base "$URL" --path health/ready --seconds 180 || { tail -50 "$WORK/artifactkeeper.log" >&2; exit 1; }
}

# stop_gateway: stops the gateway start_gateway started, if one runs.
stop_gateway() {
  if [ -n "${PID:-}" ]; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    PID=""
  fi
}

# The options of the benches that take only --skip-build, --quick and --help, and the tools they need: sets SKIP_BUILD
# and QUICK. $1 is the last line of the calling script's header comment, which --help prints.
bench_options() {
  local help_end="$1"
  shift
  SKIP_BUILD=0
  QUICK=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --skip-build) SKIP_BUILD=1 ;;
      --quick) QUICK=1 ;;
      -h|--help) sed -n "2,${help_end}p" "$0"; exit 0 ;;
      *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
  done
  local tool
  for tool in dotnet curl python3; do
    command -v "$tool" >/dev/null || { echo "$tool not found; run scripts/install-deps.sh" >&2; exit 1; }
  done
}

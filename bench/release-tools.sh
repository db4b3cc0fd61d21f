# Shared by bench/gc.sh and bench/retention.sh (sourced, not run): the Release builds both drive, their entry points,
# and the helpers both use. Needs ROOT, WORK, SKIP_BUILD and a log function.

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

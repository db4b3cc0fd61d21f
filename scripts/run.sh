#!/usr/bin/env bash
# Starts ArtifactKeeper in embedded mode: one process, SQLite metadata and blobs under ./data.
# Extra arguments pass through, e.g. --urls http://0.0.0.0:5000 or --ArtifactKeeper:AdminPassword=...
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [[ " $* " != *" --urls "* ]]; then
  set -- --urls "http://0.0.0.0:5000" "$@"
fi
exec dotnet run -c Release --project src/Gateway -- "$@"

#!/usr/bin/env bash
# The project's whole test suite, as README.md and .ci/run invoke it. Installs what it needs
# (system packages through scripts/install-deps.sh), builds once in Release with warnings as
# errors, then runs each test tier and prints one closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration="${CONFIGURATION:-Release}"

scripts/install-deps.sh

dotnet build ArtifactKeeper.sln -c "$configuration" -warnaserror -nologo -clp:ErrorsOnly

log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT
passed=0
failed=0
status=0
# Tiers in order of cost; each has its own time budget so a hang cannot eat the CI run.
for tier in Unit:600 Grain:600 Http:900 Cluster:1200 EndToEnd:1800; do
  project="${tier%%:*}"
  budget="${tier##*:}"
  echo "=== tests/$project (budget ${budget}s) ==="
  set +e
  timeout --kill-after=30 "$budget" dotnet test --project "tests/$project" -c "$configuration" --no-build 2>&1 | tee "$log_dir/$project.log"
  code=${PIPESTATUS[0]}
  set -e
  p=$(grep -E '^\s+succeeded: [0-9]+' "$log_dir/$project.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  f=$(grep -E '^\s+failed: [0-9]+' "$log_dir/$project.log" | tail -1 | grep -oE '[0-9]+' || echo 0)
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$code" -ne 0 ]; then
    echo "tests/$project exited with $code"
    status=1
    if [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
  fi
done

echo "${passed} passed, ${failed} failed"
exit "$status"

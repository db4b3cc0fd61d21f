#!/usr/bin/env bash
# A Harbor administrator's script, as one would write it against Harbor: only the host differs.
# Phase "setup": create two projects, a user who joins one of them as a developer, and a robot
# account with push and pull on that project only; log podman in as the robot, push to its project
# (must work) and to the other project (must be refused); the developer may push to its project
# and not to the other. Phase "expired": run after the registry's clock has passed the robot's
# expiry; the robot can no longer log in or push.
#
# Inputs (environment): AK_URL (http://host:port), AK_HOST (host:port), AK_ADMIN_PASSWORD,
# AK_STATE (a folder for what phase "expired" needs), AK_IMAGE (a local podman image to push),
# AK_PODMAN (podman's global options, space-separated, no spaces inside one option).
# Prints one "ok: ..." line per check; exits non-zero at the first check that fails.
set -euo pipefail

: "${AK_URL:?}" "${AK_HOST:?}" "${AK_ADMIN_PASSWORD:?}" "${AK_STATE:?}" "${AK_IMAGE:?}"
read -r -a podman_options <<< "${AK_PODMAN:-}"
admin="admin:${AK_ADMIN_PASSWORD}"
authfile="$AK_STATE/auth.json"

# shellcheck source=harbor-lib.sh
source "$(dirname "$0")/harbor-lib.sh"

push_as() {
  local who="$1" secret="$2" repository="$3"
  echo "{}" > "$authfile"
  podman login --tls-verify=false --authfile "$authfile" --username "$who" --password-stdin "$AK_HOST" <<< "$secret" >/dev/null
  podman tag "$AK_IMAGE" "$AK_HOST/$repository"
  podman push --tls-verify=false --authfile "$authfile" "$AK_HOST/$repository"
}

case "${1:-}" in
setup)
  json=(-H 'Content-Type: application/json')
  expect_status 201 "create project team-a" -u "$admin" "${json[@]}" -X POST "$AK_URL/api/v2.0/projects" \
    -d '{"project_name":"team-a","metadata":{"public":"false"}}'
  expect_status 201 "create project team-b" -u "$admin" "${json[@]}" -X POST "$AK_URL/api/v2.0/projects" \
    -d '{"project_name":"team-b","metadata":{"public":"false"}}'

  expect_status 201 "create user dev1" -u "$admin" "${json[@]}" -X POST "$AK_URL/api/v2.0/users" \
    -d '{"username":"dev1","email":"dev1@example.com","realname":"Dev One","password":"Dev1-Passw0rd"}'
  expect_status 201 "add dev1 to team-a as developer" -u "$admin" "${json[@]}" -X POST \
    "$AK_URL/api/v2.0/projects/team-a/members" -d '{"role_id":2,"member_user":{"username":"dev1"}}'
  expect_status 200 "list team-a members" -u "$admin" "$AK_URL/api/v2.0/projects/team-a/members?entityname=dev1"
  grep -q '"entity_name":"dev1"' "$AK_STATE/body" || fail "dev1 is not listed as a member: $(cat "$AK_STATE/body")"
  ok "dev1 is listed as a member"

  expect_status 201 "create robot ci for team-a (1 day)" -u "$admin" "${json[@]}" -X POST "$AK_URL/api/v2.0/robots" -d '{
      "name": "ci", "description": "pushes from CI", "duration": 1, "level": "project", "disable": false,
      "permissions": [{"kind": "project", "namespace": "team-a",
        "access": [{"resource": "repository", "action": "push"}, {"resource": "repository", "action": "pull"}]}]}'
  robot_name="$(json_field name)"
  robot_secret="$(json_field secret)"
  [ "$robot_name" = 'robot$team-a+ci' ] || fail "robot name is $robot_name"
  ok "robot is named $robot_name"
  printf '%s\n%s\n' "$robot_name" "$robot_secret" > "$AK_STATE/robot"

  push_as "$robot_name" "$robot_secret" team-a/app:1 || fail "robot push to team-a was refused"
  ok "robot pushed team-a/app:1"
  if push_as "$robot_name" "$robot_secret" team-b/app:1; then fail "robot push to team-b was allowed"; fi
  ok "robot push to team-b refused"
  expect_status 404 "team-b/app:1 does not exist" -u "$admin" "$AK_URL/v2/team-b/app/manifests/1" \
    -H "$manifest_types"

  push_as dev1 Dev1-Passw0rd team-a/app:dev || fail "developer push to team-a was refused"
  ok "developer pushed team-a/app:dev"
  if push_as dev1 Dev1-Passw0rd team-b/app:dev; then fail "developer push to team-b was allowed"; fi
  ok "developer push to team-b refused"
  ;;
expired)
  { read -r robot_name; read -r robot_secret; } < "$AK_STATE/robot"
  expect_status 401 "expired robot on /v2/" -u "$robot_name:$robot_secret" "$AK_URL/v2/"
  expect_status 401 "expired robot gets no token" -u "$robot_name:$robot_secret" \
    "$AK_URL/service/token?service=artifactkeeper&scope=repository:team-a/app:push,pull"
  if push_as "$robot_name" "$robot_secret" team-a/app:2; then fail "expired robot could push"; fi
  ok "expired robot push refused"
  expect_status 404 "team-a/app:2 does not exist" -u "$admin" "$AK_URL/v2/team-a/app/manifests/2" \
    -H "$manifest_types"
  expect_status 200 "team-a/app:1 is still there" -u "$admin" "$AK_URL/v2/team-a/app/manifests/1" \
    -H "$manifest_types"
  ;;
*)
  echo "usage: $0 setup|expired" >&2
  exit 2
  ;;
esac

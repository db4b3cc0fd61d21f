#!/usr/bin/env bash
# A Harbor administrator's script for artifact management, as one would write it against Harbor: only the
# host differs. In project "production" an immutable rule protects tags v*.*.* in every repository: the first
# push of v1.2.3 works, a second push of v1.2.3 with other content is refused, "latest" still moves. A label is
# attached to the release and the artifact list selects by it. A project with a 10 MiB quota takes a 6 MiB
# image, refuses a second, different 6 MiB image ("Quota exceeded") and still takes the first image pushed into
# another of its repositories (its layers are already in the project).
#
# Inputs (environment): AK_URL, AK_HOST, AK_ADMIN_PASSWORD, AK_STATE (a scratch folder), AK_PODMAN (podman's
# global options), AK_SMALL_A and AK_SMALL_B (two small local images with different content), AK_MID_A and
# AK_MID_B (two different local images of about 6 MiB each). Prints one "ok: ..." line per check; exits
# non-zero at the first check that fails.
set -euo pipefail

: "${AK_URL:?}" "${AK_HOST:?}" "${AK_ADMIN_PASSWORD:?}" "${AK_STATE:?}"
: "${AK_SMALL_A:?}" "${AK_SMALL_B:?}" "${AK_MID_A:?}" "${AK_MID_B:?}"
read -r -a podman_options <<< "${AK_PODMAN:-}"
admin="admin:${AK_ADMIN_PASSWORD}"
authfile="$AK_STATE/auth.json"
json=(-H 'Content-Type: application/json')

# shellcheck source=harbor-lib.sh
source "$(dirname "$0")/harbor-lib.sh"

# Pushes local image $1 as $2; podman's output is kept in $AK_STATE/push.log for the refusal checks.
push() {
  podman tag "$1" "$AK_HOST/$2"
  podman push --tls-verify=false --authfile "$authfile" "$AK_HOST/$2" > "$AK_STATE/push.log" 2>&1
}

echo "{}" > "$authfile"
podman login --tls-verify=false --authfile "$authfile" --username admin --password-stdin "$AK_HOST" <<< "$AK_ADMIN_PASSWORD" >/dev/null

# --- tag immutability ---
expect_status 201 "create project production" -u "$admin" "${json[@]}" -X POST "$AK_URL/api/v2.0/projects" \
  -d '{"project_name":"production","metadata":{"public":"false"}}'
expect_status 201 "immutable rule: tags v*.*.* in repositories **" -u "$admin" "${json[@]}" -X POST \
  "$AK_URL/api/v2.0/projects/production/immutabletagrules" -d '{
    "tag_selectors": [{"kind": "doublestar", "decoration": "matches", "pattern": "v*.*.*"}],
    "scope_selectors": {"repository": [{"kind": "doublestar", "decoration": "repoMatches", "pattern": "**"}]}}'

push "$AK_SMALL_A" production/app:v1.2.3 || fail "first push of v1.2.3 was refused: $(cat "$AK_STATE/push.log")"
ok "pushed production/app:v1.2.3"
release="$(manifest_digest "$admin" production/app v1.2.3)"
push "$AK_SMALL_A" production/app:latest || fail "push of latest was refused: $(cat "$AK_STATE/push.log")"
ok "pushed production/app:latest"

if push "$AK_SMALL_B" production/app:v1.2.3; then fail "a second push of v1.2.3 with other content was allowed"; fi
grep -qi "immutable" "$AK_STATE/push.log" || fail "the refusal does not say the tag is immutable: $(cat "$AK_STATE/push.log")"
ok "second push of v1.2.3 refused as immutable"
[ "$(manifest_digest "$admin" production/app v1.2.3)" = "$release" ] || fail "v1.2.3 moved"
ok "v1.2.3 still names $release"

push "$AK_SMALL_B" production/app:latest || fail "latest could not move: $(cat "$AK_STATE/push.log")"
moved="$(manifest_digest "$admin" production/app latest)"
[ -n "$moved" ] && [ "$moved" != "$release" ] || fail "latest did not move (still $moved)"
ok "latest moved to $moved"

expect_status 412 "deleting the release through the API is refused" -u "$admin" -X DELETE \
  "$AK_URL/api/v2.0/projects/production/repositories/app/artifacts/v1.2.3"

# --- labels ---
expect_status 200 "read project production" -u "$admin" "$AK_URL/api/v2.0/projects/production"
project_id="$(json_field project_id)"
expect_status 201 "create label approved in production" -u "$admin" "${json[@]}" -X POST "$AK_URL/api/v2.0/labels" \
  -d "{\"name\":\"approved\",\"color\":\"#00ff00\",\"scope\":\"p\",\"project_id\":$project_id}"
label_id="$(sed -n 's|^[Ll]ocation: .*/labels/\([0-9]*\).*|\1|p' "$AK_STATE/headers" | tr -d '\r')"
[ -n "$label_id" ] || fail "no label id in the Location header"
expect_status 200 "label the release" -u "$admin" "${json[@]}" -X POST \
  "$AK_URL/api/v2.0/projects/production/repositories/app/artifacts/v1.2.3/labels" -d "{\"id\":$label_id}"
expect_status 200 "list artifacts labelled approved" -u "$admin" -G \
  "$AK_URL/api/v2.0/projects/production/repositories/app/artifacts" --data-urlencode "q=labels=($label_id)" \
  --data-urlencode "with_label=true"
listed="$(python3 -c 'import json,sys; print(" ".join(a["digest"] for a in json.load(open(sys.argv[1]))))' "$AK_STATE/body")"
[ "$listed" = "$release" ] || fail "the label lists [$listed], not the release $release"
ok "the label lists exactly the release"

# --- quota ---
expect_status 201 "create project quota10 with a 10 MiB quota" -u "$admin" "${json[@]}" -X POST \
  "$AK_URL/api/v2.0/projects" -d '{"project_name":"quota10","metadata":{"public":"false"},"storage_limit":10485760}'
push "$AK_MID_A" quota10/first:1 || fail "a 6 MiB push into a 10 MiB project was refused: $(cat "$AK_STATE/push.log")"
ok "pushed 6 MiB into quota10"
if push "$AK_MID_B" quota10/second:1; then fail "a push past the quota was allowed"; fi
grep -q "Quota exceeded" "$AK_STATE/push.log" || fail "the refusal does not say Quota exceeded: $(cat "$AK_STATE/push.log")"
ok "a second 6 MiB push refused: Quota exceeded"
push "$AK_MID_A" quota10/copy:1 || fail "a push of layers already in the project was refused: $(cat "$AK_STATE/push.log")"
ok "a push of layers already in quota10 succeeded"
expect_status 200 "quota10's quota" -u "$admin" -G "$AK_URL/api/v2.0/quotas" --data-urlencode "reference=project" \
  --data-urlencode "reference_id=$(curl -sS -u "$admin" "$AK_URL/api/v2.0/projects/quota10" | python3 -c 'import json,sys; print(json.load(sys.stdin)["project_id"])')"
used="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["used"]["storage"])' "$AK_STATE/body")"
[ "$used" -le 10485760 ] || fail "quota10 uses $used bytes, over its limit"
ok "quota10 uses $used of 10485760 bytes"

#!/usr/bin/env bash
# Shared by the Harbor-style flow scripts: curl with the status printed and the body kept, checks that print
# "ok: ..." or stop the script, a JSON field reader, and podman with the test's global options.
# Needs AK_STATE (a folder for bodies and headers) and, for podman, podman_options (an array).

manifest_types='Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json'

ok() { echo "ok: $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# curl that prints the status code and keeps the body in $AK_STATE/body; never fails on HTTP errors.
call() {
  curl -sS -o "$AK_STATE/body" -D "$AK_STATE/headers" -w '%{http_code}' "$@"
}

expect_status() {
  local want="$1" what="$2"
  shift 2
  local got
  got="$(call "$@")"
  [ "$got" = "$want" ] || fail "$what: expected HTTP $want, got $got: $(cat "$AK_STATE/body")"
  ok "$what ($got)"
}

json_field() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$AK_STATE/body" "$1"
}

podman() { command podman "${podman_options[@]}" "$@"; }

# The digest the registry names for a manifest (HEAD, Docker-Content-Digest), as $1 (user:password) sees it.
manifest_digest() {
  curl -sS -I -u "$1" -H "$manifest_types" "$AK_URL/v2/$2/manifests/$3" | tr -d '\r' | awk -F': ' 'tolower($1)=="docker-content-digest"{print $2}'
}


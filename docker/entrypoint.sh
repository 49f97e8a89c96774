#!/usr/bin/env bash
# The image's entrypoint: checks that the state folder (the working directory) is writable, gives the worker's REST
# API HTTP Basic users, then runs bin/ferry with the container's arguments (exec: signals reach Ferry directly).
#
#   FERRY_REST_USER       the REST API user (default admin)
#   FERRY_REST_PASSWORD   its password; unset: one is generated on the first start and printed once
#   FERRY_REST_USERS_FILE where the users file is kept (default data/rest-users, below the working directory);
#                         an existing file is used as it is (add users with bin/ferry hash-password)
#   FERRY_REST_AUTH=off   no users file: the worker properties must then allow an unauthenticated API
#                         (rest.allow.unauthenticated.remote=true behind a gateway that authenticates)
#   FERRY_BIN             the launcher (default /opt/ferry/bin/ferry)
set -euo pipefail

FERRY_BIN="${FERRY_BIN:-/opt/ferry/bin/ferry}"
STATE_DIR="$(pwd)"

fail() {
  echo "ferry-entrypoint: $*" >&2
  exit 1
}

check_writable() {
  local probe
  if probe=$(mktemp "${STATE_DIR}/.ferry-write-check.XXXXXX" 2>/dev/null); then
    rm -f "${probe}"
    return 0
  fi
  local owner
  owner=$(stat -c '%u:%g' "${STATE_DIR}" 2>/dev/null || echo "?")
  fail "cannot write ${STATE_DIR} (owned by uid:gid ${owner}) as uid:gid $(id -u):$(id -g).
  Ferry keeps its state (broker data, offsets, connectors) there. Either run the container as the folder's owner:
    docker compose: FERRY_UID=\$(id -u) FERRY_GID=\$(id -g) docker compose -f docker/docker-compose.yml up --build
    docker run:     docker run --user \$(id -u):\$(id -g) ...
  or let the container's user write it:  sudo chown -R $(id -u):$(id -g) <the host folder mounted at ${STATE_DIR}>"
}

# Writes the users file from FERRY_REST_USER/FERRY_REST_PASSWORD, or with a generated password printed once.
ensure_users_file() {
  local file=$1 user="${FERRY_REST_USER:-admin}" password line generated=no
  case "${user}" in ''|*:*) fail "FERRY_REST_USER must not be empty or contain ':'" ;; esac
  if [ -z "${FERRY_REST_PASSWORD:-}" ] && [ -s "${file}" ]; then
    echo "ferry-entrypoint: REST API users from ${file}" >&2
    return 0
  fi
  if [ -n "${FERRY_REST_PASSWORD:-}" ]; then
    password="${FERRY_REST_PASSWORD}"
  else
    password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    generated=yes
  fi
  mkdir -p "$(dirname "${file}")"
  line=$(printf '%s\n' "${password}" | "${FERRY_BIN}" hash-password "${user}") || fail "could not hash the REST API password"
  (umask 077 && printf '# REST API users (user:hash), written by the container entrypoint\n%s\n' "${line}" > "${file}.tmp")
  mv -f "${file}.tmp" "${file}"
  if [ "${generated}" = yes ]; then
    # Printed this once only: the file keeps just the hash.
    echo "ferry-entrypoint: generated REST API credentials (shown only now): user ${user}, password ${password}"
    echo "ferry-entrypoint: set FERRY_REST_PASSWORD to choose the password, or edit ${file} (bin/ferry hash-password)"
  else
    echo "ferry-entrypoint: REST API user ${user} with the password of FERRY_REST_PASSWORD" >&2
  fi
}

check_writable
if [ "${1:-}" = standalone ] && [ "${FERRY_REST_AUTH:-on}" != off ]; then
  users_file="${FERRY_REST_USERS_FILE:-${STATE_DIR}/data/rest-users}"
  ensure_users_file "${users_file}"
  exec "${FERRY_BIN}" "$@" --override "rest.auth.users.file=${users_file}"
fi
exec "${FERRY_BIN}" "$@"

#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer at DATABASE_URL and REDIS_URL (local defaults when unset).
# A local server that is installed but stopped is started; on Debian a missing one is installed
# with apt-get. A remote URL is only checked: we never try to start someone else's server.
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgres://postgres:postgres@127.0.0.1:5432/parley}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"

say() { printf '[services] %s\n' "$*"; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

# host and port of a URL, via Node (always present: it is the project's runtime). A `host` query
# parameter overrides the URL's host, as libpq reads it; one starting with / is a socket directory.
url_host() { node -e 'const u = new URL(process.argv[1]); console.log(u.searchParams.get("host") || u.hostname.replace(/^\[|\]$/g, ""))' "$1"; }
url_port() { node -e 'const u = new URL(process.argv[1]); console.log(u.port || process.argv[2])' "$1" "$2"; }

reachable() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
is_local() { case "$1" in 127.*|localhost|::1) return 0 ;; *) return 1 ;; esac; }

wait_for() {
  local name=$1 host=$2 port=$3
  for _ in $(seq 1 60); do reachable "$host" "$port" && return 0; sleep 0.5; done
  die "$name did not start listening on $host:$port within 30 s"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "$* is not installed and this is not a Debian-like system: install it, or set the URL to a running server"
  say "installing $* with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

start_postgres_clusters() {
  if ! command -v pg_lsclusters >/dev/null 2>&1; then return 1; fi
  if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -1)
    say "creating PostgreSQL $version cluster"
    as_root pg_createcluster "$version" main >/dev/null
  fi
  pg_lsclusters -h | while read -r version cluster _port status _rest; do
    if [ "$status" != "online" ]; then
      say "starting PostgreSQL cluster $version/$cluster"
      as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start
    fi
  done
}

ensure_postgres() {
  local host port
  host=$(url_host "$DATABASE_URL"); port=$(url_port "$DATABASE_URL" 5432)
  if [ "${host#/}" != "$host" ]; then
    [ -S "$host/.s.PGSQL.$port" ] || die "no PostgreSQL socket at $host/.s.PGSQL.$port (DATABASE_URL); start the server or fix the URL"
    say "PostgreSQL is up at $host/.s.PGSQL.$port"
    return
  fi
  if reachable "$host" "$port"; then say "PostgreSQL is up at $host:$port"; return; fi
  is_local "$host" || die "cannot reach PostgreSQL at $host:$port (DATABASE_URL); start it or fix the URL"

  local installed_now=0
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then apt_install postgresql; installed_now=1; fi
  start_postgres_clusters || die "PostgreSQL is installed but pg_ctlcluster is missing; start it by hand"
  wait_for PostgreSQL "$host" "$port"
  if [ "$installed_now" -eq 1 ]; then
    # A fresh Debian install authenticates TCP clients by password; give the default URL's one.
    local password
    password=$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).password || "postgres"))' "$DATABASE_URL")
    as_root su postgres -c "psql -qc \"alter role postgres password '${password//\'/\'\'}'\"" >/dev/null
  fi
  say "PostgreSQL is up at $host:$port"
}

ensure_redis() {
  local host port
  host=$(url_host "$REDIS_URL"); port=$(url_port "$REDIS_URL" 6379)
  if reachable "$host" "$port"; then say "Redis is up at $host:$port"; return; fi
  is_local "$host" || die "cannot reach Redis at $host:$port (REDIS_URL); start it or fix the URL"

  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
  say "starting Redis on $host:$port"
  # No persistence needed: Postgres is the source of truth and the queue only holds references.
  # noeviction because BullMQ loses locks and jobs if Redis evicts keys.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save '' --appendonly no \
    --maxmemory-policy noeviction --dir /tmp --logfile /tmp/parley-redis.log >/dev/null
  wait_for Redis "$host" "$port"
  say "Redis is up at $host:$port"
}

ensure_postgres
ensure_redis

# Throwaway PostgreSQL 15 for the test run (recipe from shared/reference/perf-floors.md).
# Usage: source scripts/pg_throwaway.sh; pg_start; trap pg_stop EXIT
# pg_start exports PGHOST PGPORT PGUSER PGDATABASE and DATABASE_URL.

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

pg_install() {
  # The CI machine has the server binaries; a fresh Debian box may only have the client.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "PostgreSQL server binaries missing: installing postgresql-15 with apt-get" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15) >&2
  fi
}

pg_start() {
  local bin
  bin=$(pg_bin) || { pg_install; bin=$(pg_bin); } || {
    echo "ERROR: no PostgreSQL server binaries (initdb) found and none could be installed." >&2
    echo "       Install postgresql-15, or set DATABASE_URL to a PostgreSQL you own." >&2
    return 1
  }
  export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=${PGDATABASE:-ci} PGPORT=${PGPORT:-5432}
  while (exec 3<>/dev/tcp/127.0.0.1/$PGPORT) 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
  PGTMP=$(mktemp -d -t pgci.XXXXXX) || return 1
  export PGTMP
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PGTMP" || return 1
    run=(runuser -u postgres --)
  fi
  (cd "$PGTMP" && "${run[@]}" "$bin/initdb" -D "$PGTMP/data" -U postgres -A trust \
      -E UTF8 --locale=C.UTF-8 --no-sync >"$PGTMP/initdb.log" 2>&1) || { cat "$PGTMP/initdb.log"; return 1; }
  (cd "$PGTMP" && "${run[@]}" "$bin/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$PGPORT -c unix_socket_directories=$PGTMP \
          -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" start >/dev/null) \
      || { cat "$PGTMP/server.log"; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$PGDATABASE" || return 1
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/$PGDATABASE"
  echo "throwaway PostgreSQL on 127.0.0.1:$PGPORT ($PGTMP)"
}

pg_stop() {
  [ -n "${PGTMP:-}" ] && [ -d "$PGTMP/data" ] || return 0
  local bin run=()
  bin=$(pg_bin) || return 0
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  (cd "$PGTMP" && "${run[@]}" "$bin/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1)
  rm -rf "$PGTMP"
  unset PGTMP
}

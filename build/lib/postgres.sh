# shellcheck shell=bash
# Helpers for running a private PostgreSQL server (cluster) for the API and the tests.
# Source it; it only defines functions.
#
# Every cluster listens on 127.0.0.1 only and has no Unix socket, so clients always
# connect over TCP (Host=127.0.0.1) and socket path-length limits never matter.
# PostgreSQL refuses to run as root: when root, the server-side commands (initdb,
# pg_ctl) run as the 'postgres' OS user, which must own the data directory and log file.
#
# PT_PG_BINDIR, when set, names the directory of the server binaries to use.

# Prints a message to stderr.
_pg_err() {
  printf '%s\n' "$*" >&2
}

# Prints PATH made absolute (not resolving symlinks).
_pg_abspath() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$PWD" "$1" ;;
  esac
}

_pg_is_root() {
  [[ $(id -u) -eq 0 ]]
}

# True when DIR holds the server binaries.
_pg_is_bindir() {
  [[ -x $1/initdb && -x $1/pg_ctl && -x $1/postgres ]]
}

# Prints the directory holding initdb, pg_ctl and postgres; returns 1 (with one
# line on stderr) when there is none.
pg_find_bindir() {
  local exe found dir
  local -a candidates=()

  if [[ -n ${PT_PG_BINDIR:-} ]]; then
    if _pg_is_bindir "$PT_PG_BINDIR"; then
      printf '%s\n' "$PT_PG_BINDIR"
      return 0
    fi
    _pg_err "PT_PG_BINDIR=$PT_PG_BINDIR does not hold initdb, pg_ctl and postgres"
    return 1
  fi

  # 1. On PATH; symlinks (e.g. /usr/local/bin/pg_ctl) resolved to the real directory.
  for exe in pg_ctl initdb postgres; do
    found=$(command -v "$exe" 2>/dev/null) || continue
    found=$(readlink -f "$found" 2>/dev/null || printf '%s\n' "$found")
    dir=$(dirname "$found")
    if _pg_is_bindir "$dir"; then
      printf '%s\n' "$dir"
      return 0
    fi
  done

  # 2. Versioned install directories (Debian/Ubuntu, RHEL, Homebrew kegs): the newest.
  for dir in /usr/lib/postgresql/*/bin /usr/pgsql-*/bin \
    /opt/homebrew/opt/postgresql@*/bin /usr/local/opt/postgresql@*/bin; do
    if _pg_is_bindir "$dir"; then
      candidates+=("$dir")
    fi
  done
  if ((${#candidates[@]} > 0)); then
    # sort -V on the version part only (the text after the last '@', '-' or 'postgresql/').
    for dir in "${candidates[@]}"; do
      printf '%s\t%s\n' "$(sed -E 's#.*(postgresql/|pgsql-|postgresql@)##; s#/bin$##' <<<"$dir")" "$dir"
    done | sort -t $'\t' -k1,1 -V | tail -n 1 | cut -f 2
    return 0
  fi

  _pg_err "PostgreSQL server binaries not found: install them (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@16) or run 'docker compose up -d postgres' and set ConnectionStrings__Postgres"
  return 1
}

# Prints the path of a server binary.
_pg_server_bin() {
  local dir
  dir=$(pg_find_bindir) || return 1
  printf '%s/%s\n' "$dir" "$1"
}

# Prints the path of a client tool (psql, createdb, pg_isready): the one next to
# the server binaries if there is one, else the one on PATH.
pg_client_bin() {
  local bin
  if bin=$(_pg_server_bin "$1" 2>/dev/null) && [[ -x $bin ]]; then
    printf '%s\n' "$bin"
  elif bin=$(command -v "$1" 2>/dev/null); then
    printf '%s\n' "$bin"
  else
    _pg_err "PostgreSQL client tool '$1' not found"
    return 1
  fi
}

# Runs a command as the 'postgres' OS user when root, else as the current user.
# As root it runs from / so the command never trips over an unreadable working
# directory: pass absolute paths.
pg_as_owner() {
  if _pg_is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# When root: fails with a clear message unless the 'postgres' user exists and
# can be switched to.
_pg_check_owner() {
  _pg_is_root || return 0
  if ! id postgres >/dev/null 2>&1; then
    _pg_err "PostgreSQL refuses to run as root and there is no 'postgres' OS user to run it as: run as a normal user, or create one (useradd --system postgres)"
    return 1
  fi
  if ! command -v runuser >/dev/null 2>&1; then
    _pg_err "PostgreSQL refuses to run as root and 'runuser' (util-linux) is missing: run as a normal user"
    return 1
  fi
}

# When root: fails with a clear message unless the 'postgres' user can reach PATH
# (every parent directory traversable).
_pg_check_reachable() {
  local path=$1 dir="" part rest
  _pg_is_root || return 0
  pg_as_owner test -e "$path" && return 0
  # Name the first directory, from / down, that it cannot traverse.
  rest=${path#/}
  while [[ $rest == */* ]]; do
    part=${rest%%/*}
    rest=${rest#*/}
    dir+=/$part
    if ! pg_as_owner test -x "$dir"; then
      _pg_err "The 'postgres' OS user (PostgreSQL runs as it because you are root) cannot reach $path: it cannot traverse $dir (chmod o+x '$dir', or keep the data elsewhere)"
      return 1
    fi
  done
  _pg_err "The 'postgres' OS user cannot reach $path"
  return 1
}

# Creates DIR (mode 700) for a data directory and gives it to the owner of the server.
_pg_prepare_datadir() {
  local dir=$1
  mkdir -p "$dir"
  chmod 700 "$dir"
  if _pg_is_root; then
    chown postgres:postgres "$dir"
  fi
  _pg_check_reachable "$dir"
}

# Creates FILE (and its parent) so the server's owner can append to it.
_pg_prepare_logfile() {
  local file=$1
  mkdir -p "$(dirname "$file")"
  touch "$file"
  if _pg_is_root; then
    chown postgres:postgres "$file"
  fi
  _pg_check_reachable "$file"
}

# True when the C.UTF-8 locale exists on this machine.
_pg_have_c_utf8() {
  locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'
}

# pg_init_cluster DATADIR SUPERUSER PASSWORD_OR_EMPTY
# Creates a cluster in DATADIR (absent or empty). With a password, TCP logins need
# it (scram-sha-256); with an empty one every login is trusted (throwaway test
# clusters, which also skip fsync during initdb).
pg_init_cluster() {
  local datadir superuser=$2 password=${3-} initdb locale pwfile="" out rc=0
  local -a args
  datadir=$(_pg_abspath "$1")
  _pg_check_owner || return 1
  initdb=$(_pg_server_bin initdb) || return 1
  _pg_prepare_datadir "$datadir" || return 1

  locale=C
  if _pg_have_c_utf8; then
    locale=C.UTF-8
  fi
  args=(-D "$datadir" -U "$superuser" --encoding=UTF8 --locale="$locale")

  if [[ -n $password ]]; then
    # The owner must read the password file: next to the data directory when root.
    if _pg_is_root; then
      pwfile=$(mktemp "$(dirname "$datadir")/.pg-password.XXXXXX")
      chown postgres:postgres "$pwfile"
    else
      pwfile=$(mktemp "${TMPDIR:-/tmp}/pg-password.XXXXXX")
    fi
    chmod 600 "$pwfile"
    printf '%s\n' "$password" >"$pwfile"
    args+=(--auth-host=scram-sha-256 --auth-local=trust --pwfile="$pwfile")
  else
    args+=(--auth=trust --no-sync)
  fi

  out=$(pg_as_owner "$initdb" "${args[@]}" 2>&1) || rc=$?
  if [[ -n $pwfile ]]; then
    rm -f "$pwfile"
  fi
  if ((rc != 0)); then
    _pg_err "initdb failed for $datadir:"
    printf '%s\n' "$out" | sed 's/^/  /' >&2
    return 1
  fi

  # Later settings win over initdb's defaults. Root can append to the owner's file.
  cat >>"$datadir/postgresql.conf" <<'EOF'

# Added by build/lib/postgres.sh: TCP on 127.0.0.1 only, no Unix sockets.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
EOF
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
_pg_port_in_use() {
  (: <"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pg_is_running DATADIR: true when the server of DATADIR is running.
pg_is_running() {
  local datadir pg_ctl
  datadir=$(_pg_abspath "$1")
  pg_ctl=$(_pg_server_bin pg_ctl) || return 1
  [[ -f $datadir/postmaster.pid ]] || return 1
  pg_as_owner "$pg_ctl" -D "$datadir" status >/dev/null 2>&1
}

# pg_start_cluster DATADIR PORT LOGFILE [SERVER_OPTION...]
# Starts the server on 127.0.0.1:PORT, logging to LOGFILE, and waits (60 s at most)
# until it accepts connections. Each SERVER_OPTION (e.g. '-c fsync=off') is added
# to pg_ctl's -o string, which a shell parses. Does nothing if it is already running
# on PORT. Sets PG_STARTED=1 when it started the server, 0 when it was running.
# Returns 2 when PORT is taken by another process, 1 on other failures.
pg_start_cluster() {
  local datadir port=$2 logfile pg_ctl opts running_port
  datadir=$(_pg_abspath "$1")
  logfile=$(_pg_abspath "$3")
  shift 3
  PG_STARTED=0
  _pg_check_owner || return 1
  pg_ctl=$(_pg_server_bin pg_ctl) || return 1

  if pg_is_running "$datadir"; then
    # Line 4 of postmaster.pid is the port.
    running_port=$(sed -n 4p "$datadir/postmaster.pid" 2>/dev/null || true)
    if [[ $running_port != "$port" ]]; then
      _pg_err "PostgreSQL in $datadir is already running on port ${running_port:-?}, not $port: stop it first ($pg_ctl -D '$datadir' stop)"
      return 1
    fi
    return 0
  fi

  if _pg_port_in_use "$port"; then
    _pg_err "Cannot start PostgreSQL: port $port on 127.0.0.1 is already in use by another process (see: ss -ltnp 'sport = :$port')"
    return 2
  fi

  _pg_prepare_logfile "$logfile" || return 1
  opts="-p $port -k '' -c listen_addresses=127.0.0.1"
  if (($# > 0)); then
    opts+=" $*"
  fi
  if ! pg_as_owner "$pg_ctl" -D "$datadir" -l "$logfile" -o "$opts" -w -t 60 -s start; then
    if grep -qiE 'could not bind|address already in use' "$logfile" 2>/dev/null; then
      _pg_err "Cannot start PostgreSQL: port $port on 127.0.0.1 is already in use by another process"
      return 2
    fi
    _pg_err "PostgreSQL did not start; the end of $logfile:"
    tail -n 30 "$logfile" 2>/dev/null | sed 's/^/  /' >&2
    return 1
  fi
  # shellcheck disable=SC2034 # read by the caller
  PG_STARTED=1
}

# pg_stop_cluster DATADIR [MODE]: stops the server (MODE: smart, fast (default) or
# immediate). Succeeds if it is not running.
pg_stop_cluster() {
  local datadir mode=${2:-fast} pg_ctl
  datadir=$(_pg_abspath "$1")
  pg_ctl=$(_pg_server_bin pg_ctl) || return 1
  pg_is_running "$datadir" || return 0
  if ! pg_as_owner "$pg_ctl" -D "$datadir" -m "$mode" -w -t 60 -s stop; then
    pg_is_running "$datadir" || return 0
    _pg_err "Could not stop PostgreSQL in $datadir"
    return 1
  fi
}

# pg_wait_ready PORT [TIMEOUT_SECONDS=30]: waits until the server on 127.0.0.1:PORT
# accepts connections.
pg_wait_ready() {
  local port=$1 timeout=${2:-30} pg_isready deadline
  pg_isready=$(pg_client_bin pg_isready) || return 1
  deadline=$((SECONDS + timeout))
  until "$pg_isready" -q -h 127.0.0.1 -p "$port" -t 2; do
    if ((SECONDS >= deadline)); then
      _pg_err "PostgreSQL on 127.0.0.1:$port was not ready after ${timeout} s"
      return 1
    fi
    sleep 0.5
  done
}

# Prints a TCP port that is free on 127.0.0.1 right now.
pg_free_port() {
  local port _
  if command -v python3 >/dev/null 2>&1; then
    port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null) || port=""
    if [[ $port =~ ^[0-9]+$ ]]; then
      printf '%s\n' "$port"
      return 0
    fi
  fi
  # No python3: random ports in 40000-60000 until one has no listener.
  for _ in {1..100}; do
    port=$((40000 + RANDOM % 20001))
    if ! _pg_port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  _pg_err "Found no free TCP port on 127.0.0.1"
  return 1
}

# pg_start_throwaway PREFIX: a throwaway cluster for tests (durability off: the data is thrown away) in a new
# temporary folder named PREFIX.XXXXXX, on a free port of 127.0.0.1; another port is tried when the free one was taken
# meanwhile. Sets PG_THROWAWAY_DIR (remove it with pg_stop_throwaway) and exports PT_TEST_POSTGRES.
pg_start_throwaway() {
  local prefix=${1:-pt-pg} attempt port rc
  for attempt in 1 2 3; do
    PG_THROWAWAY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/$prefix.XXXXXX") || return 1
    if _pg_is_root; then
      chown postgres:postgres "$PG_THROWAWAY_DIR"
    fi
    rc=0
    if pg_init_cluster "$PG_THROWAWAY_DIR/data" postgres "" && port=$(pg_free_port); then
      pg_start_cluster "$PG_THROWAWAY_DIR/data" "$port" "$PG_THROWAWAY_DIR/postgres.log" \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        -c max_connections=300 -c shared_buffers=128MB || rc=$?
    else
      rc=1
    fi
    if ((rc == 0)) && pg_wait_ready "$port" 30; then
      export PT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      echo "Throwaway PostgreSQL on 127.0.0.1:$port (data in $PG_THROWAWAY_DIR, removed on exit)"
      return 0
    fi
    pg_stop_throwaway
    # 2: the free port was taken meanwhile; anything else will not get better by trying again.
    if ((rc != 2 || attempt == 3)); then
      return 1
    fi
  done
}

# pg_stop_throwaway: stops and removes the cluster of pg_start_throwaway, if any.
pg_stop_throwaway() {
  if [[ -n ${PG_THROWAWAY_DIR:-} ]]; then
    pg_stop_cluster "$PG_THROWAWAY_DIR/data" immediate >/dev/null 2>&1 || true
    rm -rf "$PG_THROWAWAY_DIR"
    PG_THROWAWAY_DIR=""
  fi
}

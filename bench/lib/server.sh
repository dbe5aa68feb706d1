# shellcheck shell=bash
# Helpers for the benchmarks: a throwaway PostgreSQL and the API (Release) on free ports, and their clean-up.
# Source it after build/lib/postgres.sh and build/lib/api.sh; call bench_cleanup from an EXIT trap.
#
# Needs: root (the repository root). Sets: BENCH_DB (the connection string), BENCH_API_URL, BENCH_API_PID, BENCH_API_LOG.

: "${root:?bench/lib/server.sh needs root, the repository root}"

bench_pg_tmp=""
BENCH_API_PID=""
BENCH_API_URL=""
BENCH_API_LOG=""

# Raises the soft limit on open files to the hard one (each SSE stream is one socket on each side).
bench_raise_fd_limit() {
  local hard
  hard=$(ulimit -Hn)
  if [[ $hard == unlimited ]]; then
    hard=1048576
  fi
  ulimit -Sn "$hard" 2>/dev/null || ulimit -Sn 20000 2>/dev/null || true
}

# bench_build_tool PROJECT: builds a project in Release; prints the build output only when it fails.
bench_build_tool() {
  local out
  if ! out=$(dotnet build "$1" -c Release -nologo -v q 2>&1); then
    printf '%s\n' "$out" >&2
    echo "Building $1 failed." >&2
    return 1
  fi
}

# The runtime identifier of this machine (linux-x64, linux-arm64).
bench_rid() {
  case $(uname -m) in
    aarch64 | arm64) echo linux-arm64 ;;
    *) echo linux-x64 ;;
  esac
}

# Where bench_build_api puts the API, and bench_start_api runs it from.
bench_api_dir() {
  echo "$root/artifacts/bench/api"
}

# Publishes the API in Release as the container image does: framework-dependent, ReadyToRun (precompiled code, so it
# starts and warms up without waiting for the JIT). BENCH_READY_TO_RUN=false publishes plain IL instead.
bench_build_api() {
  local out
  if ! out=$(dotnet publish "$root/src/Api/PortfolioTracker.Api.csproj" -c Release -r "$(bench_rid)" --self-contained false \
    -p:PublishReadyToRun="${BENCH_READY_TO_RUN:-true}" -p:UseAppHost=false -o "$(bench_api_dir)" -nologo -v q 2>&1); then
    printf '%s\n' "$out" >&2
    echo "Publishing the API failed." >&2
    return 1
  fi
}

# Sets BENCH_DB: ConnectionStrings__Postgres when set, else a new throwaway cluster (durability off) on a free port,
# removed by bench_cleanup.
bench_start_postgres() {
  if [[ -n ${ConnectionStrings__Postgres:-} ]]; then
    BENCH_DB=$ConnectionStrings__Postgres
    echo "database: ConnectionStrings__Postgres from the environment"
    return 0
  fi
  pg_find_bindir >/dev/null || return 1
  local port rc attempt
  for attempt in 1 2 3; do
    bench_pg_tmp=$(mktemp -d "${TMPDIR:-/tmp}/pt-bench-pg.XXXXXX")
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres:postgres "$bench_pg_tmp"
    fi
    pg_init_cluster "$bench_pg_tmp/data" postgres "" || return 1
    port=$(pg_free_port) || return 1
    rc=0
    pg_start_cluster "$bench_pg_tmp/data" "$port" "$bench_pg_tmp/postgres.log" \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c max_connections=200 -c shared_buffers=128MB || rc=$?
    if ((rc == 0)); then
      pg_wait_ready "$port" 30 || return 1
      BENCH_DB="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      echo "database: throwaway PostgreSQL on 127.0.0.1:$port (removed afterwards)"
      return 0
    fi
    bench_stop_postgres
    # 2: the free port was taken meanwhile; try another.
    if ((rc != 2 || attempt == 3)); then
      echo "Could not start PostgreSQL for the benchmark." >&2
      return 1
    fi
  done
}

bench_stop_postgres() {
  if [[ -n $bench_pg_tmp ]]; then
    pg_stop_cluster "$bench_pg_tmp/data" immediate >/dev/null 2>&1 || true
    rm -rf "$bench_pg_tmp"
    bench_pg_tmp=""
  fi
}

# bench_start_api LOGFILE [NAME=VALUE...]: starts the built API on a free port of 127.0.0.1 (Production, a random
# signing key, the database of bench_start_postgres), with the given extra settings; sets BENCH_API_URL and
# BENCH_API_PID. Readiness is the client's business (it polls /health/ready).
bench_start_api() {
  local log=$1 port api_out
  shift
  api_out=$(bench_api_dir)
  port=$(pg_free_port) || return 1
  BENCH_API_URL=http://127.0.0.1:$port
  # shellcheck disable=SC2034 # read by the caller
  BENCH_API_LOG=$log
  : >"$log"
  (
    export ASPNETCORE_ENVIRONMENT=Production
    export ASPNETCORE_URLS=$BENCH_API_URL
    export ConnectionStrings__Postgres=$BENCH_DB
    Jwt__SigningKey=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
    export Jwt__SigningKey
    # No bootstrap admin: the benchmark registers its own user.
    export Bootstrap__AdminEmail="" Bootstrap__AdminPassword=""
    local setting
    for setting in "$@"; do
      export "${setting?}"
    done
    exec dotnet "$api_out/PortfolioTracker.Api.dll" --contentRoot "$api_out"
  ) >>"$log" 2>&1 &
  BENCH_API_PID=$!
  echo "api: $BENCH_API_URL (pid $BENCH_API_PID, log ${log#"$root"/})"
}

# Stops the API gracefully (SIGTERM, 30 s at most, then SIGKILL; build/lib/api.sh).
bench_stop_api() {
  local pid=$BENCH_API_PID
  [[ -n $pid ]] || return 0
  BENCH_API_PID=""
  api_stop_process "$pid"
}

bench_cleanup() {
  bench_stop_api
  bench_stop_postgres
}

# One line about the machine, for the figures' context.
bench_machine() {
  local cpu mem
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
  mem=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
  printf 'machine: %s cores (%s), %s RAM, %s, .NET %s, commit %s\n' \
    "$(nproc 2>/dev/null || echo '?')" "${cpu:-unknown cpu}" "${mem:-?}" "$(uname -sr)" \
    "$(dotnet --version 2>/dev/null || echo '?')" "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
}

# Prints how busy the machine is (all cores, %) over the next SECONDS (default 2), from /proc/stat.
bench_machine_busy() {
  local seconds=${1:-2} a b
  a=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9 }' /proc/stat 2>/dev/null) || return 0
  sleep "$seconds"
  b=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9 }' /proc/stat 2>/dev/null) || return 0
  # shellcheck disable=SC2086 # two numbers each
  set -- $a $b
  if (($4 > $2)); then
    echo $(((($3 - $1) * 100) / ($4 - $2)))
  fi
}

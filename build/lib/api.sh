# shellcheck shell=bash
# Helpers for running the built API (Release) as a real process against a fresh database, for the client
# scenarios and the client generator. Source it (after build/lib/postgres.sh); it only defines functions.
#
# api_database_create CONNECTION_STRING  creates a new database on that server; sets API_DATABASE and
#                                        API_CONNECTION_STRING (the same string naming the new database)
# api_database_drop                      drops it again
# api_start DLL LOGFILE                  starts the API on a free port of 127.0.0.1; sets API_PID and API_URL
#                                        once /health/ready answers 200 (60 s at most)
# api_stop                               SIGTERM, then waits for the exit (SIGKILL after 30 s)
# api_stop_process PID                   the same for any API process (the benchmarks' too)
#
# The API runs with the integration tests' settings (environment Testing, simulated prices, a cheap password
# hash) but with rate limits on, as in production. Requests go through node (the clients need it anyway).

API_PID=""
API_URL=""
API_DATABASE=""
API_CONNECTION_STRING=""
_API_ADMIN_CONNECTION=""

# Sets PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE (exported) from an Npgsql connection string
# ("Host=…;Port=…;Username=…;Password=…;Database=…"); keys are case-insensitive, unknown ones ignored.
_api_pg_environment() {
  local part key value
  local -a parts
  unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
  IFS=';' read -r -a parts <<<"$1"
  for part in "${parts[@]}"; do
    [[ $part == *=* ]] || continue
    key=$(tr '[:upper:]' '[:lower:]' <<<"${part%%=*}" | tr -d '[:space:]')
    value=${part#*=}
    case $key in
      host | server) export PGHOST=$value ;;
      port) export PGPORT=$value ;;
      username | userid | user | uid) export PGUSER=$value ;;
      password | pwd) export PGPASSWORD=$value ;;
      database | db) export PGDATABASE=$value ;;
    esac
  done
}

# Prints CONNECTION_STRING with its Database replaced by NAME.
_api_with_database() {
  local part key result=""
  local -a parts
  IFS=';' read -r -a parts <<<"$1"
  for part in "${parts[@]}"; do
    [[ -n ${part//[[:space:]]/} ]] || continue
    key=$(tr '[:upper:]' '[:lower:]' <<<"${part%%=*}" | tr -d '[:space:]')
    [[ $key == database || $key == db ]] && continue
    result+="$part;"
  done
  printf '%sDatabase=%s\n' "$result" "$2"
}

# Runs SQL on the admin database of the server (psql, from the PostgreSQL client tools).
_api_psql() {
  local psql
  psql=$(pg_client_bin psql) || return 1
  (
    _api_pg_environment "$_API_ADMIN_CONNECTION"
    "$psql" -X -q -v ON_ERROR_STOP=1 -c "$1" >/dev/null
  )
}

api_database_create() {
  _API_ADMIN_CONNECTION=$1
  API_DATABASE=pt_clients_$(date +%s)_$$_$RANDOM
  _api_psql "CREATE DATABASE \"$API_DATABASE\"" || {
    API_DATABASE=""
    return 1
  }
  API_CONNECTION_STRING=$(_api_with_database "$1" "$API_DATABASE")
}

api_database_drop() {
  [[ -n $API_DATABASE ]] || return 0
  _api_psql "DROP DATABASE IF EXISTS \"$API_DATABASE\" WITH (FORCE)" || return 1
  API_DATABASE=""
}

# Prints the HTTP status of GET URL (000 when nothing answers).
_api_status() {
  node -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })
      .then((r) => console.log(r.status), () => console.log("000"));' "$1"
}

api_start() {
  local dll=$1 log=$2 deadline url
  [[ -f $dll ]] || {
    echo "$dll not found: build the solution in Release first" >&2
    return 1
  }
  [[ -n $API_CONNECTION_STRING ]] || {
    echo "api_start: no database (api_database_create first)" >&2
    return 1
  }
  : >"$log"
  (
    cd "$(dirname "$dll")" || exit 1
    exec env -u ASPNETCORE_HTTP_PORTS -u ASPNETCORE_HTTPS_PORTS -u DOTNET_URLS -u ConnectionStrings__Postgres \
      ASPNETCORE_URLS=http://127.0.0.1:0 \
      ASPNETCORE_ENVIRONMENT=Testing \
      DOTNET_gcServer=0 \
      ConnectionStrings__Postgres="$API_CONNECTION_STRING" \
      Jwt__SigningKey="client-scenarios-signing-key-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
      Bootstrap__AdminEmail= Bootstrap__AdminPassword= \
      Passwords__Iterations=1000 \
      Prices__Provider=Simulated \
      Prices__RefreshEnabled=false \
      Logging__Console__FormatterName=simple \
      dotnet "$dll"
  ) >>"$log" 2>&1 &
  API_PID=$!

  deadline=$((SECONDS + 60))
  API_URL=""
  while ((SECONDS < deadline)); do
    if ! kill -0 "$API_PID" 2>/dev/null; then
      echo "The API exited while starting; the end of its log ($log):" >&2
      tail -n 30 "$log" | sed 's/^/  /' >&2
      API_PID=""
      return 1
    fi
    if [[ -z $API_URL ]]; then
      url=$(grep -oE 'Now listening on: http://[^[:space:]]+' "$log" | head -n 1 || true)
      API_URL=${url#Now listening on: }
    elif [[ $(_api_status "$API_URL/health/ready") == 200 ]]; then
      return 0
    fi
    sleep 0.3
  done
  echo "The API was not ready within 60 s; the end of its log ($log):" >&2
  tail -n 30 "$log" | sed 's/^/  /' >&2
  api_stop
  return 1
}

api_stop() {
  [[ -n $API_PID ]] || return 0
  api_stop_process "$API_PID"
  API_PID=""
}

# api_stop_process PID: SIGTERM (a graceful shutdown), then waits for the exit; SIGKILL after 30 s, saying so.
api_stop_process() {
  local pid=$1 waited=0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < 300)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "The API (pid $pid) did not stop within 30 s: killing it." >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

#!/usr/bin/env bash
# Builds and runs the API (Release) on http://localhost:8080.
#
# Database: ConnectionStrings__Postgres if set; otherwise a project-local PostgreSQL
# cluster in .data/postgres on 127.0.0.1:55432 (PT_LOCAL_PG_PORT), created on the
# first run and kept between runs. Every other setting below is only a default:
# a value already in the environment wins.
# Ctrl-C (or SIGTERM) stops the API gracefully, then the local cluster.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=build/lib/postgres.sh
source "$root/build/lib/postgres.sh"

data_dir=$root/.data
api_project=$root/src/Api/PortfolioTracker.Api.csproj
api_out=$root/src/Api/bin/Release/net10.0
api_dll=$api_out/PortfolioTracker.Api.dll

: "${ASPNETCORE_ENVIRONMENT:=Development}"
: "${ASPNETCORE_URLS:=http://localhost:8080}"
: "${Bootstrap__AdminEmail:=admin@portfoliotracker.local}"
: "${Bootstrap__AdminPassword:=Admin12345!}"
: "${Prices__Provider:=Simulated}"
export ASPNETCORE_ENVIRONMENT ASPNETCORE_URLS Bootstrap__AdminEmail Bootstrap__AdminPassword Prices__Provider

mkdir -p "$data_dir"

# Prints N random bytes as one line of base64.
random_base64() {
  head -c "$1" /dev/urandom | base64 | tr -d '\n'
}

# Kept in .data so tokens stay valid across restarts of the dev API.
if [[ -z ${Jwt__SigningKey:-} ]]; then
  key_file=$data_dir/jwt-signing-key
  if [[ ! -s $key_file ]]; then
    (umask 077 && random_base64 48 >"$key_file")
  fi
  chmod 600 "$key_file"
  Jwt__SigningKey=$(<"$key_file")
fi
export Jwt__SigningKey

pg_data=$data_dir/postgres
pg_port=${PT_LOCAL_PG_PORT:-55432}
pg_user=portfolio
pg_database=portfolio
pg_password_file=$data_dir/postgres.password
pg_log=$data_dir/postgres.log

# Fail fast, before building, when there is no database to use.
use_local_pg=0
if [[ -z ${ConnectionStrings__Postgres:-} ]]; then
  use_local_pg=1
  pg_find_bindir >/dev/null || exit 1
  if [[ ! $pg_port =~ ^[0-9]+$ ]]; then
    echo "PT_LOCAL_PG_PORT must be a port number, not '$pg_port'" >&2
    exit 1
  fi
fi

echo "Building the API (Release)..."
if ! build_output=$(dotnet build "$api_project" -c Release -nologo -v q 2>&1); then
  printf '%s\n' "$build_output" >&2
  echo "Build failed." >&2
  exit 1
fi

pg_started=0
api_pid=""
banner_pid=""
stopping=0

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [[ -n $banner_pid ]]; then
    kill "$banner_pid" 2>/dev/null || true
  fi
  if ((pg_started)) && pg_is_running "$pg_data"; then
    echo "Stopping the local PostgreSQL (data kept in .data/postgres)..."
    pg_stop_cluster "$pg_data" fast || true
  fi
}
trap cleanup EXIT
# Until the API runs, a signal just ends the script (the EXIT trap cleans up).
trap 'exit 130' INT
trap 'exit 143' TERM

if ((use_local_pg)); then
  if [[ ! -f $pg_data/PG_VERSION ]]; then
    if [[ -d $pg_data && -n $(ls -A "$pg_data") ]]; then
      echo "$pg_data is not empty but holds no PostgreSQL cluster (no PG_VERSION): remove it (rm -rf '$pg_data') to create a new one" >&2
      exit 1
    fi
    if [[ ! -s $pg_password_file ]]; then
      # Letters and digits only: safe inside a connection string.
      (umask 077 && random_base64 24 | tr -d '/+=' >"$pg_password_file")
    fi
    echo "Creating the local PostgreSQL cluster in .data/postgres (first run)..."
    pg_init_cluster "$pg_data" "$pg_user" "$(<"$pg_password_file")"
  else
    if [[ ! -s $pg_password_file ]]; then
      echo "$pg_password_file is missing, so the password of the cluster in $pg_data is unknown: remove the cluster (rm -rf '$pg_data') to create a new one" >&2
      exit 1
    fi
    # A cluster made by another major version cannot be started by this one.
    server_major=$("$(pg_find_bindir)/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
    cluster_major=$(<"$pg_data/PG_VERSION")
    if [[ $server_major != "$cluster_major" ]]; then
      echo "$pg_data was created by PostgreSQL $cluster_major but the server binaries found are version $server_major: set PT_PG_BINDIR to a PostgreSQL $cluster_major bin directory, or remove the cluster (rm -rf '$pg_data')" >&2
      exit 1
    fi
  fi
  chmod 600 "$pg_password_file"
  pg_password=$(<"$pg_password_file")

  # Set before starting, so a Ctrl-C during the start still stops it on exit.
  if ! pg_is_running "$pg_data"; then
    pg_started=1
  fi
  pg_rc=0
  pg_start_cluster "$pg_data" "$pg_port" "$pg_log" || pg_rc=$?
  if ((pg_rc == 2)); then
    echo "Pick another port for the local cluster with PT_LOCAL_PG_PORT=<port>." >&2
  fi
  if ((pg_rc != 0)); then
    exit 1
  fi
  if ((pg_started)); then
    echo "Local PostgreSQL started on 127.0.0.1:$pg_port (log: .data/postgres.log)"
  else
    echo "Local PostgreSQL already running on 127.0.0.1:$pg_port; it is left running on exit"
  fi
  pg_wait_ready "$pg_port" 30

  psql=$(pg_client_bin psql)
  db_exists=$(PGPASSWORD=$pg_password PGCONNECT_TIMEOUT=10 "$psql" -X -q -h 127.0.0.1 -p "$pg_port" \
    -U "$pg_user" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$pg_database'")
  if [[ $db_exists != 1 ]]; then
    PGPASSWORD=$pg_password PGCONNECT_TIMEOUT=10 "$(pg_client_bin createdb)" \
      -h 127.0.0.1 -p "$pg_port" -U "$pg_user" "$pg_database"
    echo "Created database '$pg_database'"
  fi

  export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$pg_port;Database=$pg_database;Username=$pg_user;Password=$pg_password"
  db_description="local PostgreSQL cluster $pg_data on 127.0.0.1:$pg_port (database $pg_database, user $pg_user)"
else
  db_description="external: ConnectionStrings__Postgres"
fi

# First URL of ASPNETCORE_URLS, with a wildcard host replaced by localhost.
base_url=${ASPNETCORE_URLS%%;*}
base_url=$(sed -E 's#//(\+|\*|0\.0\.0\.0|\[::\])(:|/|$)#//localhost\2#; s#/+$##' <<<"$base_url")

print_banner() {
  local stop_hint="Ctrl-C stops the API"
  if ((pg_started)); then
    stop_hint+=" (and the local PostgreSQL; its data stays in .data/postgres)"
  fi
  cat <<EOF

==========================================================================
  PortfolioTracker API is ready
    API:         $base_url
    Swagger UI:  $base_url/swagger
    OpenAPI:     $base_url/openapi/v1.json
    Admin:       $Bootstrap__AdminEmail / $Bootstrap__AdminPassword
    Database:    $db_description
  $stop_hint
==========================================================================

EOF
}

# Polls /health/ready for up to 60 s, then prints the banner (runs in the background).
wait_and_print_banner() {
  local deadline=$((SECONDS + 60))
  if ! command -v curl >/dev/null 2>&1; then
    echo "(curl not found: not waiting for $base_url/health/ready)"
    print_banner
    return 0
  fi
  while ((SECONDS < deadline)); do
    # If the API has exited, its own output says why.
    kill -0 "$api_pid" 2>/dev/null || return 0
    if curl -fsS -o /dev/null --max-time 2 "$base_url/health/ready" 2>/dev/null; then
      print_banner
      return 0
    fi
    sleep 1
  done
  echo
  echo "The API did not become ready within 60 s ($base_url/health/ready): look at the log output above."
  echo
}

# The first signal asks the API to shut down gracefully; a second one kills it.
# shellcheck disable=SC2317 # called by the INT/TERM traps
on_signal() {
  if ((stopping)); then
    echo "Killing the API (pid $api_pid)..."
    kill -KILL "$api_pid" 2>/dev/null || true
    return 0
  fi
  stopping=1
  echo "Stopping the API (pid $api_pid)..."
  kill -TERM "$api_pid" 2>/dev/null || true
}

# Runs the built dll, not 'dotnet run', so no launch profile overrides ASPNETCORE_URLS;
# --contentRoot makes it load the appsettings*.json copied next to the dll.
echo "Starting the API on $ASPNETCORE_URLS (environment $ASPNETCORE_ENVIRONMENT)..."
dotnet "$api_dll" --contentRoot "$api_out" &
api_pid=$!
trap on_signal INT TERM

wait_and_print_banner &
banner_pid=$!

# 'wait' also returns (with a status > 128) when a trapped signal arrives: keep
# waiting until the API has really exited.
api_rc=0
while :; do
  api_rc=0
  wait "$api_pid" || api_rc=$?
  if ((api_rc > 128)) && kill -0 "$api_pid" 2>/dev/null; then
    continue
  fi
  break
done
echo "The API exited with code $api_rc."
exit "$api_rc"

#!/usr/bin/env bash
# Builds the solution, runs every test project and lints the OpenAPI contract
# (build/lint-openapi.sh: Spectral and Redocly, one check each); the last line printed
# is "N passed, M failed". Extra arguments go to each 'dotnet test' (e.g. --filter X).
#
# Then the generated clients (see clients/README.md), two checks counted like tests: the committed
# clients are what build/generate-clients.sh makes of the OpenAPI document, and the TypeScript
# scenario passes against the Release API started as a real process on a fresh database (the C#
# scenario is the test project tests/Clients.CSharp.Tests). They need Node.js 20+ with npm; they are
# skipped when arguments are given (a filter selects dotnet tests) or with PT_SKIP_CLIENTS=1.
#
# Integration tests get a PostgreSQL server through PT_TEST_POSTGRES (they create
# fresh databases on it): PT_TEST_POSTGRES or ConnectionStrings__Postgres from the
# environment if set, else a throwaway cluster on a free port, deleted on exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=build/lib/postgres.sh
source "$root/build/lib/postgres.sh"
cd "$root"

results_dir=$root/artifacts/test-results
build_log=$results_dir/build.log

summary() {
  printf '%s passed, %s failed\n' "$1" "$2"
}

cleanup() {
  if [[ -n ${API_PID:-} ]]; then
    api_stop
  fi
  if [[ -n ${API_DATABASE:-} ]]; then
    api_database_drop >/dev/null 2>&1 || true
  fi
  pg_stop_throwaway
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$results_dir"
mkdir -p "$results_dir"

# Fail fast, before building, when there is no PostgreSQL to test against.
if [[ -z ${PT_TEST_POSTGRES:-}${ConnectionStrings__Postgres:-} ]] && ! pg_find_bindir >/dev/null; then
  summary 0 1
  exit 1
fi

echo "==> dotnet build PortfolioTracker.sln -c Release"
if ! dotnet build PortfolioTracker.sln -c Release -nologo >"$build_log" 2>&1; then
  # Each error appears twice (as it happens and in the summary): print it once.
  errors=$(grep -E '(^|[ :])error [A-Z]*[0-9]*:?' "$build_log" | awk '!seen[$0]++' | head -n 50 || true)
  if [[ -n $errors ]]; then
    printf '%s\n' "$errors"
  else
    tail -n 40 "$build_log"
  fi
  echo "Build failed (full log: ${build_log#"$root"/})"
  summary 0 1
  exit 1
fi
echo "Build succeeded."

if [[ -n ${PT_TEST_POSTGRES:-} ]]; then
  echo "Integration tests use PT_TEST_POSTGRES from the environment."
elif [[ -n ${ConnectionStrings__Postgres:-} ]]; then
  export PT_TEST_POSTGRES=$ConnectionStrings__Postgres
  echo "Integration tests use the server of ConnectionStrings__Postgres."
elif ! pg_start_throwaway pt-test-pg; then
  echo "Could not start a PostgreSQL server for the tests." >&2
  summary 0 1
  exit 1
fi

projects=()
for project in "$root"/tests/*/*.csproj; do
  if [[ -f $project ]]; then
    projects+=("$project")
  fi
done
if ((${#projects[@]} == 0)); then
  echo "No test projects found under tests/." >&2
  summary 0 1
  exit 1
fi

# One 'dotnet test' per project, so each writes its own <project>.trx (with the
# solution, all projects would write the same trx file). Failures don't stop the loop.
test_failed=0
project_rcs=()
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  echo
  echo "==> dotnet test $name"
  rc=0
  dotnet test "$project" -c Release --no-build \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" "$@" || rc=$?
  project_rcs+=("$rc")
  if ((rc != 0)); then
    test_failed=1
  fi
done

# The generated clients. Each check adds a line "name<TAB>passed|failed|skipped<TAB>note" to client_checks.
client_checks=()
clients_log=$results_dir/clients.log
client_check() {
  client_checks+=("$1"$'\t'"$2"$'\t'"${3:-}")
}

# Runs a command, its output both on the console and in clients.log.
run_logged() {
  "$@" 2>&1 | tee -a "$clients_log"
}

run_client_checks() {
  local document node_major rc
  local generated="clients: generated files up to date" scenario="clients: TypeScript scenario"
  echo
  echo "==> generated clients: build/generate-clients.sh --check, TypeScript scenario"
  if (($# > 0)) || [[ -n ${PT_SKIP_CLIENTS:-} ]]; then
    local why="arguments given to dotnet test"
    [[ -n ${PT_SKIP_CLIENTS:-} ]] && why="PT_SKIP_CLIENTS is set"
    echo "Skipped: $why."
    client_check "$generated" skipped "$why"
    client_check "$scenario" skipped "$why"
    return
  fi
  node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if ! command -v npm >/dev/null 2>&1 || ((node_major < 20)); then
    echo "Node.js 20 or later with npm is needed (or set PT_SKIP_CLIENTS=1 to skip these checks)." | tee -a "$clients_log"
    client_check "$generated" failed "no Node.js 20+ with npm"
    client_check "$scenario" failed "no Node.js 20+ with npm"
    return
  fi

  # shellcheck source=build/lib/api.sh
  source "$root/build/lib/api.sh"
  rc=0
  {
    api_database_create "$PT_TEST_POSTGRES" &&
      api_start "$root/src/Api/bin/Release/net10.0/PortfolioTracker.Api.dll" "$results_dir/clients-api.log"
  } 2>>"$clients_log" || rc=$?
  if ((rc != 0)); then
    cat "$clients_log" >&2
    client_check "$generated" failed "the API did not start (${clients_log#"$root"/})"
    client_check "$scenario" failed "the API did not start (${clients_log#"$root"/})"
    return
  fi
  echo "API (Release) on $API_URL, database $API_DATABASE"

  # The committed document when there is one; else the one this build serves.
  document=$API_URL/openapi/v1.json
  if [[ -f $root/docs/openapi/v1.json ]]; then
    document=$root/docs/openapi/v1.json
  fi
  if run_logged "$root/build/generate-clients.sh" --check "$document"; then
    client_check "$generated" passed
  else
    client_check "$generated" failed "run build/generate-clients.sh (${clients_log#"$root"/})"
  fi

  if [[ ! -x $root/clients/node_modules/.bin/tsc ]]; then
    client_check "$scenario" failed "the client tools are not installed (${clients_log#"$root"/})"
  elif ! run_logged "$root/clients/node_modules/.bin/tsc" -p "$root/clients/typescript"; then
    client_check "$scenario" failed "tsc found errors (${clients_log#"$root"/})"
  elif run_logged node "$root/clients/typescript/dist/scenario.js" "$API_URL"; then
    client_check "$scenario" passed
  else
    client_check "$scenario" failed "see ${clients_log#"$root"/} and the API's log clients-api.log"
  fi

  api_stop
  api_database_drop 2>>"$clients_log" || echo "Could not drop the database $API_DATABASE (see ${clients_log#"$root"/})." >&2
}
run_client_checks "$@"

# Prints the value of the numeric attribute NAME of the given XML element text, or 0.
attr() {
  local re="[[:space:]]$1=\"([0-9]+)\""
  if [[ $2 =~ $re ]]; then
    printf '%s\n' "${BASH_REMATCH[1]}"
  else
    printf '0\n'
  fi
}

passed=0
failed=0
echo
for i in "${!projects[@]}"; do
  name=$(basename "${projects[i]}" .csproj)
  trx=$results_dir/$name.trx
  if [[ ! -f $trx ]]; then
    printf '  %-50s no test results (not built, or the test host crashed?): counted as 1 failed\n' "$name"
    failed=$((failed + 1))
    continue
  fi
  counters=$(tr '\n' ' ' <"$trx" | grep -oE '<Counters[[:space:]][^>]*>' | head -n 1 || true)
  if [[ -z $counters ]]; then
    printf '  %-50s no <Counters> in its trx: counted as 1 failed\n' "$name"
    failed=$((failed + 1))
    continue
  fi
  p=$(attr passed "$counters")
  skipped=$(($(attr total "$counters") - $(attr executed "$counters")))
  f=$(($(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters")))
  if ((project_rcs[i] != 0 && f == 0)); then
    # E.g. the test host crashed: the run aborted with no failed test recorded.
    printf '  %-50s passed %s, but dotnet test failed (exit code %s): counted as 1 failed\n' \
      "$name" "$p" "${project_rcs[i]}"
    f=1
  else
    printf '  %-50s passed %s, failed %s, skipped %s\n' "$name" "$p" "$f" "$skipped"
  fi
  passed=$((passed + p))
  failed=$((failed + f))
done
for line in "${client_checks[@]}"; do
  IFS=$'\t' read -r name outcome note <<<"$line"
  case $outcome in
    passed) p=1 f=0 skipped=0 ;;
    failed) p=0 f=1 skipped=0 ;;
    *) p=0 f=0 skipped=1 ;;
  esac
  printf '  %-50s passed %s, failed %s, skipped %s%s\n' "$name" "$p" "$f" "$skipped" "${note:+ ($note)}"
  passed=$((passed + p))
  failed=$((failed + f))
done
echo "Test results: ${results_dir#"$root"/}/*.trx"

# The committed OpenAPI contract must lint clean: each linter counts as one check.
echo
echo "==> build/lint-openapi.sh (the OpenAPI contract, docs/openapi/v1.json)"
lint_passed=0
lint_failed=0
for linter in spectral redocly; do
  if "$root/build/lint-openapi.sh" "$linter"; then
    lint_passed=$((lint_passed + 1))
  else
    lint_failed=$((lint_failed + 1))
  fi
done
printf '  %-50s passed %s, failed %s\n' "openapi lint (spectral, redocly)" "$lint_passed" "$lint_failed"
passed=$((passed + lint_passed))
failed=$((failed + lint_failed))

summary "$passed" "$failed"
if ((failed > 0 || test_failed)); then
  exit 1
fi

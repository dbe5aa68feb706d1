#!/usr/bin/env bash
# Runs one benchmark and prints its figures: bench/run.sh <scenario> [options...]
#
# Each scenario builds what it needs (Release), starts its own API on a free port with a throwaway PostgreSQL
# (or the server of ConnectionStrings__Postgres), runs its client, prints the figures and stops everything it
# started. Figures are also appended as JSON lines to bench/results/<scenario>.jsonl (git-ignored).
# See bench/README.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=build/lib/postgres.sh
source "$root/build/lib/postgres.sh"
# shellcheck source=build/lib/api.sh
source "$root/build/lib/api.sh"
# shellcheck source=bench/lib/server.sh
source "$root/bench/lib/server.sh"
# shellcheck source=bench/lib/suite.sh
source "$root/bench/lib/suite.sh"

results_dir=$root/bench/results

usage() {
  cat <<'EOF'
Usage: bench/run.sh [scenario] [options]

Scenarios:
EOF
  suite_usage
  cat <<'EOF'
  sse     N concurrent clients of GET /api/v1/prices/stream (default 10000): tick fan-out latency
          p50/p90/p99/max, events/s, server memory and CPU.
          Options (or environment): --clients N (SSE_CLIENTS), --duration S (SSE_DURATION, 30),
          --warmup S (SSE_WARMUP, 5), --coins a,b (SSE_COINS, bitcoin,ethereum), --interval S (SSE_INTERVAL, 1),
          --batch N (SSE_BATCH, 500); the server's refresh interval: SSE_REFRESH (1).
  micro   BenchmarkDotNet micro-benchmarks of bench/Micro (money, amount parsing, ledger, mediator pipeline):
          ns/op and bytes allocated/op. No API, no database. Options are BenchmarkDotNet's, e.g.
          --filter '*Pipeline*' (default '*'), --job medium (MICRO_JOB, default short).
EOF
}

scenario_sse() {
  local refresh=${SSE_REFRESH:-1} rc=0 busy
  mkdir -p "$results_dir"
  bench_raise_fd_limit
  echo "== sse: SSE price stream fan-out"
  bench_machine
  echo "open-file limit: $(ulimit -n) (client and server each hold one socket per stream)"

  echo "building the API and bench/SseBench (Release)..."
  bench_build_api
  bench_build_tool "$root/bench/SseBench/SseBench.csproj"

  busy=$(bench_machine_busy 2)
  echo "machine busy before the run: ${busy:-?}% of all cores (other processes disturb the figures: look at 'rest of the machine' below)"

  bench_start_postgres
  bench_start_api "$results_dir/sse-api.log" \
    Prices__Provider=Simulated \
    Prices__RefreshIntervalSeconds="$refresh" \
    RateLimiting__Enabled=false \
    Logging__LogLevel__Default=Warning

  dotnet "$root/bench/SseBench/bin/Release/net10.0/SseBench.dll" \
    --url "$BENCH_API_URL" --server-pid "$BENCH_API_PID" --refresh "$refresh" \
    --results "$results_dir/sse.jsonl" "$@" || rc=$?

  if ! kill -0 "$BENCH_API_PID" 2>/dev/null; then
    echo "The API exited during the benchmark; the end of its log:" >&2
    tail -n 30 "$BENCH_API_LOG" >&2
    rc=1
  elif grep -qE '^(fail|crit)' "$BENCH_API_LOG"; then
    echo "The API logged errors (see ${BENCH_API_LOG#"$root"/}):" >&2
    grep -E -A3 '^(fail|crit)' "$BENCH_API_LOG" | head -n 20 >&2
  fi
  echo "stopping the API and the database..."
  return "$rc"
}

scenario_micro() {
  local out=$results_dir/micro rc=0 args=("$@")
  mkdir -p "$out"
  echo "== micro: BenchmarkDotNet micro-benchmarks (bench/Micro)"
  bench_machine
  echo "machine busy before the run: $(bench_machine_busy 2 || true)% of all cores (the figures are noisy on a shared machine)"
  echo "building bench/Micro (Release)..."
  bench_build_tool "$root/bench/Micro/Micro.csproj"
  [[ " ${args[*]} " == *" --filter "* ]] || args+=(--filter '*')
  [[ " ${args[*]} " == *" --job "* || " ${args[*]} " == *" -j "* ]] || args+=(--job "${MICRO_JOB:-short}")
  rm -f "$out"/results/*-report-github.md
  echo "running (full log: ${out#"$root"/}/micro.log)..."
  (cd "$out" && dotnet "$root/bench/Micro/bin/Release/net10.0/Micro.dll" --artifacts "$out" "${args[@]}") >"$out/micro.log" 2>&1 || rc=$?
  grep -E '^// Benchmark: ' "$out/micro.log" | sed 's#^// Benchmark: #  ran #' || true
  if ((rc != 0)) || ! compgen -G "$out/results/*-report-github.md" >/dev/null; then
    echo "BenchmarkDotNet failed (exit $rc); the end of its log:" >&2
    tail -n 40 "$out/micro.log" >&2
    return $((rc == 0 ? 1 : rc))
  fi
  for report in "$out"/results/*-report-github.md; do
    echo
    # The GitHub exporter HTML-escapes the quoted descriptions; print them plain.
    sed -e "s/&#39;//g" -e 's/&quot;/"/g' -e 's/&gt;/>/g' -e 's/&lt;/</g' -e 's/&amp;/\&/g' "$report"
  done
  echo
  echo "reports (csv, html, markdown): ${out#"$root"/}/results/"
}

scenario=${1:-}
if (($# > 0)); then
  shift
fi

trap 'bench_cleanup; suite_cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

case $scenario in
  sse) scenario_sse "$@" ;;
  micro) scenario_micro "$@" ;;
  "") suite_run ;;
  transfers | reads | history | startup | bulk) suite_run "$scenario" ;;
  -h | --help | help)
    usage
    ;;
  *)
    echo "Unknown scenario '$scenario'." >&2
    usage >&2
    exit 64
    ;;
esac

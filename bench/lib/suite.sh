# shellcheck shell=bash
# The performance suite of bench/run.sh: every workload measured against a reference taken in the same run on the
# same machine (pgbench on the same PostgreSQL, a bare endpoint in the same process), so each target is a ratio or a
# latency, not an absolute figure of a noisy shared machine. See bench/README.md and docs/performance.md.
#
# Source after build/lib/postgres.sh and bench/lib/server.sh. Entry point: suite_run [WORKLOAD...].

: "${root:?bench/lib/suite.sh needs root, the repository root}"

SUITE_WORKLOADS=(transfers reads history startup bulk)
SUITE_DURATION=${BENCH_DURATION:-10}
SUITE_WARMUP=${BENCH_WARMUP:-5}
# Transfers run far fewer requests per second than reads, so the JIT takes longer to bring their code to its final
# tier (measured under load: API CPU per transfer 3.7 ms in the first 10 s, 1.5 ms after 40 s).
SUITE_TRANSFER_WARMUP=${BENCH_TRANSFER_WARMUP:-30}
# ...and 30 s is not always enough (22 Nov: 2.16 ms per transfer after 20 s, 1.22 after 60 s, 1.18 after 80 s), so
# after it the transfer workloads keep warming up in 10 s slices until the API's CPU per request stops falling
# (suite_settle; at most BENCH_SETTLE_MAX seconds of slices): the figures are of the steady state. Slices are noisy
# (±10 % on this shared host) and the full stack's code keeps getting cheaper for over two minutes (22 Nov, third
# session, one 240 s run in 10 s slices: 3.11, 2.18, 1.98, 1.80, 1.47, 1.55, 1.52, 1.41, 1.21, 1.35, 1.44, 1.33, 1.24,
# 1.06, 1.02, 1.09 … 0.93–1.15 ms — dynamic PGO's instrumented tier, still in `perf` profiles at 80 s), so "stopped
# falling" is not trusted before BENCH_SETTLE_MIN seconds of slices.
SUITE_SETTLE_MIN=${BENCH_SETTLE_MIN:-120}
SUITE_SETTLE_MAX=${BENCH_SETTLE_MAX:-210}
# transfers_vs_bare is taken from both workloads measured in alternating 10 s slices once both are warm (suite_alternate):
# ABBA, this many times.
SUITE_ALTERNATE_ROUNDS=${BENCH_ALTERNATE_ROUNDS:-2}
SUITE_CONNECTIONS=${BENCH_CONNECTIONS:-32}
SUITE_THREADS=${BENCH_THREADS:-2}
SUITE_ACCOUNTS=${BENCH_ACCOUNTS:-1000}
SUITE_POSTINGS=${BENCH_POSTINGS:-1000000}
SUITE_DAYS=400
SUITE_PASSWORD='Bench12345!'
# The host: a measurement during which the hypervisor took more than SUITE_STEAL_DISTURBED % of the cores' time is
# marked DISTURBED; the one-connection latency measurements wait up to SUITE_QUIET_WAIT s for 2 s with at most
# SUITE_STEAL_QUIET % steal, and try up to SUITE_LATENCY_ATTEMPTS times for a measurement that quiet (suite_wrk_latency).
SUITE_STEAL_DISTURBED=${BENCH_STEAL_DISTURBED:-5}
SUITE_STEAL_QUIET=${BENCH_STEAL_QUIET:-2}
SUITE_QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
SUITE_LATENCY_ATTEMPTS=${BENCH_LATENCY_ATTEMPTS:-5}

declare -A SUITE_FIG=()  # figures by name
SUITE_LINES=()           # one line per target
SUITE_LIMITS=()          # derived limits (suite_limit)
SUITE_DISTURBED=()       # measurements another load competed with (suite_print_cpu)
SUITE_MET=0
SUITE_TOTAL=0
suite_tmp=""
suite_fake_pid=""
suite_psql=""

suite_usage() {
  cat <<'EOF'
  (none)  the whole suite: transfers, reads, history, startup, bulk; prints one line per target, writes
          docs/performance.md and ends with "N of M targets met".
  transfers | reads | history | startup | bulk
          one workload of the suite (prints its targets; docs/performance.md is written by the whole suite only).
          Environment: BENCH_DURATION (seconds per measurement, 10), BENCH_WARMUP (5), BENCH_TRANSFER_WARMUP (30),
          BENCH_SETTLE_MAX (120: most seconds of 10 s warm-up slices after it, until the API CPU per request stops falling),
          BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_ACCOUNTS (1000), BENCH_POSTINGS (1000000).
EOF
}

# --- plumbing ------------------------------------------------------------------------------------------------------

suite_need_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk (apt-get install -y wrk)..."
    if apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1; }; then
      return 0
    fi
  fi
  echo "The suite needs the HTTP load generator wrk: install it (Debian/Ubuntu: sudo apt-get install wrk;" \
    "macOS: brew install wrk) and run again." >&2
  return 1
}

suite_sql() {
  "$suite_psql" -X -q -t -A -v ON_ERROR_STOP=1 "$(suite_pg_url)" "$@"
}

# BENCH_DB (Npgsql keywords) as a libpq URL.
suite_pg_url() {
  local host port user db
  host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$BENCH_DB")
  port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$BENCH_DB")
  user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$BENCH_DB")
  db=$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$BENCH_DB")
  printf 'postgresql://%s@%s:%s/%s\n' "${user:-postgres}" "${host:-127.0.0.1}" "${port:-5432}" "${1:-${db:-postgres}}"
}

suite_wait_ready() {
  local i
  for ((i = 0; i < 600; i++)); do
    if curl -fs -o /dev/null "$BENCH_API_URL/health/ready"; then
      return 0
    fi
    if ! kill -0 "$BENCH_API_PID" 2>/dev/null; then
      echo "The API exited; the end of its log:" >&2
      tail -n 30 "$BENCH_API_LOG" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "The API was not ready within 60 s." >&2
  return 1
}

# suite_start_api NAME [NAME=VALUE...]: the API with the suite's settings (and the given ones), ready.
suite_start_api() {
  local name=$1
  shift
  bench_start_api "$results_dir/$name-api.log" \
    RateLimiting__Enabled=false \
    Bench__Enabled=true Bench__AllowInProduction=true \
    Jwt__AccessTokenMinutes=240 \
    Logging__LogLevel__Default=Warning \
    "$@" >/dev/null
  suite_wait_ready
}

suite_api_json() { # METHOD PATH [BODY] [TOKEN]
  local args=(-fsS -X "$1" "$BENCH_API_URL$2" -H 'content-type: application/json')
  [[ -n ${3:-} ]] && args+=(-d "$3")
  [[ -n ${4:-} ]] && args+=(-H "authorization: Bearer $4")
  curl "${args[@]}"
}

# suite_user NAME: registers (once) and logs in; prints the access token.
suite_user() {
  suite_api_json POST /api/v1/auth/register \
    "{\"username\":\"$1\",\"email\":\"$1@bench.local\",\"password\":\"$SUITE_PASSWORD\"}" >/dev/null 2>&1 || true
  suite_api_json POST /api/v1/auth/login "{\"email\":\"$1@bench.local\",\"password\":\"$SUITE_PASSWORD\"}" | jq -r .accessToken
}

# The done() every wrk script ends with: one machine-readable line.
suite_lua_done() {
  cat <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
EOF
}

# suite_cpu: prints the CPU clock ticks (1/100 s) used so far by the API, by the PostgreSQL cluster (the postmaster,
# its live children and the children it has reaped) and by the whole machine (all cores), the ticks elapsed, and the
# ticks the hypervisor took from this virtual machine's cores (steal).
suite_cpu() {
  local api=0 pg=0 pm pid ticks
  if [[ -n $BENCH_API_PID ]]; then
    api=$(awk '{ print $14 + $15 }' "/proc/$BENCH_API_PID/stat" 2>/dev/null || echo 0)
  fi
  if [[ -n $bench_pg_tmp && -f $bench_pg_tmp/data/postmaster.pid ]]; then
    pm=$(head -n 1 "$bench_pg_tmp/data/postmaster.pid")
    pg=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat" 2>/dev/null || echo 0)
    for pid in $(pgrep -P "$pm"); do
      ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
      pg=$((pg + ticks))
    done
  fi
  # /proc/stat: user nice system idle iowait irq softirq steal, summed over the cores.
  awk -v api="$api" -v pg="$pg" '/^cpu / { print api, pg, $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $9 }' /proc/stat
}

# suite_cpu_per NAME BEFORE AFTER COUNT: sets SUITE_FIG[NAME_api_ms|_pg_ms|_cpu_ms] (CPU milliseconds per request of
# the API, of PostgreSQL, of the whole machine), NAME_busy (machine busy, %) and NAME_steal (% of the cores' time the
# hypervisor gave to other guests), from two suite_cpu readings.
suite_cpu_per() {
  local name=$1 count=$4 a b
  read -r -a a <<<"$2"
  read -r -a b <<<"$3"
  ((count > 0)) || return 0
  # A tick is 10 ms: ticks * 10 / requests = ms per request.
  SUITE_FIG[${name}_api_ms]=$(awk -v d=$((b[0] - a[0])) -v n="$count" 'BEGIN { printf "%.3f", d * 10 / n }')
  SUITE_FIG[${name}_pg_ms]=$(awk -v d=$((b[1] - a[1])) -v n="$count" 'BEGIN { printf "%.3f", d * 10 / n }')
  SUITE_FIG[${name}_cpu_ms]=$(awk -v d=$((b[2] - a[2])) -v n="$count" 'BEGIN { printf "%.3f", d * 10 / n }')
  SUITE_FIG[${name}_busy]=$(awk -v d=$((b[2] - a[2])) -v t=$((b[3] - a[3])) 'BEGIN { printf "%.0f", (t > 0) ? 100 * d / t : 0 }')
  SUITE_FIG[${name}_steal]=$(awk -v d=$((${b[4]:-0} - ${a[4]:-0})) -v t=$((b[3] - a[3])) 'BEGIN { printf "%.1f", (t > 0) ? 100 * d / t : 0 }')
}

# suite_wrk_field LINE FIELD: one figure of the `WRK requests=… duration_us=… …` line our wrk scripts print
# (suite_lua_done); empty when the line is.
suite_wrk_field() {
  sed 's/.* '"$2"'=\([0-9]*\).*/\1/' <<<"$1"
}

# suite_rate REQUESTS MICROSECONDS: requests per second, rounded.
suite_rate() {
  awk -v r="$1" -v d="$2" 'BEGIN { printf "%.0f", (d > 0) ? r / (d / 1e6) : 0 }'
}

# suite_settle NAME SCRIPT URL CONNECTIONS THREADS: more warm-up, in 10 s slices, until two slices in a row cost the
# API no less CPU per request than 0.95 x the best slice before them (the JIT has stopped making it cheaper), or
# SUITE_SETTLE_MAX seconds have gone; records and prints the slices' figures.
suite_settle() {
  local name=$1 script=$2 url=$3 conns=$4 threads=$5 spent=0 best="" flat=0 current before after out requests trace=""
  while ((spent < SUITE_SETTLE_MAX)); do
    before=$(suite_cpu)
    out=$(wrk -t "$threads" -c "$conns" -d 10s --timeout 10s -s "$script" "$url" 2>&1) || return 0
    after=$(suite_cpu)
    spent=$((spent + 10))
    requests=$(suite_wrk_field "$(grep '^WRK ' <<<"$out")" requests)
    [[ -n $requests ]] || return 0
    suite_cpu_per settle "$before" "$after" "$requests"
    current=${SUITE_FIG[settle_api_ms]:-}
    [[ -n $current ]] || return 0
    trace+="${trace:+, }$current"
    if [[ -n $best ]] && awk -v c="$current" -v b="$best" 'BEGIN { exit !(c >= 0.95 * b) }'; then
      flat=$((flat + 1))
      ((flat >= 2 && spent >= SUITE_SETTLE_MIN)) && break
    else
      flat=0
    fi
    if [[ -z $best ]] || awk -v c="$current" -v b="$best" 'BEGIN { exit !(c < b) }'; then
      best=$current
    fi
  done
  SUITE_FIG[${name}_settle]="$spent s of 10 s slices, API CPU per request: $trace ms"
  printf '  %-22s warm-up after %s s: %s\n' "$name" "$SUITE_TRANSFER_WARMUP" "${SUITE_FIG[${name}_settle]}"
}

# suite_wrk NAME SCRIPT URL [CONNECTIONS [THREADS [WARMUP [SETTLE]]]]: runs wrk; sets SUITE_FIG[NAME_rps|_p50|_p99|
# _errors] (ms) and the CPU per request (suite_cpu_per). SETTLE=settle: after the warm-up, suite_settle.
suite_wrk() {
  local name=$1 script=$2 url=$3 conns=${4:-$SUITE_CONNECTIONS} threads=${5:-$SUITE_THREADS} warmup=${6:-$SUITE_WARMUP}
  local out line cpu_before cpu_after
  ((threads > conns)) && threads=$conns
  # A warm-up first (JIT tiers, connection pools, caches), not counted.
  if ((warmup > 0)); then
    wrk -t "$threads" -c "$conns" -d "${warmup}s" --timeout 10s -s "$script" "$url" >/dev/null 2>&1 || true
  fi
  if [[ ${7:-} == settle ]]; then
    suite_settle "$name" "$script" "$url" "$conns" "$threads"
  fi
  cpu_before=$(suite_cpu)
  out=$(wrk -t "$threads" -c "$conns" -d "${SUITE_DURATION}s" --timeout 10s -s "$script" "$url" 2>&1) || {
    printf '%s\n' "$out" >&2
    return 1
  }
  cpu_after=$(suite_cpu)
  line=$(grep '^WRK ' <<<"$out")
  local requests duration p50 p99 non2xx sock
  requests=$(suite_wrk_field "$line" requests)
  duration=$(suite_wrk_field "$line" duration_us)
  p50=$(suite_wrk_field "$line" p50_us)
  p99=$(suite_wrk_field "$line" p99_us)
  non2xx=$(suite_wrk_field "$line" non2xx)
  sock=$(suite_wrk_field "$line" socket_errors)
  SUITE_FIG[${name}_rps]=$(suite_rate "$requests" "$duration")
  SUITE_FIG[${name}_p50]=$(awk -v v="$p50" 'BEGIN { printf "%.2f", v / 1000 }')
  SUITE_FIG[${name}_p99]=$(awk -v v="$p99" 'BEGIN { printf "%.2f", v / 1000 }')
  SUITE_FIG[${name}_errors]=$((non2xx + sock))
  suite_cpu_per "$name" "$cpu_before" "$cpu_after" "$requests"
  printf '  %-22s %8s req/s  p50 %7s ms  p99 %7s ms  (%s connections, %s errors)\n' "$name" \
    "${SUITE_FIG[${name}_rps]}" "${SUITE_FIG[${name}_p50]}" "${SUITE_FIG[${name}_p99]}" "$conns" "${SUITE_FIG[${name}_errors]}"
  suite_print_cpu "$name"
}

# suite_alternate NAME_A SCRIPT_A NAME_B SCRIPT_B URL: two workloads measured in alternating 10 s slices (A B B A,
# SUITE_ALTERNATE_ROUNDS times; the ABBA order cancels a host that speeds up or slows down steadily), both already warm.
# A ratio of two measurements taken minutes apart on a shared virtual machine mixes the workloads with whatever the
# host did in each of those minutes; slices taken in turn share it. Sets SUITE_FIG[NAME_rps] (all the slices' requests
# over all their seconds), the CPU per request (suite_cpu_per over the slices' summed ticks) and NAME_slices (each
# slice's req/s, in order).
suite_alternate() {
  local name_a=$1 script_a=$2 name_b=$3 script_b=$4 url=$5 round side name script out before after line count duration
  local conns=$SUITE_CONNECTIONS threads=$SUITE_THREADS
  declare -A requests=() micros=() slices=() ticks=() errors=()
  for name in "$name_a" "$name_b"; do
    requests[$name]=0
    errors[$name]=0
    micros[$name]=0
    slices[$name]=""
    ticks[$name]="0 0 0 0 0"
  done
  for ((round = 1; round <= SUITE_ALTERNATE_ROUNDS; round++)); do
    for side in a b b a; do
      if [[ $side == a ]]; then name=$name_a script=$script_a; else name=$name_b script=$script_b; fi
      before=$(suite_cpu)
      out=$(wrk -t "$threads" -c "$conns" -d 10s --timeout 10s -s "$script" "$url" 2>&1) || {
        printf '%s\n' "$out" >&2
        return 1
      }
      after=$(suite_cpu)
      line=$(grep '^WRK ' <<<"$out")
      count=$(suite_wrk_field "$line" requests)
      duration=$(suite_wrk_field "$line" duration_us)
      requests[$name]=$((requests[$name] + count))
      errors[$name]=$((errors[$name] + $(suite_wrk_field "$line" non2xx) + $(suite_wrk_field "$line" socket_errors)))
      micros[$name]=$((micros[$name] + duration))
      slices[$name]+="${slices[$name]:+, }$(suite_rate "$count" "$duration")"
      # Running sums of the five suite_cpu columns' differences.
      ticks[$name]=$(awk -v s="${ticks[$name]}" -v a="$before" -v b="$after" 'BEGIN {
        n = split(s, t); split(a, x); split(b, y); for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? " " : ""), t[i] + y[i] - x[i] }')
    done
  done
  for name in "$name_a" "$name_b"; do
    SUITE_FIG[${name}_rps]=$(suite_rate "${requests[$name]}" "${micros[$name]}")
    SUITE_FIG[${name}_slices]=${slices[$name]}
    SUITE_FIG[${name}_errors]=${errors[$name]}
    suite_cpu_per "$name" "0 0 0 0 0" "${ticks[$name]}" "${requests[$name]}"
    printf '  %-22s %8s req/s  (10 s slices, alternating: %s; %s errors)\n' "$name" "${SUITE_FIG[${name}_rps]}" "${slices[$name]}" "${errors[$name]}"
    suite_print_cpu "$name"
  done
}

# suite_print_cpu NAME: the CPU per request line of a measurement (and suite_disturbed, unless SUITE_DEFER_DISTURBED=1).
suite_print_cpu() {
  [[ -n ${SUITE_FIG[${1}_cpu_ms]:-} ]] || return 0
  printf '  %-22s cpu/request: machine %s ms (API %s ms, PostgreSQL %s ms); machine %s%% busy; host steal %s%%\n' "" \
    "${SUITE_FIG[${1}_cpu_ms]}" "${SUITE_FIG[${1}_api_ms]}" "${SUITE_FIG[${1}_pg_ms]}" "${SUITE_FIG[${1}_busy]}" \
    "${SUITE_FIG[${1}_steal]:-?}"
  [[ ${SUITE_DEFER_DISTURBED:-0} == 1 ]] || suite_disturbed "$1"
}

# suite_disturbed NAME: marks the measurement DISTURBED (output and SUITE_DISTURBED) when most of the machine's CPU
# went to neither the API nor PostgreSQL, or when the hypervisor took more than SUITE_STEAL_DISTURBED % of the cores'
# time: figures that say more about the host than about the API.
suite_disturbed() {
  # The machine's CPU includes the load generator, the kernel's network work and (on a VM) time stolen by the host;
  # when most of it went to neither the API nor PostgreSQL, something else competed and the figure is not comparable.
  local other steal=${SUITE_FIG[${1}_steal]:-0}
  other=$(awk -v m="${SUITE_FIG[${1}_cpu_ms]}" -v a="${SUITE_FIG[${1}_api_ms]}" -v p="${SUITE_FIG[${1}_pg_ms]}" \
    'BEGIN { if (m > 0 && (m - a - p) / m > 0.5) printf "%.0f", 100 * (m - a - p) / m }')
  if [[ -n $other ]]; then
    SUITE_DISTURBED+=("$1: $other % of the machine's CPU went to neither the API nor PostgreSQL")
    printf '  %-22s DISTURBED: %s %% of the machine'"'"'s CPU went to neither the API nor PostgreSQL (another load on the host?); not comparable\n' "" "$other"
  elif awk -v s="$steal" -v m="$SUITE_STEAL_DISTURBED" 'BEGIN { exit !(s > m) }'; then
    SUITE_DISTURBED+=("$1: the host took $steal % of the cores' time (steal)")
    printf '  %-22s DISTURBED: the host took %s %% of the cores'"'"' time (steal); not comparable\n' "" "$steal"
  fi
}

# suite_wait_quiet: waits (at most SUITE_QUIET_WAIT seconds) for 2 s in which the hypervisor took no more than
# SUITE_STEAL_QUIET % of the cores' time; prints the steal it saw while waiting.
suite_wait_quiet() {
  local waited=0 a b steal seen=""
  while :; do
    a=$(awk '/^cpu / { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    sleep 2
    b=$(awk '/^cpu / { print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    waited=$((waited + 2))
    steal=$(awk -v a="$a" -v b="$b" 'BEGIN { split(a, x); split(b, y); t = y[2] - x[2]; printf "%.1f", (t > 0) ? 100 * (y[1] - x[1]) / t : 0 }')
    seen+="${seen:+ }$steal"
    if awk -v s="$steal" -v q="$SUITE_STEAL_QUIET" 'BEGIN { exit !(s <= q) }' || ((waited >= SUITE_QUIET_WAIT)); then
      break
    fi
  done
  ((waited > 2)) && printf '  %-22s waited %s s for a quiet host (steal %% per 2 s: %s)\n' "" "$waited" "$seen"
  return 0
}

# suite_wrk_latency NAME SCRIPT URL: a one-connection latency measurement (suite_wrk at 1 connection), taken when the
# host is quiet. A single connection's tail is the sum of a few short waits, and on a virtual machine the longest of
# them is the hypervisor running someone else on our cores: with 5-20 % steal the same build's p99 went 3.5 -> 13-80 ms
# (22 Nov). So it waits for a quiet host (suite_wait_quiet), measures, and when the host still took more than
# SUITE_STEAL_QUIET % during the measurement, measures again (at most SUITE_LATENCY_ATTEMPTS times); the figures are
# those of the attempt with the least steal, and every attempt is listed (SUITE_FIG[NAME_attempts]).
suite_wrk_latency() {
  local name=$1 script=$2 url=$3 attempt best="" best_steal="" key attempts=""
  local keys=(rps p50 p99 errors api_ms pg_ms cpu_ms busy steal)
  declare -A kept=()
  # The warm-up (not counted) comes before the wait, so that the measurement starts right after a quiet moment.
  wrk -t 1 -c 1 -d "${SUITE_WARMUP}s" --timeout 10s -s "$script" "$url" >/dev/null 2>&1 || true
  for ((attempt = 1; attempt <= SUITE_LATENCY_ATTEMPTS; attempt++)); do
    suite_wait_quiet
    SUITE_DEFER_DISTURBED=1 suite_wrk "$name" "$script" "$url" 1 1 0 || return 1
    attempts+="${attempts:+; }p99 ${SUITE_FIG[${name}_p99]} ms at ${SUITE_FIG[${name}_steal]} % steal"
    if [[ -z $best ]] || awk -v s="${SUITE_FIG[${name}_steal]}" -v b="$best_steal" 'BEGIN { exit !(s < b) }'; then
      best=$attempt
      best_steal=${SUITE_FIG[${name}_steal]}
      for key in "${keys[@]}"; do
        kept[$key]=${SUITE_FIG[${name}_$key]:-}
      done
    fi
    awk -v s="${SUITE_FIG[${name}_steal]}" -v q="$SUITE_STEAL_QUIET" 'BEGIN { exit !(s <= q) }' && break
  done
  for key in "${keys[@]}"; do
    SUITE_FIG[${name}_$key]=${kept[$key]}
  done
  SUITE_FIG[${name}_attempts]=$attempts
  if ((attempt > 1)); then
    printf '  %-22s attempts: %s; kept attempt %s\n' "" "$attempts" "$best"
  fi
  suite_disturbed "$name"
}

# suite_get_script PATH TOKEN: a wrk script for an authenticated GET.
suite_get_script() {
  local file=$suite_tmp/get-$RANDOM$RANDOM.lua
  {
    printf 'wrk.method = "GET"\nwrk.path = "%s"\n' "$1"
    [[ -n ${2:-} ]] && printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$2"
    suite_lua_done
  } >"$file"
  printf '%s\n' "$file"
}

# suite_target NAME VALUE OP LIMIT [UNIT]: records and prints one target line.
suite_target() {
  local name=$1 value=$2 op=$3 limit=$4 unit=${5:-} verdict
  SUITE_TOTAL=$((SUITE_TOTAL + 1))
  if [[ -z $value || $value == nan || $value == inf ]]; then
    verdict=FAIL
    value="n/a"
  elif awk -v v="$value" -v l="$limit" -v op="$op" 'BEGIN { exit !(op == ">=" ? v >= l : v <= l) }'; then
    verdict=PASS
    SUITE_MET=$((SUITE_MET + 1))
  else
    verdict=FAIL
  fi
  SUITE_LINES+=("$name: $value$unit (target $op $limit$unit) $verdict")
  echo "$name: $value$unit (target $op $limit$unit) $verdict"
}

suite_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "nan" }'
}

# --- set-up ----------------------------------------------------------------------------------------------------------

suite_setup() {
  suite_need_wrk || return 1
  command -v jq >/dev/null 2>&1 || { echo "The suite needs jq." >&2; return 1; }
  command -v python3 >/dev/null 2>&1 || { echo "The suite needs python3 (the fake price upstream)." >&2; return 1; }
  mkdir -p "$results_dir"
  bench_raise_fd_limit
  suite_tmp=$(mktemp -d "${TMPDIR:-/tmp}/pt-bench-suite.XXXXXX")
  chmod 755 "$suite_tmp"
  suite_psql=$(pg_client_bin psql) || return 1
  echo "== suite: PortfolioTracker against its physical limits"
  bench_machine
  echo "building the API (Release)..."
  bench_build_api
  bench_start_postgres
  suite_start_api main Prices__Provider=Simulated
  echo "api: $BENCH_API_URL (pid $BENCH_API_PID)"
}

# Users, the transfer accounts, the 1,000,000-posting history account, the reader's small portfolio.
suite_seed() {
  local started=$SECONDS transfer_user history_user reader_account
  echo "seeding: $SUITE_ACCOUNTS transfer accounts, a history account with $SUITE_POSTINGS postings, a portfolio..."
  SUITE_FIG[transfer_token]=$(suite_user benchtransfers)
  SUITE_FIG[history_token]=$(suite_user benchhistory)
  SUITE_FIG[reader_token]=$(suite_user benchreader)
  transfer_user=$(suite_sql -c "SELECT id FROM users WHERE username = 'benchtransfers'")
  history_user=$(suite_sql -c "SELECT id FROM users WHERE username = 'benchhistory'")
  suite_sql -v transfer_user="$transfer_user" -v history_user="$history_user" -v accounts="$SUITE_ACCOUNTS" \
    -v postings="$SUITE_POSTINGS" -v days="$SUITE_DAYS" -f "$root/bench/lib/seed.sql" >/dev/null
  suite_sql -c "SELECT id FROM accounts WHERE owner_id = '$transfer_user' ORDER BY name" >"$suite_tmp/accounts.txt"
  SUITE_FIG[history_account]=$(suite_sql -c "SELECT id FROM accounts WHERE owner_id = '$history_user' AND name = 'history'")

  # The reader: one account holding USD, BTC, ETH and SOL, bought through the API (prices from the simulated market).
  local token=${SUITE_FIG[reader_token]} coin
  reader_account=$(suite_api_json POST /api/v1/accounts '{"name":"Main"}' "$token" | jq -r .id)
  SUITE_FIG[reader_account]=$reader_account
  suite_api_json POST /api/v1/transactions/credit \
    "{\"accountId\":\"$reader_account\",\"asset\":\"USD\",\"amount\":\"100000.00\"}" "$token" >/dev/null
  for coin in BTC:0.5:60000.00 ETH:4:3000.00 SOL:20:150.00; do
    IFS=: read -r asset qty price <<<"$coin"
    suite_api_json POST /api/v1/transactions/trade \
      "{\"accountId\":\"$reader_account\",\"side\":\"buy\",\"asset\":\"$asset\",\"quantity\":\"$qty\",\"quoteAsset\":\"USD\",\"price\":\"$price\"}" \
      "$token" >/dev/null
  done
  echo "  seeded in $((SECONDS - started)) s"
  suite_check_ledger
}

# The ledger's invariants, checked in the database (after seeding and after the transfers).
suite_check_ledger() {
  local broken
  broken=$(suite_sql <<'EOF'
SELECT 'asset ' || asset || ' sums to ' || sum(amount) FROM balances GROUP BY asset HAVING sum(amount) <> 0
UNION ALL
SELECT 'negative balance ' || account_id FROM balances WHERE NOT allow_negative AND amount - held < 0
UNION ALL
SELECT 'balance ' || b.account_id || ' ' || b.asset || ' differs from its postings'
FROM balances b LEFT JOIN (SELECT account_id, asset, sum(amount) AS s, count(*) AS n, max(entry_seq) AS m
                           FROM postings WHERE entry_seq IS NOT NULL GROUP BY account_id, asset) p
       ON p.account_id = b.account_id AND p.asset = b.asset
WHERE b.amount <> coalesce(p.s, 0) OR b.entry_count <> coalesce(p.n, 0) OR b.entry_count <> coalesce(p.m, 0)
UNION ALL
SELECT 'transaction ' || transaction_id || ' unbalanced' FROM postings GROUP BY transaction_id, asset HAVING sum(amount) <> 0
UNION ALL
SELECT 'chain of ' || account_id || ' broken at ' || entry_seq
FROM (SELECT account_id, entry_seq, balance_after, amount, effective_at,
             lag(balance_after) OVER w AS prev, lag(effective_at) OVER w AS prev_at
      FROM postings WHERE entry_seq IS NOT NULL WINDOW w AS (PARTITION BY account_id, asset ORDER BY entry_seq)) c
WHERE balance_after <> coalesce(prev, 0) + amount OR effective_at < prev_at
LIMIT 5;
EOF
  )
  if [[ -n $broken ]]; then
    echo "The ledger's invariants do not hold:" >&2
    printf '  %s\n' "$broken" >&2
    return 1
  fi
  echo "  ledger invariants hold (sums, no overdraft, balances = postings, chains)"
}

# --- workloads -------------------------------------------------------------------------------------------------------

suite_transfer_script() { # NAME HOT PATH
  local file=$suite_tmp/$1.lua
  {
    printf 'local accounts = {'
    sed 's/.*/"&",/' "$suite_tmp/accounts.txt" | tr -d '\n'
    printf '}\n'
    printf 'local hot = %s\nlocal path = "%s"\nlocal token = "%s"\nlocal run = "%s"\n' "$2" "$3" "${SUITE_FIG[transfer_token]}" "$1-$(date +%s%N)"
    cat <<'EOF'
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local counter = 0
local prefix
function init(args)
  math.randomseed(os.time() * 100 + tid)
  -- Unique per wrk run too (the warm-up runs the same script): a reused key would be a replay or a 409.
  prefix = run .. "-" .. os.time() .. "-" .. math.random(1000000000) .. "-" .. tid .. "-"
end
function request()
  counter = counter + 1
  local n = #accounts
  local a, b
  if hot then
    a = 1
    b = math.random(2, n)
  else
    a = math.random(n)
    b = math.random(n - 1)
    if b >= a then b = b + 1 end
  end
  local body = '{"fromAccountId":"' .. accounts[a] .. '","toAccountId":"' .. accounts[b] .. '","asset":"USD","amount":"0.01"}'
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = prefix .. counter,
  }, body)
end
EOF
    suite_lua_done
  } >"$file"
  printf '%s\n' "$file"
}

suite_pgbench() {
  local pgbench scale=$SUITE_CONNECTIONS out
  pgbench=$(pg_client_bin pgbench) || return 1
  PGOPTIONS='-c client_min_messages=warning' suite_sql -c "DROP DATABASE IF EXISTS pgbench" -c "CREATE DATABASE pgbench" >/dev/null
  "$pgbench" -q -i -s "$scale" "$(suite_pg_url pgbench)" >/dev/null 2>&1
  # Flush the load's dirty pages now, not while something is measured (as after seeding).
  suite_sql -c "CHECKPOINT" >/dev/null
  local cpu_before cpu_after
  cpu_before=$(suite_cpu)
  out=$("$pgbench" -c "$SUITE_CONNECTIONS" -j "$SUITE_THREADS" -T "$SUITE_DURATION" "$(suite_pg_url pgbench)" 2>&1)
  cpu_after=$(suite_cpu)
  suite_cpu_per pgbench "$cpu_before" "$cpu_after" "$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")"
  suite_sql -c "CHECKPOINT" >/dev/null
  SUITE_FIG[pgbench_tps]=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -n 1 | awk '{ printf "%.0f", $1 }')
  SUITE_FIG[pgbench_latency]=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<<"$out")
  SUITE_FIG[pgbench_scale]=$scale
  printf '  %-22s %8s tps        avg %7s ms  (TPC-B, scale %s, %s clients)\n' pgbench "${SUITE_FIG[pgbench_tps]}" \
    "${SUITE_FIG[pgbench_latency]}" "$scale" "$SUITE_CONNECTIONS"
  suite_print_cpu pgbench
}

# suite_limit NAME TEXT: records and prints one derived limit (not a target): what the measured CPU per request
# allows at best on this machine.
suite_limit() {
  SUITE_LIMITS+=("$1: $2")
  echo "  limit: $1: $2"
}

workload_transfers() {
  echo "-- transfers ($SUITE_CONNECTIONS connections, ${SUITE_DURATION} s each; pgbench TPC-B on the same server)"
  suite_pgbench
  local warm=$SUITE_TRANSFER_WARMUP conns=$SUITE_CONNECTIONS threads=$SUITE_THREADS
  suite_wrk transfers_cold "$(suite_transfer_script transfers_cold false /api/v1/transactions/transfer)" "$BENCH_API_URL" "$conns" "$threads" "$warm" settle
  suite_wrk transfers_bare "$(suite_transfer_script transfers_bare false /api/v1/bench/transfer)" "$BENCH_API_URL" "$conns" "$threads" "$warm" settle
  # Both are warm now: the ratio of the full stack to the bare endpoint comes from slices taken in turn, so both share
  # the host's mood (the two measurements above are minutes apart).
  suite_alternate transfers_cold_alt "$(suite_transfer_script transfers_cold_alt false /api/v1/transactions/transfer)" \
    transfers_bare_alt "$(suite_transfer_script transfers_bare_alt false /api/v1/bench/transfer)" "$BENCH_API_URL"
  echo "  measured apart (above): full stack / bare = $(suite_ratio "${SUITE_FIG[transfers_cold_rps]}" "${SUITE_FIG[transfers_bare_rps]}")"
  suite_wrk transfers_hot "$(suite_transfer_script transfers_hot true /api/v1/transactions/transfer)" "$BENCH_API_URL" "$conns" "$threads" "$warm" settle
  # What PostgreSQL's own CPU per transfer allows, were the API, the load generator and the kernel free: all cores
  # to PostgreSQL. pgbench's rate is bounded the same way by the machine CPU of one TPC-B transaction.
  local cores pg_ms tpcb_ms
  cores=$(nproc)
  pg_ms=${SUITE_FIG[transfers_cold_pg_ms]:-}
  tpcb_ms=${SUITE_FIG[pgbench_cpu_ms]:-}
  if [[ -n $pg_ms && -n $tpcb_ms ]] && awk -v p="$pg_ms" 'BEGIN { exit !(p > 0) }'; then
    suite_limit transfers_vs_pgbench "$(awk -v p="$pg_ms" -v t="$tpcb_ms" -v c="$cores" -v tps="${SUITE_FIG[pgbench_tps]}" 'BEGIN {
      printf "<= %.2f with an API costing nothing (PostgreSQL %.3f ms CPU per transfer, %.3f ms machine CPU per TPC-B transaction; at most %.0f transfers/s on %d cores against %s tps)",
        (c * 1000 / p) / tps, p, t, c * 1000 / p, c, tps }')"
    suite_limit transfers_p99 "$(awk -v p="$pg_ms" -v c="$cores" -v n="$SUITE_CONNECTIONS" 'BEGIN {
      printf ">= %.1f ms mean latency at %d connections even then (Little: connections / %.0f transfers/s); the p99 is above the mean",
        n / (c * 1000 / p) * 1000, n, c * 1000 / p }')"
  fi
  suite_target transfers_vs_pgbench "$(suite_ratio "${SUITE_FIG[transfers_cold_rps]}" "${SUITE_FIG[pgbench_tps]}")" ">=" 0.75
  suite_target transfers_p99 "${SUITE_FIG[transfers_cold_p99]}" "<=" 25 " ms"
  suite_target transfers_vs_bare "$(suite_ratio "${SUITE_FIG[transfers_cold_alt_rps]}" "${SUITE_FIG[transfers_bare_alt_rps]}")" ">=" 0.85
  suite_check_ledger
}

workload_reads() {
  local reader=${SUITE_FIG[reader_token]} account=${SUITE_FIG[reader_account]}
  echo "-- reads ($SUITE_CONNECTIONS connections, ${SUITE_DURATION} s each)"
  suite_wrk ping "$(suite_get_script /api/v1/bench/ping)" "$BENCH_API_URL"
  suite_wrk ping_auth "$(suite_get_script /api/v1/bench/ping/authenticated "$reader")" "$BENCH_API_URL"
  suite_wrk balances "$(suite_get_script "/api/v1/accounts/$account/balances" "$reader")" "$BENCH_API_URL"
  suite_wrk portfolio "$(suite_get_script "/api/v1/portfolio?quote=USD" "$reader")" "$BENCH_API_URL"
  suite_wrk price "$(suite_get_script "/api/v1/prices/bitcoin?vs=usd" "$reader")" "$BENCH_API_URL"
  # Every read of the API is authenticated: it costs at least the authenticated ping's machine CPU (HTTP, wrk, kernel,
  # bearer token and user-session check), plus PostgreSQL's own CPU for its queries.
  local ping_ms=${SUITE_FIG[ping_cpu_ms]:-} auth_ms=${SUITE_FIG[ping_auth_cpu_ms]:-} name
  if [[ -n $ping_ms && -n $auth_ms ]]; then
    for name in balances portfolio price; do
      [[ -n ${SUITE_FIG[${name}_pg_ms]:-} ]] || continue
      suite_limit "${name}_vs_ping" "$(awk -v p="${SUITE_FIG[${name}_pg_ms]}" -v q="$ping_ms" -v a="$auth_ms" 'BEGIN {
        printf "<= %.2f with an API doing nothing beyond authenticating the request (ping %.3f ms machine CPU per request, authenticated ping %.3f ms, PostgreSQL %.3f ms per read)", q / (a + p), q, a, p }')"
    done
  fi
  suite_target balances_vs_ping "$(suite_ratio "${SUITE_FIG[balances_rps]}" "${SUITE_FIG[ping_rps]}")" ">=" 0.5
  suite_target portfolio_vs_ping "$(suite_ratio "${SUITE_FIG[portfolio_rps]}" "${SUITE_FIG[ping_rps]}")" ">=" 0.3
  suite_target price_vs_ping "$(suite_ratio "${SUITE_FIG[price_rps]}" "${SUITE_FIG[ping_rps]}")" ">=" 0.8
}

workload_history() {
  local token=${SUITE_FIG[history_token]} account=${SUITE_FIG[history_account]} file from to
  echo "-- history (an account with $SUITE_POSTINGS postings over $SUITE_DAYS days; one connection: service time, no queueing)"
  file=$suite_tmp/at.lua
  {
    printf 'local base = "/api/v1/accounts/%s/balances?at="\n' "$account"
    printf 'local span = %d\nlocal start = os.time() - span\n' $((SUITE_DAYS * 86400))
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token"
    cat <<'EOF'
function request()
  return wrk.format("GET", base .. os.date("!%Y-%m-%dT%H:%M:%SZ", start + math.random(span)))
end
EOF
    suite_lua_done
  } >"$file"
  suite_wrk_latency balance_at "$file" "$BENCH_API_URL"
  to=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  from=$(date -u -d '-364 days' +%Y-%m-%dT%H:%M:%SZ)
  suite_wrk_latency history_365d "$(suite_get_script "/api/v1/accounts/$account/balances/history?asset=USD&interval=day&from=$from&to=$to" "$token")" \
    "$BENCH_API_URL"
  suite_target balance_at_p99 "${SUITE_FIG[balance_at_p99]}" "<=" 5 " ms"
  suite_target history_365d_p99 "${SUITE_FIG[history_365d_p99]}" "<=" 50 " ms"
}

workload_startup() {
  local started ready token rss i
  echo "-- start-up and idle memory (migrations already applied)"
  bench_stop_api
  started=$(date +%s%N)
  bench_start_api "$results_dir/startup-api.log" RateLimiting__Enabled=false Prices__Provider=Simulated \
    Logging__LogLevel__Default=Warning >/dev/null
  until curl -fs -o /dev/null "$BENCH_API_URL/health/ready"; do
    if ! kill -0 "$BENCH_API_PID" 2>/dev/null; then
      echo "The API exited during start-up." >&2
      return 1
    fi
    sleep 0.01
  done
  ready=$(date +%s%N)
  SUITE_FIG[startup_ms]=$(((ready - started) / 1000000))
  # A few requests of each kind, then idle.
  token=$(suite_user benchreader)
  for ((i = 0; i < 20; i++)); do
    curl -fs -o /dev/null "$BENCH_API_URL/api/v1/accounts/${SUITE_FIG[reader_account]:-00000000-0000-0000-0000-000000000000}/balances" -H "authorization: Bearer $token" || true
    curl -fs -o /dev/null "$BENCH_API_URL/api/v1/portfolio?quote=USD" -H "authorization: Bearer $token" || true
    curl -fs -o /dev/null "$BENCH_API_URL/api/v1/prices/bitcoin" -H "authorization: Bearer $token" || true
  done
  sleep 10
  rss=$(awk '/VmRSS/ { print $2 }' "/proc/$BENCH_API_PID/status")
  SUITE_FIG[idle_rss_mb]=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
  printf '  %-22s %8s ms\n  %-22s %8s MB\n' start_to_ready "${SUITE_FIG[startup_ms]}" idle_rss "${SUITE_FIG[idle_rss_mb]}"
  suite_target startup_ready "${SUITE_FIG[startup_ms]}" "<=" 2000 " ms"
  suite_target idle_rss "${SUITE_FIG[idle_rss_mb]}" "<=" 150 " MB"
}

workload_bulk() {
  local port token i j coins body out total=() median max delay=200
  echo "-- bulk prices: 50 coins, cold cache, fake CoinGecko adding ${delay} ms"
  bench_stop_api
  port=$(pg_free_port)
  python3 "$root/bench/lib/fake_coingecko.py" "$port" "$delay" &
  suite_fake_pid=$!
  suite_start_api bulk Prices__Provider=CoinGecko "Prices__CoinGecko__BaseUrl=http://127.0.0.1:$port/api/v3" \
    Prices__CoinGecko__RequestsPerMinute=100000 Prices__RefreshEnabled=false || return 1
  token=$(suite_user benchreader)
  for ((i = 0; i < 12; i++)); do
    coins=""
    for ((j = 0; j < 50; j++)); do
      coins+="${coins:+,}\"bench-$RANDOM$RANDOM-$j\""
    done
    body="{\"coins\":[$coins],\"vs\":\"usd\"}"
    out=$(curl -fsS -o "$suite_tmp/bulk.json" -w '%{time_total}' -X POST "$BENCH_API_URL/api/v1/prices/bulk" \
      -H 'content-type: application/json' -H "authorization: Bearer $token" -d "$body") || return 1
    if ((i >= 2)); then # the first two warm the process (JIT, connections), not the cache
      total+=("$(awk -v s="$out" 'BEGIN { printf "%.1f", s * 1000 }')")
      [[ $(jq .successCount "$suite_tmp/bulk.json") == 50 ]] || echo "  bulk: $(jq -c '{successCount, errorCount}' "$suite_tmp/bulk.json")" >&2
    fi
  done
  median=$(printf '%s\n' "${total[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }')
  max=$(printf '%s\n' "${total[@]}" | sort -n | tail -n 1)
  SUITE_FIG[bulk_median_ms]=$median
  SUITE_FIG[bulk_max_ms]=$max
  printf '  %-22s %8s ms median, %s ms max (%s requests)\n' bulk_50_cold "$median" "$max" "${#total[@]}"
  suite_target bulk_50_cold "$median" "<=" "$((delay * 13 / 10))" " ms"
  kill "$suite_fake_pid" 2>/dev/null || true
  wait "$suite_fake_pid" 2>/dev/null || true
  suite_fake_pid=""
}

# --- report ----------------------------------------------------------------------------------------------------------

# suite_doc_list TITLE [ITEM...]: a titled Markdown list, or nothing when there are no items.
suite_doc_list() {
  local title=$1 item
  shift
  (($# > 0)) || return 0
  echo "$title"
  echo
  for item in "$@"; do
    echo "- $item"
  done
  echo
}

suite_write_doc() {
  local doc=$root/docs/performance.md generated=$root/docs/performance.figures.md line cores mem cpu commit
  cores=$(nproc)
  mem=$(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
  cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
  commit=$(git -C "$root" rev-parse --short HEAD)
  {
    echo "<!-- Written by bench/run.sh (the whole suite); do not edit by hand. -->"
    echo "## Last run"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit \`$commit\`$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes)'),"
    echo "$cores cores ($cpu), $mem RAM, $(uname -sr), .NET $(dotnet --version). Load generator and API on the same"
    echo "machine: wrk ($SUITE_THREADS threads), ${SUITE_DURATION} s per measurement."
    echo
    echo '```'
    for line in "${SUITE_LINES[@]}"; do
      echo "$line"
    done
    echo "$SUITE_MET of $SUITE_TOTAL targets met"
    echo '```'
    echo
    suite_doc_list "Disturbed measurements (most of the machine's CPU went elsewhere: another load, or time stolen by the host):" \
      "${SUITE_DISTURBED[@]}"
    suite_doc_list "What the CPU per request measured in this run allows at best on this machine (not targets):" \
      "${SUITE_LIMITS[@]}"
    echo "| measurement | req/s | p50 ms | p99 ms | errors | CPU ms/request: machine | API | PostgreSQL | machine busy | host steal |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for line in transfers_cold transfers_bare transfers_cold_alt transfers_bare_alt transfers_hot ping ping_auth balances portfolio price balance_at history_365d; do
      [[ -n ${SUITE_FIG[${line}_rps]:-} ]] || continue
      echo "| $line | ${SUITE_FIG[${line}_rps]} | ${SUITE_FIG[${line}_p50]:-—} | ${SUITE_FIG[${line}_p99]:-—} | ${SUITE_FIG[${line}_errors]:-—} |" \
        "${SUITE_FIG[${line}_cpu_ms]:-} | ${SUITE_FIG[${line}_api_ms]:-} | ${SUITE_FIG[${line}_pg_ms]:-} | ${SUITE_FIG[${line}_busy]:-}% |" \
        "${SUITE_FIG[${line}_steal]:-?}% |"
    done
    [[ -n ${SUITE_FIG[pgbench_tps]:-} ]] && echo "| pgbench TPC-B (scale ${SUITE_FIG[pgbench_scale]}) | ${SUITE_FIG[pgbench_tps]} tps | avg ${SUITE_FIG[pgbench_latency]} | | |" \
      "${SUITE_FIG[pgbench_cpu_ms]:-} | — | ${SUITE_FIG[pgbench_pg_ms]:-} | ${SUITE_FIG[pgbench_busy]:-}% | ${SUITE_FIG[pgbench_steal]:-?}% |"
    echo
    for line in transfers_cold transfers_bare transfers_hot; do
      [[ -n ${SUITE_FIG[${line}_settle]:-} ]] && echo "- $line warm-up after the first ${SUITE_TRANSFER_WARMUP} s: ${SUITE_FIG[${line}_settle]}."
    done
    for line in transfers_cold_alt transfers_bare_alt; do
      [[ -n ${SUITE_FIG[${line}_slices]:-} ]] && echo "- $line (the ratio \`transfers_vs_bare\`; 10 s slices taken in turn, A B B A × ${SUITE_ALTERNATE_ROUNDS}), req/s per slice: ${SUITE_FIG[${line}_slices]}."
    done
    for line in balance_at history_365d; do
      [[ -n ${SUITE_FIG[${line}_attempts]:-} ]] && echo "- $line (one connection, measured on a quiet host; the attempt with the least steal is kept): ${SUITE_FIG[${line}_attempts]}."
    done
    echo
    [[ -n ${SUITE_FIG[startup_ms]:-} ]] && echo "Start to ready: ${SUITE_FIG[startup_ms]} ms; idle RSS: ${SUITE_FIG[idle_rss_mb]} MB."
    [[ -n ${SUITE_FIG[bulk_median_ms]:-} ]] && echo "Bulk of 50 cold coins: median ${SUITE_FIG[bulk_median_ms]} ms, max ${SUITE_FIG[bulk_max_ms]} ms."
  } >"$generated"
  # docs/performance.md = its hand-written part up to the marker, then the figures.
  if [[ -f $doc ]] && grep -q '^<!-- figures -->' "$doc"; then
    sed -n '1,/^<!-- figures -->/p' "$doc" >"$suite_tmp/doc.md"
    cat "$generated" >>"$suite_tmp/doc.md"
    cp "$suite_tmp/doc.md" "$doc"
  else
    { echo "# Performance"; echo; echo "<!-- figures -->"; cat "$generated"; } >"$doc"
  fi
  rm -f "$generated"
  echo "figures written to docs/performance.md"
}

suite_cleanup() {
  if [[ -n $suite_fake_pid ]]; then
    kill "$suite_fake_pid" 2>/dev/null || true
    suite_fake_pid=""
  fi
  if [[ -n $suite_tmp ]]; then
    rm -rf "$suite_tmp"
    suite_tmp=""
  fi
}

# suite_run [WORKLOAD...]: the whole suite, or the named workloads.
suite_run() {
  local workloads=("$@") w
  ((${#workloads[@]} > 0)) || workloads=("${SUITE_WORKLOADS[@]}")
  suite_setup
  suite_seed
  for w in "${workloads[@]}"; do
    "workload_$w"
  done
  if (($# == 0)); then
    suite_write_doc
  fi
  if ((${#SUITE_DISTURBED[@]} > 0)); then
    echo "disturbed (another load competed; re-run on a quiet machine): ${SUITE_DISTURBED[*]%%:*}"
  fi
  echo "$SUITE_MET of $SUITE_TOTAL targets met"
  bench_cleanup
  suite_cleanup
}

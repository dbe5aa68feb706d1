#!/usr/bin/env bash
# Runs the reliability and security suites in their full versions against real PostgreSQL and prints the figures of
# each check, then "N passed, M failed". build/test.sh runs the same tests in their short versions (CI).
#
#   build/reliability.sh                  # full versions (see the settings below)
#   PT_OUTAGE_SECONDS=30 build/reliability.sh
#   PT_SOAK_SECONDS=60 build/reliability.sh
#   PT_SHUTDOWN_LOAD_SECONDS=30 build/reliability.sh
#   PT_PRICE_FAULT_SECONDS=300 build/reliability.sh
#
# Settings (environment): PT_FUZZ_REQUESTS (hostile requests of the fuzzer, full: 5000), PT_FUZZ_SEED (default: a new
# one per run), PT_OUTAGE_SECONDS (how long PostgreSQL stays down in the outage test, full: 10), PT_SOAK_SECONDS (how
# long the soak test's mixed workload runs, full: 600, build/test.sh: 20), PT_SOAK_SEED (default: a new one per run),
# PT_PRICE_FAULT_SECONDS (how long the fake price providers cycle through their faults under load, full: 120,
# build/test.sh: 20).
# PostgreSQL: PT_TEST_POSTGRES or ConnectionStrings__Postgres if set, else a throwaway cluster (as build/test.sh); the
# outage test always starts a cluster of its own.
# PT_SHUTDOWN_LOAD_SECONDS: seconds of load before SIGTERM in the shutdown-under-load test (full: 10, build/test.sh: 3).
# What each suite does and the figures of the last full run: docs/reliability.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=build/lib/postgres.sh
source "$root/build/lib/postgres.sh"
cd "$root"

export PT_FUZZ_REQUESTS=${PT_FUZZ_REQUESTS:-5000}
# A new seed per full run explores new inputs (build/test.sh uses a fixed one); a failure prints it to rerun with.
export PT_FUZZ_SEED=${PT_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}
export PT_OUTAGE_SECONDS=${PT_OUTAGE_SECONDS:-10}
export PT_SOAK_SECONDS=${PT_SOAK_SECONDS:-600}
export PT_SHUTDOWN_LOAD_SECONDS=${PT_SHUTDOWN_LOAD_SECONDS:-10}
export PT_PRICE_FAULT_SECONDS=${PT_PRICE_FAULT_SECONDS:-120}
results_dir=$root/artifacts/reliability

trap pg_stop_throwaway EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$results_dir"
mkdir -p "$results_dir"

echo "==> dotnet build tests/Api.IntegrationTests -c Release"
if ! dotnet build tests/Api.IntegrationTests/PortfolioTracker.Api.IntegrationTests.csproj -c Release -nologo \
  >"$results_dir/build.log" 2>&1; then
  tail -n 30 "$results_dir/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi

if [[ -z ${PT_TEST_POSTGRES:-} && -n ${ConnectionStrings__Postgres:-} ]]; then
  export PT_TEST_POSTGRES=$ConnectionStrings__Postgres
fi
if [[ -z ${PT_TEST_POSTGRES:-} ]] && ! pg_start_throwaway pt-reliability-pg; then
  echo "Could not start a PostgreSQL server." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "==> reliability suites (PT_FUZZ_REQUESTS=$PT_FUZZ_REQUESTS, PT_FUZZ_SEED=$PT_FUZZ_SEED, PT_OUTAGE_SECONDS=$PT_OUTAGE_SECONDS, PT_SOAK_SECONDS=$PT_SOAK_SECONDS, PT_PRICE_FAULT_SECONDS=$PT_PRICE_FAULT_SECONDS)"
rc=0
dotnet test tests/Api.IntegrationTests/PortfolioTracker.Api.IntegrationTests.csproj -c Release --no-build \
  --filter "FullyQualifiedName~PortfolioTracker.Api.IntegrationTests.Reliability" \
  --logger "trx;LogFileName=reliability.trx" --results-directory "$results_dir" >"$results_dir/test.log" 2>&1 || rc=$?

trx=$results_dir/reliability.trx
if [[ ! -f $trx ]]; then
  tail -n 30 "$results_dir/test.log"
  echo "0 passed, 1 failed"
  exit 1
fi

# Per test class: its outcome counts and the figures the tests wrote to their output.
python3 - "$trx" <<'EOF'
import collections, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(sys.argv[1]).getroot()
names = {d.get("id"): d.find("t:TestMethod", ns).get("className").rsplit(".", 1)[-1] for d in root.iter(f"{{{ns['t']}}}UnitTest")}
by_class = collections.defaultdict(lambda: collections.Counter())
figures = collections.defaultdict(list)
failures = []
for r in root.iter(f"{{{ns['t']}}}UnitTestResult"):
    cls = names.get(r.get("testId"), "?")
    outcome = r.get("outcome")
    by_class[cls][outcome] += 1
    out = r.find("t:Output/t:StdOut", ns)
    if out is not None and out.text:
        figures[cls].append((r.get("testName"), out.text.strip()))
    if outcome != "Passed":
        msg = r.find("t:Output/t:ErrorInfo/t:Message", ns)
        failures.append((r.get("testName"), (msg.text or "").strip()[:2000] if msg is not None else ""))
for cls in sorted(by_class):
    c = by_class[cls]
    print(f"-- {cls}: passed {c['Passed']}, failed {sum(v for k, v in c.items() if k != 'Passed')}")
    for test, text in figures[cls]:
        print(f"   {test}:")
        for line in text.splitlines():
            print(f"     {line}")
for test, msg in failures:
    print(f"FAILED {test}\n{msg}\n")
EOF

counters=$(tr '\n' ' ' <"$trx" | grep -oE '<Counters[[:space:]][^>]*>' | head -n 1 || true)
passed=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
failed=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
if ((rc != 0 && failed == 0)); then
  failed=1
fi
echo "Results: ${trx#"$root"/}, log: ${results_dir#"$root"/}/test.log"
echo "$passed passed, $failed failed"
((failed == 0))

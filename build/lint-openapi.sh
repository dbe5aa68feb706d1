#!/usr/bin/env bash
# Lints the committed OpenAPI contract, docs/openapi/v1.json, with the linters SDK consumers use:
#   spectral  Spectral CLI: the spectral:oas rules and the project rules of .spectral.yaml
#   redocly   Redocly CLI: the recommended rules as configured in redocly.yaml
# Usage: build/lint-openapi.sh [spectral|redocly]...   (no argument: both)
#
# The pinned tools are installed into .tools/npm (git-ignored) on first use: that needs Node.js 20.19+ with npm and
# the npm registry. Each tool prints its findings, then one line "openapi lint <tool>: passed|failed (...)". The exit
# code is non-zero when a tool reports an error or cannot run; warnings do not fail (each one that is left is
# justified in the tool's configuration file).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

spectral_version=6.16.3
redocly_version=2.77.0
document=docs/openapi/v1.json
tools=$root/.tools/npm
bin=$tools/node_modules/.bin

# No telemetry or analytics from the tools.
export REDOCLY_TELEMETRY=off SCARF_ANALYTICS=false DO_NOT_TRACK=1

install_tools() {
  local marker=$tools/.installed-spectral-$spectral_version-redocly-$redocly_version
  if [[ -f $marker && -x $bin/spectral && -x $bin/redocly ]]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm not found: install Node.js 20.19 or later (with npm) to lint the OpenAPI contract." >&2
    return 1
  fi
  echo "Installing @stoplight/spectral-cli@$spectral_version and @redocly/cli@$redocly_version into .tools/npm ..."
  mkdir -p "$tools"
  if ! npm install --prefix "$tools" --no-audit --no-fund --ignore-scripts --save-exact --loglevel=error \
    "@stoplight/spectral-cli@$spectral_version" "@redocly/cli@$redocly_version" >"$tools/install.log" 2>&1; then
    tail -n 20 "$tools/install.log" >&2
    echo "Installing the OpenAPI linters failed (full log: .tools/npm/install.log)." >&2
    return 1
  fi
  touch "$marker"
}

# Prints the number after the last match of "<n> <word>" in the text, or 0.
count() {
  local n
  n=$(grep -oE "[0-9]+ $2" <<<"$1" | tail -n 1 | grep -oE '^[0-9]+' || true)
  printf '%s\n' "${n:-0}"
}

lint_spectral() {
  local output rc=0
  output=$("$bin/spectral" lint --ruleset .spectral.yaml --fail-severity error --format stylish "$document" 2>&1) || rc=$?
  printf '%s\n' "$output"
  report spectral "$rc" "$(count "$output" 'errors?')" "$(count "$output" 'warnings?')"
}

lint_redocly() {
  local output rc=0
  output=$("$bin/redocly" lint "$document" --config redocly.yaml --format stylish 2>&1) || rc=$?
  # Drop the boxed notices (e.g. Node.js version deprecation) that are no finding.
  output=$(grep -vE '^[[:space:]]*[╔║╚]' <<<"$output" || true)
  printf '%s\n' "$output"
  report redocly "$rc" "$(count "$output" 'errors?')" "$(count "$output" 'warnings?')"
}

# report TOOL EXIT_CODE ERRORS WARNINGS: the verdict line; fails when the tool failed.
report() {
  if (($2 == 0)); then
    echo "openapi lint $1: passed ($3 errors, $4 warnings)"
  else
    echo "openapi lint $1: failed ($3 errors, $4 warnings; exit code $2)"
    return 1
  fi
}

tools_wanted=("$@")
if ((${#tools_wanted[@]} == 0)); then
  tools_wanted=(spectral redocly)
fi
for tool in "${tools_wanted[@]}"; do
  if [[ $tool != spectral && $tool != redocly ]]; then
    echo "Unknown linter '$tool': use spectral or redocly." >&2
    exit 2
  fi
done

if [[ ! -f $document ]]; then
  echo "$document is missing: build the API in Debug (dotnet build src/Api) to generate it." >&2
  exit 1
fi
install_tools

failed=0
for tool in "${tools_wanted[@]}"; do
  echo "==> $tool lint $document"
  case $tool in
    spectral) lint_spectral || failed=1 ;;
    redocly) lint_redocly || failed=1 ;;
  esac
done
exit "$failed"

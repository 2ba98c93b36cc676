#!/usr/bin/env bash
# npm test: lint, typecheck, Vitest (unit and browser), production build, Playwright e2e.
# Keeps going after a failure, then prints one line "N passed, N failed" last and writes it to reports/summary.txt.
set -uo pipefail
cd "$(dirname "$0")/.."

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
T_START=$(now)

# (a) The browser every test runner drives: Debian's Chromium (the runners cannot download their own here).
if [ ! -x "$CHROMIUM_PATH" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "::: Chromium not found at $CHROMIUM_PATH; installing Debian's chromium"
    t0=$(now)
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium </dev/null
    echo "::: apt-get install chromium took $(elapsed "$t0")s"
    [ -x "$CHROMIUM_PATH" ] || CHROMIUM_PATH=/usr/bin/chromium
  fi
  if [ ! -x "$CHROMIUM_PATH" ]; then
    echo "Chromium is needed for the browser tests and was not found at $CHROMIUM_PATH." >&2
    echo "Install it with:  sudo apt-get install chromium" >&2
    echo "(or point CHROMIUM_PATH at a Chromium or Chrome binary), then run npm test again." >&2
    exit 1
  fi
fi

# (b) Redis for the Redis store and cluster tests: Debian's redis-server (the tests start their own, on a free port).
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "::: redis-server not found; installing Debian's redis-server"
    t0=$(now)
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server </dev/null
    echo "::: apt-get install redis-server took $(elapsed "$t0")s"
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "redis-server is needed for the Redis store and cluster tests and was not found on PATH." >&2
    echo "Install it with:  sudo apt-get install -y redis-server" >&2
    echo "(the tests start and stop their own server; nothing needs to run beforehand), then run npm test again." >&2
    echo "Continuing: those tests will fail with the same hint; the other checks still run." >&2
  fi
fi

mkdir -p reports
rm -f reports/summary.txt reports/vitest.json reports/playwright.json

CHECKS_PASSED=0
CHECKS_FAILED=0
FAILED_STEPS=()

# step NAME CMD... : runs CMD, prints its wall time, sets STEP_RC.
step() {
  local name=$1; shift
  echo
  echo "::: $name: $*"
  local t0; t0=$(now)
  "$@"
  STEP_RC=$?
  echo "::: $name: exit $STEP_RC, $(elapsed "$t0")s"
  [ "$STEP_RC" -eq 0 ] || FAILED_STEPS+=("$name")
}

# check NAME CMD... : a step that counts as one check, passed or failed.
check() {
  step "$@"
  if [ "$STEP_RC" -eq 0 ]; then CHECKS_PASSED=$((CHECKS_PASSED + 1)); else CHECKS_FAILED=$((CHECKS_FAILED + 1)); fi
}

check lint npx eslint .
check typecheck npx tsc --noEmit -p tsconfig.json

step vitest npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json
VITEST_RC=$STEP_RC

# Build from scratch so a failed build can never leave an old dist/ for the e2e tests to pass against.
# `npm run build` prerenders every page (scripts/build-site.ts); the sub-path build is what e2e/subpath.spec.ts serves.
rm -rf dist dist-subpath
check build npm run build
check build-subpath env BASE_PATH=/sessionscope/ OUT_DIR=dist-subpath npm run build

# A preview server left over from a local run must not fail the suite: take 4173 if free, else any free port.
E2E_PORT=${E2E_PORT:-$(node -e '
const net = require("node:net")
const tryPort = (port) => { const s = net.createServer(); s.once("error", () => tryPort(0)); s.listen(port, "127.0.0.1", () => { const p = s.address().port; s.close(() => console.log(p)) }) }
tryPort(4173)')}
export E2E_PORT
step playwright env PLAYWRIGHT_JSON_OUTPUT_FILE=reports/playwright.json npx playwright test --reporter=list,json
PLAYWRIGHT_RC=$STEP_RC

echo
SUMMARY=$(node scripts/summarize.mjs \
  --checks-passed "$CHECKS_PASSED" --checks-failed "$CHECKS_FAILED" \
  --vitest reports/vitest.json --vitest-rc "$VITEST_RC" \
  --playwright reports/playwright.json --playwright-rc "$PLAYWRIGHT_RC")
[ -n "$SUMMARY" ] || SUMMARY="0 passed, 1 failed"
echo "$SUMMARY" > reports/summary.txt

if [ ${#FAILED_STEPS[@]} -gt 0 ]; then echo "::: failed steps: ${FAILED_STEPS[*]}"; fi
echo "::: total $(elapsed "$T_START")s"
echo "$SUMMARY"
if [[ $SUMMARY =~ ,\ ([0-9]+)\ failed ]] && [ "${BASH_REMATCH[1]}" -eq 0 ]; then exit 0; fi
exit 1

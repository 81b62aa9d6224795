#!/usr/bin/env bash
# One command for CI (.ci/run calls it): install the offline harness (idempotent), build the bundles,
# then run the extension suite (suite/*.test.js) inside a real VS Code (code-server + chromium).
# Exit 0 when every test passed, else 1; the last line is the suite's `N passed, N failed`.
# env: E2E_GREP=<text> runs only matching tests; E2E_SKIP_BUILD=1 uses dist/ as it is; E2E_SCREENSHOTS=<dir> (default test/e2e/.work/screenshots).
set -uo pipefail
cd "$(dirname "$0")"
E2E=$PWD
ROOT=$(cd ../.. && pwd)
WORK=$E2E/.work
mkdir -p "$WORK"
T0=$(date +%s)
fail() { echo "e2e: $1"; echo "0 passed, 1 failed"; exit 1; }

bash harness/setup.sh || fail "harness setup failed"
T_SETUP=$(( $(date +%s) - T0 ))
if [ "${E2E_SKIP_BUILD:-}" != 1 ]; then (cd "$ROOT" && node scripts/build.mjs) || fail "npm run build failed"; fi

# A fresh workspace per run: the tests edit files (quick fixes) and copy examples into it.
rm -rf "$WORK/workspace" && mkdir -p "$WORK/workspace"
cp -r workspace/. "$WORK/workspace/"
cp -r "$ROOT/examples" "$WORK/workspace/examples"
SHOTS=${E2E_SCREENSHOTS:-$WORK/screenshots}
rm -rf "$SHOTS"

node harness/e2e.js --ext "$ROOT" --tests "$E2E/suite/index.js" --workspace "$WORK/workspace" \
  --timeout 300 --screenshot-dir "$SHOTS" 2>&1 | tee "$WORK/e2e.log"
status=${PIPESTATUS[0]}
echo "e2e: setup ${T_SETUP}s, total $(( $(date +%s) - T0 ))s; screenshots in $SHOTS"

# The runner logs `[suite] N passed, N failed`; repeat it bare as the final line (once, for .ci/run's sum).
summary=$(sed -n 's/^\[suite\] \([0-9]* passed, [0-9]* failed\)$/\1/p' "$WORK/e2e.log" | tail -1)
if [ -z "$summary" ]; then summary="0 passed, 1 failed"; status=1; fi
[ "$status" -eq 0 ] || status=1
echo "$summary"
exit "$status"

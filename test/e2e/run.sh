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

# The packaged extension installs into a real VS Code (code-server) like a user's would: one more test.
install_passed=0
install_failed=0
VSIX_DIR=$(mktemp -d)
if (cd "$ROOT" && npx --no-install vsce package --allow-missing-repository --out "$VSIX_DIR/dipc-studio.vsix" >"$WORK/package.log" 2>&1) \
  && harness/node_modules/.bin/code-server --extensions-dir "$VSIX_DIR/extensions" --install-extension "$VSIX_DIR/dipc-studio.vsix" >"$WORK/install.log" 2>&1 \
  && harness/node_modules/.bin/code-server --extensions-dir "$VSIX_DIR/extensions" --list-extensions 2>/dev/null | grep -qx 'dipc-studio.dipc-studio'; then
  echo "e2e: ✔ the .vsix installs into code-server (--install-extension) and is listed"
  install_passed=1
else
  echo "e2e: ✘ the .vsix did not install into code-server; see $WORK/package.log and $WORK/install.log"
  install_failed=1
  status=1
fi
rm -rf "$VSIX_DIR"

# The runner logs `[suite] N passed, N failed`; add the install check and repeat it bare as the final
# line (once, for .ci/run's sum).
summary=$(sed -n 's/^\[suite\] \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$WORK/e2e.log" | tail -1)
if [ -z "$summary" ]; then summary="0 1"; status=1; fi
read -r suite_passed suite_failed <<<"$summary"
[ "$status" -eq 0 ] || status=1
echo "$((suite_passed + install_passed)) passed, $((suite_failed + install_failed)) failed"
exit "$status"

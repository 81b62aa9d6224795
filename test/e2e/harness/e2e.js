#!/usr/bin/env node
// Runs dIPC Studio's extension tests (mocha, require('vscode')) inside code-server's node extension
// host, driven headless through Debian's chromium: the offline route of /work/shared/vscode-e2e,
// adapted. Exit code = test result (0 pass, 1 a test or the runner failed, 2 timeout).
//
// usage: node e2e.js --ext <extensionDevelopmentPath> --tests <extensionTestsPath (module exporting run())>
//          --workspace <folder> [--timeout 300] [--screenshot final.png] [--screenshot-dir dir] [--verbose]
// env: CODE_SERVER_NODE (node binary for code-server; default: this node), CHROMIUM (default /usr/bin/chromium)
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { chromium } = require(require.resolve('playwright-core', { paths: [__dirname, process.cwd()] }));

function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? true : v;
}
const csRoot = path.resolve(arg('code-server', __dirname)); // folder whose node_modules has code-server (setup.sh)
const extPath = path.resolve(arg('ext'));
const testsPath = path.resolve(arg('tests'));
const wsPath = path.resolve(arg('workspace'));
const timeoutS = Number(arg('timeout', 300));
const screenshot = arg('screenshot', '');   // final screenshot file
const screenshotDir = arg('screenshot-dir', ''); // where "@@screenshot name" requests from tests go
const verbose = !!arg('verbose', false);
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const csEntry = path.join(csRoot, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const envFile = path.join(csRoot, 'node_modules', '.e2e-env.json'); // written by setup.sh: the node that code-server was built for
const nodeBin = process.env.CODE_SERVER_NODE || (fs.existsSync(envFile) && JSON.parse(fs.readFileSync(envFile, 'utf8')).node) || process.execPath;

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  s.on('error', rej);
});

let csProc, browser, tmp;
async function cleanup() {
  if (browser) { await browser.close().catch(() => {}); browser = undefined; }
  if (csProc && csProc.exitCode === null) {
    try { process.kill(-csProc.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise(r => { const t = setTimeout(() => { try { process.kill(-csProc.pid, 'SIGKILL'); } catch {} r(); }, 5000); csProc.once('exit', () => { clearTimeout(t); r(); }); });
  }
  if (tmp && !process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
}

async function main() {
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-e2e-'));
  const ud = path.join(tmp, 'user-data'), exts = path.join(tmp, 'extensions'), chromeDir = path.join(tmp, 'chromium');
  fs.mkdirSync(path.join(ud, 'User'), { recursive: true });
  fs.mkdirSync(exts);
  fs.writeFileSync(path.join(ud, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none',
    'git.openRepositoryInParentFolders': 'never', 'workbench.enableExperiments': false, 'chat.disableAIFeatures': true,
  }, null, 1));
  const cfg = path.join(tmp, 'code-server.yaml');
  const logFile = path.join(tmp, 'tests.log');
  fs.writeFileSync(logFile, '');
  let logPos = 0;
  let page, shots = 0;
  const pump = () => {
    const b = fs.readFileSync(logFile);
    if (b.length <= logPos) return;
    const text = b.subarray(logPos).toString('utf8'); logPos = b.length;
    process.stdout.write(text);
    // a test can ask for a picture of the UI by logging "@@screenshot <name>" (it then waits ~1.5s)
    for (const m of text.matchAll(/^@@screenshot (\S+)$/gm)) {
      if (!page || !screenshotDir) continue;
      fs.mkdirSync(screenshotDir, { recursive: true });
      const file = path.join(screenshotDir, `${String(++shots).padStart(2, '0')}-${m[1].replace(/[^\w.-]/g, '_')}.png`);
      page.screenshot({ path: file }).then(() => console.log(`[e2e] screenshot ${file}`), (e) => console.log(`[e2e] screenshot failed: ${e.message}`));
    }
  };
  const pumper = setInterval(pump, 250);
  const port = await freePort();
  fs.writeFileSync(cfg, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  // From code-server 4.133 (VS Code 1.133) the built web workbench ignores the payload's
  // extensionDevelopmentPath/extensionTestsPath unless the server runs with enable-smoke-test-driver;
  // code-server >= 4.134 passes that through with --vscode-option (4.133.x can't: avoid it).
  // code-server <= 4.117 has neither and needs neither.
  const cliSrc = fs.readFileSync(path.join(csRoot, 'node_modules', 'code-server', 'out', 'node', 'cli.js'), 'utf8');
  const extraCsArgs = cliSrc.includes('"vscode-option"') ? ['--vscode-option', 'enable-smoke-test-driver'] : [];
  // 1. code-server (own process group so we can stop it and its extension hosts together)
  csProc = spawn(nodeBin, [csEntry, '--config', cfg, '--user-data-dir', ud, '--extensions-dir', exts,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', ...extraCsArgs], { detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    // the extension host inherits this env; E2E_LOG is where our test runner tees its formatted output
    env: { ...process.env, XDG_CONFIG_HOME: tmp, E2E_LOG: logFile } });
  let csOut = '';
  const ready = new Promise((res, rej) => {
    const onData = (d) => {
      const s = d.toString(); csOut += s;
      if (verbose) process.stderr.write(`[code-server] ${s}`);
      if (/HTTP server listening/.test(csOut)) res();
    };
    csProc.stdout.on('data', onData); csProc.stderr.on('data', onData);
    csProc.once('exit', (c) => rej(new Error(`code-server exited early (${c}):\n${csOut}`)));
    setTimeout(() => rej(new Error(`code-server did not start in 60s:\n${csOut}`)), 60000);
  });
  await ready;
  console.log(`[e2e] code-server listening on 127.0.0.1:${port} (${since()})`);

  // 2. Chromium → workbench URL with a payload telling it to load the extension under development and run its tests
  const host = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${host}${p}`; // vscode-remote => runs in the server-side *node* extension host
  const payload = [
    ['extensionDevelopmentPath', remote(extPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `http://${host}/?folder=${encodeURIComponent(wsPath)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  browser = await chromium.launchPersistentContext(chromeDir, {
    executablePath: chromiumPath, headless: true, viewport: { width: 1400, height: 850 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = browser.pages()[0] || await browser.newPage();
  let resolveExit;
  const exited = new Promise(r => { resolveExit = r; });
  // Hooks the web workbench calls when it runs extension tests (same contract as VS Code's test/integration/browser)
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const msg = (args || []).join(' ');
    // workbench errors always (minus the marketplace lookups that fail offline), everything with --verbose
    if (verbose || (type === 'error' && !/ENOTFOUND|ERR_NAME_NOT_RESOLVED|authentication provider 'github'/.test(msg))) console.log(`[workbench:${type}] ${msg}`);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  if (verbose) page.on('console', (m) => console.log(`[page:${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.log(`[page exception] ${e.message}`));
  await page.goto(url);
  console.log(`[e2e] workbench page loaded (${since()})`);

  const code = await Promise.race([exited, new Promise(r => setTimeout(() => r('timeout'), timeoutS * 1000))]);
  clearInterval(pumper); pump();
  if (screenshot) await page.screenshot({ path: screenshot }).catch(() => {});
  if (code === 'timeout') { console.log(`[e2e] TIMEOUT after ${timeoutS}s waiting for codeAutomationExit`); if (!verbose) console.log(csOut.slice(-4000)); return 2; }
  console.log(`[e2e] extension tests finished with exit code ${code} (${since()})`);
  return code;
}

let finished = false;
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { if (!finished) { finished = true; await cleanup(); process.exit(130); } });
main().then(async (code) => { finished = true; await cleanup(); process.exit(typeof code === 'number' ? code : 1); },
  async (err) => { finished = true; console.error('[e2e] error:', err && err.stack || err); await cleanup(); process.exit(1); });

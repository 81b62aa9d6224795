// `npm run test:vscode`: the same extension suite in a desktop VS Code downloaded by
// @vscode/test-electron (needs access to Microsoft's update servers, so it is not part of CI;
// test/e2e/run.sh is the offline route). The VS Code version matches engines.vscode.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dipc-vscode-'));
  fs.cpSync(path.join(__dirname, 'workspace'), workspace, { recursive: true });
  fs.cpSync(path.join(root, 'examples'), path.join(workspace, 'examples'), { recursive: true });
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`test:vscode failed: ${error.message}`);
  process.exit(1);
});

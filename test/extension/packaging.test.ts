// `npm run package`: the .vsix holds the bundles, the editor files, media, examples, README,
// CHANGELOG and LICENSE, and nothing else (no sources, tests, source maps or node_modules).
import * as assert from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** Files that must be in the package whatever has been built. */
const REQUIRED = [
  'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'language-configuration.json', 'snippets/dipc.json',
  'syntaxes/dipc.tmLanguage.json', 'media/icon.png', 'examples/hello.dipc', 'examples/oltp.dipc',
];
const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/debugAdapter.js', 'dist/cli.js'];
const ALLOWED = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|language-configuration\.json|snippets\/dipc\.json|syntaxes\/dipc\.tmLanguage\.json|media\/.+\.(png|svg|md)|examples\/[\w-]+\.dipc|dist\/(extension|server|debugAdapter|cli)\.js)$/;

function vsce(args: string[]): string {
  return execFileSync(process.execPath, [VSCE, ...args, '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' });
}

describe('extension: packaging', function () {
  this.timeout(120000);

  it('lists exactly the files a user needs (vsce ls against .vscodeignore)', () => {
    const files = vsce(['ls']).split('\n').map((line) => line.trim()).filter(Boolean);
    for (const file of REQUIRED) assert.ok(files.includes(file), `${file} packaged`);
    for (const bundle of BUNDLES) assert.strictEqual(files.includes(bundle), fs.existsSync(path.join(ROOT, bundle)), `${bundle} packaged when built`);
    const unexpected = files.filter((file) => !ALLOWED.test(file));
    assert.deepStrictEqual(unexpected, [], 'nothing else (sources, tests, maps, node_modules)');
  });

  it('packages a .vsix offline that holds the extension entry and the manifest', function () {
    if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) this.skip();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dipc-vsix-'));
    try {
      const vsix = path.join(folder, 'dipc-studio.vsix');
      vsce(['package', '--allow-missing-repository', '--out', vsix]);
      const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n');
      for (const entry of ['extension/package.json', 'extension/dist/extension.js', 'extension/syntaxes/dipc.tmLanguage.json', 'extension/examples/kvstore.dipc', 'extension.vsixmanifest']) {
        assert.ok(listing.includes(entry), `${entry} in the .vsix`);
      }
      assert.ok(!listing.some((entry) => entry.includes('node_modules/')), 'no node_modules');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

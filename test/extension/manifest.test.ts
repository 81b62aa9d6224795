// package.json's `contributes` as VS Code reads it: every file it names exists, the debugger and
// task contributions are complete, the problem matcher reads the compiler's error lines.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

function exists(relative: string): boolean {
  return fs.existsSync(path.join(ROOT, relative));
}

describe('extension: package.json contributions', () => {
  it('names only files that exist (grammar, language configuration, snippets, icons, walkthrough media)', () => {
    const files: string[] = [
      manifest.icon,
      ...contributes.languages.flatMap((l: { configuration: string; icon: { light: string; dark: string } }) => [l.configuration, l.icon.light, l.icon.dark]),
      ...contributes.grammars.map((g: { path: string }) => g.path),
      ...contributes.snippets.map((s: { path: string }) => s.path),
      ...contributes.views.debug.map((v: { icon: string }) => v.icon),
      ...contributes.walkthroughs.flatMap((w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown)),
    ];
    for (const file of files) assert.ok(exists(file), `${file} exists`);
  });

  it('asks for a VS Code no newer than the API types and the VS Code of the e2e suite (1.100)', () => {
    assert.strictEqual(manifest.engines.vscode, '^1.100.0');
    assert.strictEqual(manifest.devDependencies['@types/vscode'], '1.100.0');
    const harness = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/e2e/harness/package.json'), 'utf8'));
    assert.match(harness.dependencies['code-server'], /^4\.100\./);
  });

  it('contributes the dipc language with the source.dipc grammar, breakpoints and the debugger', () => {
    assert.deepStrictEqual(contributes.languages[0].extensions, ['.dipc']);
    assert.strictEqual(contributes.grammars[0].scopeName, 'source.dipc');
    assert.deepStrictEqual(contributes.breakpoints, [{ language: 'dipc' }]);
    const [debuggerEntry] = contributes.debuggers;
    assert.strictEqual(debuggerEntry.type, 'dipc');
    assert.strictEqual(debuggerEntry.program, './dist/debugAdapter.js');
    const launch = debuggerEntry.configurationAttributes.launch;
    for (const attribute of ['program', 'stopOnEntry', 'ipc', 'maxInstructions', 'costModel']) assert.ok(launch.properties[attribute], attribute);
    assert.deepStrictEqual(launch.properties.ipc.enum, contributes.configuration.properties['dipc.ipc.defaultMode'].enum);
    for (const configuration of debuggerEntry.initialConfigurations) {
      for (const required of launch.required) assert.ok(required in configuration, `initial configuration has ${required}`);
    }
  });

  it('the $dipc problem matcher reads `file:line:col: severity CODE: message` lines', () => {
    const [matcher] = contributes.problemMatchers;
    const { pattern } = matcher;
    const regexp = new RegExp(pattern.regexp);
    const match = regexp.exec('examples/kv store.dipc:11:15: error E102: call to Store.get, which Client does not import')!;
    assert.ok(match);
    assert.strictEqual(match[pattern.file], 'examples/kv store.dipc');
    assert.strictEqual(match[pattern.line], '11');
    assert.strictEqual(match[pattern.column], '15');
    assert.strictEqual(match[pattern.severity], 'error');
    assert.strictEqual(match[pattern.code], 'E102');
    assert.strictEqual(match[pattern.message], 'call to Store.get, which Client does not import');
    assert.ok(regexp.test('a.dipc:3:1: warning W201: entry that no process imports'));
    assert.ok(!regexp.test('got 42'));
  });

  it('contributes the four commands, the CODOMs and timeline views in Run and Debug, and the settings', () => {
    assert.deepStrictEqual(contributes.commands.map((c: { command: string }) => c.command).sort(), ['dipc.compareIpc', 'dipc.openExamples', 'dipc.run', 'dipc.showPageMap']);
    assert.deepStrictEqual(contributes.views.debug.map((v: { id: string }) => v.id), ['dipc.codoms', 'dipc.timeline']);
    assert.deepStrictEqual(Object.keys(contributes.configuration.properties).sort(), ['dipc.costModel', 'dipc.debugger.separateProcess', 'dipc.ipc.defaultMode', 'dipc.trace.server']);
    assert.strictEqual(contributes.taskDefinitions[0].type, 'dipc');
  });
});

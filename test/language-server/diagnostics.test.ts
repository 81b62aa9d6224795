// Diagnostics over LSP: the conformance diagnostic programs (../shared/conformance/20-*, 21-*)
// report exactly their `//! diag:` codes and no other errors; every diagnostic carries the code,
// `source: "dipc"`, a documentation link, related locations, hint severity for hints and the
// `unnecessary` tag for W201/W202; edits are re-checked and a newer version supersedes an older one.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspTestClient, PROJECT_ROOT } from './lsp-client';

const CONFORMANCE = join(PROJECT_ROOT, '..', 'shared', 'conformance');

function expectedDiagnostics(text: string): { code: string; line: number }[] {
  return [...text.matchAll(/^\/\/! diag: (\S+) (\d+)\s*$/gm)].map((match) => ({ code: match[1], line: Number(match[2]) }));
}

describe('language server: diagnostics', function () {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => client.stop());

  describe('conformance diagnostic programs', () => {
    const files = existsSync(CONFORMANCE)
      ? readdirSync(CONFORMANCE).filter((name) => /^2[01]-.*\.dipc$/.test(name)).sort()
      : [];
    if (files.length === 0) {
      it('skipped: ../shared/conformance is not present');
      return;
    }
    for (const file of files) {
      it(`${file} reports its //! diag: lines and no other errors`, async () => {
        const text = readFileSync(join(CONFORMANCE, file), 'utf8');
        const diagnostics = await client.open(`file:///conformance/${file}`, text);
        const expected = expectedDiagnostics(text);
        assert.ok(expected.length > 0);
        for (const { code, line } of expected) {
          assert.ok(
            diagnostics.some((diagnostic) => diagnostic.code === code && diagnostic.range.start.line === line - 1),
            `${code} on line ${line}; got ${diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`).join(' ')}`,
          );
        }
        const unexpectedErrors = diagnostics.filter(
          (diagnostic) =>
            diagnostic.severity === DiagnosticSeverity.Error &&
            !expected.some(({ line }) => diagnostic.range.start.line === line - 1),
        );
        assert.deepEqual(unexpectedErrors.map((d) => `${String(d.code)}@${d.range.start.line + 1}: ${d.message}`), []);
        for (const diagnostic of diagnostics) {
          assert.equal(diagnostic.source, 'dipc');
          assert.equal(diagnostic.codeDescription?.href.endsWith(`#${String(diagnostic.code).toLowerCase()}`), true);
        }
      });
    }
  });

  it('marks unused entries and imports unnecessary, hints as hints, and links related locations', async () => {
    const uri = 'file:///diagnostics/shapes.dipc';
    const diagnostics = await client.open(
      uri,
      [
        'process Store {',
        '    entry get(k: int) -> int { return k; }',
        '    entry unused() { }',
        '}',
        'process Client {',
        '    import Store.get;',
        '    fn main() {',
        '        print(Store.get(1, 2) else 0);',
        '        print(Store.get(1));',
        '    }',
        '}',
        'process Lazy {',
        '    import Store.get;',
        '}',
      ].join('\n'),
    );
    const byCode = (code: string): Diagnostic[] => diagnostics.filter((diagnostic) => diagnostic.code === code);
    const unusedEntry = byCode('W201');
    assert.equal(unusedEntry.length, 1);
    assert.equal(unusedEntry[0].range.start.line, 2);
    assert.deepEqual(unusedEntry[0].tags, [DiagnosticTag.Unnecessary]);
    assert.equal(unusedEntry[0].severity, DiagnosticSeverity.Warning);
    const unusedImport = byCode('W202');
    assert.equal(unusedImport.length, 1);
    assert.equal(unusedImport[0].range.start.line, 12);
    assert.deepEqual(unusedImport[0].tags, [DiagnosticTag.Unnecessary]);
    const noElse = byCode('W203');
    assert.ok(noElse.some((diagnostic) => diagnostic.range.start.line === 8));
    assert.ok(noElse.every((diagnostic) => diagnostic.severity === DiagnosticSeverity.Hint));
    const wrongArguments = byCode('E104');
    assert.equal(wrongArguments.length, 1);
    assert.ok(
      wrongArguments[0].relatedInformation?.some((related) => related.location.uri === uri && related.location.range.start.line === 1),
      'E104 points at the entry declaration',
    );
  });

  it('re-checks after an incremental change, and the newest version wins', async () => {
    const uri = 'file:///diagnostics/edits.dipc';
    const first = await client.open(uri, 'process A {\n    fn main() {\n        print(1);\n    }\n}\n');
    assert.deepEqual(first, []);
    // Two quick edits: the first introduces an unknown name, the second fixes it again.
    const broken = client.change(uri, [{ range: { start: { line: 2, character: 14 }, end: { line: 2, character: 15 } }, text: 'nope' }]);
    const fixed = await client.change(uri, [{ range: { start: { line: 2, character: 14 }, end: { line: 2, character: 18 } }, text: '2' }]);
    assert.deepEqual(fixed, []);
    await broken;
    assert.equal(client.publishedVersion(uri), 3, 'the last diagnostics published are those of the newest version');
    const unknown = await client.change(uri, [{ range: { start: { line: 2, character: 14 }, end: { line: 2, character: 15 } }, text: 'missing' }]);
    assert.deepEqual(unknown.map((diagnostic) => diagnostic.code), ['E002']);
    assert.equal(client.text(uri).split('\n')[2], '        print(missing);');
  });

  it('clears the diagnostics of a closed document', async () => {
    const uri = 'file:///diagnostics/closed.dipc';
    const diagnostics = await client.open(uri, 'process A { fn main() { x = 1; } }');
    assert.ok(diagnostics.length > 0);
    const cleared = client.nextDiagnostics(uri);
    await client.close(uri);
    assert.deepEqual(await cleared, []);
  });

  it('publishes what only compiling finds (E114, E001 in asm) once typing pauses, and drops it after a fix', async () => {
    const uri = 'file:///diagnostics/limits.dipc';
    const text = 'process A {\n    fn main() {\n        let big: [int; 100000];\n        print(big[0]);\n        asm {\n            frobnicate t0\n        }\n    }\n}\n';
    const compiled = new Promise<Diagnostic[]>((resolve) => {
      const wait = (): void => {
        void client.nextDiagnostics(uri).then((diagnostics) => (diagnostics.length > 0 ? resolve(diagnostics) : wait()));
      };
      wait();
    });
    const first = await client.open(uri, text);
    assert.deepEqual(first, [], 'the front end alone finds nothing');
    const diagnostics = await compiled;
    // The code generator stops at its first limit; the asm line is read only once generation succeeds.
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.severity]), [['E114', 1, DiagnosticSeverity.Error]]);
    assert.match(diagnostics[0].message, /stack frame/);
    assert.ok(diagnostics[0].codeDescription?.href.endsWith('#e114'));
    const fixedFrame = text.replace('[int; 100000]', '[int; 10]');
    const afterEdit = client.nextDiagnostics(uri);
    const asmOnly = new Promise<Diagnostic[]>((resolve) => {
      const wait = (): void => {
        void client.nextDiagnostics(uri).then((next) => (next.some((d) => d.code === 'E001') ? resolve(next) : wait()));
      };
      wait();
    });
    await client.change(uri, [{ text: fixedFrame }]);
    assert.deepEqual(await afterEdit, [], 'an edit republishes the front end\'s diagnostics at once');
    const asm = await asmOnly;
    assert.deepEqual(asm.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['E001', 5, 12]]);
  });
});

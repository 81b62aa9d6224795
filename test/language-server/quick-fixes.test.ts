// Quick fixes over LSP: for each fixable diagnostic the server offers a code action; applying its
// WorkspaceEdit (sent back as a didChange) leaves a document the server re-checks free of that
// diagnostic.
import { strict as assert } from 'node:assert';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { lineOf } from './fixture';
import { LspTestClient } from './lsp-client';

interface FixCase {
  code: string;
  text: string;
  /** The line (as text) the diagnostic is on. */
  on: string;
  title: RegExp;
  after: RegExp;
  /** Errors the fixed program still has by design (the next step for the user). */
  thenReports?: string[];
}

const CASES: FixCase[] = [
  {
    code: 'E102',
    text: 'process Store {\n    entry put(k: int) -> int { return k; }\n}\nprocess Client {\n    fn main() {\n        Store.put(1) else 0;\n    }\n}\n',
    on: 'Store.put(1)',
    title: /import Store\.put;/,
    after: /process Client \{\n    import Store\.put;\n/,
  },
  {
    code: 'E107',
    text:
      'process Store {\n    entry sum(c: cap) -> int { return c[0]; }\n}\nprocess Client {\n    import Store.sum;\n' +
      '    fn main() {\n        let data: [int; 4];\n        print(Store.sum(&data) else 0);\n    }\n}\n',
    on: 'Store.sum(&data)',
    title: /cap\(data, read\)/,
    after: /Store\.sum\(cap\(data, read\)\) else 0/,
  },
  {
    code: 'E105',
    text: 'process Store {\n    entry get() -> int isolate(reg_integrty) { return 1; }\n}\nprocess Client {\n    import Store.get;\n    fn main() { print(Store.get() else 0); }\n}\n',
    on: 'reg_integrty',
    title: /reg_integrity/,
    after: /isolate\(reg_integrity\)/,
  },
  {
    code: 'E101',
    text: 'process Store {\n    fn helper() -> int { return 1; }\n}\nprocess Client {\n    fn main() { print(Store.helper()); }\n}\n',
    on: 'Store.helper()',
    title: /entry/,
    after: /entry helper\(\) -> int/,
    // An entry of another process must then be imported: the next quick fix (E102) adds it.
    thenReports: ['E102'],
  },
  {
    code: 'E109',
    text:
      'process Store {\n    entry get() -> int { return 1; }\n}\nprocess Client {\n    import Store.get;\n    import Store.get;\n' +
      '    fn main() { print(Store.get() else 0); }\n}\n',
    on: 'import Store.get;',
    title: /[Rr]emove/,
    after: /import Store\.get;\n    fn main/,
  },
];

describe('language server: quick fixes', function () {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => client.stop());

  for (const fixCase of CASES) {
    it(`${fixCase.code}: the quick fix applies and the re-check no longer reports it`, async () => {
      const uri = `file:///fixes/${fixCase.code}.dipc`;
      const diagnostics = await client.open(uri, fixCase.text);
      // E109 is on the second of two identical lines.
      const line = fixCase.code === 'E109' ? lineOf(fixCase.text, fixCase.on, 1) : lineOf(fixCase.text, fixCase.on);
      const diagnostic = diagnostics.find((candidate) => candidate.code === fixCase.code && candidate.range.start.line === line);
      assert.ok(diagnostic, `${fixCase.code} on line ${line + 1}: ${diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`).join(' ')}`);
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], only: ['quickfix'] },
      });
      const action = actions.find((candidate) => candidate.diagnostics?.some((fixed) => fixed.code === fixCase.code));
      assert.ok(action, `a quick fix for ${fixCase.code}; got ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(action.kind, 'quickfix');
      assert.match(action.title, fixCase.title);
      const after = await client.applyEdits(uri, action.edit?.changes?.[uri] ?? []);
      assert.match(client.text(uri), fixCase.after);
      assert.deepEqual(
        after.filter((remaining: Diagnostic) => remaining.code === fixCase.code).map((remaining) => remaining.message),
        [],
      );
      assert.deepEqual(after.filter((remaining) => remaining.severity === 1).map((remaining) => String(remaining.code)), fixCase.thenReports ?? []);
    });
  }

  it('offers no quick fixes when only refactorings are asked for', async () => {
    const uri = 'file:///fixes/only-refactor.dipc';
    const diagnostics = await client.open(uri, CASES[0].text);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['refactor'] },
    });
    assert.deepEqual(actions, []);
  });
});

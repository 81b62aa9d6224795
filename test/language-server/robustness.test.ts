// Robustness over LSP: a document full of syntax errors still answers symbols and hovers, positions
// agree with the editor's in CRLF and non-ASCII text, and malformed requests get answers, never a
// dead server.
import { strict as assert } from 'node:assert';
import type { DocumentSymbol, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { positionOf } from './fixture';
import { LspTestClient } from './lsp-client';

describe('language server: robustness', function () {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => client.stop());

  it('a document with syntax errors still has symbols and hovers', async () => {
    const uri = 'file:///robustness/broken.dipc';
    const text = [
      'process Store {',
      '    var table: [int; 8];',
      '    entry get(k: int) -> int isolate(reg_integrity) {',
      '        return table[k] +;',
      '    }',
      '    fn broken( {',
      '}',
      'process Client {',
      '    import Store.get;',
      '    fn main() {',
      '        let x = Store.get(1) else ;',
      '        print(x',
      '    }',
      '}',
    ].join('\n');
    const diagnostics = await client.open(uri, text);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'E001'));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.some((symbol) => symbol.name === 'Store'));
    const store = symbols.find((symbol) => symbol.name === 'Store');
    assert.ok(store?.children?.some((child) => child.name === 'get'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'table[k]', 1) });
    assert.match((hover.contents as MarkupContent).value, /var table: \[int; 8\]/);
  });

  it('positions agree with the editor in CRLF documents and after non-ASCII text', async () => {
    const uri = 'file:///robustness/crlf.dipc';
    const text = 'process A {\r\n    // héllo 🙂\r\n    var count: int;\r\n    fn main() { print(count); }\r\n}\r\n';
    await client.open(uri, text);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 23 } });
    assert.match((hover.contents as MarkupContent).value, /var count: int/);
    assert.deepEqual(hover.range, { start: { line: 3, character: 22 }, end: { line: 3, character: 27 } });
  });

  it('malformed requests get an answer and the server keeps running', async () => {
    const uri = 'file:///robustness/valid.dipc';
    await client.open(uri, 'process A {\n    fn main() { }\n}\n');
    const malformed: [string, unknown][] = [
      ['textDocument/hover', {}],
      ['textDocument/hover', { textDocument: { uri }, position: null }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 'x', character: {} } }],
      ['textDocument/definition', { textDocument: 7 }],
      ['textDocument/completion', { textDocument: { uri }, position: { line: 1e9, character: 1e9 } }],
      ['textDocument/signatureHelp', { textDocument: { uri }, position: { line: 0, character: 3 } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: null, context: null }],
      ['textDocument/inlayHint', { textDocument: { uri } }],
      ['textDocument/rename', { textDocument: { uri }, position: { line: 1, character: 8 } }],
      ['workspace/symbol', null],
    ];
    for (const [method, params] of malformed) {
      await client.request(method, params).catch((error: Error) => assert.ok(error.message.length > 0, method));
    }
    assert.ok(client.isRunning);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0].name, 'A');
  });
});

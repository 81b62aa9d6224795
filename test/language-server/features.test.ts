// The language features over LSP, against the bundled server: hover (types, entries, proxies,
// isolation properties), go to definition, references and rename across processes, document and
// workspace symbols, completion, signature help, semantic tokens, folding and inlay hints.
import { strict as assert } from 'node:assert';
import type {
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InlayHint,
  Location,
  MarkupContent,
  Range,
  SemanticTokens,
  SignatureHelp,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES } from '../../language-server/protocol';
import { KV_STORE, lineOf, positionOf } from './fixture';
import { LspTestClient } from './lsp-client';

const URI = 'file:///features/kvstore.dipc';

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

function decodeTokens(text: string, tokens: SemanticTokens): { text: string; type: string; modifiers: string[] }[] {
  const lines = text.split('\n');
  const decoded = [];
  let line = 0;
  let character = 0;
  for (let index = 0; index < tokens.data.length; index += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = tokens.data.slice(index, index + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    decoded.push({
      text: lines[line].slice(character, character + length),
      type: SEMANTIC_TOKEN_TYPES[type],
      modifiers: SEMANTIC_TOKEN_MODIFIERS.filter((_, bit) => (modifiers & (1 << bit)) !== 0),
    });
  }
  return decoded;
}

describe('language server: features', function () {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start();
    await client.open(URI, KV_STORE);
  });
  after(async () => client.stop());

  const at = (needle: string, delta = 0, occurrence = 0) => ({
    textDocument: { uri: URI },
    position: positionOf(KV_STORE, needle, delta, occurrence),
  });

  describe('hover', () => {
    it('gives the type of a global and a local', async () => {
      assert.match(hoverText(await client.request('textDocument/hover', at('table[key % 64] = value', 1))), /var table: \[int; 64\]/);
      const capability = hoverText(await client.request('textDocument/hover', at('len(c)', 4)));
      assert.match(capability, /let c: cap/);
      assert.match(capability, /synchronous capability/);
    });

    it('at a cross-process call: the signature, both policies and what the proxy does', async () => {
      const text = hoverText(await client.request('textDocument/hover', at('Store.get(7)', 6)));
      assert.match(text, /entry Store\.get\(key: int\) -> int isolate\(reg_integrity\)/);
      assert.match(text, /Caller \(`Client`\) isolation: `reg_confidentiality`, `stack_confidentiality`/);
      assert.match(text, /Callee \(`Store`\) isolation: `reg_integrity`/);
      assert.match(text, /`reg_integrity` \(callee\), `reg_confidentiality` \(caller\), `stack_confidentiality` \(caller\)/);
      assert.match(text, /stack switched to the callee's/);
      assert.match(text, /zeroed on call: yes/);
      assert.match(text, /caller's reg_confidentiality: zero every register not carrying one of the 1 integer/);
      assert.match(text, /switch process identity to the callee \(Store\)/);
    });

    it('for a call without any isolation: a shared stack and no registers saved', async () => {
      const text = hoverText(await client.request('textDocument/hover', at('Store.put(7, 42)', 6)));
      assert.match(text, /no isolation properties/);
      assert.match(text, /stack shared \(the caller's\)/);
      assert.match(text, /registers not saved/);
      assert.match(text, /DCS base not raised/);
    });

    it('on an entry declaration: its policy and who imports it', async () => {
      const text = hoverText(await client.request('textDocument/hover', at('entry get', 6)));
      assert.match(text, /Callee isolation: `reg_integrity`/);
      assert.match(text, /Imported by `Client` \(caller isolation: `reg_confidentiality`, `stack_confidentiality`\)/);
      const unused = hoverText(await client.request('textDocument/hover', at('entry size', 6)));
      assert.match(unused, /No process imports this entry/);
    });

    it('on an isolation property: what it guarantees to the side that lists it', async () => {
      const callee = hoverText(await client.request('textDocument/hover', at('isolate(reg_integrity)', 8)));
      assert.match(callee, /Listed by the callee/);
      assert.match(callee, /trusted sp, gp, tp/);
      const caller = hoverText(await client.request('textDocument/hover', at('reg_confidentiality, stack', 2)));
      assert.match(caller, /Listed by the caller/);
      assert.match(caller, /sees only the argument registers/);
      const uri = 'file:///features/misspelled.dipc';
      const text = 'process A {\n    entry e() isolate(stack_integrty) { }\n}\n';
      await client.open(uri, text);
      const misspelled = hoverText(await client.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'stack_integrty', 3) }));
      assert.match(misspelled, /not an isolation property; did you mean `stack_integrity`/);
    });

    it('on a built-in: its signature and documentation', async () => {
      const text = hoverText(await client.request('textDocument/hover', at('len(c)', 1)));
      assert.match(text, /len\(a: array \| cap \| acap\) -> int/);
    });

    it('nothing on blank space, and no error for positions out of range', async () => {
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 3, character: 0 } }), null);
      await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: 9999, character: 9999 } });
      await client.request('textDocument/hover', { textDocument: { uri: URI }, position: { line: -4, character: -1 } });
      assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'file:///not-open.dipc' }, position: { line: 0, character: 0 } }), null);
      assert.ok(client.isRunning);
    });
  });

  describe('go to definition and references', () => {
    it('jumps from a call and from an import to the entry', async () => {
      const entryLine = lineOf(KV_STORE, 'entry get');
      const fromCall = await client.request<Location>('textDocument/definition', at('Store.get(8)', 6));
      assert.equal(fromCall.uri, URI);
      assert.deepEqual(fromCall.range.start, positionOf(KV_STORE, 'entry get', 6));
      const fromImport = await client.request<Location>('textDocument/definition', at('import Store.get', 14));
      assert.equal(fromImport.range.start.line, entryLine);
      const fromLocal = await client.request<Location>('textDocument/definition', at('print(v', 6));
      assert.deepEqual(fromLocal.range.start, positionOf(KV_STORE, 'let v', 4));
    });

    it('finds the entry, its import and every call', async () => {
      const found = await client.request<Location[]>('textDocument/references', {
        ...at('entry get', 6),
        context: { includeDeclaration: true },
      });
      const starts = found.map((location) => `${location.range.start.line}:${location.range.start.character}`);
      const expected = [
        positionOf(KV_STORE, 'entry get', 6),
        positionOf(KV_STORE, 'import Store.get', 13),
        positionOf(KV_STORE, 'Store.get(7)', 6),
        positionOf(KV_STORE, 'Store.get(8)', 6),
      ].map((position) => `${position.line}:${position.character}`);
      assert.deepEqual(starts, expected);
      const withoutDeclaration = await client.request<Location[]>('textDocument/references', {
        ...at('Store.get(7)', 7),
        context: { includeDeclaration: false },
      });
      assert.equal(withoutDeclaration.length, 3);
    });
  });

  describe('rename', () => {
    it('renames an entry: declaration, import and calls; the result checks clean', async () => {
      const uri = 'file:///features/rename.dipc';
      await client.open(uri, KV_STORE);
      const prepared = await client.request<{ range: Range; placeholder: string }>('textDocument/prepareRename', {
        textDocument: { uri },
        position: positionOf(KV_STORE, 'Store.get(7)', 7),
      });
      assert.equal(prepared.placeholder, 'get');
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri },
        position: positionOf(KV_STORE, 'Store.get(7)', 7),
        newName: 'lookup',
      });
      const edits = edit.changes?.[uri] ?? [];
      assert.equal(edits.length, 4);
      const diagnostics = await client.applyEdits(uri, edits);
      const text = client.text(uri);
      assert.match(text, /entry lookup\(key: int\)/);
      assert.match(text, /import Store\.lookup isolate/);
      assert.match(text, /Store\.lookup\(7\)/);
      assert.doesNotMatch(text, /\bget\b/);
      assert.deepEqual(diagnostics.filter((diagnostic) => diagnostic.severity === 1), []);
    });

    it('leaves an aliased import alone and renames the alias on its own', async () => {
      const uri = 'file:///features/alias.dipc';
      const text = [
        'process Store {',
        '    entry get(k: int) -> int { return k; }',
        '}',
        'process Client {',
        '    import Store.get as fetch;',
        '    fn main() { print(fetch(1) else 0); }',
        '}',
      ].join('\n');
      await client.open(uri, text);
      const entryRename = await client.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri },
        position: positionOf(text, 'entry get', 6),
        newName: 'read_value',
      });
      const entryEdits = entryRename.changes?.[uri] ?? [];
      assert.deepEqual(entryEdits.map((edit) => edit.range.start.line).sort(), [1, 4], 'the entry and the import, not the aliased call');
      const aliasRename = await client.request<WorkspaceEdit>('textDocument/rename', {
        textDocument: { uri },
        position: positionOf(text, 'fetch(1)', 1),
        newName: 'lookup',
      });
      assert.deepEqual((aliasRename.changes?.[uri] ?? []).map((edit) => edit.range.start.line).sort(), [4, 5]);
      const diagnostics = await client.applyEdits(uri, aliasRename.changes?.[uri] ?? []);
      assert.match(client.text(uri), /import Store\.get as lookup;/);
      assert.match(client.text(uri), /print\(lookup\(1\) else 0\)/);
      assert.deepEqual(diagnostics.filter((diagnostic) => diagnostic.severity === 1), []);
    });

    it('refuses keywords, built-ins and malformed names', async () => {
      for (const newName of ['while', 'print', '9lives', '']) {
        await assert.rejects(
          client.request('textDocument/rename', { ...at('entry put', 6), newName }),
          (error: Error) => error.message.length > 0,
          newName,
        );
      }
      assert.ok(client.isRunning);
    });
  });

  describe('symbols', () => {
    it('outlines processes with their entries, functions, globals and imports', async () => {
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
      assert.deepEqual(symbols.map((symbol) => symbol.name), ['Store', 'Client']);
      assert.deepEqual(symbols[0].children?.map((child) => `${child.name}:${child.detail ?? ''}`), [
        'table:var',
        'put:entry put(key: int, value: int)',
        'get:entry get(key: int) -> int isolate(reg_integrity)',
        'size:entry size() -> int',
        'helper:fn helper() -> int',
      ]);
      assert.deepEqual(symbols[1].children?.map((child) => child.name), ['Store.put', 'Store.get', 'main']);
    });

    it('nests domains and their members', async () => {
      const uri = 'file:///features/domains.dipc';
      await client.open(
        uri,
        'process Browser {\n    domain Plugin {\n        var cookies: int;\n        entry render() { }\n    }\n    fn main() { Plugin.render(); }\n}\n',
      );
      const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      const plugin = symbols[0].children?.find((child) => child.name === 'Plugin');
      assert.deepEqual(plugin?.children?.map((child) => child.name), ['cookies', 'render']);
    });

    it('finds declarations across every open document', async () => {
      const other = 'file:///features/other.dipc';
      await client.open(other, 'process Logger {\n    entry log_value(v: int) { print(v); }\n}\n');
      const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'logval' });
      assert.deepEqual(found.map((symbol) => `${symbol.location.uri} ${symbol.containerName ?? ''}.${symbol.name}`), [`${other} Logger.log_value`]);
      const everywhere = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'Store' });
      const uris = new Set(everywhere.map((symbol) => symbol.location.uri));
      assert.ok(uris.has(URI) && uris.size >= 2, [...uris].join(' '));
    });
  });

  describe('completion', () => {
    async function completeAfter(text: string, uri: string, position: { line: number; character: number }): Promise<CompletionItem[]> {
      await client.open(uri, text);
      return client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    }

    it("after `P.`: P's entries, with the import added for one not imported yet", async () => {
      const text = KV_STORE.replace('        print(v, len(c));', '        print(v, len(c));\n        Store.');
      const uri = 'file:///features/complete-entries.dipc';
      const items = await completeAfter(text, uri, positionOf(text, 'Store.\n', 6));
      assert.deepEqual(items.map((item) => item.label).sort(), ['get', 'put', 'size']);
      const size = items.find((item) => item.label === 'size');
      assert.match(size?.labelDetails?.description ?? '', /not imported/);
      assert.equal(size?.additionalTextEdits?.length, 1);
      assert.equal(size?.additionalTextEdits?.[0].newText.trim(), 'import Store.size;');
      const get = items.find((item) => item.label === 'get');
      assert.equal(get?.additionalTextEdits, undefined);
      assert.match(get?.detail ?? '', /entry Store\.get\(key: int\) -> int/);

      // Accepting `size` with its edit gives a program where the call resolves through the import.
      const cursor = positionOf(text, 'Store.\n', 6);
      await client.applyEdits(uri, [
        { range: { start: cursor, end: cursor }, newText: 'size() else 0;' },
        ...(size?.additionalTextEdits ?? []),
      ]);
      const diagnostics = await client.diagnosticsFor(uri, client.document(uri).version);
      assert.deepEqual(diagnostics.filter((diagnostic) => diagnostic.code === 'E102' || diagnostic.severity === 1), []);
    });

    it('in an import, entries without an extra edit; after a domain name, its entries', async () => {
      const text = [
        'process Store {',
        '    entry get() -> int { return 1; }',
        '    fn helper() { }',
        '}',
        'process Browser {',
        '    import Store.',
        '    domain Plugin {',
        '        entry render() { }',
        '        fn private_helper() { }',
        '    }',
        '    fn main() {',
        '        Plugin.',
        '    }',
        '}',
      ].join('\n');
      const uri = 'file:///features/complete-import.dipc';
      const inImport = await completeAfter(text, uri, positionOf(text, 'import Store.', 13));
      assert.deepEqual(inImport.map((item) => item.label), ['get']);
      assert.equal(inImport[0].additionalTextEdits, undefined);
      const inDomain = await client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, 'Plugin.\n', 7),
      });
      assert.deepEqual(inDomain.map((item) => item.label), ['render']);
    });

    it('inside `isolate(`: the properties not listed yet, with what they mean', async () => {
      const text = 'process Store {\n    entry get() -> int isolate(reg_integrity, ) { return 1; }\n}\n';
      const items = await completeAfter(text, 'file:///features/complete-isolation.dipc', positionOf(text, ', )', 2));
      assert.deepEqual(items.map((item) => item.label), [
        'reg_confidentiality',
        'stack_integrity',
        'stack_confidentiality',
        'dcs_integrity',
        'dcs_confidentiality',
      ]);
      assert.match((items[0].documentation as MarkupContent).value, /Listed by the callee/);
    });

    it('elsewhere: locals in scope, globals, functions, processes, built-ins and keywords', async () => {
      const text = 'process Store {\n    var count: int;\n    fn bump(step: int) {\n        let before = count;\n        \n    }\n}\n';
      const items = await completeAfter(text, 'file:///features/complete-general.dipc', { line: 4, character: 8 });
      const labels = new Set(items.map((item) => item.label));
      for (const expected of ['before', 'step', 'count', 'bump', 'Store', 'print', 'cap', 'while', 'return']) {
        assert.ok(labels.has(expected), expected);
      }
      const print = items.find((item) => item.label === 'print');
      assert.equal(print?.detail, 'print(values...)');
    });

    it('nothing inside a comment', async () => {
      const text = 'process A {\n    // Store.\n}\n';
      const items = await completeAfter(text, 'file:///features/complete-comment.dipc', { line: 1, character: 13 });
      assert.deepEqual(items, []);
    });
  });

  describe('signature help', () => {
    it("shows an entry's parameters and the active one while typing a call", async () => {
      const text = KV_STORE.replace('Store.put(7, 42);', 'Store.put(7, ');
      const uri = 'file:///features/signature.dipc';
      await client.open(uri, text);
      const help = await client.request<SignatureHelp>('textDocument/signatureHelp', {
        textDocument: { uri },
        position: positionOf(text, 'Store.put(7, ', 13),
      });
      assert.equal(help.signatures[0].label, 'Store.put(key: int, value: int)');
      assert.equal(help.activeParameter, 1);
      const [start, end] = help.signatures[0].parameters?.[1].label as [number, number];
      assert.equal(help.signatures[0].label.slice(start, end), 'value: int');
    });

    it('for a call through an aliased import', async () => {
      const text = 'process Store {\n    entry get(key: int) -> int { return key; }\n}\nprocess Client {\n    import Store.get as fetch;\n    fn main() { print(fetch(';
      const uri = 'file:///features/signature-alias.dipc';
      await client.open(uri, text);
      const help = await client.request<SignatureHelp>('textDocument/signatureHelp', { textDocument: { uri }, position: positionOf(text, 'fetch(', 6) });
      assert.equal(help.signatures[0].label, 'get(key: int) -> int');
    });

    it('for built-ins', async () => {
      const help = await client.request<SignatureHelp>('textDocument/signatureHelp', at('len(c)', 4));
      assert.equal(help.signatures[0].label, 'len(a: array | cap | acap) -> int');
      assert.equal(help.activeParameter, 0);
    });
  });

  describe('semantic tokens, folding and inlay hints', () => {
    it('colours processes, entries, imports, capabilities and isolation properties distinctly', async () => {
      const tokens = decodeTokens(KV_STORE, await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: URI } }));
      const typeOf = (text: string, occurrence = 0) => tokens.filter((token) => token.text === text)[occurrence];
      assert.deepEqual(typeOf('Store'), { text: 'Store', type: 'process', modifiers: ['declaration'] });
      assert.equal(typeOf('get')?.type, 'entry');
      assert.equal(typeOf('reg_integrity')?.type, 'isolationProperty');
      assert.equal(typeOf('c')?.type, 'capability');
      assert.equal(typeOf('table')?.type, 'variable');
      assert.ok(typeOf('table')?.modifiers.includes('static'));
      assert.equal(typeOf('len')?.type, 'function');
      assert.deepEqual(typeOf('len')?.modifiers, ['defaultLibrary']);
      assert.equal(typeOf('key')?.type, 'parameter');
    });

    it('folds processes, functions and blocks', async () => {
      const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: URI } });
      const starts = ranges.map((range) => range.startLine);
      assert.ok(starts.includes(lineOf(KV_STORE, 'process Store')));
      assert.ok(starts.includes(lineOf(KV_STORE, 'process Client')));
      assert.ok(starts.includes(lineOf(KV_STORE, 'fn main')));
      assert.ok(starts.includes(lineOf(KV_STORE, 'entry put')));
    });

    it('shows the isolation each cross-process call gets', async () => {
      const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
        textDocument: { uri: URI },
        range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
      });
      const labels = hints.map((hint) => `${hint.position.line}:${String(hint.label)}`);
      assert.deepEqual(labels, [
        `${lineOf(KV_STORE, 'Store.put(7')}:⟨no isolation⟩`,
        `${lineOf(KV_STORE, 'Store.get(7')}:⟨isolate(reg_integrity, reg_confidentiality, stack_confidentiality)⟩`,
        `${lineOf(KV_STORE, 'Store.get(8')}:⟨isolate(reg_integrity, reg_confidentiality, stack_confidentiality)⟩`,
      ]);
      assert.deepEqual(hints[1].position, positionOf(KV_STORE, 'Store.get(7)', 9));
      assert.match((hints[1].tooltip as MarkupContent).value, /\*\*Proxy\*\*/);
    });
  });
});

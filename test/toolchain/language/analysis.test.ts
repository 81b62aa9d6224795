// What tools read from an Analysis: symbols with qualified names and references, call
// resolutions (function, domain entry, proxy with the combined policy), expression types, constant
// values, the line map, the CLI's diagnostic format and the lookup helpers.
import { strict as assert } from 'node:assert';
import {
  analyze, BUILTINS, createLineMap, formatDiagnostic, KEYWORDS, nodeAtOffset, symbolAtOffset, type CallExpr,
} from '../../../simulator/toolchain/language';

const PROGRAM = `const SIZE = 2 * 4;
process Store {
    var table: [int; SIZE];
    entry get(key: int) -> int isolate(reg_integrity) {
        return table[key % SIZE];
    }
}

process Browser {
    import Store.get isolate(reg_confidentiality);
    domain Plugin {
        entry render(x: int) -> int { return x * 2; }
    }
    fn twice(v: int) -> int { return v + v; }
    fn main() {
        let v = Store.get(7) else -1;
        print(Plugin.render(v), twice(v), table2());
    }
    fn table2() -> int { return 0; }
}
`;

describe('analysis', () => {
  it('resolves calls: builtin, function, domain entry and cross-process with the union of both policies', () => {
    const analysis = analyze(PROGRAM, 'p.dipc');
    assert.equal(analysis.hasErrors, false);
    const byCallee = new Map<string, ReturnType<typeof analysis.calls.get>>();
    for (const [call, resolution] of analysis.calls) {
      const callee = (call as CallExpr).callee;
      byCallee.set(callee.kind === 'Name' ? callee.name.name : `${callee.qualifier.name}.${callee.member.name}`, resolution);
    }
    assert.deepEqual(byCallee.get('print'), { kind: 'builtin', name: 'print' });
    assert.equal(byCallee.get('twice')?.kind, 'function');
    const render = byCallee.get('Plugin.render');
    assert.equal(render?.kind, 'domainEntry');
    assert.equal(render?.kind === 'domainEntry' && render.target.qualifiedName, 'Browser.Plugin.render');
    const get = byCallee.get('Store.get');
    assert.equal(get?.kind, 'crossProcess');
    if (get?.kind === 'crossProcess') {
      assert.deepEqual(get.isolation, ['reg_integrity', 'reg_confidentiality']);
      assert.equal(get.target.qualifiedName, 'Store.get');
      assert.equal(get.import.kind, 'import');
    }
  });

  it('records symbols with qualified names, types, signatures, constant values and references', () => {
    const analysis = analyze(PROGRAM);
    const symbol = (qualifiedName: string) => analysis.symbols.find((s) => s.qualifiedName === qualifiedName);
    assert.equal(symbol('SIZE')?.constantValue, 8);
    assert.deepEqual(symbol('Store.table')?.type, { kind: 'array', element: { kind: 'int' }, length: 8 });
    assert.deepEqual(symbol('Store.get')?.signature, { parameters: [{ name: 'key', type: { kind: 'int' } }], result: { kind: 'int' }, isolation: ['reg_integrity'] });
    assert.equal(symbol('Browser.main.v')?.kind, 'local');
    assert.equal(symbol('Browser.Plugin')?.kind, 'domain');
    const get = symbol('Store.get')!;
    // Used by the import and by the call.
    assert.equal(get.references.length, 2);
    for (const span of get.references) assert.equal(PROGRAM.slice(span.start, span.end), 'get');
  });

  it('types every expression', () => {
    const analysis = analyze('process A { fn main() { let p = &x; print(p + 4, 1 < 2, x); } var x: int; }');
    const types = [...analysis.expressionTypes.entries()].map(([e, t]) => `${analysis.text.slice(e.span.start, e.span.end)}:${t.kind}`);
    assert.ok(types.includes('&x:ptr'));
    assert.ok(types.includes('p + 4:ptr'));
    assert.ok(types.includes('1 < 2:bool'));
  });

  it('finds the node and symbol under an offset (declarations and uses)', () => {
    const analysis = analyze(PROGRAM);
    const use = PROGRAM.indexOf('Store.get(7)') + 'Store.'.length + 1;
    assert.equal(nodeAtOffset(analysis, use)?.kind, 'Identifier');
    assert.equal(symbolAtOffset(analysis, use)?.qualifiedName, 'Store.get');
    assert.equal(symbolAtOffset(analysis, PROGRAM.indexOf('Store.get(7)'))?.kind, 'process');
    assert.equal(symbolAtOffset(analysis, PROGRAM.indexOf('twice(v: int)'))?.qualifiedName, 'Browser.twice');
    assert.equal(symbolAtOffset(analysis, PROGRAM.indexOf('print('))?.kind, 'builtin');
  });

  it('formats diagnostics as file:line:col: severity CODE: message (1-based)', () => {
    const analysis = analyze('process A {\n  fn main() { print(nope); }\n}\n', 'a.dipc');
    assert.equal(formatDiagnostic(analysis.diagnostics[0], analysis), 'a.dipc:2:21: error E002: unknown name `nope`');
  });

  it('maps offsets to 0-based lines and columns and back, for \\n and \\r\\n', () => {
    const map = createLineMap('ab\ncd\r\nef');
    assert.equal(map.lineCount, 3);
    assert.deepEqual(map.positionAt(4), { line: 1, column: 1 });
    assert.deepEqual(map.positionAt(7), { line: 2, column: 0 });
    assert.equal(map.offsetAt({ line: 2, column: 1 }), 8);
    assert.deepEqual(map.positionAt(100), { line: 2, column: 2 });
  });

  it('exports the built-in and keyword tables for completion', () => {
    assert.deepEqual(BUILTINS.map((b) => b.name).sort(), ['acap', 'assert', 'cap', 'cycles', 'exit', 'jump', 'len', 'peek', 'poke', 'print', 'revoke', 'self', 'yield']);
    assert.ok(KEYWORDS.includes('isolate') && KEYWORDS.includes('acap'));
  });

  it('folds constants with RV32IM semantics', () => {
    const analysis = analyze(`const A = 5 / 0; const B = 7 % 0; const C = (1 << 31) / -1; const D = (1 << 31) % -1;
      const E = 2147483647 + 1; const F = -7 / 2; const G = -7 % 2; const H = (1 << 31) >> 31; const I = 1 << 33;`);
    const value = (name: string) => analysis.symbols.find((s) => s.name === name)?.constantValue;
    assert.deepEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].map(value), [-1, 7, -2147483648, 0, -2147483648, -3, -1, -1, 2]);
  });
});

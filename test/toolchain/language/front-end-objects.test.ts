// What the front end's speed work must not change: the tree, the symbols and the resolutions are
// plain objects equal to the literals a tool would write; names read through the intern table are
// right however long or numerous; the lexer still hands `asm` bodies over whole; suggestions for
// an unknown local list the names in scope.
import { strict as assert } from 'node:assert';
import { analyze, parse, type FunctionDecl, type ProcessDecl, type Statement } from '../../../simulator/toolchain/language';
import { tokenize } from '../../../simulator/toolchain/language/lexer';

function mainBody(text: string): Statement[] {
  const { program, diagnostics } = parse(text);
  assert.deepEqual(diagnostics, []);
  const process = program.items[0] as ProcessDecl;
  return (process.members.find((m) => m.kind === 'Function' && m.name.name === 'main') as FunctionDecl).body.statements;
}

describe('front-end objects', () => {
  it('syntax nodes and spans are plain objects, deep-equal to object literals', () => {
    const [statement] = mainBody('process P { fn main() { x = a + 1; } }');
    assert.equal(Object.getPrototypeOf(statement), Object.prototype);
    assert.deepStrictEqual(statement, {
      kind: 'Assign',
      target: { kind: 'Name', name: { kind: 'Identifier', name: 'x', span: { start: 24, end: 25 } }, span: { start: 24, end: 25 } },
      value: {
        kind: 'Binary', operator: '+', operatorSpan: { start: 30, end: 31 },
        left: { kind: 'Name', name: { kind: 'Identifier', name: 'a', span: { start: 28, end: 29 } }, span: { start: 28, end: 29 } },
        right: { kind: 'Integer', value: 1, span: { start: 32, end: 33 } },
        span: { start: 28, end: 33 },
      },
      span: { start: 24, end: 34 },
    });
    assert.equal(JSON.stringify(statement.span), '{"start":24,"end":34}');
  });

  it('symbols, signatures and call resolutions are plain objects too', () => {
    const analysis = analyze('process P {\n  fn twice(x: int) -> int { return x * 2; }\n  fn main() { print(twice(2)); }\n}\n');
    assert.equal(analysis.hasErrors, false);
    const twice = analysis.symbols.find((s) => s.qualifiedName === 'P.twice');
    assert.ok(twice);
    assert.equal(Object.getPrototypeOf(twice), Object.prototype);
    assert.deepStrictEqual(twice.signature, { parameters: [{ name: 'x', type: { kind: 'int' } }], result: { kind: 'int' }, isolation: [] });
    assert.deepStrictEqual(twice.references.map((span) => analysis.text.slice(span.start, span.end)), ['twice']);
    const kinds = [...analysis.calls.values()].map((resolution) => ({ ...resolution, target: undefined }));
    // The argument's call is resolved before the call around it.
    assert.deepStrictEqual(kinds, [{ kind: 'function', target: undefined }, { kind: 'builtin', name: 'print', target: undefined }]);
    for (const resolution of analysis.calls.values()) assert.equal(Object.getPrototypeOf(resolution), Object.prototype);
  });

  it('reads long and numerous names right (the intern table keeps short ones, compares them in place)', () => {
    const names = Array.from({ length: 3000 }, (_, index) => `n${index.toString(36)}`);
    names.push('a_rather_long_identifier_name', 'a_rather_long_identifier_nam', 'acap_', 'asm_');
    const tokens = tokenize(names.join(' '), []);
    assert.deepEqual(tokens.slice(0, -1).map((token) => [token.kind, token.text]), names.map((name) => ['identifier', name]));
    const again = tokenize('n0 n1 acap asm_ a_rather_long_identifier_name', []);
    assert.deepEqual(again.map((token) => token.kind), ['identifier', 'identifier', 'keyword', 'identifier', 'identifier', 'eof']);
  });

  it('hands an asm body over whole after `{`, also when the `{` is on the next line', () => {
    const tokens = tokenize('asm\n{\n  li a0, 1\n} x', []);
    assert.deepEqual(tokens.map((token) => token.kind), ['keyword', 'punctuation', 'asm', 'punctuation', 'identifier', 'eof']);
    assert.deepEqual(tokens[2].lines?.map((line) => line.text), ['li a0, 1']);
    assert.deepEqual(tokens.map((token) => token.newlineBefore), [false, true, false, true, false, false]);
  });

  it('suggests a local in scope for an unknown name, not one from another function', () => {
    const analysis = analyze('process P {\n  fn other() { let counted = 1; }\n  fn main() { let counter = 1; print(countr); }\n}\n');
    const unknown = analysis.diagnostics.find((d) => d.code === 'E002');
    assert.match(unknown?.message ?? '', /did you mean `counter`\?/);
  });
});

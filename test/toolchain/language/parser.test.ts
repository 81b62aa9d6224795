// The parser: the tree's shape and exact spans, operator precedence (`else` lowest), and error
// recovery that keeps the rest of the file checked.
import { strict as assert } from 'node:assert';
import { parse, type Expr, type FunctionDecl, type ProcessDecl, type Statement } from '../../../simulator/toolchain/language';

function firstStatement(body: string): Statement {
  const { program, diagnostics } = parse(`process P { fn main() { ${body} } }`);
  assert.deepEqual(diagnostics, []);
  const main = (program.items[0] as ProcessDecl).members[0] as FunctionDecl;
  return main.body.statements[0];
}

function expression(source: string): Expr {
  const statement = firstStatement(`${source};`);
  assert.equal(statement.kind, 'ExpressionStatement');
  return (statement as Extract<Statement, { kind: 'ExpressionStatement' }>).expression;
}

/** Fully parenthesised rendering, to check precedence. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'Integer': return String(e.value);
    case 'Name': return e.name.name;
    case 'QualifiedName': return `${e.qualifier.name}.${e.member.name}`;
    case 'Unary': return `(${e.operator}${show(e.operand)})`;
    case 'Binary': return `(${show(e.left)} ${e.operator} ${show(e.right)})`;
    case 'Call': return `${show(e.callee)}(${e.args.map(show).join(', ')})${e.elseValue ? ` else ${show(e.elseValue)}` : ''}`;
    case 'Index': return `${show(e.target)}[${show(e.index)}]`;
    default: return e.kind;
  }
}

describe('parser', () => {
  it('gives every node the exact span of its text', () => {
    const text = 'process Store {\n    var table: [int; 64];\n    entry get(key: int) -> int isolate(reg_integrity) { return table[key % 64]; }\n}\n';
    const { program, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, []);
    const process = program.items[0] as ProcessDecl;
    assert.equal(text.slice(process.span.start, process.span.end), text.trimEnd());
    const [table, get] = process.members as [Extract<ProcessDecl['members'][number], { kind: 'Var' }>, FunctionDecl];
    assert.equal(text.slice(table.span.start, table.span.end), 'var table: [int; 64];');
    assert.equal(text.slice(table.type.span.start, table.type.span.end), '[int; 64]');
    assert.equal(text.slice(get.keywordSpan.start, get.keywordSpan.end), 'entry');
    assert.equal(text.slice(get.isolation!.span.start, get.isolation!.span.end), 'isolate(reg_integrity)');
    const returned = (get.body.statements[0] as Extract<Statement, { kind: 'Return' }>).value!;
    assert.equal(text.slice(returned.span.start, returned.span.end), 'table[key % 64]');
  });

  it('follows the usual precedence, left-associative', () => {
    assert.equal(show(expression('a || b && c | d ^ e & f == g < h << i + j * k')), '(a || (b && (c | (d ^ (e & (f == (g < (h << (i + (j * k))))))))))');
    assert.equal(show(expression('a - b - c')), '((a - b) - c)');
    assert.equal(show(expression('-a * ~b')), '((-a) * (~b))');
    assert.equal(show(expression('&Lib.f + 4')), '((&Lib.f) + 4)');
  });

  it('gives `else` the lowest precedence: P.e() else 1 + k is P.e() else (1 + k)', () => {
    const call = expression('P.e() else 1 + k');
    assert.equal(show(call), 'P.e() else (1 + k)');
    assert.equal(call.kind === 'Call' && call.elseSpan !== undefined, true);
  });

  it('parses cap/acap with permissions and slices', () => {
    const call = expression('cap(x[2..5], read)');
    assert.equal(call.kind, 'Call');
    if (call.kind !== 'Call') return;
    assert.equal(call.args[0].kind, 'Slice');
    assert.deepEqual(call.args[1].kind === 'Permission' && call.args[1].permission, 'read');
  });

  it('parses every statement form', () => {
    const { program, diagnostics } = parse(`process P {
      import Q.e isolate(reg_integrity) as f;
      grant D read P;
      domain D { var x: int; const C = 1; fn g() { } entry h() -> bool { return true; } }
      fn main() {
        let a: int; let b = 1; a = 2; let arr: [int; 3]; arr[0] = 1;
        if a < b { } else if a > b { } else { }
        while false { break; } for i in 0..3 { continue; }
        spawn w(1); asm { nop } { }
        return;
      }
      fn w(x: int) { }
    }`);
    assert.deepEqual(diagnostics, []);
    const process = program.items[0] as ProcessDecl;
    assert.deepEqual(process.members.map((m) => m.kind), ['Import', 'Grant', 'Domain', 'Function', 'Function']);
    const kinds = (process.members[3] as FunctionDecl).body.statements.map((s) => s.kind);
    assert.deepEqual(kinds, ['Let', 'Let', 'Assign', 'Let', 'Assign', 'If', 'While', 'For', 'Spawn', 'Asm', 'Block', 'Return']);
  });

  describe('error recovery', () => {
    it('a missing `;` is one E001 and the next statement is parsed', () => {
      const { program, diagnostics } = parse('process P { fn main() {\n let a = 1\n let b = 2;\n } }');
      assert.equal(diagnostics.length, 1);
      const main = (program.items[0] as ProcessDecl).members[0] as FunctionDecl;
      assert.deepEqual(main.body.statements.map((s) => s.kind), ['Let', 'Let']);
    });

    it('an unclosed `{` is one E001 and the following declarations are parsed', () => {
      const { program, diagnostics } = parse('process P {\n fn main() {\n print(1);\n fn other() { }\n}\nprocess Q { }\n');
      assert.equal(diagnostics.length, 1);
      assert.deepEqual(program.items.map((p) => p.kind === 'Process' && p.name.name), ['P', 'Q']);
      assert.deepEqual((program.items[0] as ProcessDecl).members.map((m) => m.kind === 'Function' && m.name.name), ['main', 'other']);
    });

    it('an unclosed `{` at the end of the file is one E001', () => {
      assert.equal(parse('process P { fn main() { if true { print(1);').diagnostics.length, 1);
    });

    it('a stray token is one E001 and is skipped', () => {
      const { program, diagnostics } = parse('process P { fn main() { print(1)); ) let x = 1; } }');
      assert.equal(diagnostics.length, 2);
      const main = (program.items[0] as ProcessDecl).members[0] as FunctionDecl;
      assert.deepEqual(main.body.statements.map((s) => s.kind), ['ExpressionStatement', 'Let']);
    });

    it('a broken argument list is one E001 and the statement after it is parsed', () => {
      const { program, diagnostics } = parse('process P { fn main() { print(y else 3); f(1 2); let x = 1; } }');
      assert.equal(diagnostics.length, 2);
      const main = (program.items[0] as ProcessDecl).members[0] as FunctionDecl;
      assert.deepEqual(main.body.statements.map((s) => s.kind), ['ExpressionStatement', 'ExpressionStatement', 'Let']);
    });

    it('`if x = 1` is one E001 suggesting `==`, read as a comparison', () => {
      const { program, diagnostics } = parse('process P { fn main() { let x = 1; if x = 1 { print(x); } } }');
      assert.equal(diagnostics.length, 1);
      assert.match(diagnostics[0].message, /write `==`/);
      const main = (program.items[0] as ProcessDecl).members[0] as FunctionDecl;
      const condition = (main.body.statements[1] as Extract<Statement, { kind: 'If' }>).condition;
      assert.equal(condition.kind === 'Binary' && condition.operator, '==');
    });

    it('keeps going after a broken declaration', () => {
      const { program, diagnostics } = parse('process P { var : int; fn (x) { } entry ok() { } }');
      assert.ok(diagnostics.length >= 1);
      assert.ok((program.items[0] as ProcessDecl).members.some((m) => m.kind === 'Function' && m.name.name === 'ok'));
    });

    it('survives very deep nesting without overflowing the stack', () => {
      const deep = '('.repeat(5000) + '1' + ')'.repeat(5000);
      const { diagnostics } = parse(`process P { fn main() { print(${deep}); } }`);
      assert.ok(diagnostics.some((d) => /nested too deeply/.test(d.message)));
      assert.ok(parse('process P { fn main() { ' + '{'.repeat(5000) + ' } }').diagnostics.length > 0);
      assert.ok(parse('process P { fn main() { let x = ' + '-'.repeat(5000) + '1; } }').diagnostics.length > 0);
    });
  });
});

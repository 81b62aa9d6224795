// The lexer: integer forms and their 32-bit wrapping, string escapes, comments, raw asm lines.
import { strict as assert } from 'node:assert';
import { tokenize } from '../../../simulator/toolchain/language/lexer';
import type { Diagnostic } from '../../../simulator/toolchain/language';

function lex(text: string): { tokens: ReturnType<typeof tokenize>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  return { tokens: tokenize(text, diagnostics), diagnostics };
}

describe('lexer', () => {
  it('reads decimal, hex and binary integers with `_` separators, wrapped to int32', () => {
    const { tokens, diagnostics } = lex('42 1_000 0xff 0xFFFF_FFFF 0b1010 0b1_0 2147483648 0x8000_0000');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(tokens.filter((t) => t.kind === 'integer').map((t) => t.value), [42, 1000, 255, -1, 10, 2, -2147483648, -2147483648]);
  });

  it('rejects malformed and over-32-bit integers with one E001 each', () => {
    const { diagnostics } = lex('0x 0b2 12ab 4294967296 0x1_0000_0000');
    assert.equal(diagnostics.length, 5);
    assert.ok(diagnostics.every((d) => d.code === 'E001'));
    assert.match(diagnostics[3].message, /does not fit in 32 bits/);
  });

  it('resolves the string escapes \\n \\t \\" \\\\', () => {
    const { tokens, diagnostics } = lex('"a\\nb\\tc\\"d\\\\e"');
    assert.deepEqual(diagnostics, []);
    assert.equal(tokens[0].value, 'a\nb\tc"d\\e');
  });

  it('reports unterminated strings and comments', () => {
    assert.equal(lex('"abc\nx').diagnostics.length, 1);
    assert.equal(lex('/* never closed').diagnostics.length, 1);
  });

  it('skips // and /* */ comments and marks tokens that start a line', () => {
    const { tokens } = lex('a // one\n/* two\n */ b c');
    assert.deepEqual(tokens.map((t) => t.text), ['a', 'b', 'c', '']);
    assert.deepEqual(tokens.map((t) => t.newlineBefore), [false, true, false, false]);
  });

  it('keeps asm bodies as raw trimmed lines with their spans', () => {
    const text = 'asm {\n    csrw dipc.proc, zero\n\n    li a0, 1 # comment\n}';
    const { tokens, diagnostics } = lex(text);
    assert.deepEqual(diagnostics, []);
    const body = tokens.find((t) => t.kind === 'asm');
    assert.deepEqual(body?.lines?.map((l) => l.text), ['csrw dipc.proc, zero', 'li a0, 1 # comment']);
    for (const line of body?.lines ?? []) assert.equal(text.slice(line.span.start, line.span.end), line.text);
    assert.deepEqual(tokens.map((t) => t.kind), ['keyword', 'punctuation', 'asm', 'punctuation', 'eof']);
  });

  it('reads two-character operators as one token', () => {
    assert.deepEqual(lex('-> .. == != <= >= << >> && ||').tokens.map((t) => t.text).slice(0, -1), ['->', '..', '==', '!=', '<=', '>=', '<<', '>>', '&&', '||']);
  });
});

// Conditional assembly: .if/.ifeq/.ifne/.ifgt/.ifge/.iflt/.ifle, .ifdef/.ifndef, .elseif, .else,
// .endif, nested, with .set/.equ symbols and comparison operators; skipped lines define nothing
// and report nothing; misuse is an error at its line. A differential test checks GNU as agrees.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, formatAssemblerError, type AssemblyResult } from '../../../simulator/toolchain/assembler/assembler';
import { GNU_TOOLS, requireTools, runToolOrFail, withTempDir } from './gnu-tools';

function ok(source: string): AssemblyResult {
  const result = assemble(source);
  assert.deepEqual(result.errors.map(formatAssemblerError), [], `unexpected errors for:\n${source}`);
  return result;
}

/** The immediates of the `addi a0, zero, N` words of .text: which `li a0, N` lines were kept. */
function kept(source: string): number[] {
  const text = ok(source).sections.find((s) => s.name === '.text');
  if (!text) return [];
  const view = new DataView(text.bytes.buffer, text.bytes.byteOffset, text.bytes.byteLength);
  return Array.from({ length: text.bytes.length / 4 }, (_, index) => view.getUint32(index * 4, true) >> 20);
}

const errorsOf = (source: string): string[] => assemble(source).errors.map((e) => `${e.line}:${e.column}: ${e.message}`);

/** [source, the `li a0, N` values that stay]. */
const CASES: [string, string, number[]][] = [
  ['.if with a true and a false condition', '.if 1\nli a0, 1\n.endif\n.if 0\nli a0, 2\n.endif', [1]],
  ['.if on a .set symbol with ==', '.set TEST, 7\n.if TEST == 1\nli a0, 1\n.endif\n.if TEST == 7\nli a0, 7\n.endif', [7]],
  ['.if on a .equ symbol with != < > <= >= && || !', '.equ N, 3\n.if N != 3\nli a0, 1\n.endif\n.if N < 4 && N > 2\nli a0, 2\n.endif\n.if N <= 2 || N >= 3\nli a0, 3\n.endif\n.if !(N - 3)\nli a0, 4\n.endif', [2, 3, 4]],
  ['.else', '.if 0\nli a0, 1\n.else\nli a0, 2\n.endif', [2]],
  ['.elseif chains: the first true branch only', '.set X, 2\n.if X == 1\nli a0, 1\n.elseif X == 2\nli a0, 2\n.elseif X >= 2\nli a0, 3\n.else\nli a0, 4\n.endif', [2]],
  ['nested conditionals inside a skipped branch stay skipped, even their .else', '.if 0\n.if 1\nli a0, 1\n.else\nli a0, 2\n.endif\nli a0, 3\n.else\n.if 0\nli a0, 4\n.else\nli a0, 5\n.endif\n.endif', [5]],
  ['.ifdef and .ifndef of labels and constants defined before', 'here: nop\n.set C, 1\n.ifdef here\nli a0, 1\n.endif\n.ifdef C\nli a0, 2\n.endif\n.ifndef missing\nli a0, 3\n.endif\n.ifdef missing\nli a0, 4\n.endif\n.ifndef C\nli a0, 5\n.endif', [0, 1, 2, 3]],
  ['.ifeq .ifne .ifgt .ifge .iflt .ifle', '.ifeq 0\nli a0, 1\n.endif\n.ifne 0\nli a0, 2\n.endif\n.ifgt 1\nli a0, 3\n.endif\n.ifge 0\nli a0, 4\n.endif\n.iflt -1\nli a0, 5\n.endif\n.ifle 1\nli a0, 6\n.endif', [1, 3, 4, 5]],
  ['identical lines in both branches (statements read once per text) follow the condition', 'li a0, 9\n.if 0\nli a0, 9\nli a0, 9\n.endif\nli a0, 9', [9, 9]],
];

describe('assembler conditional assembly', () => {
  for (const [title, source, values] of CASES) {
    it(`keeps the right lines: ${title}`, () => {
      assert.deepEqual(kept(source), values);
    });
  }

  it('skipped lines define no labels and report no errors (not even unknown instructions or undefined symbols)', () => {
    const result = ok('.if 0\nskipped: bogus a0\n.insn q\n.if UNDEFINED\n.endif\n.endif\nnop');
    assert.equal(result.symbols.has('skipped'), false);
  });

  it('skips everything after an unterminated .if and reports it', () => {
    assert.deepEqual(errorsOf('nop\n.if 0\nnop'), ['2:1: .if without a matching .endif']);
  });

  it('reports misuse at its line', () => {
    assert.deepEqual(errorsOf('.endif'), ['1:1: .endif without a matching .if']);
    assert.deepEqual(errorsOf('.else'), ['1:1: .else without a matching .if']);
    assert.deepEqual(errorsOf('.if 1\n.else\n.else\n.endif'), ['3:1: duplicate .else (the previous one is on line 2)']);
    assert.deepEqual(errorsOf('.if 1\n.else\n.elseif 1\n.endif'), ['3:1: .elseif after the .else on line 2']);
    assert.deepEqual(errorsOf('.if UNDEFINED\nnop\n.endif'), ['1:5: .if condition must be a constant known at this point']);
    assert.deepEqual(errorsOf('.if later\n.endif\nlater: nop'), ['1:5: .if condition must be a constant known at this point']);
    assert.deepEqual(errorsOf('.if\n.endif'), ['1:1: .if expects 1 operand, found 0']);
    assert.deepEqual(errorsOf('.ifdef 1+2\n.endif'), ["1:8: .ifdef expects a symbol name, found '1+2'"]);
  });

  it('a condition that fails to evaluate skips its branch and still pairs with its .endif', () => {
    assert.deepEqual(errorsOf('.if (\nbogus\n.endif\nnop'), ["1:6: expected an expression"]);
  });

  it('keeps the same lines as GNU as (differential)', function () {
    requireTools(this, GNU_TOOLS.as, GNU_TOOLS.objcopy);
    const source = CASES.map(([, body]) => body.replace(/\b(TEST|N|X|C|here)\b/g, (name) => `${name}_${body.length}`)).join('\n') + '\n';
    const ours = ok(source).sections.find((s) => s.name === '.text')!.bytes;
    const gnu = withTempDir((dir) => {
      writeFileSync(join(dir, 'x.s'), source);
      runToolOrFail(GNU_TOOLS.as, ['-march=rv32im', '-mabi=ilp32', '-mno-relax', '-o', 'x.o', 'x.s'], dir);
      runToolOrFail(GNU_TOOLS.objcopy, ['-O', 'binary', '-j', '.text', 'x.o', 'text.bin'], dir);
      return new Uint8Array(readFileSync(join(dir, 'text.bin')));
    });
    assert.deepEqual([...ours], [...gnu]);
  });
});

// `write` (os.md §2) keeps the program's bytes unchanged, as Linux (and qemu-riscv32) do; the text
// view readers use is decoded as a UTF-8 stream per process and stream, so a character written one
// byte per call (a C putchar loop) is one character, and only invalid bytes become U+FFFD.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Kernel } from '../../simulator/kernel/kernel';
import { runProgram } from '../../simulator/kernel/run-program';
import { decodeWrite, flushPending } from '../../simulator/kernel/output-text';
import { buildPlain } from './program-builder';

/** A plain program making one write per entry of `writes`: [fd, bytes]. */
function writer(writes: [number, number[]][]): string {
  const data = writes.map(([, bytes], index) => `w${index}: .byte ${bytes.join(', ')}`).join('\n');
  const calls = writes.map(([fd, bytes], index) => `
  li a0, ${fd}
  la a1, w${index}
  li a2, ${bytes.length}
  li a7, 64
  ecall`).join('\n');
  return `
  .data
${data}
  .text
_start:
${calls}
  li a0, 0
  li a7, 93
  ecall
`;
}

const bytesOf = (text: string): number[] => [...Buffer.from(text, 'utf8')];

describe('kernel: write keeps bytes; text is decoded as a stream', () => {
  it('writes bytes that are not UTF-8 unchanged (qemu prints 00 41 80 ff c3 0a)', () => {
    const result = runProgram(buildPlain(writer([[1, [0x00, 0x41, 0x80, 0xff, 0xc3, 0x0a]]])));
    assert.deepEqual([...result.stdoutBytes], [0x00, 0x41, 0x80, 0xff, 0xc3, 0x0a]);
    assert.equal(result.stdout, '\u0000A\uFFFD\uFFFD\uFFFD\n', 'the text view replaces each invalid byte');
    assert.deepEqual([...result.output[0].bytes], [0x00, 0x41, 0x80, 0xff, 0xc3, 0x0a]);
  });

  it('a character written one byte per write is one character in the text (putchar loop)', () => {
    const result = runProgram(buildPlain(writer(bytesOf('café\n').map((byte) => [1, [byte]]))));
    assert.deepEqual([...result.stdoutBytes], bytesOf('café\n'));
    assert.equal(result.stdout, 'café\n');
    assert.deepEqual(result.output.map((chunk) => chunk.text), ['c', 'a', 'f', '', 'é', '\n'],
      'the write that completes a character carries it');
  });

  it('decodes stdout and stderr as separate streams', () => {
    const [c3, a9] = bytesOf('é');
    const result = runProgram(buildPlain(writer([[1, [c3]], [2, [c3]], [1, [a9]], [2, [a9, 0x0a]]])));
    assert.equal(result.stdout, 'é');
    assert.equal(result.stderr, 'é\n');
    assert.deepEqual([...result.stderrBytes], [c3, a9, 0x0a]);
  });

  it('a character still incomplete at the end is one U+FFFD in the text, its bytes unchanged', () => {
    const result = runProgram(buildPlain(writer([[1, [0x41, 0xe2, 0x82]]])));
    assert.equal(result.stdout, 'A\uFFFD');
    assert.deepEqual([...result.stdoutBytes], [0x41, 0xe2, 0x82]);
  });

  it('a restored snapshot between the two halves of a character decodes it again the same way', () => {
    const kernel = new Kernel();
    kernel.load(buildPlain(writer(bytesOf('€€').map((byte) => [1, [byte]]))));
    while (kernel.outputCount() < 2) kernel.step();
    const middle = kernel.snapshot();
    assert.equal(kernel.run(1_000_000).kind, 'finished');
    assert.equal(kernel.result(false).stdout, '€€');
    kernel.restore(middle);
    assert.equal(kernel.run(1_000_000).kind, 'finished');
    assert.equal(kernel.result(false).stdout, '€€', 'the undecoded half is part of the snapshot');
  });

  it('decodeWrite over any split of any bytes gives what one streaming TextDecoder gives', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc3, 0xe0, 0xe2, 0xed, 0xf0, 0xf4, 0xa0, 0x9f, 0x90)), { maxLength: 40 }),
      fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }),
      (bytes, cuts) => {
        const points = [...new Set([0, ...cuts.filter((cut) => cut <= bytes.length), bytes.length])].sort((a, b) => a - b);
        let pending: number[] = [];
        let text = '';
        for (let index = 1; index < points.length; index++) {
          const decoded = decodeWrite(pending, Uint8Array.from(bytes.slice(points[index - 1], points[index])));
          text += decoded.text;
          pending = decoded.pending;
        }
        text += flushPending(pending);
        assert.equal(text, new TextDecoder('utf-8').decode(Uint8Array.from(bytes)));
      },
    ), { numRuns: 2000, seed: 42 });
  });
});

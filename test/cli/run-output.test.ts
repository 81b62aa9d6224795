// What `dipc run` prints: the program's bytes unchanged on stdout and stderr (byte-exact with
// qemu-riscv32 for plain programs), and in `--json` the same output as UTF-8 text decoded as a
// stream, so a character written one byte at a time survives and only invalid bytes are replaced.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, PROJECT_ROOT } from '../support/cli';

const directory = mkdtempSync(join(tmpdir(), 'dipc-output-'));

/** A `.s` program making one write per entry: [fd, bytes]. */
function writer(name: string, writes: [number, number[]][]): string {
  const data = writes.map(([, bytes], index) => `w${index}: .byte ${bytes.join(', ')}`).join('\n');
  const calls = writes.map(([fd, bytes], index) => `  li a0, ${fd}\n  la a1, w${index}\n  li a2, ${bytes.length}\n  li a7, 64\n  ecall`).join('\n');
  const path = join(directory, name);
  writeFileSync(path, `  .data\n${data}\n  .text\n_start:\n${calls}\n  li a0, 0\n  li a7, 93\n  ecall\n`);
  return path;
}

function dipc(args: string[]): { status: number; stdout: Buffer; stderr: Buffer } {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], { cwd: PROJECT_ROOT, timeout: 60_000 });
  assert.equal(result.error, undefined);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const cafe = [...Buffer.from('café\n')];

describe('dipc run: output bytes', () => {
  it('prints bytes that are not UTF-8 unchanged (as qemu-riscv32: 00 41 80 ff c3 0a)', () => {
    const result = dipc(['run', writer('binary.s', [[1, [0x00, 0x41, 0x80, 0xff, 0xc3, 0x0a]]])]);
    assert.equal(result.status, 0);
    assert.deepEqual([...result.stdout], [0x00, 0x41, 0x80, 0xff, 0xc3, 0x0a]);
  });

  it('prints a character written one byte per write as those bytes, on stdout and on stderr', () => {
    const file = writer('putchar.s', [...cafe.map((byte): [number, number[]] => [1, [byte]]), ...cafe.map((byte): [number, number[]] => [2, [byte]])]);
    const result = dipc(['run', file]);
    assert.deepEqual([...result.stdout], cafe);
    assert.deepEqual([...result.stderr], cafe);
  });

  it('--json: stdout is the text decoded as a stream; invalid bytes are U+FFFD', () => {
    const split = JSON.parse(dipc(['run', '--json', writer('putchar-json.s', cafe.map((byte) => [1, [byte]]))]).stdout.toString('utf8')) as { stdout: string };
    assert.equal(split.stdout, 'café\n');
    const binary = JSON.parse(dipc(['run', '--json', writer('binary-json.s', [[1, [0x41, 0x80, 0x0a]]])]).stdout.toString('utf8')) as { stdout: string };
    assert.equal(binary.stdout, 'A\uFFFD\n');
  });
});

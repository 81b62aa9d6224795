// Bad input never crashes the `dipc` command (tooling.md §2): every case ends with a clear line on
// stderr (no stack trace) and the documented status, and nothing hangs: 2 for input that is not a
// program, 1 for a program that does not build, 124 when --max-instructions stops a run.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, PROJECT_ROOT, type CliResult } from '../support/cli';
import { buildElf } from '../toolchain/assembler/elf-builder';

const directory = mkdtempSync(join(tmpdir(), 'dipc-robustness-'));

function file(name: string, contents: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, contents);
  return path;
}

/** Runs the CLI with a time limit: a hang is a failure, not a stuck test run. */
function dipc(args: string[]): CliResult {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.error, undefined, `dipc ${args.join(' ')} did not finish: ${String(result.error)}`);
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function assertNoStackTrace(result: CliResult): void {
  assert.doesNotMatch(result.stderr, /^\s+at .+\(.*:\d+:\d+\)$/m, `stack trace on stderr:\n${result.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(result.stderr, /internal error/, result.stderr.slice(0, 2000));
}

/** A deterministic pseudo-random byte string (xorshift), so a failure can be reproduced. */
function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

describe('dipc on bad input: clear errors, no stack traces, no hangs', function () {
  this.timeout(120_000);

  it('a program with no process (empty, only consts) runs no thread: no output, status 0, as check accepts it', () => {
    for (const [name, source] of [['empty.dipc', ''], ['consts.dipc', 'const X = 1;\nconst Y = X + 1;\n']]) {
      const path = file(name, source);
      assert.equal(dipc(['check', path]).status, 0, `${name} has no diagnostics`);
      const result = dipc(['run', path]);
      assert.deepEqual([result.status, result.stdout, result.stderr], [0, '', ''], name);
      const json = dipc(['run', '--json', path]);
      assert.equal(json.status, 0);
      const report = JSON.parse(json.stdout) as { exitCode: number; stdout: string; processes: unknown[]; faults: unknown[]; stats: { instructions: number } };
      assert.deepEqual([report.exitCode, report.stdout, report.processes, report.faults, report.stats.instructions], [0, '', [], [], 0]);
    }
  });

  it('binary garbage as .dipc: E001 syntax errors, status 1', () => {
    const result = dipc(['run', file('garbage.dipc', randomBytes(4096, 0xdecaf))]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /garbage\.dipc:\d+:\d+: error E001: /);
    assertNoStackTrace(result);
  });

  it('a 1 MB random file: diagnostics, status 1, in reasonable time', () => {
    const result = dipc(['check', '--json', file('big.dipc', randomBytes(1 << 20, 0xb16))]);
    assert.equal(result.status, 1);
    assert.ok((JSON.parse(result.stdout) as unknown[]).length > 0);
    assertNoStackTrace(result);
  });

  it('10,000 nested parentheses: one E001 "nested too deeply", no stack overflow', () => {
    const source = `process M { fn main() { print(${'('.repeat(10_000)}1${')'.repeat(10_000)}); } }`;
    const result = dipc(['run', file('parentheses.dipc', source)]);
    assert.equal(result.status, 1);
    assert.deepEqual(result.stderr.trim().split('\n').map((line) => line.replace(/^.*?error /, '')), ['E001: expression nested too deeply']);
  });

  it('10,000 nested unary minus and 5,000 nested calls: one E001 each', () => {
    for (const [name, expression] of [
      ['unary.dipc', `${'-'.repeat(10_000)}1`],
      ['calls.dipc', `${'f('.repeat(5_000)}1${')'.repeat(5_000)}`],
    ]) {
      const source = `process M { fn f(x: int) -> int { return x; } fn main() { print(${expression}); } }`;
      const result = dipc(['check', '--json', file(name, source)]);
      assert.equal(result.status, 1, name);
      const codes = (JSON.parse(result.stdout) as { code: string; message: string }[]).map((d) => `${d.code} ${d.message}`);
      assert.deepEqual(codes, ['E001 expression nested too deeply'], name);
    }
  });

  it('a flat chain of 20,000 operators: one E001 (later passes recurse on it), 1,000 still compile and run', () => {
    const chain = (terms: number): string => `process M { fn id(x: int) -> int { return x; } fn main() { print(id(1)${' + id(1)'.repeat(terms - 1)}); } }`;
    const tooLong = dipc(['run', file('chain.dipc', chain(20_000))]);
    assert.equal(tooLong.status, 1);
    assert.match(tooLong.stderr, /error E001: expression too long/);
    assert.equal(tooLong.stderr.trim().split('\n').length, 1);
    const fine = dipc(['run', file('chain-ok.dipc', chain(1_000))]);
    assert.equal(fine.stdout, '1000\n', fine.stderr);
  });

  it('an infinite loop stops at --max-instructions: one line, status 124, processes reported killed', () => {
    const source = `process Server { entry spin() -> int { while true { } return 0; } }
process M { import Server.spin; fn main() { print("start"); print(Server.spin() else -1); } }`;
    const path = file('spin.dipc', source);
    const plain = dipc(['run', '--max-instructions', '100000', path]);
    assert.equal(plain.status, 124);
    assert.equal(plain.stdout, 'start\n');
    assert.match(plain.stderr, /^dipc: stopped after 100000 instructions \(--max-instructions\)\n$/);
    const json = dipc(['run', '--json', '--max-instructions', '100000', path]);
    assert.equal(json.status, 124);
    const report = JSON.parse(json.stdout) as { exitCode: number; processes: { status: string }[]; stats: { instructions: number } };
    assert.equal(report.exitCode, 124);
    assert.deepEqual(report.processes.map((p) => p.status), ['killed', 'killed']);
    assert.equal(report.stats.instructions, 100000);
  });

  it('a fork bomb of spawns ends (threads run out) and stops at --max-instructions', () => {
    const source = `process M {
    var n: int;
    fn child() { n = n + 1; spawn child(); spawn child(); while true { yield(); } }
    fn main() { spawn child(); while true { yield(); } }
}`;
    const result = dipc(['run', '--max-instructions', '2000000', file('bomb.dipc', source)]);
    assert.equal(result.status, 124);
    assertNoStackTrace(result);
  });

  it('more processes than the kernel runs: a compile error, status 1', () => {
    const source = Array.from({ length: 65 }, (_, index) => `process P${index} { fn main() { } }`).join('\n');
    const result = dipc(['run', file('crowd.dipc', source)]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /65 processes; the kernel runs at most 64/);
    assertNoStackTrace(result);
  });

  it('globals or a frame too large for their memory: one compile error at the declaration, status 1', () => {
    for (const [name, source, message] of [
      ['globals.dipc', 'process M {\n    var big: [int; 1000000];\n    fn main() { big[0] = 1; }\n}\nprocess N { fn main() { } }\n', /globals\.dipc:2:9: error E114: the globals of process M take more than/],
      ['domain.dipc', 'process M {\n    domain D {\n        var big: [int; 9000];\n        entry f() { }\n    }\n    fn main() { D.f(); }\n}\n', /domain\.dipc:3:13: error E114: the globals of domain M\.D take more than/],
      ['frame.dipc', 'process M {\n    fn main() { let big: [int; 20000]; big[0] = 1; }\n}\n', /frame\.dipc:2:8: error E114: M\.main needs a \d+-byte stack frame/],
    ] as const) {
      const result = dipc(['run', file(name, source)]);
      assert.equal(result.status, 1, `${name}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    const roomy = dipc(['run', file('roomy.dipc', 'process M {\n    var big: [int; 100000];\n    fn main() { big[99999] = 5; print(big[99999]); }\n}\n')]);
    assert.equal(roomy.stdout, '5\n', `400 KB of globals fit a process without domains: ${roomy.stderr}`);
  });

  it('a truncated ELF and an ELF of garbage: one line, status 2', () => {
    const header = new Uint8Array(100);
    header.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
    for (const [name, bytes] of [
      ['truncated.elf', header.subarray(0, 30)],
      ['headers-only.elf', header],
      ['garbage.elf', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, ...randomBytes(3000, 0xe1f)])],
    ] as const) {
      const result = dipc(['run', file(name, bytes)]);
      assert.equal(result.status, 2, `${name}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, new RegExp(`^dipc: .*${name.replace('.', '\\.')}`));
      assertNoStackTrace(result);
    }
  });

  it('--cost-model with a missing, non-JSON, ill-shaped or out-of-range file: one line, status 2', () => {
    const source = file('cost-hello.dipc', 'process M { fn main() { print(1); } }');
    for (const model of [
      join(directory, 'missing.json'),
      file('not-json.json', 'not json'),
      file('array.json', '[]'),
      file('unknown-key.json', '{"machine": {"nonsense": 3}}'),
      file('negative.json', '{"machine": {"alu": -5}}'),
      file('string-cost.json', '{"kernel": {"syscall": "fast"}}'),
    ]) {
      const result = dipc(['run', '--cost-model', model, source]);
      assert.equal(result.status, 2, `${model}: ${result.stderr}`);
      assert.match(result.stderr, /^dipc: cost model: .+\n$/);
      assertNoStackTrace(result);
    }
  });

  it('dipc check on an assembly file or an ELF: one line saying what it is, status 2', () => {
    for (const [name, contents] of [
      ['prog.s', '    li a0, 0\n    li a7, 93\n    ecall\n'],
      ['prog.elf', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0])],
    ] as const) {
      const result = dipc(['check', file(name, contents)]);
      assert.equal(result.status, 2, `${name}: ${result.stderr}`);
      assert.match(result.stderr, /^dipc: .*not a \.dipc program.*\n$/);
    }
  });

  it('a missing file, a directory, an unknown extension, an unknown flag: one line, status 2', () => {
    for (const args of [
      ['run', join(directory, 'nowhere.dipc')],
      ['run', directory],
      ['run', file('notes.txt', 'hello')],
      ['run', '--frobnicate', file('flag.dipc', 'process M { fn main() { } }')],
      ['run'],
      ['frobnicate'],
    ]) {
      const result = dipc(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr.trim(), /^dipc: [^\n]+$/, args.join(' '));
    }
  });

  it('an ELF linked below 0x10000 or in the kernel\'s range: one line giving the range to link at, status 2', () => {
    const text = [0x13, 0x05, 0x10, 0x00, 0x73, 0x00, 0x00, 0x00]; // li a0, 1; ecall
    for (const [name, address] of [['low.elf', 0x1000], ['kernel.elf', 0xf000_0000]] as const) {
      const result = dipc(['run', file(name, buildElf({ entry: address, segments: [{ address, contents: text, flags: 5 }] }))]);
      assert.equal(result.status, 2, result.stderr);
      assertNoStackTrace(result);
      assert.match(result.stderr, /lies outside the memory a plain program may use, \[0x00010000, 0x[0-9a-f]{8}\): link it there/);
      assert.equal(result.stderr.trim().split('\n').length, 1);
    }
  });

  it('a reader that closes the pipe early (dipc trace | head -1) ends the command quietly, status 0', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI_PATH}" trace examples/kvstore.dipc | head -1`], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim().split('\n').length, 1);
    assert.equal(result.stderr, '', 'no EPIPE stack trace');
  });
});

// `dipc check` reports what `dipc run` would refuse (tooling.md §2: the same diagnostics as the
// language server, exit 1 on errors): a program the front end accepts is compiled too, so limits
// of the code generator (E114) and unreadable `asm` lines (E001) come with a code and a position.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const directory = mkdtempSync(join(tmpdir(), 'dipc-check-'));

function program(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

const LIMITS: { name: string; text: string; line: number; message: RegExp }[] = [
  {
    name: 'capability-locals.dipc',
    text: 'process A {\n    var t: [int; 8];\n    fn main() {\n' +
      Array.from({ length: 8 }, (_, i) => `        let c${i} = cap(t[${i}..${i + 1}], read);\n`).join('') +
      '        print(c0[0]);\n    }\n}\n',
    line: 3, message: /8 capability variables; at most 7/,
  },
  { name: 'big-frame.dipc', text: 'process A {\n    fn main() {\n        let big: [int; 100000];\n        print(big[0]);\n    }\n}\n', line: 2, message: /stack frame/ },
  { name: 'big-globals.dipc', text: 'process A {\n    var big: [int; 1048576];\n    fn main() { print(big[0]); }\n}\n', line: 2, message: /data section/ },
  {
    name: 'spawn-six.dipc',
    text: 'process A {\n    fn worker(a: int, b: int, c: int, d: int, e: int, f: int) { print(f); }\n    fn main() {\n        spawn worker(1, 2, 3, 4, 5, 6);\n    }\n}\n',
    line: 4, message: /at most 5/,
  },
];

describe('dipc check: what compiling finds', () => {
  for (const limit of LIMITS) {
    it(`${limit.name}: E114 at the offending code, exit 1, the same line as dipc run prints`, () => {
      const path = program(limit.name, limit.text);
      const checked = runCli(['check', '--json', path]);
      assert.equal(checked.status, 1, checked.stdout + checked.stderr);
      const diagnostics = JSON.parse(checked.stdout) as { code: string; line: number; message: string; severity: string }[];
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.line]), [['E114', 'error', limit.line]]);
      assert.match(diagnostics[0].message, limit.message);
      const text = runCli(['check', path]);
      const ran = runCli(['run', path]);
      assert.equal(ran.status, 1);
      assert.equal(ran.stderr.trim(), text.stdout.trim(), 'run refuses the program with exactly the diagnostic check reports');
    });
  }

  it('an asm line the assembler cannot read is E001 on that line', () => {
    const path = program('asm.dipc', 'process A {\n    fn main() {\n        asm {\n            addi a0, a0, 1\n            frobnicate t0\n        }\n    }\n}\n');
    const checked = runCli(['check', '--json', path]);
    assert.equal(checked.status, 1);
    const [diagnostic, ...rest] = JSON.parse(checked.stdout) as { code: string; line: number; column: number; message: string }[];
    assert.equal(rest.length, 0);
    assert.deepEqual([diagnostic.code, diagnostic.line, diagnostic.column], ['E001', 5, 13]);
    assert.match(diagnostic.message, /frobnicate/);
  });

  it('a program with front-end errors is not compiled (no E114 on top of them)', () => {
    const path = program('both.dipc', 'process A {\n    fn main() {\n        let big: [int; 100000];\n        print(nope);\n    }\n}\n');
    const diagnostics = JSON.parse(runCli(['check', '--json', path]).stdout) as { code: string }[];
    assert.deepEqual(diagnostics.map((d) => d.code), ['E002']);
  });

  it('a program within every limit stays clean', () => {
    const path = program('fine.dipc', 'process A {\n    var t: [int; 8];\n    fn main() {\n        let c = cap(t, read);\n        print(len(c));\n    }\n}\n');
    const checked = runCli(['check', '--json', path]);
    assert.equal(checked.status, 0, checked.stdout);
    assert.deepEqual(JSON.parse(checked.stdout), []);
  });
});

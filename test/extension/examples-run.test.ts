// The bundled examples compile and do what their comments say, checked through the CLI bundle
// (`dipc check` clean of errors, `dipc run` output and exit status). Skipped without dist/cli.js.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

/** What each example prints (all of it) and its exit status; `fault` is the fault line's start. */
const EXPECTED: Record<string, { stdout: string[]; exit: number; fault?: string }> = {
  'hello.dipc': { stdout: ['hello, dIPC', '6 * 7 = 42'], exit: 0 },
  'kvstore.dipc': { stdout: ['get 21 -> 9', 'get 71 -> 1000', 'get 22 -> -1'], exit: 0 },
  'oltp.dipc': { stdout: ['orders 60 sold out 0 failed 0', 'revenue (cents) 48269', 'page digest 630144'], exit: 0 },
  'capabilities.dipc': {
    stdout: ['buffer[4] = 5 buffer[11] = 40 buffer[12] = 0', 'checksum of the filled slice: 857901716', 'journal: records 2 total 42', 'after revoke: -1'],
    exit: 70,
    fault: 'fault: cap-invalid in process Journal',
  },
  'fault-isolation.dipc': {
    stdout: [
      'request 0 parsed: 8', 'request 1 parsed: 20',
      'request 2 failed: the parser is gone, replying with an error page',
      'request 3 failed: the parser is gone, replying with an error page',
      'request 4 failed: the parser is gone, replying with an error page',
      'server still running, served 2 of 5',
    ],
    exit: 70,
    fault: 'fault: assert in process Parser',
  },
  'attack.dipc': { stdout: ['guess 1234 correct? false', 'trying to read the secret directly...'], exit: 70, fault: 'fault: load-denied in process Plugin' },
};

function dipc(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('extension: the bundled examples run as documented', function () {
  this.timeout(120000);
  before(function () {
    if (!fs.existsSync(CLI)) this.skip();
  });

  it('every example has an expectation here', () => {
    const shipped = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.dipc')).sort();
    assert.deepStrictEqual(shipped, Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: no compile errors, prints what it should, exits ${expected.exit}`, () => {
      const file = path.join('examples', name);
      const check = dipc('check', file);
      assert.strictEqual(check.status, 0, check.stdout + check.stderr);
      const run = dipc('run', file);
      assert.deepStrictEqual(run.stdout.split('\n').filter((line) => line !== ''), expected.stdout);
      assert.strictEqual(run.status, expected.exit, run.stderr);
      if (expected.fault) assert.ok(run.stderr.startsWith(expected.fault), run.stderr);
    });
  }
});

// Running the CLI bundle as a child (extension/cli-process.ts): output, exit status, cancellation.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliFailureMessage, runCli } from '../../extension/cli-process';

describe('extension: running the dipc command', () => {
  let folder: string;
  let script: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dipc-cli-'));
    script = path.join(folder, 'fake-cli.js');
    // Stands in for dist/cli.js: echoes its arguments, exits with the status asked, or hangs.
    fs.writeFileSync(script, `
      const args = process.argv.slice(2);
      if (args[0] === 'hang') { console.log('started'); setInterval(() => {}, 1000); }
      else { console.log(JSON.stringify(args)); console.error('line one\\nline two'); process.exit(Number(args[1] ?? 0)); }
    `);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('returns stdout, stderr and the exit status', async () => {
    const result = await runCli(script, ['run', '3']);
    assert.strictEqual(result.exitCode, 3);
    assert.deepStrictEqual(JSON.parse(result.stdout), ['run', '3']);
    assert.strictEqual(cliFailureMessage('run', result), 'dipc run failed (exit 3): line one');
  });

  it('kills the child when cancelled and says it was cancelled', async () => {
    const abort = new AbortController();
    const running = runCli(script, ['hang'], { signal: abort.signal, onStdout: () => abort.abort() });
    const result = await running;
    assert.strictEqual(result.cancelled, true);
    assert.strictEqual(result.signal, 'SIGTERM');
  });
});

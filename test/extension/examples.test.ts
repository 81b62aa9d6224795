// dipc.openExamples' copying (extension/examples.ts) and the bundled examples themselves.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyExamples, listExamples } from '../../extension/examples';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

describe('extension: bundled examples', () => {
  let destination: string;
  beforeEach(() => {
    destination = fs.mkdtempSync(path.join(os.tmpdir(), 'dipc-examples-'));
  });
  afterEach(() => fs.rmSync(destination, { recursive: true, force: true }));

  it('ships the examples the walkthrough names', async () => {
    const names = await listExamples(EXAMPLES);
    for (const name of ['hello.dipc', 'kvstore.dipc', 'oltp.dipc', 'capabilities.dipc', 'fault-isolation.dipc', 'attack.dipc']) {
      assert.ok(names.includes(name), name);
    }
  });

  it('copies every example into a new folder', async () => {
    const target = path.join(destination, 'nested', 'examples');
    const result = await copyExamples(EXAMPLES, target);
    assert.deepStrictEqual(result.copied, await listExamples(EXAMPLES));
    assert.deepStrictEqual(result.skipped, []);
    assert.strictEqual(fs.readFileSync(path.join(target, 'oltp.dipc'), 'utf8'), fs.readFileSync(path.join(EXAMPLES, 'oltp.dipc'), 'utf8'));
  });

  it('never overwrites a file that is already there', async () => {
    fs.writeFileSync(path.join(destination, 'kvstore.dipc'), 'mine');
    const result = await copyExamples(EXAMPLES, destination);
    assert.deepStrictEqual(result.skipped, ['kvstore.dipc']);
    assert.strictEqual(fs.readFileSync(path.join(destination, 'kvstore.dipc'), 'utf8'), 'mine');
    assert.ok(result.copied.includes('hello.dipc'));
  });
});

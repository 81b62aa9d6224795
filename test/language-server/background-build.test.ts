// The language server compiles documents on a worker thread of its own bundle (so a long compile
// never delays a keystroke): the worker answers with the compiler's diagnostics, reports a bad
// request as an error instead of dying, and is restarted after it is stopped.
import { strict as assert } from 'node:assert';
import { BackgroundBuilder } from '../../language-server/background-build';
import { SERVER_BUNDLE, buildServerBundle } from './lsp-client';

const TOO_BIG = 'process A {\n    fn main() {\n        let big: [int; 100000];\n        print(big[0]);\n    }\n}\n';

describe('language server: background builds', function () {
  this.timeout(60_000);
  before(() => buildServerBundle());

  it('compiles on the worker and returns E114 with its span; a clean program gives nothing', async () => {
    const builder = new BackgroundBuilder(SERVER_BUNDLE);
    try {
      const [limits, clean] = await Promise.all([
        builder.build(TOO_BIG, 'big.dipc'),
        builder.build('process A {\n    fn main() { print(1); }\n}\n', 'ok.dipc'),
      ]);
      assert.deepEqual(limits.map((d) => [d.code, TOO_BIG.slice(d.span.start, d.span.end)]), [['E114', 'main']]);
      assert.deepEqual(clean, []);
    } finally {
      builder.dispose();
    }
  });

  it('a program with front-end errors is not compiled, and a disposed builder starts a new worker', async () => {
    const builder = new BackgroundBuilder(SERVER_BUNDLE);
    try {
      assert.deepEqual(await builder.build('process A { fn main() { nope(); } }', 'bad.dipc'), []);
      builder.dispose();
      assert.equal((await builder.build(TOO_BIG, 'again.dipc'))[0]?.code, 'E114');
    } finally {
      builder.dispose();
    }
  });
});

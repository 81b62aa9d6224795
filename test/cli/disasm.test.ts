// `dipc disasm` (tooling.md §2: address, domain, encoding, instruction, source line): `.s` files get
// their source lines too, a call's target is named by the function that starts there (not the end
// label of the one before it), and proxy headers name the callee's entry once.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const directory = mkdtempSync(join(tmpdir(), 'dipc-disasm-'));

describe('dipc disasm', () => {
  it('shows the source line of each instruction of a .s program', () => {
    const path = join(directory, 'two.s');
    writeFileSync(path, '_start:\n    li a0, 7\n    li a7, 93\n    ecall\n');
    const result = runCli(['disasm', path]);
    assert.equal(result.status, 0, result.stderr);
    const listed = result.stdout.split('\n').filter((line) => /^\s+0x/.test(line));
    assert.deepEqual(listed.map((line) => line.match(/; (\d+): (.*)$/)?.slice(1)), [['2', 'li a0, 7'], ['3', 'li a7, 93'], ['4', 'ecall']]);
  });

  it('names a call target by the function starting there', () => {
    const result = runCli(['disasm', 'examples/hello.dipc']);
    assert.equal(result.status, 0, result.stderr);
    const calls = result.stdout.split('\n').filter((line) => /\bjal 0x/.test(line));
    assert.ok(calls.length > 0);
    for (const call of calls) assert.doesNotMatch(call, /<__end\./, call);
  });

  it('names each proxy `caller -> Callee.entry` once', () => {
    const result = runCli(['disasm', 'examples/kvstore.dipc']);
    const headers = result.stdout.split('\n').filter((line) => line.startsWith('proxy '));
    assert.ok(headers.length > 0);
    for (const header of headers) assert.match(header, /^proxy \w+ -> (\w+)\.(?!\1\.)\w+ \[/, header);
  });
});

// `dipc trace` (tooling.md §2: "every domain switch and process switch with its cycle cost"): each
// line and JSON event carries the switch's own cost (`cost N`, `switchCycles`) next to the cycles
// since the previous switch (`+N`, `cycles`), as docs/cli.md defines them.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

interface TraceJson {
  events: { kind: string; fromName: string; toName: string; cycle: number; cycles: number; switchCycles: number }[];
  stats: { domainSwitches: number; processSwitches: number };
}

describe('dipc trace', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'dipc-trace-')), 'calls.dipc');
  writeFileSync(path, [
    'process Server { entry f(x: int) -> int { return x + 1; } }',
    'process Client {',
    '    import Server.f;',
    '    domain D { entry g(x: int) -> int { return x * 2; } }',
    '    fn main() { print((Server.f(1) else 0) + D.g(2) + D.g(3)); }',
    '}',
    '',
  ].join('\n'));

  it('--json gives every switch its cost (switchCycles) and keeps cycles since the previous switch', () => {
    const result = runCli(['trace', '--json', path]);
    assert.equal(result.status, 0, result.stderr);
    const { events, stats } = JSON.parse(result.stdout) as TraceJson;
    assert.equal(events.length, stats.domainSwitches + stats.processSwitches);
    assert.deepEqual(events.filter((event) => event.toName === 'Client.D').map((event) => event.switchCycles).slice(1), [3], 'a warm call: jal 1 + crossDomainCall 2');
    const into = events.findIndex((event) => event.kind === 'processSwitch' && event.toName === 'Server');
    assert.equal(events[into].switchCycles, events[into + 1].cycle - (events[into - 1].cycle - events[into - 1].switchCycles), 'the proxy half');
    assert.equal(events[1].cycles, events[1].cycle - events[0].cycle);
  });

  it('prints the cost on each line after the cycles since the previous switch', () => {
    const result = runCli(['trace', path]);
    assert.equal(result.status, 0, result.stderr);
    const { events } = JSON.parse(runCli(['trace', '--json', path]).stdout) as TraceJson;
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, events.length + 1);
    events.forEach((event, index) => {
      assert.match(lines[index], new RegExp(`^ *${event.cycle}  \\+${event.cycles} +cost ${event.switchCycles} +thread \\d+  (domain |process) ${event.fromName.replace('.', '\\.')} -> `));
    });
  });
});

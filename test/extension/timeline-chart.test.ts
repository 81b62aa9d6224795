// The dIPC timeline drawn from `dipc/timeline` events (extension/timeline-chart.ts).
import * as assert from 'node:assert';
import type { TimelineEvent } from '../../debug-adapter/protocol';
import { renderRecentSwitches, renderTimeline, timelineLanes } from '../../extension/timeline-chart';

function event(index: number, kind: TimelineEvent['kind'], from: string, to: string, cycles: number): TimelineEvent {
  return { index, kind, threadId: 1, thread: 'Client.main', from, to, cycles, instructions: cycles, pc: 0 };
}

const events = [
  event(0, 'domainSwitch', 'Client', 'proxies', 100),
  event(1, 'processSwitch', 'Client', 'Store', 110),
  event(2, 'domainSwitch', 'proxies', 'Store', 120),
  event(3, 'domainSwitch', 'Browser', 'Browser.Plugin', 300),
];

describe('extension: dIPC timeline', () => {
  it('has one lane per process, in order of appearance; a domain of a process shares its lane', () => {
    assert.deepStrictEqual(timelineLanes(events), ['Client', 'proxies', 'Store', 'Browser']);
  });

  it('places switches by cycle and draws process switches as hops between lanes', () => {
    const svg = renderTimeline(events);
    assert.strictEqual((svg.match(/class="process-switch"/g) ?? []).length, 1);
    assert.strictEqual((svg.match(/class="domain-switch"/g) ?? []).length, 3);
    const xs = [...svg.matchAll(/class="domain-switch" x="([\d.]+)"/g)].map((m) => Number(m[1]));
    assert.ok(xs[0]! < xs[1]! && xs[1]! < xs[2]!, `increasing with cycles: ${xs}`);
    assert.match(svg, /cycle 110: process switch Client → Store/);
  });

  it('says so when there is nothing to draw, and lists the latest switches newest first', () => {
    assert.match(renderTimeline([]), /No domain or process switches yet/);
    const table = renderRecentSwitches(events, 2);
    assert.strictEqual((table.match(/<tr><td>/g) ?? []).length, 2);
    assert.ok(table.indexOf('<td>300</td>') < table.indexOf('<td>120</td>'), 'newest first');
  });
});

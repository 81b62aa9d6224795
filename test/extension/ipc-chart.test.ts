// The IPC comparison: reading `dipc bench --json` and drawing it (extension/bench-result.ts, ipc-chart.ts).
import * as assert from 'node:assert';
import { BenchResultError, parseBenchResult, type BenchResult } from '../../extension/bench-result';
import { componentsOf, renderBreakdownChart, renderIpcComparison, renderTimePerCallChart } from '../../extension/ipc-chart';

const bench: BenchResult = {
  modes: [
    { mode: 'dipc', cyclesPerCall: 100, nsPerCall: 40, breakdown: { 'user code': 60, proxy: 40 } },
    { mode: 'l4', cyclesPerCall: 900, nsPerCall: 360, breakdown: { 'user code': 60, syscall: 300, 'context switch': 540 } },
    { mode: 'rpc', cyclesPerCall: 6400, nsPerCall: 2560, breakdown: { 'user code': 60, syscall: 1000, copy: 5340 } },
  ],
  speedup: { l4: 9, rpc: 64 },
  references: [],
};

/** The width of the rect drawn for `mode` in the time-per-call chart. */
function barWidth(svg: string, mode: string): number {
  const group = new RegExp(`data-mode="${mode}">[\\s\\S]*?<rect[^>]*width="([\\d.]+)"`).exec(svg);
  assert.ok(group, `bar of ${mode}`);
  return Number(group[1]);
}

describe('extension: IPC comparison chart', () => {
  it('reads a well-formed bench result', () => {
    assert.deepStrictEqual(parseBenchResult(JSON.stringify(bench)), bench);
  });

  it('reads the reference rows from "references" (bench --json keeps them out of "modes") and draws them after the modes', () => {
    const reference = { mode: 'function', cyclesPerCall: 14, nsPerCall: 5.6, breakdown: { callSite: 14 } };
    const parsed = parseBenchResult(JSON.stringify({ ...bench, references: [reference] }));
    assert.deepStrictEqual(parsed.modes.map((mode) => mode.mode), ['dipc', 'l4', 'rpc']);
    assert.deepStrictEqual(parsed.references, [reference]);
    const svg = renderTimePerCallChart(parsed);
    assert.deepStrictEqual([...svg.matchAll(/<g class="([^"]+)" data-mode="([^"]+)"/g)].map((m) => [m[1], m[2]]),
      [['mode', 'dipc'], ['mode', 'l4'], ['mode', 'rpc'], ['mode reference', 'function']]);
    assert.match(svg, /5\.6 ns, 14\.0 cycles \(0\.14× dIPC\)/);
    assert.match(renderIpcComparison(parsed, 'x'), /<td>function<\/td>/);
    assert.deepStrictEqual(parseBenchResult(JSON.stringify({ modes: bench.modes, speedup: bench.speedup })).references, [], '--program prints no references');
    assert.throws(() => parseBenchResult(JSON.stringify({ ...bench, references: [{ mode: 'function', cyclesPerCall: -1, nsPerCall: 1 }] })), /references\[0\]\.cyclesPerCall/);
  });

  it('rejects output that is not a bench result with a message naming the field', () => {
    assert.throws(() => parseBenchResult('Segmentation fault'), (e: Error) => e instanceof BenchResultError && /did not print JSON/.test(e.message));
    assert.throws(() => parseBenchResult('{"modes": []}'), /empty "modes"/);
    assert.throws(() => parseBenchResult('{"modes": [{"mode": "l4", "cyclesPerCall": "many", "nsPerCall": 1}]}'), /modes\[0\]\.cyclesPerCall/);
    assert.throws(() => parseBenchResult('{"modes": [{"mode": "l4", "cyclesPerCall": 1, "nsPerCall": 1, "breakdown": {"copy": -3}}]}'), /breakdown\.copy/);
  });

  it('draws bars proportional to time per call, labelled with the factor to dIPC', () => {
    const svg = renderTimePerCallChart(bench);
    assert.ok(Math.abs(barWidth(svg, 'rpc') / barWidth(svg, 'l4') - 2560 / 360) < 0.01);
    assert.match(svg, /360 ns, 900 cycles \(9\.00× dIPC\)/);
    assert.match(svg, /2,560 ns, 6,400 cycles \(64\.00× dIPC\)/);
  });

  it('stacks every component of each mode, scaled to the mode total, in one colour per component', () => {
    const svg = renderBreakdownChart(bench);
    assert.deepStrictEqual(componentsOf(bench), ['user code', 'proxy', 'syscall', 'context switch', 'copy']);
    const l4 = /data-mode="l4">([\s\S]*?)<\/g>/.exec(svg)![1]!;
    const widths = [...l4.matchAll(/class="segment" data-component="([^"]+)"[^>]*width="([\d.]+)"[^>]*fill="([^"]+)"/g)];
    assert.deepStrictEqual(widths.map((m) => m[1]), ['user code', 'syscall', 'context switch']);
    assert.ok(Math.abs(Number(widths[2]![2]) / Number(widths[1]![2]) - 540 / 300) < 0.01);
    const userCodeColours = new Set([...svg.matchAll(/data-component="user code"[^>]*fill="([^"]+)"/g)].map((m) => m[1]));
    assert.strictEqual(userCodeColours.size, 1);
  });

  it('escapes names that come from the CLI', () => {
    const html = renderIpcComparison({ modes: [{ mode: '<script>', cyclesPerCall: 1, nsPerCall: 1, breakdown: { 'a&b': 1 } }], speedup: {}, references: [] }, 'x');
    assert.ok(!html.includes('<script>'));
    assert.match(html, /&lt;script&gt;/);
    assert.match(html, /a&amp;b/);
  });
});

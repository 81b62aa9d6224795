// `dipc bench` through the bundled command (tooling.md §2): the --json shape the extension's chart
// reads, speedups computed from measured cycles (editing a cost moves them), the paper's ratios
// under the default cost model, --program, and one-line errors for bad cost-model files.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { parseBenchResult } from '../../extension/bench-result';

interface BenchRow {
  mode: string;
  cyclesPerCall: number;
  nsPerCall: number;
  breakdown: Record<string, number>;
}

interface BenchJson {
  modes: BenchRow[];
  speedup: Record<string, number>;
  references: BenchRow[];
}

const directory = mkdtempSync(join(tmpdir(), 'dipc-bench-'));
function costModelFile(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function bench(args: string[]): BenchJson {
  const result = runCli(['bench', '--json', ...args]);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as BenchJson;
}

describe('dipc bench', function () {
  this.timeout(180_000);
  let defaults: BenchJson;

  before(() => {
    defaults = bench(['--iterations', '400']);
  });

  it('--json has the shape of tooling.md §2, which the extension accepts', () => {
    assert.deepEqual(Object.keys(defaults).sort(), ['modes', 'references', 'speedup']);
    // modes: exactly os.md §5's five IPC modes in its order, dipc first; the reference rows apart.
    assert.deepEqual(defaults.modes.map((mode) => mode.mode), ['dipc', 'l4', 'rpc', 'pipe', 'sem']);
    assert.deepEqual(defaults.references.map((mode) => mode.mode), ['function', 'domain', 'dipc-all']);
    assert.deepEqual(Object.keys(defaults.speedup).sort(), ['l4', 'pipe', 'rpc', 'sem']);
    for (const mode of [...defaults.modes, ...defaults.references]) {
      assert.ok(mode.cyclesPerCall > 0 && Math.abs(mode.nsPerCall - mode.cyclesPerCall / 2.5) < 1e-6, mode.mode);
      const sum = Object.values(mode.breakdown).reduce((total, cycles) => total + cycles, 0);
      assert.ok(Math.abs(sum - mode.cyclesPerCall) < 0.1 * mode.cyclesPerCall + 1, `${mode.mode}: breakdown sums to ${sum}, not ${mode.cyclesPerCall}`);
    }
    assert.doesNotThrow(() => parseBenchResult(JSON.stringify(defaults)));
  });

  it('computes each speedup from the measured cycles per call', () => {
    const dipc = defaults.modes.find((mode) => mode.mode === 'dipc')!.cyclesPerCall;
    for (const [mode, factor] of Object.entries(defaults.speedup)) {
      assert.equal(factor, defaults.modes.find((candidate) => candidate.mode === mode)!.cyclesPerCall / dipc, mode);
    }
  });

  it('breaks dIPC down by proxy step and classic IPC by kernel component', () => {
    const dipc = defaults.modes.find((mode) => mode.mode === 'dipc')!.breakdown;
    assert.ok(dipc['proxy.kcs-push'] > 0 && dipc['proxy.identity'] > 0 && dipc.callee > 0, JSON.stringify(dipc));
    const all = defaults.references.find((mode) => mode.mode === 'dipc-all')!.breakdown;
    assert.ok(all['proxy.zero-registers'] > 0 && all['proxy.clear-stack'] > 0, JSON.stringify(all));
    const rpc = defaults.modes.find((mode) => mode.mode === 'rpc')!.breakdown;
    for (const component of ['stubs', 'syscall', 'primitive', 'schedule', 'contextSwitch', 'pageTableSwitch', 'tlbRefill', 'wakeup']) {
      assert.ok(rpc[component] > 0, `rpc breakdown lacks ${component}: ${JSON.stringify(rpc)}`);
    }
    assert.equal(defaults.modes.find((mode) => mode.mode === 'l4')!.breakdown.schedule, undefined, 'L4 switches threads without the scheduler');
  });

  it('reproduces the abstract within 25% with the default cost model (RPC 64.12x, L4 8.87x)', () => {
    assert.ok(Math.abs(defaults.speedup.rpc / 64.12 - 1) <= 0.25, `rpc speedup ${defaults.speedup.rpc}`);
    assert.ok(Math.abs(defaults.speedup.l4 / 8.87 - 1) <= 0.25, `l4 speedup ${defaults.speedup.l4}`);
  });

  it('moves the speedup when a cost in the ipc section is edited, and leaves dIPC alone', () => {
    const edited = bench(['--iterations', '400', '--cost-model', costModelFile('slow-socket.json', { ipc: { socketOp: 1600 } })]);
    const cycles = (result: BenchJson, mode: string): number => result.modes.find((m) => m.mode === mode)!.cyclesPerCall;
    assert.equal(cycles(edited, 'dipc'), cycles(defaults, 'dipc'));
    // Four socket operations per call, each 1000 cycles dearer.
    assert.ok(Math.abs(cycles(edited, 'rpc') - cycles(defaults, 'rpc') - 4000) < 1, `${cycles(edited, 'rpc')} vs ${cycles(defaults, 'rpc')}`);
    assert.ok(edited.speedup.rpc > defaults.speedup.rpc + 40);
    assert.equal(edited.speedup.l4, defaults.speedup.l4);
  });

  it('prints a table with the paper comparison and the breakdown', () => {
    const result = runCli(['bench', '--iterations', '50']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^dipc-all\s+dIPC, all six properties/m);
    assert.match(result.stdout, /rpc\s+[\d.]+x\s+paper 64\.12x/);
    assert.match(result.stdout, /Breakdown \(cycles per call/);
    assert.match(result.stdout, /^  dipc +proxy \d+, callee \d+$/m);
    assert.equal(result.stderr, '', 'no progress output when stderr is not a terminal');
  });

  it('--program runs a program under every mode and reports the share spent in IPC', () => {
    const result = runCli(['bench', '--json', '--program', 'examples/oltp.dipc']);
    assert.equal(result.status, 0, result.stderr);
    const comparison = JSON.parse(result.stdout) as {
      modes: { mode: string; cycles: number; calls: number; cyclesPerCall: number; ipcCycles: number; ipcShare: number }[];
      speedup: Record<string, number>;
      outputDiffers: string[];
    };
    assert.deepEqual(comparison.modes.map((mode) => mode.mode), ['dipc', 'l4', 'rpc', 'pipe', 'sem']);
    assert.deepEqual(comparison.outputDiffers, []);
    // 60 orders of 3 queries each, 60 App calls and the final order count.
    for (const mode of comparison.modes) {
      assert.equal(mode.calls, 241, mode.mode);
      assert.equal(mode.cyclesPerCall, mode.cycles / mode.calls, mode.mode);
      assert.ok(mode.ipcCycles > 0 && mode.ipcShare > 0 && mode.ipcShare < 1, mode.mode);
    }
    // The extension's chart reads this output as it reads the microbenchmark's.
    assert.doesNotThrow(() => parseBenchResult(result.stdout));
    assert.equal(comparison.speedup.rpc, comparison.modes[2].cycles / comparison.modes[0].cycles);
    assert.ok(comparison.speedup.rpc > 1 && comparison.speedup.l4 > 1);
  });

  it('--program with a program that calls no other process is bad input: one line, exit 2', () => {
    for (const program of ['examples/hello.dipc', costModelFile('empty.dipc', '')]) {
      const result = runCli(['bench', '--program', program]);
      assert.equal(result.status, 2, program);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr, `dipc: ${program} makes no cross-process call, so no IPC mode has anything to carry (bench --program compares how calls to another process's entries are carried)\n`);
    }
  });

  it('rejects a malformed cost-model file in one line with exit status 2', () => {
    const bad = costModelFile('bad.json', { ipc: { syscall: 'fast' } });
    for (const command of [['run', 'examples/hello.dipc'], ['bench', '--iterations', '10']]) {
      const result = runCli([...command, '--cost-model', bad]);
      assert.equal(result.status, 2, command.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /"ipc\.syscall" must be a number/);
    }
    const broken = runCli(['run', 'examples/hello.dipc', '--cost-model', costModelFile('broken.json', '{ "ipc": ')]);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /is not valid JSON/);
  });

  it('rejects an iteration count the 32-bit cycle counter cannot time', () => {
    const result = runCli(['bench', '--iterations', '1000000']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^dipc: --iterations is at most 100000/);
  });

  it('runs a program with --ipc and rejects an unknown mode', () => {
    const ok = runCli(['run', '--ipc', 'sem', '--json', 'examples/kvstore.dipc']);
    assert.equal(ok.status, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as { stats: { proxies: number; processSwitches: number } };
    assert.equal(report.stats.proxies, 0);
    assert.ok(report.stats.processSwitches > 0);
    const bad = runCli(['run', '--ipc', 'mach', 'examples/kvstore.dipc']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown IPC mode `mach`/);
  });
});

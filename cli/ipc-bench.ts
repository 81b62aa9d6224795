// The IPC comparison behind `dipc bench` (tooling.md §2, os.md §6): the paper's microbenchmark —
// a synchronous cross-process call with a one-word argument and result — generated as .dipc
// programs and run in every mode, plus a plain function call and an intra-process domain call as
// references; and any program run under every mode. Every figure is measured on the simulator:
// per-call cycles come from the program's own cycles() around the call loop minus an identical
// loop without the call, and the breakdown from stepping one steady-state call instruction by
// instruction (proxy steps from the proxy listing, stubs, the callee, the kernel's charges).
import { Kernel } from '../simulator/kernel/kernel';
import type { CostModel } from '../simulator/kernel/kernel-costs';
import { IPC_MODES, type IpcMode } from '../simulator/kernel/ipc-modes';
import { ISOLATION_PROPERTIES } from '../simulator/kernel/isolation';
import { PROCESS_REGION_BASE, PROCESS_REGION_SIZE, PROXY_REGION, ProcessRegion } from '../simulator/kernel/address-space';
import { STUB_AREA_OFFSET } from '../simulator/kernel/classic/classic-ipc';
import { CLASSIC_PRIMITIVES } from '../simulator/kernel/classic/classic-modes';
import { IPC_COMPONENTS } from '../simulator/kernel/classic/ipc-costs';
import type { ProgramImage } from '../simulator/kernel/program-image';
import { buildDipcProgram } from '../simulator/toolchain/program-loader';

export const DEFAULT_BENCH_ITERATIONS = 10_000;
/** The timed loops read the 32-bit cycles(): at ~5,000 cycles per RPC call this keeps a loop below 2^32. */
export const MAX_BENCH_ITERATIONS = 100_000;
/**
 * The microbenchmark runs with one time slice longer than any loop, so that the round-robin
 * scheduler does not move the CPU into the timed loop's middle to let the server's start-up thread
 * finish (two context switches and its thread_exit: a constant that is not part of any call).
 */
const BENCH_QUANTUM = 1_000_000_000;
/** Instructions a bench run may take before it is declared stuck. */
const RUN_LIMIT = 2_000_000_000;
/** Instructions `--program` steps through (attributed one by one) before giving up. */
export const PROGRAM_STEP_LIMIT = 20_000_000;

/** The rows of the microbenchmark, in table order: two references, dIPC twice, the classic primitives. */
export const BENCH_MODES = ['function', 'domain', 'dipc', 'dipc-all', 'l4', 'rpc', 'pipe', 'sem'] as const;
export type BenchMode = (typeof BENCH_MODES)[number];
/**
 * The rows that are not one of os.md §5's IPC modes: `--json` keeps them out of `modes` (the five
 * modes, `dipc` first, in the spec's order) and lists them under `references`.
 */
export const REFERENCE_MODES = ['function', 'domain', 'dipc-all'] as const satisfies readonly BenchMode[];
export const SPEEDUP_MODES = ['rpc', 'l4', 'pipe', 'sem'] as const;

export const BENCH_MODE_TITLES: Readonly<Record<BenchMode, string>> = {
  function: 'plain function call (reference)',
  domain: 'intra-process domain call (reference)',
  dipc: 'dIPC, no isolation property',
  'dipc-all': 'dIPC, all six properties on both sides',
  l4: CLASSIC_PRIMITIVES.l4.title,
  rpc: CLASSIC_PRIMITIVES.rpc.title,
  pipe: CLASSIC_PRIMITIVES.pipe.title,
  sem: CLASSIC_PRIMITIVES.sem.title,
};

export interface BenchModeResult {
  mode: string;
  cyclesPerCall: number;
  nsPerCall: number;
  /** Cycles per call by component; sums to cyclesPerCall. */
  breakdown: Record<string, number>;
}

export interface MicrobenchResult {
  /** The IPC modes of os.md §5 in its order: dipc, l4, rpc, pipe, sem. */
  modes: BenchModeResult[];
  /** The reference rows (REFERENCE_MODES): a plain call, a domain call, dIPC with every isolation property. */
  references: BenchModeResult[];
  /** speedup[m] = time per call in mode m / time per call in `dipc`. */
  speedup: Record<(typeof SPEEDUP_MODES)[number], number>;
  /** Not part of `--json`: instructions of the stepped call by component (proxy steps, stubs, callee), per mode. */
  instructions: Record<string, Record<string, number>>;
}

export interface BenchOptions {
  iterations?: number;
  costModel?: CostModel;
  /** Called before each mode runs (a progress indicator). */
  onProgress?: (done: number, total: number, what: string) => void;
}

export class BenchError extends Error {}

// ------------------------------------------------------------------ the microbenchmark programs

type CallKind = 'function' | 'domain' | 'process';

/** One bench program: a warm-up call, the call loop, then the same loop without the call; prints both cycle counts. */
export function microbenchSource(kind: CallKind, iterations: number, allProperties = false): string {
  const policy = allProperties ? ` isolate(${ISOLATION_PROPERTIES.join(', ')})` : '';
  const call = kind === 'function' ? 'f(i)' : kind === 'domain' ? 'D.f(i)' : 'Server.f(i) else 0';
  const server = kind === 'process' ? `process Server {\n    entry f(x: int) -> int${policy} {\n        return x + 1;\n    }\n}\n\n` : '';
  const local = kind === 'function'
    ? '    fn f(x: int) -> int {\n        return x + 1;\n    }\n'
    : kind === 'domain' ? '    domain D {\n        entry f(x: int) -> int {\n            return x + 1;\n        }\n    }\n' : `    import Server.f${policy};\n`;
  return `${server}process Client {
${local}
    fn main() {
        // One call before the clock starts warms what a first call pays for once (APL cache, stacks).
        let acc = ${call.replace('(i)', '(0)')};
        let start = cycles();
        for i in 0..${iterations} {
            let r = ${call};
            acc = acc + r;
        }
        let middle = cycles();
        for i in 0..${iterations} {
            let r = i;
            acc = acc + r;
        }
        let end = cycles();
        print(middle - start, end - middle, acc);
    }
}
`;
}

function build(source: string, name: string): ProgramImage {
  return buildDipcProgram(source, `${name}.dipc`).image;
}

function runToEnd(kernel: Kernel): void {
  let budget = RUN_LIMIT;
  for (;;) {
    const before = kernel.machine.instret;
    const stop = kernel.run(Math.min(budget, 10_000_000));
    budget -= kernel.machine.instret - before;
    if (stop.kind === 'finished') return;
    if (budget <= 0) throw new BenchError(`a bench program ran past ${RUN_LIMIT} instructions`);
  }
}

/** Cycles per call from the program's two loops (the call loop minus the empty loop). */
function measureLoop(image: ProgramImage, ipc: IpcMode, iterations: number, costModel: CostModel | undefined): number {
  const kernel = new Kernel({ ipc, costModel, quantum: BENCH_QUANTUM });
  kernel.load(image);
  runToEnd(kernel);
  const result = kernel.result(false);
  if (result.faults.length > 0) throw new BenchError(`bench program faulted in ${ipc} mode: ${result.faults[0].message}`);
  const numbers = result.stdout.trim().split(/\s+/).map(Number);
  if (numbers.length !== 3 || numbers.some((value) => !Number.isFinite(value))) throw new BenchError(`unexpected bench output: ${result.stdout.trim()}`);
  const [withCall, without] = numbers.map((value) => value >>> 0);
  return (withCall - without) / iterations;
}

// ------------------------------------------------------------------ attribution by stepping

type Classifier = (pc: number) => string;

/**
 * Steps the kernel until `done()` (undefined: to the program's end) and attributes every cycle: the
 * kernel's classic-IPC charges to their components, APL-cache refills to `aplMiss`, the rest to
 * `classify(pc)` of the instruction.
 */
function stepAttributing(kernel: Kernel, done: (() => boolean) | undefined, classify: Classifier, into: Record<string, number>, instructions: Record<string, number> = {}): void {
  const aplMiss = kernel.machine.costs.aplMiss;
  const ledger = kernel.state.classic?.charged;
  let steps = 0;
  while (done === undefined || !done()) {
    if (++steps > (done === undefined ? PROGRAM_STEP_LIMIT : 1_000_000)) {
      throw new BenchError(done === undefined ? `the program ran past ${PROGRAM_STEP_LIMIT} instructions` : 'attribution: the call did not return');
    }
    const pc = kernel.machine.pc;
    const cycles = kernel.machine.cycles;
    const misses = kernel.machine.stats.aplCache.misses;
    const charged = ledger === undefined ? undefined : { ...kernel.state.classic!.charged };
    const stop = kernel.step();
    if (stop.kind === 'finished') {
      if (done === undefined) return;
      throw new BenchError('attribution: the program ended inside the call');
    }
    let instruction = kernel.machine.cycles - cycles;
    const missCycles = (kernel.machine.stats.aplCache.misses - misses) * aplMiss;
    if (missCycles > 0) add(into, 'aplMiss', missCycles);
    instruction -= missCycles;
    if (charged !== undefined) {
      for (const component of IPC_COMPONENTS) {
        const delta = kernel.state.classic!.charged[component] - charged[component];
        if (delta > 0) add(into, component, delta);
        instruction -= delta;
      }
    }
    const component = classify(pc);
    add(into, component, instruction);
    add(instructions, component, 1);
  }
}

function add(record: Record<string, number>, key: string, value: number): void {
  record[key] = (record[key] ?? 0) + value;
}

function inStubArea(pc: number): boolean {
  if (pc < PROCESS_REGION_BASE) return false;
  const offset = (pc - PROCESS_REGION_BASE) % PROCESS_REGION_SIZE;
  return offset >= STUB_AREA_OFFSET && offset < ProcessRegion.stacks;
}

function inProxyRegion(pc: number): boolean {
  return pc >= PROXY_REGION.base && pc < PROXY_REGION.base + PROXY_REGION.size;
}

/** Cycles and instructions of the second call by component (the first one warms the APL cache and creates stacks). */
function attributeOneCall(image: ProgramImage, ipc: IpcMode, costModel: CostModel | undefined): { cycles: Record<string, number>; instructions: Record<string, number> } {
  const kernel = new Kernel({ ipc, costModel, quantum: BENCH_QUANTUM });
  kernel.load(image);
  const target = (): number | undefined => ipc === 'dipc' ? kernel.proxies()[0]?.address : kernel.state.classic?.connections[0]?.stub;
  while (target() === undefined) {
    if (kernel.run(1).kind === 'finished') throw new BenchError('attribution: the program made no cross-process call');
  }
  const address = target()!;
  kernel.machine.addBreakpoint(address);
  for (let hits = 0; hits < 2;) {
    const stop = kernel.run(10_000_000);
    if (stop.kind === 'finished') throw new BenchError('attribution: the program made fewer than two calls');
    if (stop.kind === 'breakpoint') hits++;
  }
  kernel.machine.removeBreakpoint(address);
  const caller = kernel.currentThread;
  const returnAddress = kernel.machine.getRegister(1) >>> 0;
  const breakdown: Record<string, number> = ipc === 'dipc' ? { aplMiss: 0 } : {};
  const instructions: Record<string, number> = {};
  stepAttributing(kernel, () => kernel.currentThread === caller && kernel.machine.pc === returnAddress, (pc) => {
    if (inProxyRegion(pc)) {
      const step = kernel.proxyAt(pc)?.listing.find((line) => line.address === pc)?.step;
      return `proxy.${step ?? 'other'}`;
    }
    return inStubArea(pc) ? 'stubs' : 'callee';
  }, breakdown, instructions);
  return { cycles: breakdown, instructions };
}

// ------------------------------------------------------------------ the comparison

function modeSetup(mode: BenchMode): { kind: CallKind; ipc: IpcMode; allProperties: boolean } {
  switch (mode) {
    case 'function':
      return { kind: 'function', ipc: 'dipc', allProperties: false };
    case 'domain':
      return { kind: 'domain', ipc: 'dipc', allProperties: false };
    case 'dipc':
      return { kind: 'process', ipc: 'dipc', allProperties: false };
    case 'dipc-all':
      return { kind: 'process', ipc: 'dipc', allProperties: true };
    default:
      return { kind: 'process', ipc: mode, allProperties: false };
  }
}

function clockGhz(costModel: CostModel | undefined): number {
  return new Kernel({ costModel }).machine.costs.clockGhz;
}

export function runMicrobenchmark(options: BenchOptions = {}): MicrobenchResult {
  const iterations = options.iterations ?? DEFAULT_BENCH_ITERATIONS;
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_BENCH_ITERATIONS) {
    throw new BenchError(`iterations must be a whole number from 1 to ${MAX_BENCH_ITERATIONS}, got ${iterations}`);
  }
  const ghz = clockGhz(options.costModel);
  const instructions: MicrobenchResult['instructions'] = {};
  const rows: BenchModeResult[] = BENCH_MODES.map((mode, index) => {
    options.onProgress?.(index, BENCH_MODES.length, mode);
    const { kind, ipc, allProperties } = modeSetup(mode);
    const cyclesPerCall = measureLoop(build(microbenchSource(kind, iterations, allProperties), `bench-${mode}`), ipc, iterations, options.costModel);
    const attribution = kind === 'process' ? attributeOneCall(build(microbenchSource(kind, 3, allProperties), `bench-${mode}`), ipc, options.costModel) : undefined;
    const breakdown = attribution?.cycles ?? {};
    instructions[mode] = attribution?.instructions ?? {};
    // What the stepped call does not cover: the call site in the loop (argument set-up, the jump, the status check).
    const stepped = Object.values(breakdown).reduce((sum, value) => sum + value, 0);
    breakdown.callSite = Math.max(0, cyclesPerCall - stepped);
    // dIPC rows always show the APL-cache refills, even when the steady-state call has none.
    return { mode, cyclesPerCall, nsPerCall: cyclesPerCall / ghz, breakdown: { ...roundAll(breakdown), ...(ipc === 'dipc' && kind === 'process' ? { aplMiss: breakdown.aplMiss } : {}) } };
  });
  options.onProgress?.(BENCH_MODES.length, BENCH_MODES.length, 'done');
  const row = (name: string): BenchModeResult => rows.find((candidate) => candidate.mode === name)!;
  const modes = IPC_MODES.map(row);
  const dipc = row('dipc');
  const speedup = Object.fromEntries(SPEEDUP_MODES.map((name) => [name, row(name).cyclesPerCall / dipc.cyclesPerCall])) as MicrobenchResult['speedup'];
  return { modes, references: REFERENCE_MODES.map(row), speedup, instructions };
}

function roundAll(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== 0).map(([key, value]) => [key, Math.round(value * 100) / 100]));
}

// ------------------------------------------------------------------ any program under every mode

/**
 * One mode's run of a program, in the shape of the microbenchmark's rows (so the same chart reads
 * it): "per call" divides the whole run by the cross-process calls it made, so speedups are
 * whole-run ratios (every mode makes the same calls).
 */
export interface ProgramModeResult extends BenchModeResult {
  mode: IpcMode;
  cycles: number;
  timeNs: number;
  /** Cross-process calls made (entries into a proxy or a caller stub). */
  calls: number;
  /** Cycles spent carrying calls: proxies (dIPC), or stubs plus the kernel's charges (classic). */
  ipcCycles: number;
  ipcShare: number;
  exitCode: number;
}

export interface ProgramComparison {
  program: string;
  modes: ProgramModeResult[];
  /** speedup[m] = total time in mode m / total time in `dipc`. */
  speedup: Record<(typeof SPEEDUP_MODES)[number], number>;
  /** Modes whose output differs from dIPC's (the program is not mode-independent). */
  outputDiffers: IpcMode[];
}

/** One run of a program under `mode`, every instruction attributed (program, proxies, stubs, kernel charges). */
function runProgramInMode(image: ProgramImage, mode: IpcMode, costModel: CostModel | undefined): { mode: ProgramModeResult; output: string } {
  const kernel = new Kernel({ ipc: mode, costModel });
  kernel.load(image);
  const totals: Record<string, number> = {};
  let calls = 0;
  stepAttributing(kernel, undefined, (pc) => {
    if (inProxyRegion(pc)) {
      if (kernel.proxyAt(pc)?.address === pc) calls++;
      return 'proxies';
    }
    if (inStubArea(pc)) {
      if (kernel.state.classic?.connections.some((connection) => connection.stub === pc) === true) calls++;
      return 'stubs';
    }
    return 'program';
  }, totals);
  const result = kernel.result(false);
  const { cycles, timeNs } = result.stats;
  const ipcCycles = cycles - (totals.program ?? 0) - (totals.aplMiss ?? 0);
  const perCall = Math.max(calls, 1);
  const breakdown = roundAll(Object.fromEntries(Object.entries(totals).map(([component, value]) => [component, value / perCall])));
  return {
    mode: {
      mode, cyclesPerCall: cycles / perCall, nsPerCall: timeNs / perCall, breakdown,
      cycles, timeNs, calls, ipcCycles, ipcShare: cycles === 0 ? 0 : ipcCycles / cycles, exitCode: result.exitCode,
    },
    output: `${result.exitCode}\n${result.stdout}`,
  };
}

export function compareProgram(image: ProgramImage, programName: string, options: BenchOptions = {}): ProgramComparison {
  const outputs: string[] = [];
  const modes: ProgramModeResult[] = [];
  for (const [index, mode] of IPC_MODES.entries()) {
    options.onProgress?.(index, IPC_MODES.length, mode);
    const run = runProgramInMode(image, mode, options.costModel);
    // Without a cross-process call no mode carries anything: there is no comparison to make.
    if (mode === 'dipc' && run.mode.calls === 0) {
      throw new BenchError(`${programName} makes no cross-process call, so no IPC mode has anything to carry (bench --program compares how calls to another process's entries are carried)`);
    }
    modes.push(run.mode);
    outputs.push(run.output);
  }
  options.onProgress?.(IPC_MODES.length, IPC_MODES.length, 'done');
  const dipc = modes[0];
  const speedup = Object.fromEntries(SPEEDUP_MODES.map((name) => [name, modes.find((m) => m.mode === name)!.cycles / dipc.cycles])) as ProgramComparison['speedup'];
  return { program: programName, modes, speedup, outputDiffers: modes.filter((_, index) => outputs[index] !== outputs[0]).map((m) => m.mode) };
}

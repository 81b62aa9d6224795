// Interpreter speed of the CODOMs machine: millions of simulated instructions per second on a
// compute-heavy RV32IM loop (ALU, multiply, divide, loads, stores, branches), once with every
// CODOMs check on and once with checks off (a machine option kept only for this comparison).
import { D1_CODE, D1_DATA, D2_CODE, DATA, ins, li, machineWith, place, twoDomains } from '../test/machine/program';
import type { Machine } from '../simulator/machine/machine';

const INSTRUCTIONS_PER_RUN = 40_000_000;
const REPETITIONS = 5;

/** A pseudo-random walk over a 1 KiB table: 13 instructions per iteration, one of them a divide. */
function kernelProgram(): number[] {
  return [
    ins('lui', 's0', DATA >>> 12), // table base
    ins('addi', 's1', 'zero', 1), // x
    ins('addi', 's2', 'zero', 0), // sum
    ins('lui', 's3', 0x41c65), // multiplier 0x41c64e6d
    ins('addi', 's3', 's3', -403),
    ins('addi', 's4', 'zero', 7), // divisor
    // loop:
    ins('mul', 's1', 's1', 's3'),
    ins('addi', 's1', 's1', 1234),
    ins('srli', 't0', 's1', 20),
    ins('andi', 't0', 't0', 0x3fc),
    ins('add', 't1', 's0', 't0'),
    ins('lw', 't2', 0, 't1'),
    ins('add', 't2', 't2', 's1'),
    ins('sw', 't2', 0, 't1'),
    ins('xor', 's2', 's2', 't2'),
    ins('divu', 't3', 's2', 's4'),
    ins('add', 's2', 's2', 't3'),
    ins('slt', 't4', 's2', 'zero'),
    ins('beq', 'zero', 'zero', -48),
  ];
}

/**
 * The dIPC pattern: Client calls Store's entry (a cross-domain call, DCS push, APL cache), which
 * loads and stores Client memory through a capability (the slow path), then returns. For
 * information: it shows what the protection slow paths cost per instruction.
 */
function crossDomainProgram(): Machine {
  const machine = twoDomains();
  machine.setAplPermission(1, 2, 'call');
  place(machine, D1_CODE, [
    ...li('a0', D1_DATA), ins('addi', 'a1', 'zero', 64), ins('cap.create', 'cr0', 'a0', 'a1', 'rw'), ...li('t0', D2_CODE),
    ins('jalr', 'ra', 0, 't0'), ins('jal', 'zero', -4),
  ]);
  place(machine, D2_CODE, [
    ins('lw', 't1', 0, 'a0'), ins('addi', 't1', 't1', 1), ins('sw', 't1', 0, 'a0'),
    ins('lw', 't2', 4, 'a0'), ins('add', 't2', 't2', 't1'), ins('sw', 't2', 4, 'a0'),
    ins('jalr', 'zero', 0, 'ra'),
  ]);
  return machine;
}

function measureCrossDomain(): { mips: number; cyclesPerCall: number } {
  const machine = crossDomainProgram();
  machine.run(2_000_000); // warm-up
  const before = machine.stats;
  const start = process.cpuUsage();
  machine.run(10_000_000);
  const used = process.cpuUsage(start);
  const after = machine.stats;
  return {
    mips: Math.round(((after.instructions - before.instructions) / ((used.user + used.system) / 1e6) / 1e6) * 10) / 10,
    cyclesPerCall: Math.round(((after.cycles - before.cycles) / (after.crossDomainCalls - before.crossDomainCalls)) * 10) / 10,
  };
}

interface Measurement {
  mips: number;
  instructions: number;
  cpuSeconds: number;
}

function measureOnce(checksEnabled: boolean): Measurement {
  const machine = machineWith(kernelProgram(), { checksEnabled });
  // CPU time, not wall time: the figure should not depend on what else the host is running.
  const start = process.cpuUsage();
  const event = machine.run(INSTRUCTIONS_PER_RUN);
  const used = process.cpuUsage(start);
  if (event.kind !== 'limit') throw new Error(`benchmark program stopped early: ${JSON.stringify(event)}`);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const { instructions } = machine.stats;
  return { mips: Math.round((instructions / cpuSeconds / 1e6) * 10) / 10, instructions, cpuSeconds: Math.round(cpuSeconds * 1000) / 1000 };
}

const best = (runs: Measurement[]): Measurement => runs.reduce((a, b) => (b.mips > a.mips ? b : a));

export async function run(): Promise<Record<string, unknown>> {
  measureOnce(true); // warm up the JIT before timing
  const on: Measurement[] = [];
  const off: Measurement[] = [];
  // Interleaved, so both modes see the same host conditions; the best run of each is reported.
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    on.push(measureOnce(true));
    off.push(measureOnce(false));
  }
  const checksOn = best(on);
  const checksOff = best(off);
  return {
    checksOn,
    checksOff,
    checkOverheadPercent: Math.round((checksOff.mips / checksOn.mips - 1) * 1000) / 10,
    allRunsMips: { checksOn: on.map((m) => m.mips), checksOff: off.map((m) => m.mips) },
    crossDomainWithCapabilities: measureCrossDomain(),
    target: { minimumMipsWithChecks: 150, maximumCheckOverheadPercent: 10 },
  };
}

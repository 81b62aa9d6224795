// Interpreter speed of the CODOMs machine: millions of simulated instructions per second on a
// compute-heavy RV32IM loop (ALU, multiply, divide, loads, stores, branches), once with every
// CODOMs check on and once with checks off (a machine option kept only for this comparison).
import { ins, machineWith, DATA } from '../test/machine/program';

const INSTRUCTIONS_PER_RUN = 60_000_000;
const REPETITIONS = 3;

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

function measure(checksEnabled: boolean): { mips: number; instructions: number; seconds: number } {
  let best = 0;
  let instructions = 0;
  let seconds = 0;
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    const machine = machineWith(kernelProgram(), { checksEnabled });
    // CPU time, not wall time: the figure should not depend on what else the host is running.
    const start = process.cpuUsage();
    const event = machine.run(INSTRUCTIONS_PER_RUN);
    const used = process.cpuUsage(start);
    const elapsed = (used.user + used.system) / 1e6;
    if (event.kind !== 'limit') throw new Error(`benchmark program stopped early: ${JSON.stringify(event)}`);
    const mips = machine.stats.instructions / elapsed / 1e6;
    if (mips > best) {
      best = mips;
      instructions = machine.stats.instructions;
      seconds = elapsed;
    }
  }
  return { mips: Math.round(best * 10) / 10, instructions, seconds: Math.round(seconds * 1000) / 1000 };
}

export async function run(): Promise<Record<string, unknown>> {
  measure(true); // warm up the JIT on both paths before timing
  const checksOn = measure(true);
  const checksOff = measure(false);
  return {
    checksOn,
    checksOff,
    checkOverheadPercent: Math.round((checksOff.mips / checksOn.mips - 1) * 1000) / 10,
    target: { minimumMipsWithChecks: 150, maximumCheckOverheadPercent: 10 },
  };
}

// `dipc run FILE`: compile (or assemble, or load) and run a program; print its output and exit
// with its status, or with `--json` print the whole record of tooling.md §2.
import { parseArguments, type CommandSpec } from '../arguments';
import { EXECUTION_FLAGS, execute, executionOptions } from '../execution';
import { sourceLineAt, type LoadedProgram, loadProgram } from '../../simulator/toolchain/program-loader';
import type { FaultReport } from '../../simulator/kernel/kernel-state';
import { isPastEndOfCode } from '../../simulator/kernel/fault-explanations';
import type { RunResult } from '../../simulator/kernel/run-result';
import { hex } from '../../simulator/machine/faults';
import type { Command } from '.';

export const EXIT_INSTRUCTION_LIMIT = 124;
/** What a shell reports for a process stopped by SIGTRAP: `ebreak` outside a debugger. */
export const EXIT_BREAKPOINT_TRAP = 128 + 5;

const spec: CommandSpec = {
  name: 'run',
  usage: 'dipc run FILE [--ipc dipc|l4|rpc|pipe|sem] [--json] [--max-instructions N] [--cost-model F]',
  flags: [{ name: 'json' }, ...EXECUTION_FLAGS],
  positionals: { min: 1, max: 1, name: 'FILE' },
};

/** A fault as `run --json` reports it: the kernel's record plus the source line of its pc. */
export interface ReportedFault {
  kind: string;
  process: string;
  domain: string;
  pc: number;
  address: number;
  message: string;
  file: string;
  line: number | null;
}

export function reportedFaults(result: RunResult, program: LoadedProgram): ReportedFault[] {
  return result.faults.map((fault) => ({
    kind: fault.kind,
    process: fault.process,
    domain: fault.domain,
    pc: fault.pc,
    address: fault.address,
    message: fault.message,
    file: program.fileName,
    line: sourceLineOf(fault, program),
  }));
}

function sourceLineOf(fault: FaultReport, program: LoadedProgram): number | null {
  // A pc that ran off the end of the code is on no line (not on the last one before it).
  if (isPastEndOfCode(fault.pc, program.image)) return null;
  return sourceLineAt(program, fault.pc) ?? null;
}

export const runCommand: Command = {
  spec,
  execute(argv) {
    const { flags, positionals } = parseArguments(spec, argv);
    const options = executionOptions(flags);
    const program = loadProgram(positionals[0]);
    const { maxInstructions } = options;
    const { result, breakpointTrap } = execute(program.image, options);
    const faults = reportedFaults(result, program);
    let status = result.exitCode;
    if (result.stoppedByLimit) status = EXIT_INSTRUCTION_LIMIT;
    if (breakpointTrap) status = EXIT_BREAKPOINT_TRAP;

    if (flags.has('json')) {
      const report = {
        exitCode: status,
        stdout: result.stdout,
        // tooling.md's statuses are exited, faulted and killed: a process still running when
        // --max-instructions stopped the program was killed by that limit, with the limit's status.
        processes: result.processes.map((entry) => (entry.status === 'running' ? { ...entry, status: 'killed', exitCode: EXIT_INSTRUCTION_LIMIT } : entry)),
        faults,
        stats: result.stats,
        warnings: result.warnings,
      };
      console.log(JSON.stringify(report, null, 2));
    } else {
      // The bytes exactly as the program wrote them (a plain RV32 program prints what qemu prints).
      process.stdout.write(result.stdoutBytes);
      process.stderr.write(result.stderrBytes);
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      for (const fault of faults) {
        const where = fault.line === null ? `pc ${hex(fault.pc)}` : `${fault.file}:${fault.line}`;
        process.stderr.write(`fault: ${fault.kind} in process ${fault.process} (domain ${fault.domain}) at ${where}: ${fault.message}\n`);
      }
    }
    if (result.stoppedByLimit) process.stderr.write(`dipc: stopped after ${maxInstructions} instructions (--max-instructions)\n`);
    if (breakpointTrap) process.stderr.write(`dipc: ebreak at pc ${hex(breakpointTrap.pc)} (a breakpoint trap: run the program under the debugger)\n`);
    return status;
  },
};

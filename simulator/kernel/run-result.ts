// What a run of a program reports (tooling.md §2 `run --json` and `trace`): output, per-process
// outcome, faults, statistics and, on request, the domain- and process-switch trace. The CLI,
// the benchmarks and the tests all read this one shape.
import type { FaultReport, ProcessStatus } from './kernel-state';

export interface OutputChunk {
  pid: number;
  process: string;
  stream: 'stdout' | 'stderr';
  /** The bytes the write wrote, unchanged (what `dipc run` prints). */
  bytes: Uint8Array;
  /**
   * The write as text, decoded as a UTF-8 stream per process and stream: a character split
   * across writes appears in the chunk that completes it (so a chunk's text may be empty).
   */
  text: string;
}

export interface ProcessResult {
  name: string;
  pid: number;
  /** 'running' only when the run stopped at its instruction limit. */
  status: ProcessStatus;
  exitCode: number;
  fault?: FaultReport;
}

export interface RunStats {
  instructions: number;
  cycles: number;
  /** cycles at the cost model's clock rate. */
  timeNs: number;
  domainSwitches: number;
  processSwitches: number;
  aplCache: { hits: number; misses: number };
  capabilities: { created: number; revoked: number };
  /** Trusted proxies generated. */
  proxies: number;
  /** System calls handled (each charged the kernel cost model's syscall entry). */
  syscalls: number;
  faults: number;
}

export interface TraceEvent {
  kind: 'domainSwitch' | 'processSwitch';
  thread: number;
  /** Domain tag (domainSwitch) or pid (processSwitch) before the switch. */
  from: number;
  to: number;
  /** Names of `from` and `to` (domain or process names). */
  fromName: string;
  toName: string;
  /** Address of the proxy the switch happened in, when it happened in one. */
  proxy?: number;
  /** Machine cycle counter at the switch. */
  cycle: number;
  /** Cycles spent since the previous event (or since the start). */
  cycles: number;
  /**
   * The switch's own cost (docs/cli.md): for a domain switch the cycles charged to the switching
   * instruction; for a process switch the proxy half it happened in (dIPC) or the kernel's charges
   * for it with the system call that asked for it (classic IPC, scheduler).
   */
  switchCycles: number;
  pc: number;
}

export interface RunResult {
  /** language.md §4: the first process to end with a non-zero status decides (70 for a fault); else 0. */
  exitCode: number;
  /** Everything written to fd 1 as text (the chunks' texts; invalid UTF-8 replaced by U+FFFD). */
  stdout: string;
  stderr: string;
  /** The same, byte for byte as the program wrote it. */
  stdoutBytes: Uint8Array;
  stderrBytes: Uint8Array;
  output: OutputChunk[];
  processes: ProcessResult[];
  faults: FaultReport[];
  /** Things about the run a person should know that are not faults, each once (docs/kernel.md). */
  warnings: string[];
  stats: RunStats;
  stoppedByLimit: boolean;
  trace?: TraceEvent[];
}

/** Exit status of `dipc run` when a fault killed a process (language.md §4). */
export const FAULT_EXIT_STATUS = 70;

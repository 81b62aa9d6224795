// The debugger's runtime: drives the simulated program (through kernel-target.ts) in slices so
// that `pause` always answers, implements breakpoints, stepping and reverse execution (with
// history.ts), and reports plain events (`stop`, `output`, `log`, `exit`). It knows nothing of
// DAP: session.ts translates. docs/debugger.md states the invariants.

import { EventEmitter } from 'node:events';
import { INSTRUCTION_BY_MNEMONIC } from '../simulator/machine/instruction-set';
import { BreakpointTable, type Breakpoint, type BreakpointOptions, type BreakpointResult, type DataAccess } from './breakpoints';
import { CallStack } from './call-stack';
import type { RunOutcome, RunRequest } from './execution-target';
import { ExpressionError, evaluateText, formatValue } from './expression';
import { DEFAULT_SEARCH_LIMITS, ExecutionHistory, SearchLimitReached, describeSearchLimits, type SearchLimits, type StopConditions } from './history';
import { KernelTarget, type KernelSnapshot } from './kernel-target';
import type { LaunchConfiguration } from './launch-configuration';
import { loadProgram } from './program-loading';
import { byteSizeOf, type DebugInfoIndex } from '../simulator/toolchain/debug-info-index';
import type { CodomsArguments, CodomsResponseBody, TimelineArguments, TimelineResponseBody } from './protocol';
import type { ExceptionDetails, FrameModel, FrameSource, OutputInfo, StopInfo, StopReason } from './runtime-model';
import { Inspector } from './inspector';

export class RuntimeError extends Error {}

/** The exception filters of the Breakpoints view (tooling.md §3). */
export const EXCEPTION_FILTERS = [
  { filter: 'fault', label: 'Faults', description: 'Stop when a thread faults, before the kernel kills the process or unwinds the call', default: true },
  { filter: 'domainSwitch', label: 'Domain switches', description: 'Stop after every change of the current domain', default: false },
  { filter: 'processSwitch', label: 'Process switches', description: 'Stop after every change of the current process (dIPC calls and returns)', default: false },
] as const;

/** The `ecall` instruction word (system calls, the classic IPC modes' ipc_call among them). */
const ECALL = INSTRUCTION_BY_MNEMONIC.get('ecall')!.fixedWord;

/** Instructions per slice: after each, the event loop runs (pause, disconnect, other requests). */
export const SLICE_INSTRUCTIONS = 50_000;

export type LoadOutcome = { ok: true; runtime: DebugRuntime } | { ok: false; message: string; diagnostics: string[] };

interface RuntimeEvents {
  stop: [StopInfo];
  output: [OutputInfo];
  log: [string];
  exit: [number];
}

/** What a forward run is looking for besides breakpoints and exception filters. */
interface ForwardGoal {
  reason: StopReason;
  /** Addresses the machine must stop before so that `reached` can look. */
  addresses: ReadonlySet<number>;
  /** True when the state before the next instruction is the goal. */
  reached(): boolean;
  /** Run single instructions (instruction stepping). */
  singleStep?: boolean;
}

export class DebugRuntime extends EventEmitter<RuntimeEvents> {
  readonly breakpoints = new BreakpointTable();
  private readonly history: ExecutionHistory<KernelSnapshot>;
  private readonly inspector: Inspector;
  private exceptionFilters = new Set<string>(['fault']);
  private exceptions = new Map<number, ExceptionDetails>();
  private running = false;
  private pauseRequested = false;
  private terminated = false;
  private exited = false;
  private stoppedThread = 1;
  /** Output chunks already sent: replays after a step back do not print them twice. */
  private outputSent = 0;
  /** The thread a forward run's latest machine stop concerns (what goals and breakpoints look at). */
  private threadAtStop = -1;
  private cachedStopAddresses: { goal: ForwardGoal; version: number; addresses: ReadonlySet<number> } | undefined;

  /** `searchLimits` bounds each backward search (history.ts); tests give small ones. */
  static load(configuration: LaunchConfiguration, searchLimits: SearchLimits = DEFAULT_SEARCH_LIMITS): LoadOutcome {
    const loaded = loadProgram(configuration);
    if (!loaded.ok) return loaded;
    return { ok: true, runtime: new DebugRuntime(configuration, loaded.target, loaded.symbols, searchLimits) };
  }

  private constructor(
    readonly configuration: LaunchConfiguration,
    private readonly target: KernelTarget,
    readonly symbols: DebugInfoIndex,
    searchLimits: SearchLimits,
  ) {
    super();
    this.history = new ExecutionHistory(target, searchLimits);
    this.inspector = new Inspector(target, symbols, new CallStack(target, symbols), () => this.noteStateChanged());
  }

  // -------------------------------------------------------------------------------------------
  // Execution control

  start(stopOnEntry: boolean): void {
    // A program of no process (language.md §3) has no thread to stop: it ends at once.
    if (this.target.ended()) stopOnEntry = false;
    if (stopOnEntry && !this.hasSourceLines()) {
      // An assembly or ELF program has no statements: its entry is its first instruction.
      this.stop({ reason: 'entry', threadId: this.currentThreadOr(1) });
      return;
    }
    if (stopOnEntry) {
      this.runForward({ reason: 'entry', addresses: this.symbols.statementStarts, reached: () => this.atUserStatement(this.target.nextThread()) });
    } else {
      this.continue();
    }
  }

  continue(): void {
    this.runForward(undefined);
  }

  pause(): void {
    if (this.running) this.pauseRequested = true;
  }

  terminate(): void {
    this.terminated = true;
  }

  /** Programs without debug information (assembly, ELF) step by instruction whatever was asked. */
  private hasSourceLines(): boolean {
    return this.symbols.hasSourceLines();
  }

  step(kind: 'over' | 'in' | 'out', threadId: number, requestedInstruction: boolean): void {
    const instruction = requestedInstruction || !this.hasSourceLines();
    const depth = this.inspector.callStack.depth(threadId);
    const frameCount = this.inspector.callStack.frameCount(threadId);
    // Back at the user caller's return address with fewer frames (a runtime routine, which does not
    // count for depth, has returned too): the step out of the current function is done.
    const returnedToCaller = (): boolean => this.inspector.callStack.frameCount(threadId) < frameCount;
    const startClock = this.target.clock();
    const isThread = (): boolean => this.threadAtStop === threadId && this.target.clock() !== startClock;
    const callerReturn = this.inspector.callStack.returnAddressOfUserCaller(threadId);
    // Classic IPC modes: the outermost frame of a server thread returns into the thread that called.
    const crossReturn = callerReturn === undefined ? this.classicCallReturn(threadId) : undefined;
    const backInCaller = (): boolean => crossReturn !== undefined && this.threadAtStop === crossReturn.thread && this.target.pcOf(crossReturn.thread) === crossReturn.address;
    if (kind === 'out') {
      if (crossReturn !== undefined) {
        this.runForward({ reason: 'step', addresses: new Set([crossReturn.address]), reached: backInCaller });
        return;
      }
      if (callerReturn === undefined) {
        this.continue();
        return;
      }
      this.runForward({
        reason: 'step',
        addresses: new Set([callerReturn]),
        reached: () => isThread() && returnedToCaller(),
      });
      return;
    }
    if (instruction) {
      const callReturn = kind === 'over' ? this.inspector.callStack.returnAddressIfCall(threadId) : undefined;
      if (callReturn !== undefined) {
        this.runForward({ reason: 'step', addresses: new Set([callReturn]), reached: () => isThread() && this.inspector.callStack.depth(threadId) <= depth });
      } else {
        // Into an ipc_call of the classic IPC modes: the next instruction is the server thread's.
        const intoServer = (): boolean => kind === 'in' && this.threadAtStop !== threadId && this.threadAtStop === this.target.servingThreadOf(threadId);
        // Over a server's reply: the calling thread's next instruction follows it (the server waits again).
        const servedCaller = this.target.callerThreadOf(threadId);
        const backToCaller = (): boolean => servedCaller !== undefined && this.threadAtStop === servedCaller && this.target.clock() !== startClock;
        this.runForward({ reason: 'step', addresses: new Set(), singleStep: true, reached: () => isThread() || intoServer() || backToCaller() });
      }
      return;
    }
    if (kind === 'in') {
      // In the classic IPC modes a cross-process call blocks the thread while a server thread runs
      // the callee: the step follows the call onto that thread, and back when the call returns.
      const followed = (): boolean =>
        isThread()
        || (this.threadAtStop !== threadId && this.threadAtStop === this.target.servingThreadOf(threadId))
        || (crossReturn !== undefined && this.threadAtStop === crossReturn.thread);
      this.runForward({ reason: 'step', addresses: this.symbols.statementStarts, reached: () => followed() && this.atUserStatement(this.threadAtStop) });
      return;
    }
    // Over: the next statement of this function (a loop's next iteration of the same line counts),
    // or the return into the caller when the function ends; callees' statements are not candidates.
    const fn = this.symbols.functionAt(this.target.pcOf(threadId));
    const own = fn ? this.symbols.statementStartsOf(fn) : this.symbols.statementStarts;
    const returnAddress = callerReturn ?? crossReturn?.address;
    const addresses = returnAddress === undefined ? own : union(own, new Set([returnAddress]));
    this.runForward({
      reason: 'step',
      addresses,
      reached: () => {
        if (backInCaller()) return true;
        if (!isThread()) return false;
        const pc = this.target.pcOf(threadId);
        if (own.has(pc)) return this.inspector.callStack.depth(threadId) <= depth;
        return pc === callerReturn && returnedToCaller();
      },
    });
  }

  /** Classic IPC modes: where the call a server thread is serving continues in the calling thread. */
  private classicCallReturn(threadId: number): { thread: number; address: number } | undefined {
    const caller = this.target.callerThreadOf(threadId);
    const address = caller === undefined ? undefined : this.inspector.callStack.returnAddressOfUserCaller(caller);
    return caller === undefined || address === undefined ? undefined : { thread: caller, address };
  }

  stepBack(threadId: number, requestedInstruction: boolean): void {
    // A step back is relative to where it starts: one that runs out of its limits stays there.
    const now = this.target.clock();
    this.guarded(() => this.searchBack(threadId, requestedInstruction), (limit) => this.stopAtSearchLimit(limit, 'step back', now, threadId));
  }

  reverseContinue(): void {
    // Breakpoints and exception stops do not depend on where the search starts: one that runs out of
    // its limits stops at the earliest state it searched, so reverse continue again searches on.
    this.guarded(() => this.searchBackForStop(), (limit) => this.stopAtSearchLimit(limit, 'reverse continue', limit.searchedFrom, undefined));
  }

  private guarded(action: () => void, onLimit: (limit: SearchLimitReached) => void): void {
    try {
      action();
    } catch (error) {
      if (!(error instanceof SearchLimitReached)) {
        this.failSafely(error);
        return;
      }
      try {
        onLimit(error);
      } catch (inner) {
        this.failSafely(inner);
      }
    }
  }

  /** A backward search ran out of its limits (history.ts): say so, and stop at `clock`. */
  private stopAtSearchLimit(limit: SearchLimitReached, what: 'step back' | 'reverse continue', clock: number, threadId: number | undefined): void {
    this.exceptions.clear();
    this.arriveAt(clock);
    const found = what === 'step back' ? 'the previous step' : 'a breakpoint or exception stop';
    const where = clock === limit.searchedFrom ? `stopped there; reverse continue again searches further back` : `stayed where the step began; a breakpoint and reverse continue reach further back`;
    const text = `${what} searched the past back to instruction ${limit.searchedFrom} without finding ${found} `
      + `(search limits: ${describeSearchLimits(limit.limits)}); ${where}`;
    this.emit('log', text);
    this.stop({ reason: 'pause', threadId: threadId ?? this.currentThreadOr(this.stoppedThread), description: 'reverse search limit', text });
  }

  private searchBack(threadId: number, requestedInstruction: boolean): void {
    const instruction = requestedInstruction || !this.hasSourceLines();
    const now = this.target.clock();
    const depth = this.inspector.callStack.depth(threadId);
    // Classic IPC modes: before a server thread's outermost frame comes the calling thread's call.
    const caller = this.inspector.callStack.returnAddressOfUserCaller(threadId) === undefined ? this.target.callerThreadOf(threadId) : undefined;
    const callerDepth = caller === undefined ? 0 : this.inspector.callStack.depth(caller);
    const found = instruction
      ? this.previousInstruction(threadId, now)
      : this.history.findLast(
          {
            addresses: this.symbols.statementStarts,
            test: () => {
              const next = this.target.nextThread();
              if (next === threadId) return this.inspector.callStack.depth(threadId) <= depth;
              return next === caller && this.inspector.callStack.depth(caller) <= callerDepth;
            },
          },
          now,
        );
    if (found === undefined) {
      this.arriveInPast(this.history.oldestClock, 'entry', threadId);
      return;
    }
    this.arriveAt(found);
    this.stop({ reason: 'step', threadId: this.target.nextThread() });
  }

  /**
   * The clock of the instruction that came just before `now` in the thread's flow of control.
   * Its own previous instruction, except across a classic IPC call (docs/debugger.md): before a
   * server thread's first instruction of a call comes the calling thread's ipc_call, and before the
   * calling thread's instruction after a returned ipc_call comes the server's reply.
   */
  private previousInstruction(threadId: number, now: number): number | undefined {
    const caller = this.target.callerThreadOf(threadId);
    // A thread waiting in its ipc_call now has that ipc_call as its previous instruction.
    const waitingNow = this.target.waitsForCall(threadId);
    let lastWasEcall = false;
    const own = this.history.findLast({
      test: () => {
        const next = this.target.nextThread();
        if (next !== threadId && next !== caller) return false;
        lastWasEcall = this.target.readWord(this.target.pcOf(next)) === ECALL;
        return true;
      },
    }, now);
    // Only an ecall (an ipc_call) can have blocked the thread in a call.
    if (own === undefined || caller !== undefined || !lastWasEcall || waitingNow) return own;
    this.history.travelTo(own + 1);
    if (!this.target.waitsForCall(threadId)) return own;
    // The thread blocked in that ipc_call: the instruction that ended the call (the server's reply)
    // ran in the latest state where the thread still waited.
    const reply = this.history.findLast({ test: () => this.target.waitsForCall(threadId) }, now);
    return reply !== undefined && reply > own ? reply : own;
  }

  /**
   * The latest earlier stop of a forward continue: a line/function/instruction breakpoint whose
   * condition holds, or (searched instruction by instruction when any are set) a watched access,
   * which stops just after the accessing instruction as it does forward; or an event of an
   * exception filter that is on (a fault, a domain or process switch) or an `ebreak`, found by
   * re-running the past with the forward run's own stop conditions, so it stops where and as
   * forward would have.
   */
  private searchBackForStop(): void {
    const now = this.target.clock();
    const faultPendingNow = this.target.faultPending();
    // A breakpoint search that ran out of its limits still tells that none is in [searchedFrom, now):
    // the exception stops of that stretch are looked for before stopping at the limit.
    let breakpointLimit: SearchLimitReached | undefined;
    let breakpointStop: ReturnType<DebugRuntime['searchBackForBreakpoint']>;
    try {
      breakpointStop = this.searchBackForBreakpoint(now);
    } catch (error) {
      if (!(error instanceof SearchLimitReached)) throw error;
      breakpointLimit = error;
    }
    const conditions: StopConditions = {
      stopAfterDomainSwitch: this.exceptionFilters.has('domainSwitch'),
      stopAfterProcessSwitch: this.exceptionFilters.has('processSwitch'),
      stopOnFault: this.exceptionFilters.has('fault'),
    };
    const searchExceptions = conditions.stopAfterDomainSwitch || conditions.stopAfterProcessSwitch || conditions.stopOnFault;
    // Stopped at a fault, a switch stop of the same clock came before it (the switching instruction retired first).
    const exception = searchExceptions
      ? this.history.findLastStop(
          conditions,
          (clock, outcome) => clock < now || (clock === now && faultPendingNow && outcome.kind !== 'fault'),
          breakpointStop?.clock ?? breakpointLimit?.searchedFrom ?? this.history.oldestClock,
          now,
        )
      : undefined;
    // At one clock an exception stop comes after a breakpoint's (a run resumed from a switch stop
    // does not stop before its first instruction; a fault is met after the breakpoint before it).
    if (exception && (breakpointStop === undefined || exception.clock >= breakpointStop.clock)) {
      this.exceptions.clear();
      const outcome = this.history.travelToStop(exception, conditions);
      this.handleOutcome(outcome, undefined);
      return;
    }
    if (breakpointLimit) throw breakpointLimit;
    if (breakpointStop === undefined) {
      this.arriveInPast(this.history.oldestClock, 'entry', this.target.nextThread());
      return;
    }
    this.exceptions.clear();
    breakpointStop.arrive();
  }

  /** The latest earlier breakpoint or watched-access stop: its clock, and how to arrive there. */
  private searchBackForBreakpoint(now: number): { clock: number; arrive: () => void } | undefined {
    const watches = this.breakpoints.watches();
    const atBreakpoint = (): boolean => {
      const thread = this.target.nextThread();
      const candidates = this.breakpoints.at(this.target.pcOf(thread));
      return candidates.length > 0 && this.breakpoints.judge(candidates, () => this.inspector.environmentOfThread(thread), false).kind === 'stop';
    };
    const atWatchedAccess = (): boolean => this.target.clock() + 1 < now && this.inspector.watchedAccessOfNextInstruction(watches) !== undefined;
    const found = this.history.findLast(
      watches.length > 0 ? { test: () => atBreakpoint() || atWatchedAccess() } : { addresses: this.breakpoints.addresses(), test: atBreakpoint },
      now,
    );
    if (found === undefined) return undefined;
    this.history.travelTo(found);
    if (atBreakpoint()) {
      return {
        clock: found,
        arrive: () => {
          this.arriveAt(found);
          const thread = this.target.nextThread();
          const hit = this.breakpoints.at(this.target.pcOf(thread));
          this.stop({ reason: this.reasonOf(hit[0]), threadId: thread, hitBreakpointIds: hit.map((breakpoint) => breakpoint.id) });
        },
      };
    }
    return {
      clock: found + 1,
      arrive: () => {
        this.history.travelTo(found);
        const thread = this.target.nextThread();
        const accessed = this.inspector.watchedAccessOfNextInstruction(watches) ?? [];
        this.arriveAt(found + 1);
        this.stop({ reason: 'data breakpoint', threadId: thread, hitBreakpointIds: accessed.map((breakpoint) => breakpoint.id) });
      },
    };
  }

  /**
   * Travels to a past state the program stops in: the thread about to run counts as stopped at its
   * pc, as after a forward stop, so a breakpoint there does not stop the next run at once.
   */
  private arriveAt(clock: number): void {
    this.history.travelTo(clock);
    this.target.markStoppedAtNextInstruction();
  }

  private arriveInPast(clock: number, reason: StopReason, threadId: number): void {
    this.arriveAt(clock);
    this.stop({ reason, threadId, description: reason === 'entry' ? 'beginning of the recorded history' : undefined });
  }

  /** Breakpoint addresses plus the goal's, recomputed only when either changes. */
  private stopAddresses(goal: ForwardGoal | undefined): ReadonlySet<number> {
    if (!goal || goal.addresses.size === 0) return this.breakpoints.addresses();
    if (this.cachedStopAddresses?.goal !== goal || this.cachedStopAddresses.version !== this.breakpoints.version) {
      this.cachedStopAddresses = { goal, version: this.breakpoints.version, addresses: union(this.breakpoints.addresses(), goal.addresses) };
    }
    return this.cachedStopAddresses.addresses;
  }

  /** Runs forward in slices until a breakpoint, an exception filter, the goal, a pause or the end. */
  private runForward(goal: ForwardGoal | undefined): void {
    if (this.exited) return;
    this.running = true;
    this.pauseRequested = false;
    this.exceptions.clear();
    const slice = (): void => {
      if (this.terminated) return;
      const deadline = performance.now() + 20;
      try {
        while (performance.now() < deadline) {
          if (this.pauseRequested) {
            this.stop({ reason: 'pause', threadId: this.currentThreadOr(this.stoppedThread) });
            return;
          }
          if (this.advance(goal)) return;
        }
      } catch (error) {
        this.failSafely(error);
        return;
      }
      setImmediate(slice);
    };
    slice();
  }

  /**
   * A bug in the debugger (or the simulator) while running must not kill the session: say what
   * happened and stop where the program is, so the user can still look around.
   */
  private failSafely(error: unknown): void {
    const message = error instanceof Error ? `${error.message}${error.stack ? `\n${error.stack}` : ''}` : String(error);
    this.emit('log', `internal error in the dIPC debugger, the program was paused: ${message}`);
    this.stop({ reason: 'pause', threadId: this.currentThreadOr(this.stoppedThread), description: 'internal error' });
  }

  /** One bounded run of the machine; true when the program stopped or ended. */
  private advance(goal: ForwardGoal | undefined): boolean {
    const watching = this.breakpoints.hasDataBreakpoints();
    const limitLeft = this.configuration.maxInstructions === undefined ? Infinity : this.configuration.maxInstructions - this.target.clock();
    if (limitLeft <= 0) {
      this.emitOutput();
      this.emit('output', { process: 'dipc', stream: 'stderr', text: `stopped after ${this.configuration.maxInstructions} instructions (maxInstructions)\n` });
      this.finish(124);
      return true;
    }
    const watchHit = watching ? this.inspector.watchedAccessOfNextInstruction(this.breakpoints.watches()) : undefined;
    const addresses = this.stopAddresses(goal);
    const request: RunRequest = {
      limit: watching || goal?.singleStep ? 1 : Math.min(SLICE_INSTRUCTIONS, this.history.nextCheckpointClock() - this.target.clock(), limitLeft),
      stopBefore: addresses,
      stopAfterDomainSwitch: this.exceptionFilters.has('domainSwitch'),
      stopAfterProcessSwitch: this.exceptionFilters.has('processSwitch'),
      stopOnFault: this.exceptionFilters.has('fault'),
    };
    const thread = this.target.nextThread();
    const outcome = this.target.run(request);
    this.emitOutput();
    this.history.recordIfDue();
    if (watchHit && outcome.kind !== 'fault') {
      this.stop({ reason: 'data breakpoint', threadId: thread, hitBreakpointIds: watchHit.map((breakpoint) => breakpoint.id) });
      return true;
    }
    return this.handleOutcome(outcome, goal);
  }

  private handleOutcome(outcome: RunOutcome, goal: ForwardGoal | undefined): boolean {
    switch (outcome.kind) {
      case 'ended':
        this.finish(outcome.exitCode);
        return true;
      case 'ebreak':
        this.stop({ reason: 'breakpoint', threadId: outcome.threadId, description: 'ebreak' });
        return true;
      case 'fault': {
        const fault = outcome.fault;
        this.exceptions.set(fault.thread, {
          filter: 'fault', kind: fault.kind, message: fault.message, faultKind: fault.kind, address: fault.address, pc: fault.pc,
          missingPermission: this.target.missingPermission(), process: fault.process, domain: fault.domain,
        });
        this.stop({ reason: 'exception', threadId: fault.thread, description: fault.kind, text: fault.message });
        return true;
      }
      case 'domainSwitch':
      case 'processSwitch': {
        const thread = this.target.lastSwitch();
        if (!thread) return false;
        const kind = outcome.kind === 'domainSwitch' ? 'domain switch' : 'process switch';
        const message = `${thread.from} -> ${thread.to}${thread.proxy ? ` (in ${thread.proxy})` : ''}`;
        this.exceptions.set(thread.threadId, { filter: outcome.kind, kind, message, process: thread.toProcess, domain: thread.toDomain, pc: thread.pc });
        this.stop({ reason: 'exception', threadId: thread.threadId, description: kind, text: message });
        return true;
      }
      default: {
        // At an address stop, the thread the machine stopped (the scheduler may be about to switch).
        const thread = outcome.kind === 'address' ? outcome.threadId : this.target.nextThread();
        this.threadAtStop = thread;
        if (thread === -1) return false;
        const pc = this.target.pcOf(thread);
        const candidates = this.breakpoints.at(pc);
        if (candidates.length > 0) {
          const verdict = this.breakpoints.judge(candidates, () => this.inspector.environmentOfThread(thread));
          if (verdict.kind !== 'none') for (const line of verdict.lines) this.emit('log', line);
          if (verdict.kind === 'stop') {
            this.stop({ reason: this.reasonOf(verdict.breakpoints[0]), threadId: thread, hitBreakpointIds: verdict.breakpoints.map((breakpoint) => breakpoint.id) });
            return true;
          }
        }
        if (goal && goal.reached()) {
          this.stop({ reason: goal.reason, threadId: thread });
          return true;
        }
        return false;
      }
    }
  }

  private reasonOf(breakpoint: Breakpoint | undefined): StopReason {
    switch (breakpoint?.kind) {
      case 'function': return 'function breakpoint';
      case 'instruction': return 'instruction breakpoint';
      case 'data': return 'data breakpoint';
      default: return 'breakpoint';
    }
  }

  private stop(stop: StopInfo): void {
    this.running = false;
    this.pauseRequested = false;
    this.stoppedThread = stop.threadId;
    this.emit('stop', stop);
  }

  private finish(exitCode: number): void {
    this.running = false;
    this.exited = true;
    this.emitOutput();
    this.emit('exit', exitCode);
  }

  private emitOutput(): void {
    const count = this.target.outputCount();
    for (; this.outputSent < count; this.outputSent++) this.emit('output', this.target.outputChunk(this.outputSent));
  }

  private currentThreadOr(fallback: number): number {
    const thread = this.target.nextThread();
    return thread === -1 ? fallback : thread;
  }

  private atUserStatement(thread: number): boolean {
    return thread !== -1 && this.symbols.statementStarts.has(this.target.pcOf(thread));
  }

  // -------------------------------------------------------------------------------------------
  // Breakpoints

  setLineBreakpoints(path: string, requested: ({ line: number } & BreakpointOptions)[]): BreakpointResult[] {
    const inProgram = isSameFile(path, this.symbols.fileName);
    const created = requested.map((request) => {
      const location = inProgram ? this.symbols.statementAtOrAfter(request.line) : undefined;
      const breakpoint = this.breakpoints.create('line', options(request), location ? [location.address] : [], location !== undefined);
      return { breakpoint, line: location?.line ?? request.line, address: location?.address };
    });
    this.breakpoints.replaceLineBreakpoints(path, created.map((entry) => entry.breakpoint));
    return created.map(({ breakpoint, line, address }) => ({
      id: breakpoint.id,
      verified: breakpoint.verified,
      line,
      instructionReference: address,
      message: breakpoint.verified ? undefined : `no code on or after line ${line} in ${inProgram ? 'this program' : 'a file that is not the program being debugged'}`,
    }));
  }

  setFunctionBreakpoints(requested: ({ name: string } & BreakpointOptions)[]): BreakpointResult[] {
    const breakpoints = requested.map((request) => {
      const fn = this.symbols.userFunctionNamed(request.name.trim());
      const address = fn && this.symbols.bodyStartOf(fn);
      const breakpoint = this.breakpoints.create('function', options(request), address === undefined ? [] : [address], address !== undefined);
      return { breakpoint, message: address === undefined ? `no function \`${request.name}\`: use Process.function, Process.Domain.function or Process.entry` : undefined };
    });
    this.breakpoints.replaceFunctionBreakpoints(breakpoints.map((entry) => entry.breakpoint));
    return breakpoints.map(({ breakpoint, message }) => ({ id: breakpoint.id, verified: breakpoint.verified, message }));
  }

  setInstructionBreakpoints(requested: ({ address: number } & BreakpointOptions)[]): BreakpointResult[] {
    const breakpoints = requested.map((request) => {
      const mapped = this.target.isExecutable(request.address) && request.address % 4 === 0;
      return this.breakpoints.create('instruction', options(request), mapped ? [request.address >>> 0] : [], mapped);
    });
    this.breakpoints.replaceInstructionBreakpoints(breakpoints);
    return breakpoints.map((breakpoint, index) => ({
      id: breakpoint.id,
      verified: breakpoint.verified,
      instructionReference: requested[index].address,
      message: breakpoint.verified ? undefined : 'no executable code at this address',
    }));
  }

  /** dataId: `address:size` (a global resolves to its address when the breakpoint is set). */
  dataBreakpointInfo(name: string, scope: string | undefined, frame: FrameModel | undefined, asAddress: boolean, bytes: number | undefined): { dataId: string; description: string; canPersist: boolean } | undefined {
    if (asAddress) {
      const address = Number(name);
      if (!Number.isFinite(address)) return undefined;
      const size = bytes ?? 4;
      return { dataId: `${address >>> 0}:${size}`, description: `${size} bytes at ${hex(address)}`, canPersist: false };
    }
    if (scope !== undefined && scope !== 'Globals' && scope !== 'Locals') return undefined;
    const local = scope === 'Locals' && frame ? this.inspector.localOfFrame(frame, name) : undefined;
    if (local) {
      const size = local.type.kind === 'array' ? local.type.length * 4 : 4;
      return { dataId: `${local.address}:${size}`, description: `${frame!.name}.${name}`, canPersist: false };
    }
    const global = this.symbols.globalNamed(name, frame ? this.inspector.processDomainOf(frame) : undefined);
    if (!global) return undefined;
    return { dataId: `${global.address}:${byteSizeOf(global.type)}`, description: global.qualifiedName, canPersist: true };
  }

  setDataBreakpoints(requested: { dataId: string; accessType?: DataAccess; condition?: string; hitCondition?: string }[]): BreakpointResult[] {
    const breakpoints = requested.map((request) => {
      const [address, size] = request.dataId.split(':').map(Number);
      const valid = Number.isFinite(address) && Number.isFinite(size) && size > 0;
      const breakpoint = this.breakpoints.create('data', options(request), [], valid);
      if (valid) breakpoint.watch = { address, size, access: request.accessType ?? 'write', description: this.symbols.describeAddress(address) };
      return breakpoint;
    });
    this.breakpoints.replaceDataBreakpoints(breakpoints);
    return breakpoints.map((breakpoint) => ({ id: breakpoint.id, verified: breakpoint.verified, message: breakpoint.verified ? undefined : 'not a watchable location' }));
  }

  setExceptionFilters(filters: string[]): void {
    this.exceptionFilters = new Set(filters.filter((filter) => EXCEPTION_FILTERS.some((known) => known.filter === filter)));
  }

  exceptionInfo(threadId: number): ExceptionDetails | undefined {
    return this.exceptions.get(threadId);
  }

  // -------------------------------------------------------------------------------------------
  // Inspection

  threads(): { id: number; name: string }[] {
    return this.inspector.threads();
  }

  /** True for a thread that exists and has not ended (what the Threads view lists). */
  isLiveThread(threadId: number): boolean {
    return this.inspector.threads().some((thread) => thread.id === threadId);
  }

  stackFrames(threadId: number): FrameModel[] {
    return this.inspector.frames(threadId);
  }

  evaluate(text: string, frame: FrameModel | undefined): { value: string; type?: string; memoryReference?: number } {
    const environment = frame ? this.inspector.environmentOfFrame(frame) : this.inspector.environmentOfThread(this.stoppedThread);
    try {
      const value = evaluateText(text, environment);
      return {
        value: formatValue(value),
        type: value.kind === 'array' ? `[${value.element}; ${value.length}]` : value.kind,
        memoryReference: value.kind === 'array' ? value.address : value.kind === 'ptr' ? value.value : undefined,
      };
    } catch (error) {
      if (error instanceof ExpressionError) throw new RuntimeError(error.message);
      throw error;
    }
  }

  /** The user changed the program's state: the recorded future is no longer its future. */
  noteStateChanged(): void {
    this.history.forgetFuture();
    // Output the old future printed is not this future's: what follows from here is printed anew.
    this.outputSent = this.target.outputCount();
  }

  disassemble(address: number, instructionOffset: number, count: number): ReturnType<Inspector['disassemble']> {
    return this.inspector.disassemble(address, instructionOffset, count);
  }

  readMemory(address: number, count: number): { bytes: Uint8Array; unreadable: number } {
    return this.target.readMemory(address, count);
  }

  writeMemory(address: number, bytes: Uint8Array): number {
    const written = this.target.writeMemory(address, bytes);
    this.noteStateChanged();
    return written;
  }

  proxyListing(reference: number): string {
    const listing = this.inspector.proxyListing(reference);
    if (listing === undefined) throw new RuntimeError('no proxy at this address');
    return listing;
  }

  loadedSources(): FrameSource[] {
    return [{ kind: 'file', path: this.symbols.fileName }, ...this.inspector.proxySources()];
  }

  codoms(args: CodomsArguments): CodomsResponseBody {
    return this.inspector.codoms(args.threadId ?? this.stoppedThread);
  }

  timeline(args: TimelineArguments): TimelineResponseBody {
    return this.inspector.timeline(args.from, args.limit);
  }
}

function options(request: BreakpointOptions): BreakpointOptions {
  return { condition: request.condition || undefined, hitCondition: request.hitCondition || undefined, logMessage: request.logMessage };
}

function union(a: ReadonlySet<number>, b: ReadonlySet<number>): ReadonlySet<number> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  const result = new Set(a);
  for (const value of b) result.add(value);
  return result;
}

/** True when two paths name one file (VS Code may send another drive-letter case or separators on Windows). */
function isSameFile(a: string, b: string): boolean {
  const normalize = (path: string): string => path.replace(/\\/g, '/').replace(/^([a-zA-Z]):/, (_, drive: string) => drive.toLowerCase() + ':');
  return normalize(a) === normalize(b);
}

function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

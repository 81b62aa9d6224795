// The DAP side of the debugger: a thin translator from Debug Adapter Protocol requests to the
// runtime (runtime.ts, which knows nothing of DAP) and from the runtime's events back to DAP
// events. Variables, scopes and frames are handed out through handle tables valid until the
// next resume. The extension runs this class inline; main.ts runs it over stdio.

import { readFileSync } from 'node:fs';
import {
  Breakpoint, ExitedEvent, Handles, InitializedEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame,
  StoppedEvent, TerminatedEvent, Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { LaunchConfigurationError, validateLaunchConfiguration } from './launch-configuration';
import { DipcRequest, type CodomsArguments, type TimelineArguments } from './protocol';
import type { FrameModel, ScopeModel, VariableModel } from './runtime-model';
import { DebugRuntime, EXCEPTION_FILTERS, RuntimeError } from './runtime';

type VariableContainer = { kind: 'scope'; scope: ScopeModel; frame: FrameModel } | { kind: 'children'; variables: () => VariableModel[] };

export class DipcDebugSession extends LoggingDebugSession {
  private runtime: DebugRuntime | undefined;
  private readonly frames = new Handles<FrameModel>();
  private readonly containers = new Handles<VariableContainer>();
  /** Variables by container handle, so setVariable can find the setter of what was shown. */
  private readonly shownVariables = new Map<number, VariableModel[]>();
  /** Where the program's output lines end: output arrives in pieces, DAP wants whole lines. */
  private pendingOutput = new Map<string, string>();
  private configurationDone!: () => void;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsInstructionBreakpoints: true,
      supportsDataBreakpoints: true,
      supportsStepBack: true,
      supportsSteppingGranularity: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsDisassembleRequest: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsExceptionInfoRequest: true,
      supportsLoadedSourcesRequest: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS.map((filter) => ({ ...filter })),
    };
    // `initialized` waits for the launch: configuration requests (breakpoints, filters) need the
    // loaded program, and a client may send them as soon as it sees the event.
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments): Promise<void> {
    let runtime: DebugRuntime;
    try {
      const configuration = validateLaunchConfiguration(args as Record<string, unknown>);
      const loaded = DebugRuntime.load(configuration);
      if (!loaded.ok) {
        for (const line of loaded.diagnostics) this.sendEvent(new OutputEvent(line + '\n', 'stderr'));
        this.sendErrorResponse(response, { id: 1001, format: loaded.message, showUser: true });
        this.sendEvent(new TerminatedEvent());
        return;
      }
      runtime = loaded.runtime;
    } catch (error) {
      const message = error instanceof LaunchConfigurationError || error instanceof RuntimeError ? error.message : `cannot launch: ${String(error)}`;
      this.sendErrorResponse(response, { id: 1001, format: message, showUser: true });
      this.sendEvent(new TerminatedEvent());
      return;
    }
    this.runtime = runtime;
    this.sendEvent(new InitializedEvent());
    runtime.on('stop', (stop) => {
      this.flushOutput();
      this.resetHandles();
      const event = new StoppedEvent(stop.reason, stop.threadId) as DebugProtocol.StoppedEvent;
      event.body.allThreadsStopped = true;
      if (stop.description !== undefined) event.body.description = stop.description;
      if (stop.text !== undefined) event.body.text = stop.text;
      if (stop.hitBreakpointIds) event.body.hitBreakpointIds = stop.hitBreakpointIds;
      this.sendEvent(event);
    });
    runtime.on('output', (output) => this.output(output.process, output.stream, output.text));
    runtime.on('log', (text) => this.sendEvent(new OutputEvent(text + '\n', 'console')));
    runtime.on('exit', (exitCode) => {
      this.flushOutput();
      this.sendEvent(new ExitedEvent(exitCode));
      this.sendEvent(new TerminatedEvent());
    });
    // Breakpoints arrive between `initialized` and configurationDone; run only after them.
    await this.configured;
    this.sendResponse(response);
    runtime.start(runtime.configuration.stopOnEntry);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments): void {
    this.runtime?.terminate();
    // Sends the response, then ends the adapter process (not when running inline in the extension).
    super.disconnectRequest(response, args);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.runtime?.terminate();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  // -------------------------------------------------------------------------------------------
  // Breakpoints

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.answer(response, () => {
      const results = this.requireRuntime().setLineBreakpoints(args.source.path ?? '', args.breakpoints ?? []);
      return {
        breakpoints: results.map((result) => {
          const breakpoint = new Breakpoint(result.verified, result.line, result.line === undefined ? undefined : 1) as DebugProtocol.Breakpoint;
          breakpoint.id = result.id;
          if (result.message) breakpoint.message = result.message;
          if (result.verified) breakpoint.source = args.source;
          if (result.instructionReference !== undefined) breakpoint.instructionReference = hexAddress(result.instructionReference);
          return breakpoint;
        }),
      };
    });
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.answer(response, () => ({ breakpoints: this.requireRuntime().setFunctionBreakpoints(args.breakpoints).map((result) => this.breakpointBody(result)) }));
  }

  protected override setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    this.answer(response, () => ({
      breakpoints: this.requireRuntime()
        .setInstructionBreakpoints(args.breakpoints.map((breakpoint) => ({ ...breakpoint, address: parseAddress(breakpoint.instructionReference) + (breakpoint.offset ?? 0) })))
        .map((result) => this.breakpointBody(result)),
    }));
  }

  protected override dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    this.answer(response, () => {
      const container = args.variablesReference === undefined ? undefined : this.containers.get(args.variablesReference);
      const scopeContainer = container?.kind === 'scope' ? container : undefined;
      const frame = args.frameId === undefined ? scopeContainer?.frame : this.frames.get(args.frameId);
      const parent = scopeContainer?.scope.name;
      const info = this.requireRuntime().dataBreakpointInfo(args.name, parent, frame, args.asAddress === true, args.bytes);
      return info
        ? { dataId: info.dataId, description: info.description, accessTypes: ['read', 'write', 'readWrite'], canPersist: info.canPersist }
        : { dataId: null, description: `\`${args.name}\` is not a global or an address` };
    });
  }

  protected override setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    this.answer(response, () => ({ breakpoints: this.requireRuntime().setDataBreakpoints(args.breakpoints).map((result) => this.breakpointBody(result)) }));
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.answer(response, () => {
      const filters = [...args.filters, ...(args.filterOptions ?? []).map((option) => option.filterId)];
      this.requireRuntime().setExceptionFilters(filters);
      return { breakpoints: filters.map(() => ({ verified: true })) };
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse, args: DebugProtocol.ExceptionInfoArguments): void {
    this.answer(response, () => {
      const details = this.requireRuntime().exceptionInfo(args.threadId);
      if (!details) throw new RuntimeError('the thread did not stop on an exception');
      return {
        exceptionId: details.kind,
        description: details.message,
        breakMode: details.filter === 'fault' ? 'always' : 'userUnhandled',
        details: {
          message: details.message,
          typeName: details.faultKind ?? details.kind,
          stackTrace: [
            details.process && `process ${details.process}`,
            details.domain && `domain ${details.domain}`,
            details.pc !== undefined && `pc ${hexAddress(details.pc)}`,
            details.address !== undefined && `address ${hexAddress(details.address)}`,
            details.missingPermission && `missing permission: ${details.missingPermission}`,
          ].filter(Boolean).join('\n'),
        },
      };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Execution control

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.resume(response, (runtime) => runtime.continue());
    response.body = { allThreadsContinued: true };
  }

  protected override nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.resumeThread(response, args.threadId, (runtime) => runtime.step('over', args.threadId, args.granularity === 'instruction'));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.resumeThread(response, args.threadId, (runtime) => runtime.step('in', args.threadId, args.granularity === 'instruction'));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.resumeThread(response, args.threadId, (runtime) => runtime.step('out', args.threadId, args.granularity === 'instruction'));
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    this.resume(response, (runtime) => runtime.stepBack(args.threadId, args.granularity === 'instruction'));
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.resume(response, (runtime) => runtime.reverseContinue());
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.answer(response, () => {
      this.requireRuntime().pause();
      return undefined;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Inspection

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: (this.runtime?.threads() ?? []).map((thread) => new Thread(thread.id, thread.name)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.answer(response, () => {
      const all = this.requireRuntime().stackFrames(args.threadId);
      const start = args.startFrame ?? 0;
      const shown = all.slice(start, args.levels ? start + args.levels : undefined);
      return {
        totalFrames: all.length,
        stackFrames: shown.map((frame) => {
          const stackFrame: DebugProtocol.StackFrame = new StackFrame(this.frames.create(frame), frame.name, undefined, frame.line, frame.column);
          stackFrame.source = this.sourceOf(frame);
          stackFrame.instructionPointerReference = hexAddress(frame.pc);
          stackFrame.moduleId = `${frame.process}/${frame.domain}`;
          if (frame.kind === 'proxy') stackFrame.presentationHint = 'subtle';
          if (frame.kind === 'runtime') stackFrame.presentationHint = 'label';
          return stackFrame;
        }),
      };
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.answer(response, () => {
      const frame = this.frames.get(args.frameId);
      if (!frame) throw new RuntimeError('unknown frame (the program has run since)');
      return {
        scopes: frame.scopes().map((scope) => {
          const result = new Scope(scope.name, this.containers.create({ kind: 'scope', scope, frame }), scope.expensive) as DebugProtocol.Scope;
          if (scope.presentationHint) result.presentationHint = scope.presentationHint;
          return result;
        }),
      };
    });
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.answer(response, () => {
      const variables = this.variablesOf(args.variablesReference) ?? [];
      return { variables: variables.map((variable) => this.variableBody(variable)) };
    });
  }

  protected override setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    this.answer(response, () => {
      // A client may set a variable of a scope it has not listed (the handle came with `scopes`).
      const variable = this.variablesOf(args.variablesReference)?.find((candidate) => candidate.name === args.name);
      if (!variable) throw new RuntimeError(`no variable \`${args.name}\` here`);
      if (!variable.set) throw new RuntimeError(`\`${args.name}\` cannot be changed`);
      return { value: variable.set(args.value) };
    });
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    this.answer(response, () => {
      const frame = args.frameId === undefined ? undefined : this.frames.get(args.frameId);
      const result = this.requireRuntime().evaluate(args.expression, frame);
      return { result: result.value, type: result.type, variablesReference: 0, memoryReference: result.memoryReference === undefined ? undefined : hexAddress(result.memoryReference) };
    });
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    this.answer(response, () => {
      const start = parseAddress(args.memoryReference) + (args.offset ?? 0);
      const lines = this.requireRuntime().disassemble(start, args.instructionOffset ?? 0, args.instructionCount);
      return {
        instructions: lines.map((line) => ({
          address: hexAddress(line.address),
          instructionBytes: line.bytes,
          instruction: line.text,
          symbol: line.symbol,
          location: line.path ? new Source(baseName(line.path), line.path) : undefined,
          line: line.line,
          presentationHint: line.valid ? undefined : 'invalid',
        })) as DebugProtocol.DisassembledInstruction[],
      };
    });
  }

  protected override readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    this.answer(response, () => {
      const address = parseAddress(args.memoryReference) + (args.offset ?? 0);
      const { bytes, unreadable } = this.requireRuntime().readMemory(address, args.count);
      return { address: hexAddress(address), data: Buffer.from(bytes).toString('base64'), unreadableBytes: unreadable };
    });
  }

  protected override writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    this.answer(response, () => {
      const address = parseAddress(args.memoryReference) + (args.offset ?? 0);
      const written = this.requireRuntime().writeMemory(address, new Uint8Array(Buffer.from(args.data, 'base64')));
      return { bytesWritten: written };
    });
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    this.answer(response, () => {
      const reference = args.source?.sourceReference ?? args.sourceReference;
      if (reference) return { content: this.requireRuntime().proxyListing(reference), mimeType: 'text/x-dipc-proxy' };
      if (args.source?.path) return { content: readFileSync(args.source.path, 'utf8') };
      throw new RuntimeError('no such source');
    });
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    this.answer(response, () => ({ sources: this.requireRuntime().loadedSources().map((frameSource) => this.sourceOf({ source: frameSource })!) }));
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (command === DipcRequest.codoms) this.answer(response, () => this.requireRuntime().codoms((args ?? {}) as CodomsArguments));
    else if (command === DipcRequest.timeline) this.answer(response, () => this.requireRuntime().timeline((args ?? {}) as TimelineArguments));
    else super.customRequest(command, response, args);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private requireRuntime(): DebugRuntime {
    if (!this.runtime) throw new RuntimeError('no program is being debugged');
    return this.runtime;
  }

  /** Sends `compute()`'s result as the body, or its error as an error response (never a crash). */
  private answer(response: DebugProtocol.Response, compute: () => unknown): void {
    try {
      const body = compute();
      if (body !== undefined) response.body = body;
      this.sendResponse(response);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.sendErrorResponse(response, { id: 1002, format: message.replace(/[{}]/g, (brace) => (brace === '{' ? '(' : ')')), showUser: false });
    }
  }

  /** Answers a resuming request, then lets the runtime run (its stop arrives as an event). */
  private resume(response: DebugProtocol.Response, action: (runtime: DebugRuntime) => void): void {
    const runtime = this.runtime;
    if (!runtime) {
      this.sendErrorResponse(response, { id: 1003, format: 'no program is being debugged' });
      return;
    }
    this.resetHandles();
    this.sendResponse(response);
    try {
      action(runtime);
    } catch (error) {
      this.sendEvent(new OutputEvent(`${error instanceof Error ? error.message : String(error)}\n`, 'console'));
    }
  }

  /** A forward step of one thread: only a thread that can still run can be stepped (else it would run to the end). */
  private resumeThread(response: DebugProtocol.Response, threadId: number, action: (runtime: DebugRuntime) => void): void {
    if (this.runtime && !this.runtime.isLiveThread(threadId)) {
      this.sendErrorResponse(response, { id: 1004, format: `thread ${threadId} cannot be stepped: it has ended or does not exist`, showUser: false });
      return;
    }
    this.resume(response, action);
  }

  /** The variables of a scope or variable handle, listed once per stop (setVariable uses the same models). */
  private variablesOf(reference: number): VariableModel[] | undefined {
    const shown = this.shownVariables.get(reference);
    if (shown) return shown;
    const container = this.containers.get(reference);
    if (!container) return undefined;
    const variables = container.kind === 'scope' ? container.scope.variables() : container.variables();
    this.shownVariables.set(reference, variables);
    return variables;
  }

  private resetHandles(): void {
    this.frames.reset();
    this.containers.reset();
    this.shownVariables.clear();
  }

  private breakpointBody(result: { id: number; verified: boolean; message?: string }): DebugProtocol.Breakpoint {
    return { id: result.id, verified: result.verified, message: result.message };
  }

  private variableBody(variable: VariableModel): DebugProtocol.Variable {
    const body: DebugProtocol.Variable = {
      name: variable.name,
      value: variable.value,
      type: variable.type,
      variablesReference: variable.children ? this.containers.create({ kind: 'children', variables: variable.children }) : 0,
    };
    if (variable.memoryReference !== undefined) body.memoryReference = hexAddress(variable.memoryReference);
    if (variable.evaluateName) body.evaluateName = variable.evaluateName;
    if (!variable.set) body.presentationHint = { attributes: ['readOnly'] };
    return body;
  }

  private sourceOf(frame: Pick<FrameModel, 'source'>): DebugProtocol.Source | undefined {
    const source = frame.source;
    if (source.kind === 'file') return new Source(baseName(source.path), source.path);
    if (source.kind === 'proxyListing') {
      const result: DebugProtocol.Source = new Source(source.name, undefined, source.proxyAddress);
      result.presentationHint = 'deemphasize';
      result.origin = 'generated by the dIPC kernel';
      return result;
    }
    return undefined;
  }

  /** Program output per process: each line prefixed with `[Process]`, in the debug console's stdout/stderr. */
  private output(process: string, stream: 'stdout' | 'stderr', text: string): void {
    const key = `${process}\u0000${stream}`;
    const pending = (this.pendingOutput.get(key) ?? '') + text;
    const end = pending.lastIndexOf('\n');
    if (end < 0) {
      this.pendingOutput.set(key, pending);
      return;
    }
    this.pendingOutput.set(key, pending.slice(end + 1));
    const lines = pending.slice(0, end).split('\n').map((line) => `[${process}] ${line}\n`).join('');
    this.sendEvent(new OutputEvent(lines, stream));
  }

  private flushOutput(): void {
    for (const [key, text] of this.pendingOutput) {
      if (text === '') continue;
      const [process, stream] = key.split('\u0000');
      this.sendEvent(new OutputEvent(`[${process}] ${text}\n`, stream));
    }
    this.pendingOutput.clear();
  }
}

export function hexAddress(address: number): string {
  return '0x' + (address >>> 0).toString(16).padStart(8, '0');
}

function parseAddress(reference: string): number {
  const value = Number(reference.trim());
  if (!Number.isFinite(value)) throw new RuntimeError(`\`${reference}\` is not a memory address`);
  return value >>> 0;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

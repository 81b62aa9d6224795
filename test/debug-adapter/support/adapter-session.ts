// Drives the bundled adapter (dist/debugAdapter.js) over stdio with @vscode/debugadapter-testsupport,
// the way VS Code does. Every event is queued from the moment the adapter starts, so a test waits
// for "the next stopped event" without racing it (no sleeps anywhere). Nothing here waits without
// a deadline: requests and events time out, and stop() kills the adapter whether or not it answers,
// so a stuck adapter fails one test instead of keeping mocha alive forever.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const PROJECT_ROOT = join(__dirname, '..', '..', '..');
export const ADAPTER_PATH = join(PROJECT_ROOT, 'dist', 'debugAdapter.js');
const EVENT_TIMEOUT_MS = 15_000;
/** A response to any request (the adapter answers each at once; runs report stops as events). */
const REQUEST_TIMEOUT_MS = 15_000;
/** How long stop() waits for the disconnect response before killing the adapter. */
const DISCONNECT_TIMEOUT_MS = 2_000;
/** Rebuilding every bundle; a build that takes longer than this has hung. */
const BUILD_TIMEOUT_MS = 180_000;
const QUEUED_EVENTS = ['initialized', 'stopped', 'output', 'exited', 'terminated', 'continued', 'breakpoint'] as const;
type QueuedEvent = (typeof QUEUED_EVENTS)[number];

function newestSourceTime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Rebuilds dist/debugAdapter.js when it is missing or older than the sources it bundles. */
export function ensureBundledAdapter(): void {
  let bundled = 0;
  try {
    bundled = statSync(ADAPTER_PATH).mtimeMs;
  } catch {
    bundled = 0;
  }
  const sources = Math.max(newestSourceTime(join(PROJECT_ROOT, 'debug-adapter')), newestSourceTime(join(PROJECT_ROOT, 'simulator')));
  if (bundled < sources) execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs')], { cwd: PROJECT_ROOT, stdio: 'ignore', timeout: BUILD_TIMEOUT_MS });
}

/** Adapter processes still alive: killed when the test process exits, whatever happened to their session. */
const liveAdapters = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of liveAdapters) child.kill('SIGKILL');
});

/** `promise`, or a rejection with `message` after `milliseconds`. */
function withTimeout<T>(promise: Promise<T>, milliseconds: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), milliseconds);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The parts of DebugClient the session reaches behind its typings: its request sender and its process. */
interface DebugClientInternals {
  send(command: string, args?: unknown): Promise<DebugProtocol.Response>;
  _adapterProcess?: ChildProcess | null;
}

export type StopEvent = DebugProtocol.StoppedEvent & { body: { threadId: number } };

export interface SessionTimeouts {
  requestMs: number;
  eventMs: number;
}

export class AdapterSession {
  readonly client = new DebugClient('node', ADAPTER_PATH, 'dipc');
  private readonly timeouts: SessionTimeouts;
  private readonly queues = new Map<QueuedEvent, DebugProtocol.Event[]>();
  private readonly waiters = new Map<QueuedEvent, ((event: DebugProtocol.Event) => void)[]>();
  /** Every output event's text, in order. */
  readonly output: { category: string; text: string }[] = [];

  constructor(timeouts: Partial<SessionTimeouts> = {}) {
    this.timeouts = { requestMs: REQUEST_TIMEOUT_MS, eventMs: EVENT_TIMEOUT_MS, ...timeouts };
    this.client.defaultTimeout = this.timeouts.eventMs;
    // DebugClient waits for a response forever: a request the adapter never answers must fail the test.
    const internals = this.client as unknown as DebugClientInternals;
    const send = internals.send.bind(this.client);
    const { requestMs } = this.timeouts;
    internals.send = (command, args) => withTimeout(send(command, args), requestMs, `no response to '${command}' within ${requestMs} ms`);
    for (const type of QUEUED_EVENTS) {
      this.queues.set(type, []);
      this.waiters.set(type, []);
      this.client.on(type, (event: DebugProtocol.Event) => {
        if (type === 'output') {
          const body = (event as DebugProtocol.OutputEvent).body;
          this.output.push({ category: body.category ?? 'console', text: body.output });
        }
        const waiter = this.waiters.get(type)!.shift();
        if (waiter) waiter(event);
        else this.queues.get(type)!.push(event);
      });
    }
  }

  async start(): Promise<void> {
    await this.client.start();
    const child = this.adapterProcess();
    if (child) {
      liveAdapters.add(child);
      child.once('exit', () => liveAdapters.delete(child));
    }
  }

  /** Disconnects (briefly waiting for the answer), then kills the adapter if it is still there. */
  async stop(): Promise<void> {
    const child = this.adapterProcess();
    const disconnect = (this.client as unknown as DebugClientInternals).send('disconnect', {});
    await withTimeout(disconnect, DISCONNECT_TIMEOUT_MS, 'disconnect not answered').catch(() => undefined);
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (child) liveAdapters.delete(child);
  }

  /** The adapter's process (undefined before start). */
  adapterProcess(): ChildProcess | undefined {
    return (this.client as unknown as DebugClientInternals)._adapterProcess ?? undefined;
  }

  /** The next event of a type (already received or still to come). */
  next<T extends DebugProtocol.Event>(type: QueuedEvent): Promise<T> {
    const queued = this.queues.get(type)!.shift();
    if (queued) return Promise.resolve(queued as T);
    return new Promise<T>((resolve, reject) => {
      const waiters = this.waiters.get(type)!;
      const waiter = (event: DebugProtocol.Event): void => {
        clearTimeout(timer);
        resolve(event as T);
      };
      // A timed-out wait gives up its place: a late event is queued for the next wait, not lost.
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no '${type}' event within ${this.timeouts.eventMs} ms`));
      }, this.timeouts.eventMs);
      waiters.push(waiter);
    });
  }

  /** The next stop; the adapter always names the stopped thread. */
  async nextStop(): Promise<StopEvent> {
    const event = await this.next<DebugProtocol.StoppedEvent>('stopped');
    if (event.body.threadId === undefined) throw new Error('stopped event without a threadId');
    return event as StopEvent;
  }

  /**
   * initialize -> (initialized) -> `configure` (breakpoints, filters) -> configurationDone, with
   * the launch request in flight, as VS Code does it. Resolves with the launch response.
   */
  async launch(program: string, configure: () => Promise<unknown> = async () => undefined, extra: Record<string, unknown> = {}): Promise<DebugProtocol.LaunchResponse> {
    const configured = this.next('initialized').then(configure).then(() => this.client.configurationDoneRequest());
    const [, launched] = await Promise.all([configured, this.client.launch({ program, ...extra })]);
    return launched;
  }

  async topFrame(threadId: number): Promise<DebugProtocol.StackFrame> {
    const trace = await this.client.stackTraceRequest({ threadId });
    return trace.body.stackFrames[0];
  }

  async frames(threadId: number): Promise<DebugProtocol.StackFrame[]> {
    return (await this.client.stackTraceRequest({ threadId })).body.stackFrames;
  }

  /** Name -> value of one scope of a frame. */
  async scope(frameId: number, name: string): Promise<Map<string, DebugProtocol.Variable>> {
    const scopes = await this.client.scopesRequest({ frameId });
    const scope = scopes.body.scopes.find((candidate) => candidate.name === name);
    if (!scope) throw new Error(`no scope ${name} (have ${scopes.body.scopes.map((candidate) => candidate.name).join(', ')})`);
    return this.children(scope.variablesReference);
  }

  async children(reference: number): Promise<Map<string, DebugProtocol.Variable>> {
    const variables = await this.client.variablesRequest({ variablesReference: reference });
    return new Map(variables.body.variables.map((variable) => [variable.name, variable]));
  }

  stdout(): string {
    return this.output.filter((entry) => entry.category === 'stdout').map((entry) => entry.text).join('');
  }
}

/**
 * Mocha hooks giving each test of the enclosing `describe` a fresh adapter process (started before
 * it, stopped after it, the bundle built once); returns the current test's session.
 */
export function sessionPerTest(): () => AdapterSession {
  let session: AdapterSession | undefined;
  before(() => ensureBundledAdapter());
  beforeEach(async () => {
    session = new AdapterSession();
    await session.start();
  });
  afterEach(async () => {
    await session?.stop();
    session = undefined;
  });
  return () => {
    if (!session) throw new Error('no adapter session outside a test');
    return session;
  };
}

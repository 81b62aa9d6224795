// Compiling a document (for E114 limits and `asm` lines, which only the compiler finds) takes far
// longer than analysing it: on a large program, long enough that a keystroke arriving meanwhile
// would wait. So it runs on a worker thread of the server's own bundle, off the thread that answers
// requests; a document's newer version simply makes an older result stale (the server checks).
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { Diagnostic } from '../simulator/toolchain/language/analysis';
import { analyze } from '../simulator/toolchain/language/index';
import { buildDiagnostics } from '../simulator/toolchain/compiler';

interface BuildRequest {
  id: number;
  text: string;
  fileName: string;
}

interface BuildReply {
  id: number;
  diagnostics?: Diagnostic[];
  error?: string;
}

/** True in the worker thread this module starts: `main.ts` then serves builds instead of LSP. */
export const isBuildWorker = !isMainThread && parentPort !== null;

/** The worker's side: analyse and compile each text it is sent, reply with the compiler's diagnostics. */
export function serveBuilds(): void {
  parentPort?.on('message', (request: BuildRequest) => {
    let reply: BuildReply;
    try {
      reply = { id: request.id, diagnostics: buildDiagnostics(analyze(request.text, request.fileName)) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    parentPort?.postMessage(reply);
  });
}

/** A worker idle this long is stopped, giving back its memory (tens of MB); the next build starts another. */
const IDLE_MILLISECONDS = 10_000;

/** The server's side: one worker, started on first use, stopped when idle, restarted if it dies. */
export class BackgroundBuilder {
  private worker: Worker | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { worker: Worker; resolve: (diagnostics: Diagnostic[]) => void; reject: (error: Error) => void }>();

  /** `script`: the bundle to run as the worker (the server's own file). */
  constructor(private readonly script: string) {}

  build(text: string, fileName: string): Promise<Diagnostic[]> {
    const worker = this.start();
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id, text, fileName } satisfies BuildRequest);
    });
  }

  dispose(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('the build was stopped'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (reply: BuildReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.diagnostics) waiting.resolve(reply.diagnostics);
      else waiting.reject(new Error(reply.error ?? 'no result'));
      if (![...this.pending.values()].some((other) => other.worker === worker)) this.stopWhenIdle(worker);
    });
    const lost = (why: string): void => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error(why), worker);
    };
    worker.on('error', (error) => lost(`build worker failed: ${error.message}`));
    worker.on('exit', (code) => lost(`build worker exited (${code})`));
    // The worker must not keep the server alive after the client has gone.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stopWhenIdle(worker: Worker): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.worker !== worker || [...this.pending.values()].some((other) => other.worker === worker)) return;
      this.worker = undefined;
      void worker.terminate();
    }, IDLE_MILLISECONDS);
    this.idleTimer.unref();
  }

  /** Rejects what is waiting (on `worker` only, if given: a newer worker's requests go on). */
  private failAll(error: Error, worker?: Worker): void {
    for (const [id, waiting] of this.pending) {
      if (worker && waiting.worker !== worker) continue;
      this.pending.delete(id);
      waiting.reject(error);
    }
  }
}

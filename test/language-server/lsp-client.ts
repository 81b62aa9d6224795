// A minimal LSP client for the tests and the benchmark: builds the server bundle, starts
// `node dist/server.js --stdio` and talks JSON-RPC to it over its pipes. Diagnostics are awaited by
// document version (the server publishes the version it checked), so no test ever sleeps.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LANGUAGE_ID } from '../../language-server/protocol';

export const PROJECT_ROOT = join(__dirname, '..', '..');
export const SERVER_BUNDLE = join(PROJECT_ROOT, 'dist', 'server.js');

let built = false;

/** Builds dist/server.js alone (`node scripts/build.mjs server`), so a broken other bundle cannot hide the server. */
export function buildServerBundle(): void {
  if (built) return;
  const build = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'build.mjs'), 'server'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(SERVER_BUNDLE)) throw new Error(`building dist/server.js failed:\n${build.stderr}`);
  built = true;
}

interface Waiter {
  uri: string;
  /** -1: the next publication for the uri, whatever its version. */
  version: number;
  resolve: (diagnostics: Diagnostic[]) => void;
  reject: (error: Error) => void;
}

export class LspTestClient {
  readonly connection: MessageConnection;
  private readonly server: ChildProcess;
  private readonly documents = new Map<string, TextDocument>();
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];
  readonly serverErrors: string[] = [];
  private exited = false;

  private constructor() {
    this.server = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    this.server.stderr?.on('data', (chunk: Buffer) => this.serverErrors.push(chunk.toString()));
    this.server.on('exit', (code, signal) => {
      this.exited = true;
      // A server that dies fails every wait at once instead of leaving a test hanging.
      const error = new Error(`the language server exited (${String(code ?? signal)}): ${this.serverErrors.join('').slice(-2000)}`);
      for (const waiter of this.waiters) waiter.reject(error);
      this.waiters = [];
    });
    this.connection = createMessageConnection(
      new StreamMessageReader(this.server.stdout!),
      new StreamMessageWriter(this.server.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.uri !== params.uri || (waiter.version >= 0 && (params.version ?? -1) < waiter.version)) return true;
        waiter.resolve(params.diagnostics);
        return false;
      });
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => this.serverErrors.push(params.message));
    this.connection.onRequest('workspace/configuration', () => []);
    this.connection.listen();
  }

  static async start(): Promise<LspTestClient> {
    buildServerBundle();
    const client = new LspTestClient();
    client.initializeResult = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          rename: { prepareSupport: true },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
      workspaceFolders: null,
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  initializeResult: InitializeResult | undefined;

  get isRunning(): boolean {
    return !this.exited;
  }

  text(uri: string): string {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document.getText();
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  /** Resolves with the diagnostics the server publishes for `version` (or a later version) of `uri`. */
  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    const latest = this.latest.get(uri);
    if (latest && (latest.version ?? -1) >= version) return Promise.resolve(latest.diagnostics);
    if (this.exited) return Promise.reject(new Error('the language server is not running'));
    return new Promise((resolve, reject) => this.waiters.push({ uri, version, resolve, reject }));
  }

  /** Resolves with the next diagnostics published for `uri` (e.g. the empty list sent on close). */
  nextDiagnostics(uri: string): Promise<Diagnostic[]> {
    if (this.exited) return Promise.reject(new Error('the language server is not running'));
    return new Promise((resolve, reject) => this.waiters.push({ uri, version: -1, resolve, reject }));
  }

  /** The version of the latest diagnostics published for `uri`. */
  publishedVersion(uri: string): number | undefined {
    return this.latest.get(uri)?.version;
  }

  async open(uri: string, text: string): Promise<Diagnostic[]> {
    const document = TextDocument.create(uri, LANGUAGE_ID, 1, text);
    this.documents.set(uri, document);
    const diagnostics = this.diagnosticsFor(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: LANGUAGE_ID, version: 1, text },
    });
    return diagnostics;
  }

  /** Sends the changes (incremental or whole-text) and resolves with the diagnostics of the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    const document = TextDocument.update(this.document(uri), changes, this.document(uri).version + 1);
    this.documents.set(uri, document);
    const diagnostics = this.diagnosticsFor(uri, document.version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: document.version },
      contentChanges: changes,
    });
    return diagnostics;
  }

  /** Applies text edits (e.g. from a WorkspaceEdit) as one incremental change per edit, last first. */
  async applyEdits(uri: string, edits: TextEdit[]): Promise<Diagnostic[]> {
    const document = this.document(uri);
    const ordered = [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
    return this.change(
      uri,
      ordered.map((edit) => ({ range: edit.range, text: edit.newText })),
    );
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // The server is already gone; nothing to shut down.
      }
    }
    this.connection.dispose();
    if (!this.exited) this.server.kill();
  }

  /** The server's resident memory, from /proc (Linux), in bytes. */
  serverPid(): number | undefined {
    return this.server.pid;
  }
}

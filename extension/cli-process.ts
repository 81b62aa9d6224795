// Runs the `dipc` CLI bundle as a child process of the extension host (no vscode here, so unit
// tests use it directly). The host's own executable runs it: plain Node under code-server, the
// Electron binary in desktop VS Code, which behaves as Node with ELECTRON_RUN_AS_NODE.

import { spawn } from 'node:child_process';

export interface CliResult {
  exitCode: number | null;
  /** The signal that ended the child (SIGTERM after a cancellation), else null. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  cancelled: boolean;
}

export interface CliRunOptions {
  cwd?: string;
  /** Aborting kills the child; the promise then resolves with `cancelled: true`. */
  signal?: AbortSignal;
  /** Receives output as it arrives (for a terminal). */
  onStdout?: (text: string) => void;
  onStderr?: (text: string) => void;
}

export function nodeProcessEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
}

export function runCli(cliPath: string, args: readonly string[], options: CliRunOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve({ exitCode: null, signal: null, stdout: '', stderr: '', cancelled: true });
      return;
    }
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: options.cwd,
      env: nodeProcessEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(chunk);
    });
    const onAbort = (): void => {
      cancelled = true;
      child.kill('SIGTERM');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode, signal, stdout, stderr, cancelled });
    });
  });
}

/** The first line of stderr (the CLI prints one clear line on bad input), else a generic text. */
export function cliFailureMessage(command: string, result: CliResult): string {
  const firstLine = result.stderr.split('\n').find((line) => line.trim() !== '');
  return `dipc ${command} failed (exit ${result.exitCode ?? result.signal}): ${firstLine ?? 'no error message'}`;
}

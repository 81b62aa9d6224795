// dipc.run's terminal: runs `dipc run FILE` and shows its output in a terminal of its own (a
// pseudoterminal, so the extension knows the exit status and no shell is involved). The child
// starts at once; output produced before the terminal opens is buffered.

import * as vscode from 'vscode';
import { runCli, type CliResult } from './cli-process';

function toTerminalText(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Exit status meanings of `dipc run` (tooling.md §2, language.md §4). */
export function describeExit(result: CliResult): string {
  if (result.cancelled) return 'stopped';
  switch (result.exitCode) {
    case 0: return 'exited with status 0';
    case 70: return 'exited with status 70 (a process was killed by a fault)';
    case 124: return 'stopped by the instruction limit (exit 124)';
    case 1: return 'did not compile (exit 1)';
    case 2: return 'could not be run (exit 2)';
    default: return result.exitCode === null ? `ended by ${result.signal}` : `exited with status ${result.exitCode}`;
  }
}

export function runInTerminal(cliPath: string, file: string, args: readonly string[], cwd: string | undefined): { terminal: vscode.Terminal; done: Promise<CliResult> } {
  const writeEmitter = new vscode.EventEmitter<string>();
  const abort = new AbortController();
  let opened = false;
  let pending = '';
  const write = (text: string): void => {
    if (opened) writeEmitter.fire(toTerminalText(text));
    else pending += text;
  };
  const pty: vscode.Pseudoterminal = {
    onDidWrite: writeEmitter.event,
    open: () => {
      opened = true;
      if (pending) writeEmitter.fire(toTerminalText(pending));
      pending = '';
    },
    close: () => abort.abort(),
  };
  const name = `dIPC: ${file.split(/[\\/]/).pop()}`;
  const terminal = vscode.window.createTerminal({ name, pty });
  write(`\x1b[2m$ dipc run ${file} ${args.join(' ')}\x1b[0m\n`);
  const done = runCli(cliPath, ['run', file, ...args], {
    cwd,
    signal: abort.signal,
    onStdout: write,
    // stderr carries the fault explanations and compile errors: shown in red
    onStderr: (text) => write(`\x1b[31m${text}\x1b[0m`),
  }).then(
    (result) => {
      write(`\n\x1b[2m[program ${describeExit(result)}]\x1b[0m\n`);
      return result;
    },
    (error: Error) => {
      write(`\n\x1b[31mcould not start the dipc command: ${error.message}\x1b[0m\n`);
      throw error;
    },
  );
  return { terminal, done };
}

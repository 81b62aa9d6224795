// The `dipc` task type: `dipc check` / `run` / `bench` as VS Code tasks, with the `$dipc` problem
// matcher reading the compiler's `file:line:col: error CODE: message` lines into the Problems view.

import * as vscode from 'vscode';
import { bundleExists, bundlePath } from './bundles';
import { nodeProcessEnvironment } from './cli-process';
import { runFlags } from './config';

export const TASK_TYPE = 'dipc';

export interface DipcTaskDefinition extends vscode.TaskDefinition {
  command: 'check' | 'run' | 'bench';
  /** The program (for check: more than one may be given); `${file}` and other variables are allowed. */
  files?: string[];
}

function execution(cliPath: string, definition: DipcTaskDefinition, cwd: string): vscode.ProcessExecution {
  const files = definition.files ?? [];
  const args =
    definition.command === 'check'
      ? ['check', ...files]
      : definition.command === 'run'
        ? ['run', ...files.slice(0, 1), ...runFlags()]
        : ['bench', ...(files[0] ? ['--program', files[0]] : [])];
  const env = nodeProcessEnvironment() as Record<string, string>;
  return new vscode.ProcessExecution(process.execPath, [cliPath, ...args], { cwd, env });
}

function makeTask(cliPath: string, definition: DipcTaskDefinition, folder: vscode.WorkspaceFolder, name: string): vscode.Task {
  const task = new vscode.Task(definition, folder, name, 'dipc', execution(cliPath, definition, folder.uri.fsPath), '$dipc');
  if (definition.command === 'check') task.group = vscode.TaskGroup.Build;
  return task;
}

export function registerTasks(context: vscode.ExtensionContext): void {
  const cliPath = bundlePath(context.extensionPath, 'cli');
  context.subscriptions.push(
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      async provideTasks() {
        if (!bundleExists(context.extensionPath, 'cli')) return [];
        const tasks: vscode.Task[] = [];
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
          const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.dipc'), '**/node_modules/**', 500);
          if (files.length === 0) continue;
          const relative = files.map((uri) => vscode.workspace.asRelativePath(uri, false)).sort();
          tasks.push(makeTask(cliPath, { type: TASK_TYPE, command: 'check', files: relative }, folder, 'check all .dipc files'));
        }
        return tasks;
      },
      resolveTask(task) {
        const definition = task.definition as DipcTaskDefinition;
        const folder = task.scope !== undefined && typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
        if (!folder || !['check', 'run', 'bench'].includes(definition.command)) return undefined;
        return makeTask(cliPath, definition, folder, task.name);
      },
    }),
  );
}

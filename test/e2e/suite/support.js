// Helpers shared by the e2e test files: the extension under test, the workspace, waiting for
// VS Code events, and screenshots for a person to look at.
'use strict';
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const { log } = require('./index');

const EXTENSION_ID = 'dipc-studio.dipc-studio';

function extension() {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  if (!found) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return found;
}

/** The extension's API (activating it if needed). */
async function api() {
  return extension().activate();
}

function bundleExists(name) {
  return fs.existsSync(path.join(extension().extensionPath, 'dist', name));
}

/** Whether dist/cli.js knows `command` (the CLI answers an unknown one with "unknown command" and exit 2). */
function cliHasCommand(command) {
  if (!bundleExists('cli.js')) return false;
  const { spawnSync } = require('child_process');
  const probe = spawnSync(process.execPath, [path.join(extension().extensionPath, 'dist', 'cli.js'), command, '--help'], {
    encoding: 'utf8', timeout: 20000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return !/unknown command/.test(probe.stderr || '');
}

const workspaceRoot = () => vscode.workspace.workspaceFolders[0].uri;
const workspaceFile = (...segments) => vscode.Uri.joinPath(workspaceRoot(), ...segments);

async function openDipc(...segments) {
  const document = await vscode.workspace.openTextDocument(workspaceFile(...segments));
  const editor = await vscode.window.showTextDocument(document);
  return { document, editor };
}

/** Resolves with the first value of `event` that `accept` returns truthy for, or rejects after `ms`. */
function nextEvent(event, accept, ms, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { subscription.dispose(); reject(new Error(`timed out after ${ms} ms waiting for ${what}`)); }, ms);
    const subscription = event((value) => {
      const result = accept(value);
      if (result) { clearTimeout(timer); subscription.dispose(); resolve(result); }
    });
  });
}

/** Diagnostics of `uri` once `accept(diagnostics)` holds (checked now, then on every change). */
async function diagnosticsWhen(uri, accept, ms = 30000) {
  const now = vscode.languages.getDiagnostics(uri);
  if (accept(now)) return now;
  return nextEvent(vscode.languages.onDidChangeDiagnostics, (change) => {
    if (!change.uris.some((u) => u.toString() === uri.toString())) return undefined;
    const diagnostics = vscode.languages.getDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, ms, `diagnostics of ${uri.fsPath}`);
}

/** The driver writes a PNG when it sees this line; the workbench needs a moment to paint first. */
async function screenshot(name) {
  await vscode.commands.executeCommand('notifications.clearAll');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  log(`@@screenshot ${name}`);
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

/** The 0-based line of the marker comment (`// #BP name`) in a document: fixtures move, markers don't. */
function markerLine(document, marker) {
  for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.includes(`// ${marker}`)) return line;
  throw new Error(`marker ${marker} not found in ${document.uri.fsPath}`);
}

function hoverText(hovers) {
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

module.exports = { EXTENSION_ID, extension, api, bundleExists, cliHasCommand, workspaceRoot, workspaceFile, openDipc, nextEvent, diagnosticsWhen, screenshot, markerLine, hoverText, log };

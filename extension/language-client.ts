// Starts the dIPC language server (dist/server.js, LSP over stdio) for `.dipc` files. When the
// bundle is absent the editor keeps syntax colouring and snippets, and says once what is missing.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { bundleExists, bundlePath, missingBundleMessage } from './bundles';

/** A server that has not answered `initialize` by then is reported (a slow machine needs seconds, not minutes). */
const START_TIMEOUT_MS = 60_000;

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient | undefined> {
  const root = context.extensionPath;
  if (!bundleExists(root, 'server')) {
    void vscode.window.showWarningMessage(missingBundleMessage('server'));
    return undefined;
  }
  const module = bundlePath(root, 'server');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dipc' },
      { scheme: 'untitled', language: 'dipc' },
    ],
  };
  // The id `dipc` ties the client to the `dipc.trace.server` setting.
  const client = new LanguageClient('dipc', 'dIPC Language Server', serverOptions, clientOptions);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to initialize within ${START_TIMEOUT_MS / 1000} s (see the "dIPC Language Server" output)`)), START_TIMEOUT_MS);
  });
  try {
    await Promise.race([client.start(), timeout]);
  } catch (error) {
    void vscode.window.showErrorMessage(`dIPC Studio: the language server did not start: ${(error as Error).message}`);
    void client.dispose(2000).catch(() => undefined);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
  return client;
}

// Starts the dIPC language server (dist/server.js, LSP over stdio) for `.dipc` files. When the
// bundle is absent the editor keeps syntax colouring and snippets, and says once what is missing.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { bundleExists, bundlePath, missingBundleMessage } from './bundles';

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
  try {
    await client.start();
  } catch (error) {
    void vscode.window.showErrorMessage(`dIPC Studio: the language server did not start: ${(error as Error).message}`);
    return undefined;
  }
  return client;
}

// Where the extension finds the programs it starts (tooling.md §1): the CLI, the language server and
// the debug adapter are separate bundles in dist/. Each may be missing in a partial build, so every
// caller checks first and tells the user what to do instead of failing with a stack trace.

import * as fs from 'node:fs';
import * as path from 'node:path';

export type BundleName = 'cli' | 'server' | 'debugAdapter';

const BUNDLE_FILES: Readonly<Record<BundleName, { file: string; purpose: string }>> = {
  cli: { file: 'dist/cli.js', purpose: 'the dipc command (run, bench, pagemap)' },
  server: { file: 'dist/server.js', purpose: 'the dIPC language server' },
  debugAdapter: { file: 'dist/debugAdapter.js', purpose: 'the dIPC debug adapter' },
};

export function bundlePath(extensionRoot: string, name: BundleName): string {
  return path.join(extensionRoot, BUNDLE_FILES[name].file);
}

export function bundleExists(extensionRoot: string, name: BundleName): boolean {
  return fs.existsSync(bundlePath(extensionRoot, name));
}

/** The message shown when a bundle is absent: what is missing, what it is for, how to get it. */
export function missingBundleMessage(name: BundleName): string {
  const { file, purpose } = BUNDLE_FILES[name];
  return `dIPC Studio: ${file} (${purpose}) is not in this build. Run \`npm run build\` in the extension folder, or install a complete .vsix.`;
}

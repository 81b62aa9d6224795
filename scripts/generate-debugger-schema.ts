// Writes `contributes.debuggers[0].configurationAttributes` of package.json from the launch
// attribute table (debug-adapter/launch-configuration.ts), so the editor's schema cannot drift from
// what the adapter accepts. Run: `npx tsx scripts/generate-debugger-schema.ts` (`--check` only
// compares and exits 1 when package.json is out of date). Touches no other key.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { debuggerConfigurationAttributes } from '../debug-adapter/launch-configuration';

export const PACKAGE_JSON_PATH = join(__dirname, '..', 'package.json');

interface PackageManifest {
  contributes?: { debuggers?: Array<Record<string, unknown>> };
  [key: string]: unknown;
}

/** package.json's text with the generated attributes in place (creating the debugger entry if absent). */
export function withGeneratedSchema(packageJsonText: string): string {
  const manifest = JSON.parse(packageJsonText) as PackageManifest;
  manifest.contributes ??= {};
  manifest.contributes.debuggers ??= [];
  if (manifest.contributes.debuggers.length === 0) manifest.contributes.debuggers.push({ type: 'dipc' });
  manifest.contributes.debuggers[0].configurationAttributes = debuggerConfigurationAttributes();
  return JSON.stringify(manifest, null, 2) + '\n';
}

function main(): void {
  const current = readFileSync(PACKAGE_JSON_PATH, 'utf8');
  const generated = withGeneratedSchema(current);
  if (process.argv.includes('--check')) {
    const inSync = JSON.stringify(JSON.parse(current)) === JSON.stringify(JSON.parse(generated));
    console.log(inSync ? 'package.json debugger schema is up to date' : 'package.json debugger schema is out of date: run `npx tsx scripts/generate-debugger-schema.ts`');
    process.exitCode = inSync ? 0 : 1;
    return;
  }
  if (generated !== current) writeFileSync(PACKAGE_JSON_PATH, generated);
  console.log('package.json: contributes.debuggers[0].configurationAttributes written');
}

if (require.main === module) main();

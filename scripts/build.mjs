// One esbuild call per bundle (tooling.md §1): dist/cli.js, dist/debugAdapter.js, dist/server.js,
// dist/extension.js. `node scripts/build.mjs [cli|debugAdapter|server|extension ...]` builds only
// the named bundles. Every bundle is attempted even when one fails, so a broken layer does not hide
// the others; the exit status is 1 if any failed.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const BUNDLES = [
  { name: 'cli', entry: 'cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { name: 'debugAdapter', entry: 'debug-adapter/main.ts', out: 'dist/debugAdapter.js' },
  { name: 'server', entry: 'language-server/main.ts', out: 'dist/server.js' },
  { name: 'extension', entry: 'extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !BUNDLES.some((bundle) => bundle.name === name));
if (unknown.length > 0) {
  console.error(`build: unknown bundle ${unknown.join(', ')} (bundles: ${BUNDLES.map((b) => b.name).join(', ')})`);
  process.exit(2);
}

let failed = 0;
for (const bundle of BUNDLES.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
  try {
    await build({
      entryPoints: [bundle.entry],
      outfile: bundle.out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: true,
      external: bundle.external ?? [],
      banner: bundle.banner ? { js: bundle.banner } : undefined,
      logLevel: 'warning',
    });
    if (bundle.banner) chmodSync(bundle.out, 0o755);
  } catch {
    // esbuild has already printed the errors.
    console.error(`build: ${bundle.out} failed`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);

// One esbuild call per bundle (tooling.md §1): dist/cli.js, dist/debugAdapter.js, dist/server.js,
// dist/extension.js. Entry points that do not exist yet are skipped with a note, so the build
// stays usable while the layers are being written.
import { build } from 'esbuild';
import { existsSync, chmodSync } from 'node:fs';

const bundles = [
  { entry: 'cli/main.ts', out: 'dist/cli.js', banner: '#!/usr/bin/env node' },
  { entry: 'debug-adapter/main.ts', out: 'dist/debugAdapter.js' },
  { entry: 'language-server/main.ts', out: 'dist/server.js' },
  { entry: 'extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];

for (const bundle of bundles) {
  if (!existsSync(bundle.entry)) {
    console.log(`build: ${bundle.entry} not present, ${bundle.out} skipped`);
    continue;
  }
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
}

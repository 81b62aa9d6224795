// `npm run bench`: runs every bench/*.bench.ts in name order and prints one JSON object, keyed
// by file name, with each benchmark's measured figures and its target. A benchmark module exports
// `run(): Promise<Record<string, unknown>>`; figures are measured, never asserted.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => only.length === 0 || only.some((filter) => name.includes(filter)))
    .sort();
  const results: Record<string, unknown> = {};
  for (const file of files) {
    const benchmark = (await import(join(__dirname, file))) as { run: () => Promise<Record<string, unknown>> };
    process.stderr.write(`bench: ${file}\n`);
    results[file.replace(/\.bench\.ts$/, '')] = await benchmark.run();
  }
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

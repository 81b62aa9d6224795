// Breakpoint lines of fixture programs are marked with `// #BP<name>` comments (CodeLLDB's habit):
// tests look the markers up, so editing a fixture never silently moves a breakpoint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', 'fixtures');

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

/** 1-based line of the `// #BP<name>` marker in a fixture; throws when absent or repeated. */
export function markerLine(fixture: string, name: string): number {
  const lines = readFileSync(fixturePath(fixture), 'utf8').split('\n');
  const pattern = new RegExp(`//\\s*#BP${name}\\b`);
  const found = lines.flatMap((text, index) => (pattern.test(text) ? [index + 1] : []));
  if (found.length !== 1) throw new Error(`fixture ${fixture}: expected one #BP${name} marker, found ${found.length}`);
  return found[0];
}

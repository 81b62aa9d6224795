// dipc.openExamples: copies the bundled example programs into a folder the user picks. It never
// overwrites: a file that already exists at the destination is left as it is and reported.

import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export interface CopyExamplesResult {
  copied: string[];
  skipped: string[];
}

/** The example programs shipped with the extension (`examples/*.dipc`), sorted by name. */
export async function listExamples(examplesFolder: string): Promise<string[]> {
  const entries = await fs.readdir(examplesFolder, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.dipc')).map((e) => e.name).sort();
}

export async function copyExamples(examplesFolder: string, destination: string): Promise<CopyExamplesResult> {
  await fs.mkdir(destination, { recursive: true });
  const result: CopyExamplesResult = { copied: [], skipped: [] };
  for (const name of await listExamples(examplesFolder)) {
    try {
      // COPYFILE_EXCL makes the no-overwrite rule atomic: no check-then-write race.
      await fs.copyFile(path.join(examplesFolder, name), path.join(destination, name), fs.constants.COPYFILE_EXCL);
      result.copied.push(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      result.skipped.push(name);
    }
  }
  return result;
}

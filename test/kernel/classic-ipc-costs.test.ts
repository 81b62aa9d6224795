// The cost tables are data that docs/cost-model.md is checked against: every key of the machine,
// kernel and ipc sections has a row with its default there, so the documentation cannot drift
// from the code.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MACHINE_COST_TABLE, type CostTable } from '../../simulator/machine/cost-model';
import { KERNEL_COST_TABLE } from '../../simulator/kernel/kernel-costs';
import { IPC_COST_TABLE } from '../../simulator/kernel/classic/ipc-costs';

const DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'cost-model.md'), 'utf8');

/** The documented default of `key` in the section's table: rows name one key, or several as "`a` / `b`" with "1 / 2". */
function documentedDefault(section: string, key: string): number | undefined {
  const start = DOC.indexOf(`## \`${section}\``);
  const end = DOC.indexOf('\n## ', start + 1);
  const rows = DOC.slice(start, end < 0 ? undefined : end).split('\n').filter((line) => line.startsWith('|'));
  for (const row of rows) {
    const [keys, defaults] = row.split('|').slice(1, 3).map((cell) => cell.trim());
    const names = keys.split(' / ').map((name) => name.replace(/`/g, ''));
    const index = names.indexOf(key);
    if (index >= 0) return Number(defaults.split(' / ')[index]);
  }
  return undefined;
}

describe('docs/cost-model.md', () => {
  const sections: Record<string, CostTable> = { machine: MACHINE_COST_TABLE, kernel: KERNEL_COST_TABLE, ipc: IPC_COST_TABLE };
  for (const [section, table] of Object.entries(sections)) {
    it(`documents every key of the "${section}" section with its default`, () => {
      for (const [key, entry] of Object.entries(table)) {
        assert.equal(documentedDefault(section, key), entry.default, `${section}.${key}`);
      }
    });
  }

  it('gives every ipc default a source in the code', () => {
    for (const [key, entry] of Object.entries(IPC_COST_TABLE)) {
      if (key === 'crossCore') continue;
      assert.match(entry.description, /Source: /, key);
    }
  });
});

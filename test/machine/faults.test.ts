// The fault-kind table (machine.md §8) is the vocabulary shared by the machine, the kernel, the
// CLI and the debugger: every kind of the spec is in it, with a description.
import { strict as assert } from 'node:assert';
import { FAULT_KINDS } from '../../simulator/machine/faults';

describe('machine: fault kinds', () => {
  it('lists exactly the kinds of machine.md §8, each with a description', () => {
    const specified = [
      'unmapped', 'page-permission', 'fetch-denied', 'entry-misaligned', 'load-denied', 'store-denied', 'cap-invalid',
      'cap-storage', 'dcs-violation', 'privileged', 'illegal-instruction', 'misaligned-access', 'assert', 'remote-fault',
    ];
    assert.deepEqual(Object.keys(FAULT_KINDS).sort(), [...specified].sort());
    for (const description of Object.values(FAULT_KINDS)) assert.ok(description.length > 20);
  });
});

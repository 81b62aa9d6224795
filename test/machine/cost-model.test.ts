// The cost model (machine.md §9): one table with the documented defaults, cycles charged per
// instruction class and per event, and cost-model JSON files validated key by key.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CostModelError, MACHINE_COST_TABLE, defaultMachineCosts, loadCostModelFile, parseCostModel, validateCostSection,
} from '../../simulator/machine/cost-model';
import { INSTRUCTIONS } from '../../simulator/machine/instruction-set';
import { costKeyOfClass } from '../../simulator/machine/cost-model';
import { DATA, ins, machineWith, runToStop } from './program';

describe('machine: cost model', () => {
  it('has the defaults of machine.md §9', () => {
    const costs = defaultMachineCosts();
    assert.deepEqual(
      [costs.alu, costs.multiply, costs.divide, costs.load, costs.store, costs.branchTaken, costs.crossDomainCall, costs.crossDomainReturn, costs.aplMiss, costs.capabilityCreate, costs.privilegedCsrWrite, costs.clockGhz],
      [1, 3, 20, 1, 1, 1, 2, 2, 30, 2, 5, 2.5],
    );
  });

  it('every instruction class of instruction-set.ts has a cost entry', () => {
    for (const spec of INSTRUCTIONS) assert.ok(costKeyOfClass(spec.costClass) in MACHINE_COST_TABLE, spec.mnemonic);
  });

  it('charges each instruction its class cost (taken and not-taken branches separately)', () => {
    const machine = machineWith([
      ins('addi', 'a0', 'zero', 1), // alu 1
      ins('mul', 'a1', 'a0', 'a0'), // multiply 3
      ins('div', 'a2', 'a0', 'a0'), // divide 20
      ins('lui', 't0', DATA >>> 12), // alu 1
      ins('sw', 'a0', 0, 't0'), // store 1
      ins('lw', 'a3', 0, 't0'), // load 1
      ins('beq', 'a0', 'zero', 8), // not taken: branch 1
      ins('bne', 'a0', 'zero', 8), // taken: branchTaken 1
      ins('ebreak'), // skipped
      ins('jal', 'zero', 4), // jump 1
      ins('csrrs', 'a4', 'cycle', 'zero'), // csr 1
      ins('ebreak'), // system 1
    ]);
    runToStop(machine);
    assert.equal(machine.stats.cycles, 1 + 3 + 20 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1);
    assert.equal(machine.getRegister(14), 1 + 3 + 20 + 1 + 1 + 1 + 1 + 1 + 1);
    assert.equal(machine.stats.instructions, 11);
    assert.equal(machine.stats.timeNs, machine.stats.cycles / 2.5);
  });

  it('uses overridden costs given to the machine', () => {
    const machine = machineWith([ins('mul', 'a1', 'a0', 'a0'), ins('beq', 'zero', 'zero', 4), ins('ebreak')], {}, { multiply: 7, branchTaken: 4, system: 0, clockGhz: 1 });
    runToStop(machine);
    assert.equal(machine.stats.cycles, 7 + 4);
    assert.equal(machine.stats.timeNs, 11);
  });

  describe('JSON files', () => {
    it('accepts partial overrides of the machine section and fills in defaults', () => {
      const model = parseCostModel({ machine: { divide: 35, aplMiss: 100 } });
      assert.equal(model.machine.divide, 35);
      assert.equal(model.machine.aplMiss, 100);
      assert.equal(model.machine.alu, 1);
      assert.deepEqual(parseCostModel({}).machine, defaultMachineCosts());
    });

    const rejected: [string, unknown, RegExp][] = [
      ['an unknown key', { machine: { divde: 3 } }, /unknown key "machine.divde" \(known keys: alu, /],
      ['a non-numeric value', { machine: { alu: '1' } }, /"machine.alu" must be a number, got "1"/],
      ['a negative value', { machine: { load: -1 } }, /"machine.load" must be non-negative, got -1/],
      ['a zero clock', { machine: { clockGhz: 0 } }, /"machine.clockGhz" must be greater than 0/],
      ['an unknown section', { ipc: {} }, /unknown section "ipc" \(known sections: machine\)/],
      ['a non-object section', { machine: [] }, /section "machine" must be an object/],
      ['a non-object document', 42, /must hold a JSON object/],
    ];
    for (const [name, document, message] of rejected) {
      it(`rejects ${name} with one clear message`, () => {
        assert.throws(() => parseCostModel(document), (error: unknown) => error instanceof CostModelError && message.test(error.message));
      });
    }

    it('lets another layer add its own section with the same validator', () => {
      const IPC_TABLE = { syscall: { default: 100, description: 'syscall entry and exit' } };
      const model = parseCostModel({ machine: { alu: 2 }, ipc: { syscall: 150 } }, { machine: MACHINE_COST_TABLE, ipc: IPC_TABLE });
      assert.equal(model.ipc.syscall, 150);
      assert.equal(model.machine.alu, 2);
      assert.throws(() => validateCostSection('ipc', IPC_TABLE, { sysclal: 1 }), /unknown key "ipc.sysclal"/);
    });

    it('loads a file, and reports unreadable files and bad JSON in one line', () => {
      const directory = mkdtempSync(join(tmpdir(), 'dipc-cost-'));
      const good = join(directory, 'good.json');
      writeFileSync(good, JSON.stringify({ machine: { multiply: 4 } }));
      assert.equal(loadCostModelFile(good).machine.multiply, 4);
      const bad = join(directory, 'bad.json');
      writeFileSync(bad, '{ "machine": ');
      assert.throws(() => loadCostModelFile(bad), /cost model: .*bad\.json is not valid JSON/);
      assert.throws(() => loadCostModelFile(join(directory, 'missing.json')), /cost model: cannot read .*missing\.json: ENOENT/);
    });

    it('a machine rejects invalid costs given directly', () => {
      assert.throws(() => machineWith([], {}, { alu: -3 }), /"machine.alu" must be non-negative/);
    });
  });
});

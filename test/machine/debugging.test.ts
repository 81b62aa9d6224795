// What the debugger and the kernel build on: breakpoints, single steps, side-effect-free memory
// access, per-thread contexts, the observer and domain-switch stops, and snapshot/restore that
// reproduces a run exactly (the base of reverse debugging).
import { strict as assert } from 'node:assert';
import { Machine, type DomainSwitchEvent } from '../../simulator/machine/machine';
import { CODE, D1_CODE, D1_DATA, D2_CODE, D2_DATA, DATA, faultOf, ins, li, machineWith, place, register, runToStop, twoDomains } from './program';

/** A loop that keeps changing registers and memory: a[i % 16] += i * i, forever. */
function busyProgram(): Machine {
  return machineWith([
    ins('lui', 's0', DATA >>> 12), ins('addi', 's1', 'zero', 0),
    ins('mul', 't0', 's1', 's1'), ins('andi', 't1', 's1', 15), ins('slli', 't1', 't1', 2), ins('add', 't1', 't1', 's0'),
    ins('lw', 't2', 0, 't1'), ins('add', 't2', 't2', 't0'), ins('sw', 't2', 0, 't1'), ins('addi', 's1', 's1', 1),
    ins('jal', 'zero', -32),
  ]);
}

function fingerprint(machine: Machine): string {
  return JSON.stringify({
    pc: machine.pc, registers: [...machine.registers], memory: [...machine.readMemory(DATA, 64)!], stats: machine.stats,
  });
}

describe('machine: debugger and kernel interface', () => {
  describe('breakpoints and stepping', () => {
    it('stops before the instruction at a breakpoint and steps over it on resume', () => {
      const machine = busyProgram();
      machine.addBreakpoint(CODE + 36);
      assert.deepEqual(machine.run(1000), { kind: 'breakpoint', address: CODE + 36 });
      assert.equal(machine.getRegister(register('s1')), 0, 'the addi at the breakpoint has not run');
      assert.deepEqual(machine.run(1000), { kind: 'breakpoint', address: CODE + 36 });
      assert.equal(machine.getRegister(register('s1')), 1, 'one loop iteration later');
      machine.removeBreakpoint(CODE + 36);
      assert.equal(machine.run(1000).kind, 'limit');
    });

    it('a time slice ending exactly on a breakpoint still reports it on the next run', () => {
      const machine = busyProgram();
      machine.addBreakpoint(CODE + 8);
      assert.deepEqual(machine.run(2), { kind: 'limit' });
      assert.equal(machine.pc, CODE + 8);
      assert.deepEqual(machine.run(100), { kind: 'breakpoint', address: CODE + 8 });
      assert.equal(machine.stats.instructions, 2);
      assert.equal(machine.step(), undefined, 'now reported, the next step executes it');
      assert.equal(machine.pc, CODE + 12);
    });

    it('after a step lands on a breakpoint, the next run executes it (no second stop there)', () => {
      const machine = busyProgram();
      machine.addBreakpoint(CODE + 4);
      assert.equal(machine.step(), undefined);
      assert.equal(machine.pc, CODE + 4);
      assert.deepEqual(machine.run(100), { kind: 'limit' });
    });

    it('a breakpoint on the instruction right after an ecall is hit when the kernel resumes', () => {
      const machine = machineWith([ins('ecall'), ins('addi', 's1', 's1', 1), ins('jal', 'zero', -4)]);
      machine.addBreakpoint(CODE + 4);
      assert.deepEqual(machine.run(100), { kind: 'ecall', pc: CODE });
      assert.equal(machine.pc, CODE + 4);
      assert.deepEqual(machine.run(100), { kind: 'breakpoint', address: CODE + 4 });
      assert.equal(machine.getRegister(register('s1')), 0, 'the addi at the breakpoint has not run');
    });

    it('step executes exactly one instruction', () => {
      const machine = busyProgram();
      assert.equal(machine.step(), undefined);
      assert.equal(machine.pc, CODE + 4);
      assert.equal(machine.stats.instructions, 1);
      machine.addBreakpoint(CODE + 4);
      assert.equal(machine.step(), undefined, 'stepping from a breakpoint executes it');
      assert.equal(machine.pc, CODE + 8);
    });

    it('run(0) does nothing', () => {
      const machine = busyProgram();
      assert.deepEqual(machine.run(0), { kind: 'limit' });
      assert.equal(machine.stats.instructions, 0);
    });
  });

  describe('memory access without side effects', () => {
    it('reads and writes cost nothing, count nothing and never fault', () => {
      const machine = twoDomains();
      assert.equal(machine.writeWord(D1_CODE, 0xdeadbeef), true, 'even read-only pages');
      assert.equal(machine.readWord(D1_CODE), 0xdeadbeef);
      assert.equal(machine.readMemory(0x500000, 4), undefined);
      assert.equal(machine.writeWord(0x500000, 1), false);
      assert.equal(machine.readMemory(D2_DATA + 4094, 4), undefined, 'partly unmapped');
      assert.deepEqual(machine.stats, new Machine().stats);
    });

    it('a debugger write into code is executed (decoded code is invalidated)', () => {
      const machine = machineWith([ins('addi', 'a0', 'zero', 1), ins('ebreak')]);
      machine.step();
      machine.pc = CODE;
      machine.writeWord(CODE, ins('addi', 'a0', 'zero', 2));
      runToStop(machine);
      assert.equal(machine.getRegister(register('a0')), 2);
    });

    it('page listing shows tags and bits', () => {
      const machine = twoDomains();
      assert.deepEqual(machine.pageAt(D1_CODE + 12), { address: D1_CODE, read: true, write: false, execute: true, tag: 1, privileged: false, capabilityStorage: false });
      assert.equal(machine.pages().length, 5);
      machine.setPageTag(D1_DATA, 4096, 7);
      assert.equal(machine.pageAt(D1_DATA)?.tag, 7);
      machine.unmapPages(D1_DATA, 4096);
      assert.equal(machine.pageAt(D1_DATA), undefined);
      assert.throws(() => machine.mapPages(0x123, 4096, { read: true, write: false, execute: false, tag: 1 }), /page-aligned/);
    });
  });

  describe('thread contexts', () => {
    it('two threads time-sliced on one machine keep their own registers, pc and DCS', () => {
      const machine = machineWith([ins('addi', 's1', 's1', 1), ins('jal', 'zero', -4)]);
      const first = machine.context;
      const second = machine.createContext({ pc: CODE });
      second.registers[register('s1')] = 1000;
      for (let slice = 0; slice < 10; slice++) {
        machine.context = slice % 2 === 0 ? first : second;
        assert.equal(machine.run(100).kind, 'limit');
      }
      assert.equal(first.registers[register('s1')], 250);
      assert.equal(second.registers[register('s1')], 1250);
      assert.equal(machine.stats.instructions, 1000);
    });

    it('saveContext copies; loadContext restores registers, capability registers and CSRs', () => {
      const machine = busyProgram();
      machine.run(50);
      machine.writeCsr('dipc.proc', 3);
      const saved = machine.saveContext();
      machine.run(50);
      assert.notEqual(machine.getRegister(register('s1')), saved.registers[register('s1')]);
      machine.loadContext(saved);
      assert.equal(machine.getRegister(register('s1')), saved.registers[register('s1')]);
      assert.equal(machine.readCsr('dipc.proc'), 3);
      assert.equal(machine.pc, saved.pc);
    });

    it('moving the pc to another domain from outside adopts that domain without a transfer check', () => {
      const machine = twoDomains();
      place(machine, D2_CODE, [ins('ebreak')]);
      machine.pc = D2_CODE;
      assert.equal(machine.run(10).kind, 'ebreak');
      assert.equal(machine.stats.domainSwitches, 0);
    });

    it('a pc that is not 4-byte aligned faults misaligned-access', () => {
      const machine = twoDomains();
      machine.pc = D1_CODE + 2;
      assert.equal(faultOf(machine.run(10)).kind, 'misaligned-access');
    });
  });

  describe('domain switches', () => {
    function crossing(): Machine {
      const machine = twoDomains();
      machine.setAplPermission(1, 2, 'call');
      place(machine, D1_CODE, [...li('t0', D2_CODE), ins('jalr', 'ra', 0, 't0'), ins('ebreak')]);
      place(machine, D2_CODE, [ins('addi', 'a0', 'zero', 1), ins('jalr', 'zero', 0, 'ra')]);
      return machine;
    }

    it('the observer sees every switch with its kind and the cycle count', () => {
      const machine = crossing();
      const events: DomainSwitchEvent[] = [];
      machine.observer = { domainSwitch: (event) => events.push(event) };
      runToStop(machine);
      assert.deepEqual(events.map((e) => [e.from, e.to, e.transfer, e.pc, e.target]), [
        [1, 2, 'call', D1_CODE + 8, D2_CODE],
        [2, 1, 'return', D2_CODE + 4, D1_CODE + 12],
      ]);
      assert.ok(events[0].cycles < events[1].cycles);
    });

    it('stopOnDomainSwitch stops after each switch, before the first instruction of the new domain', () => {
      const machine = crossing();
      machine.stopOnDomainSwitch = true;
      assert.deepEqual(machine.run(100), { kind: 'domainSwitch', from: 1, to: 2, transfer: 'call', pc: D1_CODE + 8 });
      assert.equal(machine.pc, D2_CODE);
      assert.equal(machine.getRegister(register('a0')), 0);
      assert.deepEqual(machine.run(100), { kind: 'domainSwitch', from: 2, to: 1, transfer: 'return', pc: D2_CODE + 4 });
      assert.equal(machine.run(100).kind, 'ebreak');
    });
  });

  describe('snapshot and restore', () => {
    it('run, snapshot, run more, restore, rerun gives identical states', () => {
      const machine = busyProgram();
      machine.run(1234);
      const snapshot = machine.snapshot();
      const atSnapshot = fingerprint(machine);
      machine.run(5000);
      const after = fingerprint(machine);
      machine.restore(snapshot);
      assert.equal(fingerprint(machine), atSnapshot);
      machine.run(5000);
      assert.equal(fingerprint(machine), after);
      machine.restore(snapshot);
      machine.run(5000);
      assert.equal(fingerprint(machine), after, 'a snapshot can be restored more than once');
    });

    it('shares memory copy-on-write: later writes (program or debugger) never reach the snapshot', () => {
      const machine = busyProgram();
      machine.writeWord(DATA, 111);
      const snapshot = machine.snapshot();
      machine.writeWord(DATA, 222);
      machine.run(100);
      machine.unmapPages(DATA, 4096);
      machine.restore(snapshot);
      assert.equal(machine.readWord(DATA), 111);
      machine.writeWord(DATA, 333);
      machine.restore(snapshot);
      assert.equal(machine.readWord(DATA), 111);
    });

    it('restores domains, APLs, the APL cache, capabilities and the DCS', () => {
      const machine = twoDomains();
      machine.setAplPermission(1, 2, 'call');
      place(machine, D1_CODE, [...li('a0', D1_DATA), ins('addi', 'a1', 'zero', 8), ins('cap.create', 'cr0', 'a0', 'a1', 'r'), ...li('t0', D2_CODE), ins('jalr', 'ra', 0, 't0'), ins('ebreak')]);
      place(machine, D2_CODE, [ins('ebreak'), ins('jalr', 'zero', 0, 'ra')]);
      runToStop(machine);
      const snapshot = machine.snapshot();
      const state = JSON.stringify([machine.context.dcs, machine.capabilityRegister(0), machine.aplCacheState(), [...machine.aplOf(1)], machine.stats]);
      machine.setAplPermission(1, 2, undefined);
      runToStop(machine);
      machine.restore(snapshot);
      assert.equal(JSON.stringify([machine.context.dcs, machine.capabilityRegister(0), machine.aplCacheState(), [...machine.aplOf(1)], machine.stats]), state);
      assert.equal(machine.currentDomain(), 2);
      assert.equal(runToStop(machine).kind, 'ebreak');
      assert.equal(machine.pc, D1_CODE + 32);
    });

    it('restore after a fall-through fault faults again (the pending transfer is part of the state)', () => {
      const machine = new Machine();
      machine.mapPages(0x10000, 4096, { read: true, write: false, execute: true, tag: 1 });
      machine.mapPages(0x11000, 4096, { read: true, write: false, execute: true, tag: 2 });
      place(machine, 0x10ffc, [ins('addi', 'a0', 'a0', 1)]);
      machine.pc = 0x10ffc;
      assert.equal(faultOf(machine.run(10)).kind, 'fetch-denied');
      const snapshot = machine.snapshot();
      machine.restore(snapshot);
      assert.equal(faultOf(machine.run(10)).kind, 'fetch-denied');
    });

    it('is deterministic: two machines running the same program agree exactly', () => {
      const one = busyProgram();
      const two = busyProgram();
      one.run(100_000);
      for (let slice = 0; slice < 100; slice++) two.run(1000);
      assert.equal(fingerprint(one), fingerprint(two));
    });
  });
});

// CODOMs protection rules (machine.md §2-4, §7): the current domain from the pc's page, APL levels
// call < read < write for fetches, loads and stores, entry alignment, fall-through transfers, page
// RWX bits above everything, tag-0 kernel memory reachable only from P pages, privileged CSRs.
import { strict as assert } from 'node:assert';
import { Machine } from '../../simulator/machine/machine';
import { D1_CODE, D1_DATA, D2_CODE, D2_DATA, faultOf, ins, li, place, register, rw, rx, twoDomains } from './program';

describe('machine: domains and APLs', () => {
  it('the current domain is the tag of the page holding the pc', () => {
    const machine = twoDomains();
    assert.equal(machine.currentDomain(), 1);
    machine.pc = D2_CODE;
    assert.equal(machine.currentDomain(), 2);
  });

  describe('instruction fetch into another domain', () => {
    function callInto(permission: 'call' | 'read' | 'write' | undefined, target: number): Machine {
      const machine = twoDomains();
      machine.setAplPermission(1, 2, permission);
      place(machine, D1_CODE, [...li('t0', target), ins('jalr', 'ra', 0, 't0'), ins('ebreak')]);
      place(machine, D2_CODE, [ins('ebreak')]);
      place(machine, D2_CODE + 4, [ins('ebreak')]);
      return machine;
    }

    it('without any APL entry faults fetch-denied, pc on the jump and ra untouched', () => {
      const machine = callInto(undefined, D2_CODE);
      const fault = faultOf(machine.run(10));
      assert.equal(fault.kind, 'fetch-denied');
      assert.equal(fault.pc, D1_CODE + 8);
      assert.equal(fault.address, D2_CODE);
      assert.equal(fault.domain, 1);
      assert.equal(fault.targetDomain, 2);
      assert.equal(fault.missingPermission, 'call');
      assert.match(fault.message, /domain 1 \(Client\) has no call permission on domain 2/);
      assert.equal(machine.pc, D1_CODE + 8);
      assert.equal(machine.getRegister(register('ra')), 0);
    });

    it('with call permission reaches an entry-aligned address', () => {
      const machine = callInto('call', D2_CODE);
      assert.deepEqual(machine.run(10), { kind: 'ebreak', pc: D2_CODE });
      assert.equal(machine.currentDomain(), 2);
    });

    it('with only call permission a non-aligned target faults entry-misaligned', () => {
      const machine = callInto('call', D2_CODE + 4);
      const fault = faultOf(machine.run(10));
      assert.equal(fault.kind, 'entry-misaligned');
      assert.equal(fault.missingPermission, 'entry-point');
      assert.match(fault.message, /aligned to 64 bytes/);
    });

    it('entry alignment follows the entryAlign setting', () => {
      const machine = twoDomains({ entryAlign: 4096 });
      machine.setAplPermission(1, 2, 'call');
      place(machine, D1_CODE, [...li('t0', D2_CODE + 64), ins('jalr', 'ra', 0, 't0')]);
      assert.equal(faultOf(machine.run(10)).kind, 'entry-misaligned');
    });

    for (const permission of ['read', 'write'] as const) {
      it(`with ${permission} permission any address may be targeted`, () => {
        const machine = callInto(permission, D2_CODE + 4);
        assert.deepEqual(machine.run(10), { kind: 'ebreak', pc: D2_CODE + 4 });
      });
    }

    it('falling through off the end of a page into another domain is a checked transfer', () => {
      const machine = new Machine();
      machine.mapPages(0x10000, 4096, rx(1));
      machine.mapPages(0x11000, 4096, rx(2));
      place(machine, 0x10ffc, [ins('addi', 'a0', 'zero', 1)]);
      place(machine, 0x11000, [ins('addi', 'a0', 'a0', 1), ins('ebreak')]);
      machine.pc = 0x10ffc;
      const fault = faultOf(machine.run(10));
      assert.equal(fault.kind, 'fetch-denied');
      assert.equal(fault.pc, 0x11000);
      assert.equal(machine.pc, 0x11000);
      assert.equal(machine.getRegister(register('a0')), 1, 'the last instruction of the page completed');
      // Retrying without a grant faults again; with one, execution continues as a plain jump.
      assert.equal(faultOf(machine.run(10)).kind, 'fetch-denied');
      machine.setAplPermission(1, 2, 'call');
      assert.equal(machine.run(10).kind, 'ebreak');
      assert.equal(machine.getRegister(register('a0')), 2);
      assert.equal(machine.context.dcs.length, 0, 'a fall-through is not a call');
      assert.equal(machine.stats.domainSwitches, 1);
    });

    it('a run whose limit ends exactly at a page boundary still checks the transfer', () => {
      const machine = new Machine();
      machine.mapPages(0x10000, 4096, rx(1));
      machine.mapPages(0x11000, 4096, rx(2));
      place(machine, 0x10ffc, [ins('addi', 'a0', 'zero', 1)]);
      machine.pc = 0x10ffc;
      const event = machine.run(1);
      assert.equal(faultOf(event).kind, 'fetch-denied');
      // A context switch away and back must not launder the transfer.
      const saved = machine.saveContext();
      machine.loadContext(saved);
      assert.equal(machine.pc, 0x11000);
    });

    it('kernel pages (tag 0) can never be executed', () => {
      const machine = twoDomains();
      machine.mapPages(0xf000_0000, 4096, rx(0));
      place(machine, D1_CODE, [...li('t0', 0xf000_0000), ins('jalr', 'ra', 0, 't0')]);
      const fault = faultOf(machine.run(10));
      assert.equal(fault.kind, 'fetch-denied');
      assert.match(fault.message, /tag 0/);
    });

    it('an APL may not name tag 0', () => {
      assert.throws(() => new Machine().setAplPermission(1, 0, 'read'), /tag 0/);
    });
  });

  describe('loads and stores into another domain', () => {
    function access(permission: 'call' | 'read' | 'write' | undefined, instruction: 'lw' | 'sw'): ReturnType<Machine['run']> {
      const machine = twoDomains();
      machine.setAplPermission(1, 2, permission);
      place(machine, D1_CODE, [...li('t0', D2_DATA + 8), ins(instruction, 'a0', 0, 't0'), ins('ebreak')]);
      return machine.run(10);
    }
    const expectations: [('call' | 'read' | 'write' | undefined), 'lw' | 'sw', string][] = [
      [undefined, 'lw', 'load-denied'], ['call', 'lw', 'load-denied'], ['read', 'lw', 'ebreak'], ['write', 'lw', 'ebreak'],
      [undefined, 'sw', 'store-denied'], ['call', 'sw', 'store-denied'], ['read', 'sw', 'store-denied'], ['write', 'sw', 'ebreak'],
    ];
    for (const [permission, instruction, outcome] of expectations) {
      it(`${instruction} with APL ${permission ?? 'none'} -> ${outcome}`, () => {
        const event = access(permission, instruction);
        if (outcome === 'ebreak') assert.equal(event.kind, 'ebreak');
        else {
          const fault = faultOf(event);
          assert.equal(fault.kind, outcome);
          assert.equal(fault.address, D2_DATA + 8);
          assert.equal(fault.missingPermission, instruction === 'lw' ? 'read' : 'write');
          assert.match(fault.message, new RegExp(`domain 1 \\(Client\\) has ${permission === undefined ? 'no' : 'only'} .*domain 2`));
        }
      });
    }

    it('a domain always reaches its own pages', () => {
      const machine = twoDomains();
      place(machine, D1_CODE, [...li('t0', D1_DATA), ins('sw', 't0', 0, 't0'), ins('lw', 'a0', 0, 't0'), ins('ebreak')]);
      assert.equal(machine.run(10).kind, 'ebreak');
      assert.equal(machine.getRegister(register('a0')), D1_DATA);
    });

    it("the page's RWX bits beat the APL: write permission cannot store to a read-only page", () => {
      const machine = twoDomains();
      machine.mapPages(D2_DATA, 4096, { read: true, write: false, execute: false, tag: 2 });
      machine.setAplPermission(1, 2, 'write');
      place(machine, D1_CODE, [...li('t0', D2_DATA), ins('sw', 'a0', 0, 't0')]);
      const fault = faultOf(machine.run(10));
      assert.equal(fault.kind, 'page-permission');
      assert.match(fault.message, /R--/);
    });

    it('the owner itself cannot write its read-only page either', () => {
      const machine = twoDomains();
      place(machine, D1_CODE, [...li('t0', D1_CODE), ins('sw', 'a0', 0, 't0')]);
      assert.equal(faultOf(machine.run(10)).kind, 'page-permission');
    });

    it('an APL change takes effect at once (grant, then revoke)', () => {
      const machine = twoDomains();
      place(machine, D1_CODE, [...li('t0', D2_DATA), ins('lw', 'a0', 0, 't0'), ins('lw', 'a0', 0, 't0'), ins('ebreak')]);
      machine.setAplPermission(1, 2, 'read');
      machine.run(3);
      machine.setAplPermission(1, 2, undefined);
      assert.equal(faultOf(machine.run(10)).kind, 'load-denied');
      assert.deepEqual([...machine.aplOf(1)], []);
    });
  });

  describe('the kernel (tag 0) and privileged pages', () => {
    function kernelAccess(privileged: boolean): ReturnType<Machine['run']> {
      const machine = new Machine();
      machine.mapPages(0xf100_0000, 4096, rx(7, { privileged }));
      machine.mapPages(0xf000_0000, 4096, rw(0));
      place(machine, 0xf100_0000, [...li('t0', 0xf000_0000), ins('sw', 't0', 0, 't0'), ins('lw', 'a0', 0, 't0'), ins('ebreak')]);
      machine.pc = 0xf100_0000;
      return machine.run(10);
    }

    it('code on a P page may load and store tag-0 pages', () => {
      assert.equal(kernelAccess(true).kind, 'ebreak');
    });

    it('code on any other page cannot', () => {
      const fault = faultOf(kernelAccess(false));
      assert.equal(fault.kind, 'store-denied');
      assert.equal(fault.missingPermission, 'privileged');
      assert.match(fault.message, /privileged \(P\) pages/);
    });
  });

  describe('privileged CSRs', () => {
    function csrProgram(privileged: boolean, words: number[]): Machine {
      const machine = new Machine();
      machine.mapPages(0x10000, 4096, rx(3, { privileged }));
      place(machine, 0x10000, [...words, ins('ebreak')]);
      machine.pc = 0x10000;
      return machine;
    }

    for (const csr of ['dipc.proc', 'dipc.kcs', 'dipc.dcsbase'] as const) {
      it(`writing ${csr} from a page without P faults privileged`, () => {
        const machine = csrProgram(false, [ins('addi', 'a0', 'zero', 5), ins('csrrw', 'zero', csr, 'a0')]);
        const fault = faultOf(machine.run(10));
        assert.equal(fault.kind, 'privileged');
        assert.equal(fault.pc, 0x10004);
        assert.equal(fault.missingPermission, 'privileged');
        assert.equal(machine.readCsr(csr), 0);
      });

      it(`writing ${csr} from a P page works and costs privilegedCsrWrite`, () => {
        const machine = csrProgram(true, [ins('addi', 'a0', 'zero', 5), ins('csrrw', 'a1', csr, 'a0')]);
        assert.equal(machine.run(10).kind, 'ebreak');
        assert.equal(machine.readCsr(csr), 5);
        assert.equal(machine.stats.cycles, 1 + 5 + 1);
      });
    }

    it('dipc.proc is readable everywhere, dipc.kcs is not', () => {
      const machine = csrProgram(false, [ins('csrrs', 'a0', 'dipc.proc', 'zero'), ins('csrrs', 'a1', 'dipc.kcs', 'zero')]);
      machine.writeCsr('dipc.proc', 42);
      const fault = faultOf(machine.run(10));
      assert.equal(machine.getRegister(register('a0')), 42);
      assert.equal(fault.kind, 'privileged');
      assert.equal(fault.pc, 0x10004);
    });

    it('a process switch is a write that changes dipc.proc; it is counted and observed', () => {
      const machine = csrProgram(true, [
        ins('addi', 'a0', 'zero', 2), ins('csrrw', 'zero', 'dipc.proc', 'a0'), ins('csrrw', 'zero', 'dipc.proc', 'a0'),
        ins('csrrwi', 'zero', 'dipc.proc', 1),
      ]);
      machine.writeCsr('dipc.proc', 1);
      const seen: string[] = [];
      machine.observer = { processSwitch: (event) => seen.push(`${event.from}->${event.to}@${event.pc.toString(16)}`) };
      assert.equal(machine.run(10).kind, 'ebreak');
      assert.deepEqual(seen, ['1->2@10004', '2->1@1000c']);
      assert.equal(machine.stats.processSwitches, 2);
    });

    it('dipc.dcsdepth reads the DCS depth and is read-only', () => {
      const machine = csrProgram(true, [ins('csrrs', 'a0', 'dipc.dcsdepth', 'zero'), ins('csrrw', 'zero', 'dipc.dcsdepth', 'a0')]);
      machine.context.dcs.push({ returnAddress: 0, callerDomain: 1, calleeDomain: 3, serial: 99, syncCapabilitiesCreated: 0 });
      assert.equal(faultOf(machine.run(10)).kind, 'illegal-instruction');
      assert.equal(machine.getRegister(register('a0')), 1);
    });
  });

  it('with checks disabled, domains do not restrict anything (benchmark comparison mode)', () => {
    const machine = twoDomains({ checksEnabled: false });
    place(machine, D1_CODE, [...li('t0', D2_DATA), ins('sw', 't0', 0, 't0'), ...li('t1', D2_CODE), ins('jalr', 'ra', 4, 't1')]);
    place(machine, D2_CODE + 4, [ins('ebreak')]);
    assert.equal(machine.run(20).kind, 'ebreak');
    assert.equal(machine.readWord(D2_DATA), D2_DATA);
  });
});

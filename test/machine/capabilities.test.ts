// Capabilities (machine.md §5): creation only over reachable memory, derivation that only shrinks,
// synchronous capabilities expiring with their DCS frame, asynchronous ones revoked by their
// counter, storage only on C pages (no forging), and the explanations of denied accesses.
import { strict as assert } from 'node:assert';
import type { Operand } from './program';
import { D1_CAPS, D1_CODE, D1_DATA, D2_CODE, D2_DATA, faultOf, ins, li, place, register, rx, twoDomains } from './program';

/** Client makes cr0 = `create` over D1_DATA (16 bytes, `perm`) and calls Store's entry, which runs `body` and returns. */
function passCapability(perm: 'r' | 'rw', body: number[], create: 'cap.create' | 'cap.createa' = 'cap.create') {
  const machine = twoDomains();
  machine.setAplPermission(1, 2, 'call');
  const make = create === 'cap.create'
    ? [ins('cap.create', 'cr0', 'a0', 'a1', perm)]
    : [...li('a2', D1_DATA + 64), ins('cap.createa', 'cr0', 'a0', 'a1', perm, 'a2')];
  place(machine, D1_CODE, [
    ...li('a0', D1_DATA), ins('addi', 'a1', 'zero', 16), ...make,
    ...li('t0', D2_CODE), ins('jalr', 'ra', 0, 't0'), ins('ebreak'),
  ]);
  place(machine, D2_CODE, [...body, ins('jalr', 'zero', 0, 'ra')]);
  return machine;
}

/** Store's code reaching Client memory through whatever capability it holds. */
const storeAt = (offset: number, value: Operand = 'a3'): number[] => [...li('t1', D1_DATA + offset), ins('sw', value, 0, 't1')];
const loadAt = (offset: number): number[] => [...li('t1', D1_DATA + offset), ins('lw', 'a4', 0, 't1')];

describe('machine: capabilities', () => {
  describe('use across a call', () => {
    it('a read-write capability lets the callee load and store inside it', () => {
      const machine = passCapability('rw', [ins('addi', 'a3', 'zero', 99), ...storeAt(12), ...loadAt(12)]);
      assert.equal(machine.run(100).kind, 'ebreak');
      assert.equal(machine.readWord(D1_DATA + 12), 99);
      assert.equal(machine.getRegister(register('a4')), 99);
      assert.equal(machine.stats.capabilities.created, 1);
    });

    it('one word past the end is store-denied, and the message names the nearest capability', () => {
      const machine = passCapability('rw', storeAt(16));
      const fault = faultOf(machine.run(100));
      assert.equal(fault.kind, 'store-denied');
      assert.equal(fault.domain, 2);
      assert.equal(fault.targetDomain, 1);
      assert.equal(fault.missingPermission, 'write');
      assert.match(fault.message, /^store of 4 bytes at 0x00020010 \(domain 1 \(Client\)\) denied: domain 2 \(Store\) has no write permission on domain 1 and no capability covers it; nearest capability cr0 covers 0x00020000-0x0002000f \(4 bytes past its end\)$/);
    });

    it('a read-only capability allows loads but faults stores with store-denied', () => {
      const load = passCapability('r', loadAt(4));
      assert.equal(load.run(100).kind, 'ebreak');
      const fault = faultOf(passCapability('r', storeAt(4)).run(100));
      assert.equal(fault.kind, 'store-denied');
      assert.match(fault.message, /cr0 \(sync r .*\) covers it but is read-only/);
    });

    it('an access partly outside the capability is denied (the whole access must be covered)', () => {
      const machine = passCapability('rw', [...li('t1', D1_DATA + 14), ins('sh', 'a3', 0, 't1'), ins('sh', 'a3', 2, 't1')]);
      const fault = faultOf(machine.run(100));
      assert.equal(fault.address, D1_DATA + 16);
    });

    it('capabilities never override page bits: rw over a read-only page cannot be created', () => {
      const machine = twoDomains();
      place(machine, D1_CODE, [...li('a0', D1_CODE), ins('addi', 'a1', 'zero', 16), ins('cap.create', 'cr0', 'a0', 'a1', 'rw')]);
      const fault = faultOf(machine.run(10));
      assert.equal(fault.kind, 'page-permission');
    });
  });

  describe('synchronous capabilities', () => {
    it('expire when the frame they were created under is popped', () => {
      const machine = twoDomains();
      machine.setAplPermission(1, 2, 'call');
      place(machine, D1_CODE, [
        ...li('t0', D2_CODE), ins('jalr', 'ra', 0, 't0'),
        ins('cap.base', 'a5', 'cr1'), ...li('t1', D2_DATA), ins('lw', 'a4', 0, 't1'),
      ]);
      place(machine, D2_CODE, [...li('a0', D2_DATA), ins('addi', 'a1', 'zero', 64), ins('cap.create', 'cr1', 'a0', 'a1', 'r'), ins('jalr', 'zero', 0, 'ra')]);
      const fault = faultOf(machine.run(100));
      assert.equal(fault.kind, 'cap-invalid');
      assert.match(fault.message, /cr1 \(sync r \[0x00040000, 0x00040040\)\) covers it but is expired \(the call it was created under has returned\)/);
      assert.equal(machine.getRegister(register('a5')), D2_DATA, 'an expired capability keeps its fields');
      assert.equal(machine.stats.capabilities.revoked, 1);
    });

    it('a later frame at the same depth does not revive them', () => {
      const machine = twoDomains();
      machine.setAplPermission(1, 2, 'call');
      place(machine, D1_CODE, [...li('t0', D2_CODE), ins('jalr', 'ra', 0, 't0'), ins('jalr', 'ra', 0, 't0')]);
      place(machine, D2_CODE, [...li('a0', D2_DATA), ins('addi', 'a1', 'zero', 64), ins('cap.create', 'cr1', 'a0', 'a1', 'r'), ins('ebreak'), ins('jalr', 'zero', 0, 'ra')]);
      assert.equal(machine.run(100).kind, 'ebreak');
      const first = machine.capabilityRegister(1)!;
      assert.equal(machine.capabilityState(first), 'valid');
      assert.equal(machine.run(100).kind, 'ebreak'); // second call, again at depth 1
      assert.equal(machine.context.dcs.length, 1);
      assert.equal(machine.capabilityState(first), 'expired');
      assert.equal(machine.capabilityState(machine.capabilityRegister(1)!), 'valid');
    });

    it('created outside any call, they live as long as their thread and no longer', () => {
      const machine = twoDomains();
      place(machine, D1_CODE, [...li('a0', D1_DATA), ins('addi', 'a1', 'zero', 8), ins('cap.create', 'cr0', 'a0', 'a1', 'rw'), ins('ebreak')]);
      machine.run(10);
      const capability = machine.capabilityRegister(0)!;
      assert.equal(capability.frameDepth, -1);
      assert.equal(machine.capabilityState(capability), 'valid');
      machine.context = machine.createContext({ pc: D1_CODE });
      assert.equal(machine.capabilityState(capability), 'expired');
    });
  });

  describe('asynchronous capabilities', () => {
    it('survive the return and are revoked by bumping their counter', () => {
      const machine = passCapability('rw', [ins('addi', 'a3', 'zero', 5), ...storeAt(0)], 'cap.createa');
      assert.equal(machine.run(100).kind, 'ebreak');
      const capability = machine.capabilityRegister(0)!;
      assert.equal(capability.kind, 'async');
      assert.equal(capability.counterAddress, D1_DATA + 64);
      assert.equal(machine.capabilityState(capability), 'valid');
      assert.equal(machine.readWord(D1_DATA), 5);
      // Client revokes: counter += 1 (an ordinary store to its own page), then calls again.
      place(machine, D1_CODE + 0x100, [
        ...li('a2', D1_DATA + 64), ins('lw', 't2', 0, 'a2'), ins('addi', 't2', 't2', 1), ins('sw', 't2', 0, 'a2'),
        ...li('t0', D2_CODE), ins('jalr', 'ra', 0, 't0'),
      ]);
      machine.pc = D1_CODE + 0x100;
      const fault = faultOf(machine.run(100));
      assert.equal(fault.kind, 'cap-invalid');
      assert.match(fault.message, /is revoked \(its counter at 0x00020040 changed\)/);
      assert.equal(machine.capabilityState(capability), 'revoked');
      assert.deepEqual(machine.stats.capabilities, { created: 1, revoked: 1 });
    });

    it('the creator must be able to read the counter', () => {
      const machine = twoDomains();
      place(machine, D1_CODE, [...li('a0', D1_DATA), ins('addi', 'a1', 'zero', 8), ...li('a2', D2_DATA), ins('cap.createa', 'cr0', 'a0', 'a1', 'r', 'a2')]);
      assert.equal(faultOf(machine.run(10)).kind, 'load-denied');
    });
  });

  describe('creation and derivation', () => {
    function run(words: number[], grant?: 'read' | 'write') {
      const machine = twoDomains();
      if (grant !== undefined) machine.setAplPermission(1, 2, grant);
      place(machine, D1_CODE, [...words, ins('ebreak')]);
      return { machine, event: machine.run(100) };
    }
    const over = (address: number, length: number): number[] => [...li('a0', address), ...li('a1', length)];

    it("cannot cover another domain's memory without APL permission", () => {
      const fault = faultOf(run([...over(D2_DATA, 16), ins('cap.create', 'cr0', 'a0', 'a1', 'r')]).event);
      assert.equal(fault.kind, 'load-denied');
      assert.match(fault.message, /can only pass on access its creator has/);
    });

    it('APL read allows a read capability but not a read-write one', () => {
      assert.equal(run([...over(D2_DATA, 16), ins('cap.create', 'cr0', 'a0', 'a1', 'r')], 'read').event.kind, 'ebreak');
      assert.equal(faultOf(run([...over(D2_DATA, 16), ins('cap.create', 'cr0', 'a0', 'a1', 'rw')], 'read').event).kind, 'store-denied');
    });

    it('a valid capability covering the range is enough to create another over part of it', () => {
      const machine = twoDomains();
      machine.setAplPermission(1, 2, 'write');
      place(machine, D1_CODE, [...over(D2_DATA, 64), ins('cap.create', 'cr0', 'a0', 'a1', 'rw'), ins('ebreak')]);
      machine.run(100);
      machine.setAplPermission(1, 2, undefined);
      place(machine, D1_CODE + 0x100, [...over(D2_DATA + 8, 8), ins('cap.create', 'cr1', 'a0', 'a1', 'r'), ins('ebreak'), ...over(D2_DATA + 60, 8), ins('cap.create', 'cr2', 'a0', 'a1', 'r')]);
      machine.pc = D1_CODE + 0x100;
      assert.equal(machine.run(100).kind, 'ebreak');
      assert.equal(faultOf(machine.run(100)).kind, 'load-denied');
    });

    it('kernel memory and capability storage can never be covered', () => {
      const machine = twoDomains();
      machine.mapPages(0xf000_0000, 4096, { read: true, write: true, execute: false, tag: 0 });
      machine.mapPages(0xf100_0000, 4096, rx(9, { privileged: true }));
      place(machine, 0xf100_0000, [...over(0xf000_0000, 16), ins('cap.create', 'cr0', 'a0', 'a1', 'r')]);
      machine.pc = 0xf100_0000;
      assert.match(faultOf(machine.run(10)).message, /kernel memory \(tag 0\) can never be covered/);
      assert.equal(faultOf(run([...over(D1_CAPS, 16), ins('cap.create', 'cr0', 'a0', 'a1', 'r')]).event).kind, 'cap-storage');
    });

    it('cap.restrict shrinks; cap.base and cap.len read the result', () => {
      const { machine, event } = run([
        ...over(D1_DATA, 64), ins('cap.create', 'cr0', 'a0', 'a1', 'rw'),
        ins('addi', 't0', 'zero', 8), ins('addi', 't1', 'zero', 16), ins('cap.restrict', 'cr1', 'cr0', 't0', 't1', 'r'),
        ins('cap.base', 'a2', 'cr1'), ins('cap.len', 'a3', 'cr1'),
      ]);
      assert.equal(event.kind, 'ebreak');
      assert.equal(machine.getRegister(register('a2')), D1_DATA + 8);
      assert.equal(machine.getRegister(register('a3')), 16);
      assert.equal(machine.capabilityRegister(1)!.permission, 'r');
      assert.equal(machine.stats.capabilities.created, 2);
    });

    const widenings: [string, number, number, 'r' | 'rw', RegExp][] = [
      ['past the end', 60, 8, 'r', /would widen cr0/],
      ['with an offset overflowing', -4, 8, 'r', /would widen cr0/],
      ['adding write permission', 0, 8, 'rw', /would add write permission/],
    ];
    for (const [name, offset, length, perm, message] of widenings) {
      it(`cap.restrict ${name} faults cap-invalid`, () => {
        const { event } = run([
          ...over(D1_DATA, 64), ins('cap.create', 'cr0', 'a0', 'a1', 'r'),
          ...li('t0', offset), ...li('t1', length), ins('cap.restrict', 'cr1', 'cr0', 't0', 't1', perm),
        ]);
        const fault = faultOf(event);
        assert.equal(fault.kind, 'cap-invalid');
        assert.match(fault.message, message);
      });
    }

    it('cap.restrict of an empty register faults cap-invalid; cap.mv and cap.clr copy and clear', () => {
      const { machine, event } = run([
        ...over(D1_DATA, 64), ins('cap.create', 'cr0', 'a0', 'a1', 'r'), ins('cap.mv', 'cr3', 'cr0'), ins('cap.clr', 'cr0'),
        ins('cap.restrict', 'cr1', 'cr0', 'zero', 'zero', 'r'),
      ]);
      assert.match(faultOf(event).message, /cr0 is empty/);
      assert.equal(machine.capabilityRegister(0), undefined);
      assert.equal(machine.capabilityRegister(3)?.base, D1_DATA);
    });
  });

  describe('capability storage (C pages) and forging', () => {
    function storage(words: number[]) {
      const machine = twoDomains();
      place(machine, D1_CODE, [...li('a0', D1_DATA), ins('addi', 'a1', 'zero', 32), ins('cap.create', 'cr0', 'a0', 'a1', 'rw'), ...li('s0', D1_CAPS), ...words, ins('ebreak')]);
      return { machine, event: machine.run(100) };
    }

    it('cap.st then cap.ld round-trips a capability', () => {
      const { machine, event } = storage([ins('cap.st', 'cr0', 16, 's0'), ins('cap.clr', 'cr0'), ins('cap.ld', 'cr5', 16, 's0'), ins('cap.ld', 'cr6', 32, 's0')]);
      assert.equal(event.kind, 'ebreak');
      assert.equal(machine.capabilityRegister(5)?.base, D1_DATA);
      assert.equal(machine.capabilityRegister(6), undefined, 'an empty slot loads a cleared register');
      assert.equal(machine.storedCapability(D1_CAPS + 16)?.length, 32);
    });

    for (const [name, words] of [
      ['an ordinary store (forging attempt)', [ins('sw', 'a0', 0, 's0')]],
      ['an ordinary load', [ins('lw', 'a0', 0, 's0')]],
      ['cap.st to a page without C', [ins('cap.st', 'cr0', 0, 'a0')]],
      ['cap.ld from a page without C', [ins('cap.ld', 'cr1', 0, 'a0')]],
    ] as const) {
      it(`${name} faults cap-storage`, () => {
        const fault = faultOf(storage([...words]).event);
        assert.equal(fault.kind, 'cap-storage');
        assert.equal(fault.missingPermission, 'capability-storage');
      });
    }

    it(`cap.ld / cap.st need CAPABILITY_SLOT_BYTES alignment`, () => {
      assert.equal(faultOf(storage([ins('cap.st', 'cr0', 8, 's0')]).event).kind, 'misaligned-access');
    });

    it('the debugger cannot write bytes into capability storage either', () => {
      const { machine } = storage([]);
      assert.equal(machine.writeWord(D1_CAPS, 0x1234), false);
    });

    it("another domain cannot cap.ld from a C page it has no permission on", () => {
      const machine = twoDomains();
      place(machine, D2_CODE, [...li('s0', D1_CAPS), ins('cap.ld', 'cr0', 0, 's0')]);
      machine.pc = D2_CODE;
      assert.equal(faultOf(machine.run(10)).kind, 'load-denied');
    });
  });
});

// The domain control stack (machine.md §6): a cross-domain call (jal/jalr writing ra) pushes
// {return address, caller domain}; a cross-domain return (jalr zero, 0(ra)) must match the top
// frame exactly, is allowed whatever the APL says, and cannot pop frames below the DCS base.
import { strict as assert } from 'node:assert';
import { D1_CODE, D2_CODE, faultOf, ins, li, place, register, twoDomains } from './program';

/** Client calls Store's entry at D2_CODE; the entry runs `body` then returns. */
function callAndReturn(body: number[] = []) {
  const machine = twoDomains();
  machine.setAplPermission(1, 2, 'call');
  place(machine, D1_CODE, [...li('t0', D2_CODE), ins('jalr', 'ra', 0, 't0'), ins('addi', 'a0', 'zero', 7), ins('ebreak')]);
  place(machine, D2_CODE, [...body, ins('jalr', 'zero', 0, 'ra')]);
  return machine;
}

describe('machine: domain control stack', () => {
  it('a cross-domain call pushes a frame and the matching return pops it', () => {
    const machine = callAndReturn([ins('ebreak')]);
    assert.equal(machine.run(10).kind, 'ebreak');
    assert.equal(machine.context.dcs.length, 1);
    const frame = machine.context.dcs[0];
    assert.equal(frame.returnAddress, D1_CODE + 12);
    assert.equal(frame.callerDomain, 1);
    assert.equal(frame.calleeDomain, 2);
    assert.equal(machine.run(10).kind, 'ebreak');
    assert.equal(machine.context.dcs.length, 0);
    assert.equal(machine.getRegister(register('a0')), 7);
    const stats = machine.stats;
    assert.equal(stats.crossDomainCalls, 1);
    assert.equal(stats.crossDomainReturns, 1);
    assert.equal(stats.domainSwitches, 2);
  });

  it('the return is allowed although the callee has no APL entry for the caller', () => {
    const machine = callAndReturn();
    assert.deepEqual(machine.aplOf(2), new Map());
    assert.equal(machine.run(20).kind, 'ebreak');
  });

  it('a jal/jalr that does not write ra is a plain jump (no frame)', () => {
    const machine = twoDomains();
    machine.setAplPermission(1, 2, 'call');
    place(machine, D1_CODE, [...li('t0', D2_CODE), ins('jalr', 't1', 0, 't0')]);
    place(machine, D2_CODE, [ins('ebreak')]);
    assert.equal(machine.run(10).kind, 'ebreak');
    assert.equal(machine.context.dcs.length, 0);
    assert.equal(machine.getRegister(register('t1')), D1_CODE + 12);
  });

  it('a return to another address than the top frame faults dcs-violation', () => {
    const machine = callAndReturn([ins('addi', 'ra', 'ra', 4)]);
    const fault = faultOf(machine.run(20));
    assert.equal(fault.kind, 'dcs-violation');
    assert.equal(fault.address, D1_CODE + 16);
    assert.equal(fault.pc, D2_CODE + 4);
    assert.match(fault.message, /does not match the top DCS frame, which returns to 0x0001000c in domain 1 \(Client\)/);
    assert.equal(machine.context.dcs.length, 1, 'the frame stays');
  });

  it('a return-shaped jump into another domain with an empty DCS faults dcs-violation, even with call permission', () => {
    const machine = twoDomains();
    machine.setAplPermission(1, 2, 'write');
    place(machine, D1_CODE, [...li('ra', D2_CODE), ins('jalr', 'zero', 0, 'ra')]);
    const fault = faultOf(machine.run(10));
    assert.equal(fault.kind, 'dcs-violation');
    assert.match(fault.message, /DCS is empty/);
  });

  it('a frame below the DCS base cannot be popped', () => {
    const machine = callAndReturn([ins('ebreak')]);
    machine.run(10);
    machine.writeCsr('dipc.dcsbase', 1);
    const fault = faultOf(machine.run(10));
    assert.equal(fault.kind, 'dcs-violation');
    assert.match(fault.message, /below the DCS base/);
    machine.writeCsr('dipc.dcsbase', 0);
    assert.equal(machine.run(10).kind, 'ebreak');
  });

  it('returns within the same domain never touch the DCS', () => {
    const machine = twoDomains();
    place(machine, D1_CODE, [ins('jal', 'ra', 8), ins('ebreak'), ins('jalr', 'zero', 0, 'ra')]);
    assert.equal(machine.run(10).kind, 'ebreak');
    assert.equal(machine.stats.domainSwitches, 0);
    assert.equal(machine.context.dcs.length, 0);
  });

  it('a cross-domain call and return each cost crossDomainCall / crossDomainReturn extra cycles', () => {
    const machine = callAndReturn();
    machine.run(20);
    // lui, addi, jalr (+2 call, 2 APL misses: Client, Store), jalr back (+2 return, Client hit), addi, ebreak
    assert.equal(machine.stats.cycles, 1 + 1 + (1 + 2 + 30 + 30) + (1 + 2) + 1 + 1);
  });
});

// proxy-description.ts: the description of a proxy follows the proxy the kernel generates for the
// pair of policies (which registers are saved or zeroed, stack switched or shared, DCS base raised).
import { strict as assert } from 'node:assert';
import { describeProperty, describeProxy, formatPolicy } from '../../language-server/proxy-description';
import type { Type } from '../../simulator/toolchain/language/analysis';

const INT: Type = { kind: 'int' };
const CAP: Type = { kind: 'cap' };
const oneIntToInt = { parameters: [INT], result: INT };

describe('proxy description', () => {
  it('with no property: shared stack, nothing saved or zeroed, DCS base untouched', () => {
    const description = describeProxy([], [], oneIntToInt);
    assert.deepEqual(description.combined, []);
    assert.equal(description.stack, 'shared');
    assert.equal(description.registersSaved, false);
    assert.equal(description.registersZeroedOnCall, false);
    assert.equal(description.registersZeroedOnReturn, false);
    assert.equal(description.dcsBaseRaised, false);
    assert.ok(description.steps.some((step) => step.step === 'identity'), 'the process identity is always switched');
    assert.ok(description.steps.some((step) => step.step === 'kcs-push'), 'the KCS is always kept');
  });

  it("follows each side: the caller's reg_confidentiality zeroes on call, the callee's on return", () => {
    const callerSide = describeProxy(['reg_confidentiality'], [], oneIntToInt);
    assert.equal(callerSide.registersZeroedOnCall, true);
    assert.equal(callerSide.registersZeroedOnReturn, false);
    const calleeSide = describeProxy([], ['reg_confidentiality'], oneIntToInt);
    assert.equal(calleeSide.registersZeroedOnCall, false);
    assert.equal(calleeSide.registersZeroedOnReturn, true);
    assert.deepEqual(calleeSide.requestedBy, { reg_confidentiality: 'callee' });
  });

  it('switches the stack for a stack property and raises the DCS base for DCS integrity', () => {
    const description = describeProxy(['stack_integrity'], ['dcs_integrity', 'stack_integrity'], { parameters: [CAP], result: { kind: 'void' } });
    assert.equal(description.stack, 'switched');
    assert.equal(description.dcsBaseRaised, true);
    assert.deepEqual(description.requestedBy, { stack_integrity: 'both', dcs_integrity: 'callee' });
    assert.equal(formatPolicy(description), '`stack_integrity` (caller and callee), `dcs_integrity` (callee)');
    assert.ok(description.instructionCount > describeProxy([], [], oneIntToInt).instructionCount, 'isolation costs instructions');
  });

  it('names the processes instead of placeholder pids', () => {
    const description = describeProxy([], [], oneIntToInt, { caller: 'Client', callee: 'Store' });
    const text = description.steps.map((step) => step.text).join('\n');
    assert.match(text, /\(Store\)/);
    assert.match(text, /\(Client\)/);
    assert.doesNotMatch(text, /pid \d/);
  });

  it('describes a property for the side that lists it', () => {
    assert.match(describeProperty('stack_integrity', 'caller'), /^Listed by the caller/);
    assert.match(describeProperty('stack_integrity', 'callee'), /^Listed by the callee/);
  });
});

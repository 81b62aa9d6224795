// Calls (docs/codegen.md "Calling convention"): arguments are evaluated left to right into frame
// temporaries, then integers go to a0..a7 (further ones to the outgoing stack area) and
// capabilities to cr0.. in order within each class. Same-process calls are a `jal`; calls to a
// domain's entry also hand the domain a capability over the stack slot (cr7); calls to
// another process go through the proxy whose address the kernel wrote into the import descriptor.

import type { CallExpr, Expr } from '../language/ast';
import { PROXY_STATUS_REGISTER } from '../../kernel/abi';
import { PAGE_SIZE, STACK_SIZE } from '../../kernel/address-space';
import { generateBuiltin } from './builtins';
import { type CapabilityPlan, prepareCapability } from './capabilities';
import { generateValue, simpleLoader } from './expressions';
import { type FunctionGenerator, INTEGER_ARGUMENT_REGISTERS, STACK_CAPABILITY_REGISTER, isCapabilityType } from './function-generator';
import { CodegenError } from './program-model';

interface ArgumentOptions {
  /** Where integer arguments beyond a0..a7 may go: the outgoing stack area, or nowhere (an error). */
  stackArguments: boolean;
  /** First integer register (a1 for thread_spawn, whose a0 is the start address). */
  firstIntegerRegister?: number;
  maxIntegerRegisters?: number;
  what: string;
}

/**
 * Evaluates and places the arguments; the caller then emits the transfer. Returns how many
 * capability registers (cr0 upward) carry arguments.
 */
export function passArguments(g: FunctionGenerator, call: { args: Expr[]; span: CallExpr['span'] }, options: ArgumentOptions): number {
  const writer = g.writer;
  const first = options.firstIntegerRegister ?? 0;
  const maxRegisters = options.maxIntegerRegisters ?? INTEGER_ARGUMENT_REGISTERS - first;
  const integers: Expr[] = [];
  const capabilities: Expr[] = [];
  for (const argument of call.args) (isCapabilityType(g.typeOf(argument)) ? capabilities : integers).push(argument);
  if (!options.stackArguments && integers.length > maxRegisters) {
    throw new CodegenError(`${options.what} takes at most ${maxRegisters} integer arguments`, call);
  }
  if (capabilities.length > STACK_CAPABILITY_INDEX) {
    throw new CodegenError(
      `${capabilities.length} capability arguments: at most ${STACK_CAPABILITY_INDEX} travel in registers (cr0-cr6; cr7 carries the stack capability the proxy or domain call hands over)`,
      call,
    );
  }
  if (capabilities.length > g.lowestHomeRegister) {
    throw new CodegenError(
      `${capabilities.length} capability arguments do not fit below the ${7 - g.lowestHomeRegister} capability variables of this function`,
      call,
    );
  }
  const integerRegister = (index: number): string | undefined => (index < maxRegisters ? `a${first + index}` : undefined);
  const stackSlot = (index: number): number => (index - maxRegisters) * 4;
  if (integers.length - maxRegisters > 0) g.frame.reserveOutgoingArguments(integers.length - maxRegisters);

  const simple = capabilities.length === 0 ? integers.map((argument) => simpleLoader(g, argument)) : [];
  if (capabilities.length === 0 && simple.every((loader) => loader !== undefined)) {
    simple.forEach((loader, index) => {
      const register = integerRegister(index);
      if (register) loader?.(register);
      else {
        loader?.('t0');
        writer.line(`sw t0, ${stackSlot(index)}(sp)`);
      }
    });
    return 0;
  }

  const temporaries: number[] = [];
  const plans: CapabilityPlan[] = [];
  let pushed = 0;
  for (const argument of call.args) {
    if (isCapabilityType(g.typeOf(argument))) {
      const plan = prepareCapability(g, argument);
      plans.push(plan);
      pushed += plan.temporaries;
    } else {
      generateValue(g, argument);
      const offset = g.frame.pushTemporary();
      pushed += 1;
      writer.frameAccess('sw', 'a0', offset);
      temporaries.push(offset);
    }
  }
  plans.forEach((plan, index) => plan.materialize(`cr${index}`));
  temporaries.forEach((offset, index) => {
    const register = integerRegister(index);
    if (register) writer.frameAccess('lw', register, offset);
    else {
      writer.frameAccess('lw', 't0', offset);
      writer.line(`sw t0, ${stackSlot(index)}(sp)`);
    }
  });
  g.frame.popTemporaries(pushed);
  return plans.length;
}

/**
 * After the call: clears the capability registers that carried arguments. A `cap` is valid only
 * until the call it was passed down returns (language.md §4), but one created where no DCS frame
 * will pop (in `main`, say) stays valid in the hardware, and left in its register it would let
 * the next callee reach memory nobody passed it.
 */
function clearCapabilityArguments(g: FunctionGenerator, count: number): void {
  for (let index = 0; index < count; index++) g.writer.line(`cap.clr cr${index}`);
}

/** Any call expression; an integer result ends in a0. */
export function generateCall(g: FunctionGenerator, call: CallExpr): void {
  const resolution = g.model.analysis.calls.get(call);
  if (!resolution) throw new CodegenError('unresolved call', call);
  const writer = g.writer;
  switch (resolution.kind) {
    case 'builtin':
      generateBuiltin(g, call, resolution.name);
      return;
    case 'function': {
      const target = g.model.functionFor(resolution.target);
      if (!target) throw new CodegenError(`no code for ${resolution.target.qualifiedName}`, call);
      const capabilityArguments = passArguments(g, call, { stackArguments: true, what: target.qualifiedName });
      writer.line(`jal ra, ${target.label}`);
      clearCapabilityArguments(g, capabilityArguments);
      g.restoreCapabilities();
      return;
    }
    case 'domainEntry': {
      const target = g.model.functionFor(resolution.target);
      if (!target) throw new CodegenError(`no code for ${resolution.target.qualifiedName}`, call);
      const capabilityArguments = passArguments(g, call, { stackArguments: false, what: `the domain entry ${target.qualifiedName}` });
      // The domain runs on this stack: a capability over the whole stack slot (minus its guard
      // page), as a proxy gives a callee without stack isolation. The whole slot, not just the part
      // below sp: cr7 may be the only thing that lets this code reach its own frames (an entry
      // running on its caller's stack), and it must still do so when the domain returns.
      writer.line('addi t0, sp, -1');
      writer.line('srli t0, t0, 16');
      writer.line('slli t0, t0, 16');
      writer.addConstant('t0', 't0', STACK_GUARD_BYTES);
      writer.line(`li t1, ${STACK_SIZE - STACK_GUARD_BYTES}`);
      writer.line(`cap.create ${STACK_CAPABILITY_REGISTER}, t0, t1, rw`);
      writer.line(`jal ra, ${target.label}`);
      clearCapabilityArguments(g, capabilityArguments);
      g.restoreCapabilities();
      return;
    }
    case 'crossProcess': {
      const process = g.owner.processModel;
      const importModel = g.model.importFor(process, resolution.import, resolution.target);
      if (!importModel) throw new CodegenError(`no import of ${resolution.target.qualifiedName}`, call);
      const capabilityArguments = passArguments(g, call, { stackArguments: false, what: `the entry ${resolution.target.qualifiedName}` });
      // Word 3 of the import's descriptor: the proxy address entry_request wrote there.
      writer.line(`lw t0, ${importModel.descriptorLabel} + 12`);
      writer.line('jalr ra, 0(t0)');
      g.recoverFramePointer();
      clearCapabilityArguments(g, capabilityArguments);
      g.restoreCapabilities();
      const done = writer.newLabel('call_ok');
      writer.branch('beq', PROXY_STATUS_REGISTER, 'zero', done);
      if (call.elseValue) generateValue(g, call.elseValue);
      else g.syscall('remoteFault');
      writer.label(done);
      return;
    }
  }
}

/** Index of cr7, the stack-capability register: capability arguments use the registers below it. */
const STACK_CAPABILITY_INDEX = 7;

/** The lowest page of each stack slot is its guard page (address-space.ts), left out of stack capabilities. */
const STACK_GUARD_BYTES = PAGE_SIZE;

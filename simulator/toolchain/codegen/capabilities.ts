// Capability values (docs/codegen.md "Capabilities"). A capability only ever lives in a capability
// register or on a C page, so a capability expression is not "evaluated into a0": it is prepared
// (its integer parts, such as slice bounds, go to frame temporaries, left to right) and later
// materialised into the capability register where it is needed, with no call in between.

import type { CallExpr, Expr } from '../language/ast';
import { generateValue, symbolOfName } from './expressions';
import { type FunctionGenerator, isCapabilityType, sizeOf } from './function-generator';
import { CodegenError, type GlobalModel } from './program-model';
import { REVOCATION_POOL_BYTES } from './context';

export interface CapabilityPlan {
  /** Frame temporaries the plan holds until materialised (release with frame.popTemporaries). */
  temporaries: number;
  /** Writes the capability into a capability register (uses t0-t4). */
  materialize(register: string): void;
  /**
   * Writes the address of the revocation counter of an `acap` value into an integer register (0
   * when unknown). Call it right after `materialize` (a new acap's counter is in t2 until then).
   */
  counterAddress(register: string): void;
}

const PERMISSION_OPERAND = { read: 'r', write: 'rw' } as const;

/** The capability register holding a capability-typed name; a global `acap` is loaded into a scratch register first. */
export function capabilityRegisterFor(g: FunctionGenerator, target: Expr): string {
  const symbol = symbolOfName(g, target);
  if (symbol) {
    const variable = g.variableOf(symbol);
    if (variable?.kind === 'capability') return variable.register;
    const global = g.model.globalFor(symbol);
    if (global?.storage === 'capabilityStorage') {
      const register = g.scratchCapabilityRegister(target);
      g.writer.line(`la t2, ${global.label}`);
      g.writer.line(`cap.ld ${register}, 0(t2)`);
      return register;
    }
  }
  throw new CodegenError('only capability variables can be indexed as capabilities', target);
}

function capabilityGlobal(g: FunctionGenerator, expression: Expr): GlobalModel | undefined {
  const symbol = symbolOfName(g, expression);
  const global = symbol ? g.model.globalFor(symbol) : undefined;
  return global?.storage === 'capabilityStorage' ? global : undefined;
}

/** Prepares any capability-typed expression. */
export function prepareCapability(g: FunctionGenerator, expression: Expr): CapabilityPlan {
  const writer = g.writer;
  if (expression.kind === 'Call') {
    const resolution = g.model.analysis.calls.get(expression);
    if (resolution?.kind === 'builtin' && (resolution.name === 'cap' || resolution.name === 'acap')) {
      return prepareCreation(g, expression, resolution.name);
    }
    throw new CodegenError('calls returning capabilities are not supported; create the capability where it is passed', expression);
  }
  const symbol = symbolOfName(g, expression);
  const variable = symbol ? g.variableOf(symbol) : undefined;
  if (variable?.kind === 'capability') {
    return {
      temporaries: 0,
      materialize: (register) => {
        if (register !== variable.register) writer.line(`cap.mv ${register}, ${variable.register}`);
      },
      counterAddress: (register) => {
        if (variable.counterOffset !== undefined) writer.frameAccess('lw', register, variable.counterOffset);
        else writer.line(`li ${register}, 0`);
      },
    };
  }
  const global = capabilityGlobal(g, expression);
  if (global) {
    return {
      temporaries: 0,
      materialize: (register) => {
        writer.line(`la t2, ${global.label}`);
        writer.line(`cap.ld ${register}, 0(t2)`);
      },
      counterAddress: (register) => writer.line(`lw ${register}, ${global.counterAddressLabel}`),
    };
  }
  throw new CodegenError('this expression is not a capability', expression);
}

/** `cap(x, perm)`, `cap(x[a..b], perm)`, `acap(...)`: over an array, or narrowing a capability. */
function prepareCreation(g: FunctionGenerator, call: CallExpr, builtin: 'cap' | 'acap'): CapabilityPlan {
  const writer = g.writer;
  const [sourceArgument, permissionArgument] = call.args;
  if (!sourceArgument || permissionArgument?.kind !== 'Permission') throw new CodegenError(`${builtin}(source, read|write) expected`, call);
  const permission = PERMISSION_OPERAND[permissionArgument.permission];
  const source = sourceArgument.kind === 'Slice' ? sourceArgument.target : sourceArgument;
  const sourceType = g.typeOf(source);
  const elementSize = sourceType.kind === 'array' ? sizeOf(sourceType.element) : 4;
  let fromOffset: number | undefined;
  let toOffset: number | undefined;
  if (sourceArgument.kind === 'Slice') {
    generateValue(g, sourceArgument.from);
    fromOffset = g.frame.pushTemporary();
    writer.frameAccess('sw', 'a0', fromOffset);
    generateValue(g, sourceArgument.to);
    toOffset = g.frame.pushTemporary();
    writer.frameAccess('sw', 'a0', toOffset);
  }
  const temporaries = fromOffset === undefined ? 0 : 2;
  /** t0 = byte offset of the slice start, t1 = its length in bytes; or the whole `wholeLength`. */
  const sliceBounds = (wholeLength: () => void): void => {
    if (fromOffset === undefined || toOffset === undefined) {
      writer.line('li t0, 0');
      wholeLength();
      return;
    }
    writer.frameAccess('lw', 't0', fromOffset);
    writer.frameAccess('lw', 't1', toOffset);
    writer.line('sub t1, t1, t0');
    const shift = Math.log2(elementSize);
    if (Number.isInteger(shift)) {
      writer.line(`slli t0, t0, ${shift}`);
      writer.line(`slli t1, t1, ${shift}`);
    } else {
      writer.line(`li t2, ${elementSize}`);
      writer.line('mul t0, t0, t2');
      writer.line('mul t1, t1, t2');
    }
  };
  if (isCapabilityType(sourceType)) {
    // Narrowing an existing capability: cap.restrict keeps its kind, its revocation counter
    // (revoking the source revokes the narrowed one too), and can only shrink it.
    return {
      temporaries,
      counterAddress: (register) => prepareCapability(g, source).counterAddress(register),
      materialize: (register) => {
        const sourceRegister = capabilityRegisterFor(g, source);
        sliceBounds(() => writer.line(`cap.len t1, ${sourceRegister}`));
        writer.line(`cap.restrict ${register}, ${sourceRegister}, t0, t1, ${permission}`);
      },
    };
  }
  if (sourceType.kind !== 'array') throw new CodegenError(`${builtin}(...) needs an array, a slice of one, or a capability`, sourceArgument);
  const symbol = symbolOfName(g, source);
  const variable = symbol ? g.variableOf(symbol) : undefined;
  const global = symbol ? g.model.globalFor(symbol) : undefined;
  if (variable?.kind !== 'frame' && !global) throw new CodegenError(`${builtin}(...) needs a named array`, source);
  const counters = builtin === 'acap' ? g.context.revocationCounters(g.owner) : undefined;
  return {
    temporaries,
    // A new acap's counter is still in t2, which nothing between materialize and this call touches.
    counterAddress: (register) => writer.line(counters ? `mv ${register}, t2` : `li ${register}, 0`),
    materialize: (register) => {
      sliceBounds(() => writer.line(`li t1, ${sizeOf(sourceType)}`));
      if (variable?.kind === 'frame') writer.frameAddress('t2', variable.offset);
      else writer.line(`la t2, ${global?.label}`);
      writer.line('add t0, t2, t0');
      if (counters) {
        // Take the next counter of the pool: t2 = pool + next; next = (next + 4) mod pool size.
        writer.line(`la t3, ${counters.next}`);
        writer.line('lw t4, 0(t3)');
        writer.line('addi t2, t4, 4');
        writer.line(`andi t2, t2, ${REVOCATION_POOL_BYTES - 1}`);
        writer.line('sw t2, 0(t3)');
        writer.line(`la t3, ${counters.pool}`);
        writer.line('add t2, t3, t4');
        writer.line(`cap.createa ${register}, t0, t1, ${permission}, t2`);
      } else {
        writer.line(`cap.create ${register}, t0, t1, ${permission}`);
      }
    },
  };
}

/** `c = value` / `let c = value` for a capability variable or an `acap` global. */
export function assignCapability(g: FunctionGenerator, target: Expr, value: Expr | undefined): void {
  const writer = g.writer;
  const symbol = symbolOfName(g, target);
  const variable = symbol ? g.variableOf(symbol) : undefined;
  const plan = value ? prepareCapability(g, value) : undefined;
  if (variable?.kind === 'capability') {
    if (plan) plan.materialize(variable.register);
    else writer.line(`cap.clr ${variable.register}`);
    g.frame.popTemporaries(plan?.temporaries ?? 0);
    g.saveCapability(variable);
    if (variable.counterOffset !== undefined) {
      if (plan) plan.counterAddress('t0');
      else writer.line('li t0, 0');
      writer.frameAccess('sw', 't0', variable.counterOffset);
    }
    return;
  }
  const global = capabilityGlobal(g, target);
  if (!global || !plan) throw new CodegenError('capabilities can only be stored in capability variables and `acap` globals', target);
  const register = g.scratchCapabilityRegister(target);
  plan.materialize(register);
  g.frame.popTemporaries(plan.temporaries);
  writer.line(`la t0, ${global.label}`);
  writer.line(`cap.st ${register}, 0(t0)`);
  plan.counterAddress('t1');
  writer.line(`sw t1, ${global.counterAddressLabel}, t0`);
}

/** `revoke(c)`: bumps the revocation counter the acap was created with, invalidating every copy. */
export function generateRevoke(g: FunctionGenerator, argument: Expr): void {
  const writer = g.writer;
  const symbol = symbolOfName(g, argument);
  const variable = symbol ? g.variableOf(symbol) : undefined;
  if (variable?.kind === 'capability' && variable.counterOffset !== undefined) {
    writer.frameAccess('lw', 't0', variable.counterOffset);
  } else {
    const global = capabilityGlobal(g, argument);
    if (!global) {
      throw new CodegenError('revoke needs an `acap` variable or global of this process (only the creator can revoke)', argument);
    }
    writer.line(`lw t0, ${global.counterAddressLabel}`);
  }
  writer.line('lw t1, 0(t0)');
  writer.line('addi t1, t1, 1');
  writer.line('sw t1, 0(t0)');
}


// Integer, bool and pointer expressions: the value ends in a0 (bools as 0/1). Operands are
// evaluated left to right; a left operand waits in a frame temporary while the right one is
// computed, unless the right one is "simple" (a constant or a plain variable) and can be loaded
// straight into t1. Conditions compile to branches, so `&&` and `||` short-circuit.

import type { BinaryExpr, Expr, IndexExpr } from '../language/ast';
import type { SymbolInfo } from '../language/analysis';
import type { BranchMnemonic } from './assembly-writer';
import { fitsImmediate } from './assembly-writer';
import { capabilityRegisterFor } from './capabilities';
import { generateCall } from './calls';
import { type FunctionGenerator, isCapabilityType, sizeOf } from './function-generator';
import { CodegenError } from './program-model';

/** The symbol a Name or QualifiedName refers to. */
export function symbolOfName(g: FunctionGenerator, expression: Expr): SymbolInfo | undefined {
  if (expression.kind === 'Name') return g.symbolOf(expression.name);
  if (expression.kind === 'QualifiedName') return g.symbolOf(expression.member);
  return undefined;
}

function constantInteger(g: FunctionGenerator, expression: Expr): number | undefined {
  const value = g.model.constantValue(expression);
  if (value === undefined) return undefined;
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/**
 * For a side-effect-free operand (a constant or a plain scalar variable), the code that loads it
 * straight into a register; undefined for anything that needs evaluating.
 */
export function simpleLoader(g: FunctionGenerator, expression: Expr): ((register: string) => void) | undefined {
  const constant = constantInteger(g, expression);
  if (constant !== undefined) return (register) => g.writer.line(`li ${register}, ${constant}`);
  if (expression.kind !== 'Name' && expression.kind !== 'QualifiedName') return undefined;
  const symbol = symbolOfName(g, expression);
  if (!symbol) return undefined;
  const variable = g.variableOf(symbol);
  if (variable?.kind === 'frame' && variable.type.kind !== 'array') {
    return (register) => g.writer.frameAccess('lw', register, variable.offset);
  }
  const global = g.model.globalFor(symbol);
  if (global && global.storage === 'data' && global.type.kind !== 'array') {
    return (register) => g.writer.line(`lw ${register}, ${global.label}`);
  }
  return undefined;
}

/** Evaluates an integer, bool or pointer expression into a0. */
export function generateValue(g: FunctionGenerator, expression: Expr): void {
  const writer = g.writer;
  const constant = constantInteger(g, expression);
  if (constant !== undefined) {
    writer.line(`li a0, ${constant}`);
    return;
  }
  switch (expression.kind) {
    case 'Name':
    case 'QualifiedName':
      generateNameValue(g, expression);
      return;
    case 'Unary':
      if (expression.operator === '&') {
        generateAddress(g, expression.operand);
        return;
      }
      generateValue(g, expression.operand);
      if (expression.operator === '-') writer.line('sub a0, zero, a0');
      else if (expression.operator === '~') writer.line('xori a0, a0, -1');
      else writer.line('xori a0, a0, 1');
      return;
    case 'Binary':
      generateBinary(g, expression);
      return;
    case 'Index':
      if (isCapabilityType(g.typeOf(expression.target))) {
        generateCapabilityElementAddress(g, expression);
        writer.line('lw a0, 0(a0)');
        return;
      }
      generateElementAddress(g, expression);
      if (g.typeOf(expression).kind !== 'array') writer.line('lw a0, 0(a0)');
      return;
    case 'Call':
      generateCall(g, expression);
      return;
    default:
      throw new CodegenError(`this ${expression.kind.toLowerCase()} expression has no integer value`, expression);
  }
}

function generateNameValue(g: FunctionGenerator, expression: Expr): void {
  const symbol = symbolOfName(g, expression);
  if (!symbol) throw new CodegenError('unresolved name', expression);
  const writer = g.writer;
  const variable = g.variableOf(symbol);
  if (variable) {
    if (variable.kind === 'capability') throw new CodegenError('a capability has no integer value (index it or pass it)', expression);
    if (variable.type.kind === 'array') writer.frameAddress('a0', variable.offset);
    else writer.frameAccess('lw', 'a0', variable.offset);
    return;
  }
  const global = g.model.globalFor(symbol);
  if (global) {
    if (global.storage === 'capabilityStorage') throw new CodegenError('a capability has no integer value (index it or pass it)', expression);
    if (global.type.kind === 'array') writer.line(`la a0, ${global.label}`);
    else writer.line(`lw a0, ${global.label}`);
    return;
  }
  const fn = g.model.functionFor(symbol);
  if (fn) {
    writer.line(`la a0, ${fn.label}`);
    return;
  }
  throw new CodegenError(`\`${symbol.name}\` has no value here`, expression);
}

/** a0 = the address of a place: a variable, a global (of any process), a function, an array element. */
export function generateAddress(g: FunctionGenerator, expression: Expr): void {
  const writer = g.writer;
  if (expression.kind === 'Index') {
    if (isCapabilityType(g.typeOf(expression.target))) generateCapabilityElementAddress(g, expression);
    else generateElementAddress(g, expression);
    return;
  }
  const symbol = symbolOfName(g, expression);
  if (!symbol) throw new CodegenError('`&` needs a variable, a global or a function', expression);
  const variable = g.variableOf(symbol);
  if (variable?.kind === 'frame') {
    writer.frameAddress('a0', variable.offset);
    return;
  }
  const label = g.model.globalFor(symbol)?.label ?? g.model.functionFor(symbol)?.label;
  if (!label) throw new CodegenError(`\`${symbol.name}\` has no address`, expression);
  writer.line(`la a0, ${label}`);
}

/** a0 = address of `target[index]` for arrays and pointers (elements of pointers are words). */
export function generateElementAddress(g: FunctionGenerator, expression: IndexExpr): void {
  const writer = g.writer;
  const targetType = g.typeOf(expression.target);
  const elementSize = targetType.kind === 'array' ? sizeOf(targetType.element) : 4;
  const constantIndex = constantInteger(g, expression.index);
  const staticBase = baseLoader(g, expression.target);
  if (staticBase && constantIndex !== undefined) {
    staticBase('a0');
    writer.addConstant('a0', 'a0', Math.imul(constantIndex, elementSize));
    return;
  }
  if (staticBase) {
    generateValue(g, expression.index);
    scale(g, 'a0', elementSize);
    staticBase('t0');
    writer.line('add a0, t0, a0');
    return;
  }
  generateBase(g, expression.target);
  const temporary = g.frame.pushTemporary();
  writer.frameAccess('sw', 'a0', temporary);
  generateValue(g, expression.index);
  scale(g, 'a0', elementSize);
  writer.frameAccess('lw', 't0', temporary);
  g.frame.popTemporaries(1);
  writer.line('add a0, t0, a0');
}

/** Code that puts the start of an array or a pointer's value in a register, for targets without side effects. */
function baseLoader(g: FunctionGenerator, target: Expr): ((register: string) => void) | undefined {
  if (target.kind !== 'Name' && target.kind !== 'QualifiedName') return undefined;
  const symbol = symbolOfName(g, target);
  if (!symbol) return undefined;
  const variable = g.variableOf(symbol);
  if (variable?.kind === 'frame') {
    return variable.type.kind === 'array'
      ? (register) => g.writer.frameAddress(register, variable.offset)
      : (register) => g.writer.frameAccess('lw', register, variable.offset);
  }
  const global = g.model.globalFor(symbol);
  if (global && global.storage === 'data') {
    return global.type.kind === 'array' ? (register) => g.writer.line(`la ${register}, ${global.label}`) : (register) => g.writer.line(`lw ${register}, ${global.label}`);
  }
  return undefined;
}

/** a0 = start of an array-valued or pointer-valued expression. */
function generateBase(g: FunctionGenerator, target: Expr): void {
  if (g.typeOf(target).kind === 'array') generateAddress(g, target);
  else generateValue(g, target);
}

function scale(g: FunctionGenerator, register: string, size: number): void {
  if (size === 1) return;
  if ((size & (size - 1)) === 0) {
    g.writer.line(`slli ${register}, ${register}, ${Math.log2(size)}`);
  } else {
    g.writer.line(`li t1, ${size}`);
    g.writer.line(`mul ${register}, ${register}, t1`);
  }
}

/**
 * a0 = cap.base + 4 * index for `c[index]`: evaluates the index first, then makes sure the
 * capability is in a register (a global `acap` is loaded from its C page), as the access needs it there.
 */
export function generateCapabilityElementAddress(g: FunctionGenerator, expression: IndexExpr): string {
  generateValue(g, expression.index);
  const register = capabilityRegisterFor(g, expression.target);
  g.writer.line(`cap.base t0, ${register}`);
  g.writer.line('slli a0, a0, 2');
  g.writer.line('add a0, t0, a0');
  return register;
}

/** Evaluates left into a0 and right into t1, left first. */
function generateOperands(g: FunctionGenerator, left: Expr, right: Expr): void {
  generateValue(g, left);
  const loadRight = simpleLoader(g, right);
  if (loadRight) {
    loadRight('t1');
    return;
  }
  const temporary = g.frame.pushTemporary();
  g.writer.frameAccess('sw', 'a0', temporary);
  generateValue(g, right);
  g.writer.line('mv t1, a0');
  g.writer.frameAccess('lw', 'a0', temporary);
  g.frame.popTemporaries(1);
}

const IMMEDIATE_FORMS: Partial<Record<BinaryExpr['operator'], string>> = {
  '+': 'addi', '&': 'andi', '|': 'ori', '^': 'xori', '<': 'slti',
};

const REGISTER_FORMS: Partial<Record<BinaryExpr['operator'], string>> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'rem', '&': 'and', '|': 'or', '^': 'xor', '<<': 'sll', '>>': 'sra',
};

function generateBinary(g: FunctionGenerator, expression: BinaryExpr): void {
  const writer = g.writer;
  const operator = expression.operator;
  if (operator === '&&' || operator === '||') {
    const falseLabel = writer.newLabel('false');
    const end = writer.newLabel('end');
    generateBranch(g, expression, falseLabel, false);
    writer.line('li a0, 1');
    writer.line(`j ${end}`);
    writer.label(falseLabel);
    writer.line('li a0, 0');
    writer.label(end);
    return;
  }
  const rightConstant = constantInteger(g, expression.right);
  if (rightConstant !== undefined) {
    const immediate = IMMEDIATE_FORMS[operator];
    if (immediate && fitsImmediate(rightConstant)) {
      generateValue(g, expression.left);
      writer.line(`${immediate} a0, a0, ${rightConstant}`);
      return;
    }
    if (operator === '-' && fitsImmediate(-rightConstant)) {
      generateValue(g, expression.left);
      writer.line(`addi a0, a0, ${-rightConstant}`);
      return;
    }
    if (operator === '<<' || operator === '>>') {
      generateValue(g, expression.left);
      writer.line(`${operator === '<<' ? 'slli' : 'srai'} a0, a0, ${rightConstant & 31}`);
      return;
    }
  }
  generateOperands(g, expression.left, expression.right);
  const register = REGISTER_FORMS[operator];
  if (register) {
    writer.line(`${register} a0, a0, t1`);
    return;
  }
  switch (operator) {
    case '<':
      writer.line('slt a0, a0, t1');
      return;
    case '>':
      writer.line('slt a0, t1, a0');
      return;
    case '<=':
      writer.line('slt a0, t1, a0');
      writer.line('xori a0, a0, 1');
      return;
    case '>=':
      writer.line('slt a0, a0, t1');
      writer.line('xori a0, a0, 1');
      return;
    case '==':
      writer.line('xor a0, a0, t1');
      writer.line('sltiu a0, a0, 1');
      return;
    case '!=':
      writer.line('xor a0, a0, t1');
      writer.line('sltu a0, zero, a0');
      return;
    default:
      throw new CodegenError(`operator ${operator} is not supported`, expression);
  }
}

const COMPARISON_BRANCHES: Partial<Record<BinaryExpr['operator'], { whenTrue: [BranchMnemonic, boolean]; whenFalse: [BranchMnemonic, boolean] }>> = {
  // [mnemonic, swap operands]: a0 is the left operand, t1 the right one.
  '==': { whenTrue: ['beq', false], whenFalse: ['bne', false] },
  '!=': { whenTrue: ['bne', false], whenFalse: ['beq', false] },
  '<': { whenTrue: ['blt', false], whenFalse: ['bge', false] },
  '>=': { whenTrue: ['bge', false], whenFalse: ['blt', false] },
  '>': { whenTrue: ['blt', true], whenFalse: ['bge', true] },
  '<=': { whenTrue: ['bge', true], whenFalse: ['blt', true] },
};

/** Jumps to `target` when the condition's value equals `jumpIf`; falls through otherwise. */
export function generateBranch(g: FunctionGenerator, expression: Expr, target: string, jumpIf: boolean): void {
  const writer = g.writer;
  const constant = g.model.constantValue(expression);
  if (constant !== undefined) {
    if (Boolean(constant) === jumpIf) writer.line(`j ${target}`);
    return;
  }
  if (expression.kind === 'Unary' && expression.operator === '!') {
    generateBranch(g, expression.operand, target, !jumpIf);
    return;
  }
  if (expression.kind === 'Binary') {
    const operator = expression.operator;
    if (operator === '&&' || operator === '||') {
      // `a && b` is false as soon as a is false; `a || b` true as soon as a is true.
      const shortCircuitValue = operator === '||';
      if (jumpIf === shortCircuitValue) {
        generateBranch(g, expression.left, target, jumpIf);
        generateBranch(g, expression.right, target, jumpIf);
      } else {
        const skip = writer.newLabel('skip');
        generateBranch(g, expression.left, skip, shortCircuitValue);
        generateBranch(g, expression.right, target, jumpIf);
        writer.label(skip);
      }
      return;
    }
    const branches = COMPARISON_BRANCHES[operator];
    if (branches) {
      generateOperands(g, expression.left, expression.right);
      const [mnemonic, swap] = jumpIf ? branches.whenTrue : branches.whenFalse;
      if (swap) writer.branch(mnemonic, 't1', 'a0', target);
      else writer.branch(mnemonic, 'a0', 't1', target);
      return;
    }
  }
  generateValue(g, expression);
  writer.branch(jumpIf ? 'bne' : 'beq', 'a0', 'zero', target);
}

// Statements. Every statement starts with a label recorded in the line table (debug-info.ts);
// loops mark their condition check, so stepping stops at the loop header on every iteration.
// `for i in a..b` evaluates b once, before the first iteration (docs/codegen.md).

import type { Block, ForStatement, IfStatement, LetStatement, Statement, WhileStatement, AssignStatement } from '../language/ast';
import type { Type } from '../language/analysis';
import { assignCapability } from './capabilities';
import { generateCall, passArguments } from './calls';
import { generateBranch, generateCapabilityElementAddress, generateElementAddress, generateValue, symbolOfName } from './expressions';
import { type FunctionGenerator, isCapabilityType, sizeOf } from './function-generator';
import { CodegenError } from './program-model';

/** Words up to which a local array is zeroed with one store each; bigger ones get a loop. */
const UNROLLED_ZEROING_WORDS = 8;

export function generateBlock(g: FunctionGenerator, block: Block, scoped = true): void {
  if (scoped) g.openScope();
  for (const statement of block.statements) generateStatement(g, statement);
  if (scoped) g.closeScope();
}

export function generateStatement(g: FunctionGenerator, statement: Statement): void {
  const writer = g.writer;
  if (statement.kind !== 'Block' && statement.kind !== 'While' && statement.kind !== 'For') g.markLine(statement.span.start);
  switch (statement.kind) {
    case 'Let':
      generateLet(g, statement);
      return;
    case 'Assign':
      generateAssign(g, statement);
      return;
    case 'ExpressionStatement':
      if (statement.expression.kind === 'Call') generateCall(g, statement.expression);
      else generateValue(g, statement.expression);
      return;
    case 'If':
      generateIf(g, statement);
      return;
    case 'While':
      generateWhile(g, statement);
      return;
    case 'For':
      generateFor(g, statement);
      return;
    case 'Return':
      if (statement.value) {
        if (isCapabilityType(g.typeOf(statement.value))) throw new CodegenError('returning a capability is not supported', statement.value);
        generateValue(g, statement.value);
      }
      writer.line(`j ${g.epilogueLabel}`);
      return;
    case 'Break':
      writer.line(`j ${g.currentLoop(statement).breakLabel}`);
      return;
    case 'Continue':
      writer.line(`j ${g.currentLoop(statement).continueLabel}`);
      return;
    case 'Spawn': {
      const symbol = g.symbolOf(statement.callee);
      const target = symbol ? g.model.functionFor(symbol) : undefined;
      if (!target) throw new CodegenError('spawn needs a function of this process', statement.callee);
      if (statement.args.some((argument) => isCapabilityType(g.typeOf(argument)))) {
        throw new CodegenError('spawn cannot pass capabilities to the new thread', statement);
      }
      passArguments(g, statement, { stackArguments: false, firstIntegerRegister: 1, maxIntegerRegisters: 5, what: 'spawn' });
      writer.line(`la a0, ${g.context.spawnWrapper(target)}`);
      g.syscall('threadSpawn');
      return;
    }
    case 'Asm':
      // Each assembly line is a statement of its own in the line table, so a fault or a step in
      // the middle of an `asm` block points at the line that ran.
      for (const line of statement.lines) {
        const text = line.text.trim();
        if (text !== '' && !text.startsWith('#') && !text.endsWith(':')) g.markLine(line.span.start);
        writer.line(`${text}${sourceMarker(line.span.start)}`);
      }
      return;
    case 'Block':
      generateBlock(g, statement);
      return;
  }
}

/** Comment appended to lines copied from `asm` blocks, so assembler errors can point at the .dipc source. */
export const SOURCE_MARKER = /#\s*dipc offset (\d+)\s*$/;
const sourceMarker = (offset: number): string => `  # dipc offset ${offset}`;

function declaredType(g: FunctionGenerator, statement: LetStatement): Type {
  return g.symbolOf(statement.name)?.type ?? (statement.initializer ? g.typeOf(statement.initializer) : { kind: 'error' });
}

function generateLet(g: FunctionGenerator, statement: LetStatement): void {
  const writer = g.writer;
  const type = declaredType(g, statement);
  if (isCapabilityType(type)) {
    g.declareVariable(statement.name, type, 'local');
    assignCapability(g, { kind: 'Name', name: statement.name, span: statement.name.span }, statement.initializer);
    return;
  }
  if (type.kind === 'array') {
    if (statement.initializer) throw new CodegenError('array locals start zeroed; assign their elements instead', statement.initializer);
    const variable = g.declareVariable(statement.name, type, 'local');
    if (variable.kind === 'frame') zeroFrameBytes(g, variable.offset, sizeOf(type));
    return;
  }
  if (statement.initializer) generateValue(g, statement.initializer);
  else writer.line('li a0, 0');
  const variable = g.declareVariable(statement.name, type, 'local');
  if (variable.kind === 'frame') writer.frameAccess('sw', 'a0', variable.offset);
}

function zeroFrameBytes(g: FunctionGenerator, offset: number, bytes: number): void {
  const writer = g.writer;
  const words = bytes / 4;
  if (words <= UNROLLED_ZEROING_WORDS) {
    for (let word = 0; word < words; word++) writer.frameAccess('sw', 'zero', offset + word * 4);
    return;
  }
  const loop = writer.newLabel('zero');
  writer.frameAddress('t0', offset);
  writer.addConstant('t1', 't0', bytes);
  writer.label(loop);
  writer.line('sw zero, 0(t0)');
  writer.line('addi t0, t0, 4');
  writer.branch('bltu', 't0', 't1', loop);
}

function generateAssign(g: FunctionGenerator, statement: AssignStatement): void {
  const writer = g.writer;
  const target = statement.target;
  if (target.kind === 'Name') {
    const type = g.typeOf(target);
    const symbol = symbolOfName(g, target);
    if (isCapabilityType(type) || (symbol && g.variableOf(symbol)?.kind === 'capability')) {
      assignCapability(g, target, statement.value);
      return;
    }
    generateValue(g, statement.value);
    const variable = symbol ? g.variableOf(symbol) : undefined;
    if (variable?.kind === 'frame') {
      writer.frameAccess('sw', 'a0', variable.offset);
      return;
    }
    const global = symbol ? g.model.globalFor(symbol) : undefined;
    if (global?.storage === 'data' && global.type.kind !== 'array') {
      writer.line(`sw a0, ${global.label}, t0`);
      return;
    }
    throw new CodegenError('cannot assign to this name', target);
  }
  // target[index] = value: the element's address is computed first (left to right).
  const isCapabilityTarget = isCapabilityType(g.typeOf(target.target));
  if (isCapabilityTarget) generateCapabilityElementAddress(g, target);
  else generateElementAddress(g, target);
  const temporary = g.frame.pushTemporary();
  writer.frameAccess('sw', 'a0', temporary);
  generateValue(g, statement.value);
  writer.frameAccess('lw', 't0', temporary);
  g.frame.popTemporaries(1);
  if (isCapabilityTarget) {
    // The store is checked against the capability registers: a global acap must be loaded again,
    // since evaluating the value may have called code that reused the scratch register.
    const symbol = symbolOfName(g, target.target);
    const global = symbol ? g.model.globalFor(symbol) : undefined;
    if (global?.storage === 'capabilityStorage') {
      writer.line(`la t2, ${global.label}`);
      writer.line(`cap.ld ${g.scratchCapabilityRegister(target)}, 0(t2)`);
    }
  }
  writer.line('sw a0, 0(t0)');
}

function generateIf(g: FunctionGenerator, statement: IfStatement): void {
  const writer = g.writer;
  const elseLabel = writer.newLabel('else');
  generateBranch(g, statement.condition, elseLabel, false);
  generateBlock(g, statement.thenBlock);
  if (!statement.elseBranch) {
    writer.label(elseLabel);
    return;
  }
  const end = writer.newLabel('endif');
  writer.line(`j ${end}`);
  writer.label(elseLabel);
  if (statement.elseBranch.kind === 'If') generateStatement(g, statement.elseBranch);
  else generateBlock(g, statement.elseBranch);
  writer.label(end);
}

function generateWhile(g: FunctionGenerator, statement: WhileStatement): void {
  const writer = g.writer;
  const top = writer.newLabel('while');
  const end = writer.newLabel('endwhile');
  writer.label(top);
  g.markLine(statement.span.start);
  generateBranch(g, statement.condition, end, false);
  g.pushLoop({ breakLabel: end, continueLabel: top });
  generateBlock(g, statement.body);
  g.popLoop();
  writer.line(`j ${top}`);
  writer.label(end);
}

function generateFor(g: FunctionGenerator, statement: ForStatement): void {
  const writer = g.writer;
  // Only the bound check is a statement start, so a breakpoint on the `for` line stops once per
  // iteration (the first one included) rather than twice before the first.
  g.markLine(statement.span.start, false);
  g.openScope();
  generateValue(g, statement.from);
  const limit = g.frame.pushTemporary();
  const fromTemporary = g.frame.pushTemporary();
  writer.frameAccess('sw', 'a0', fromTemporary);
  generateValue(g, statement.to);
  writer.frameAccess('sw', 'a0', limit);
  writer.frameAccess('lw', 'a0', fromTemporary);
  g.frame.popTemporaries(1);
  const variable = g.declareVariable(statement.variable, { kind: 'int' }, 'local');
  if (variable.kind !== 'frame') throw new CodegenError('loop variable', statement.variable);
  writer.frameAccess('sw', 'a0', variable.offset);
  const check = writer.newLabel('for');
  const next = writer.newLabel('next');
  const end = writer.newLabel('endfor');
  writer.label(check);
  g.markLine(statement.span.start);
  writer.frameAccess('lw', 'a0', variable.offset);
  writer.frameAccess('lw', 't1', limit);
  writer.branch('bge', 'a0', 't1', end);
  g.pushLoop({ breakLabel: end, continueLabel: next });
  generateBlock(g, statement.body);
  g.popLoop();
  writer.label(next);
  writer.frameAccess('lw', 'a0', variable.offset);
  writer.line('addi a0, a0, 1');
  writer.frameAccess('sw', 'a0', variable.offset);
  writer.line(`j ${check}`);
  writer.label(end);
  g.frame.popTemporaries(1);
  g.closeScope();
}

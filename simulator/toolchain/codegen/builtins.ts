// The built-in functions (language.md §4) as machine code: system calls of abi.ts, a CSR read,
// raw loads, stores and jumps, and `print`, which formats every argument into a buffer in the
// frame with the domain's runtime routines (runtime.ts) and emits the line with one `write`.

import { Buffer } from 'node:buffer';
import type { CallExpr, Expr } from '../language/ast';
import { capabilityRegisterFor, generateRevoke } from './capabilities';
import { generateValue } from './expressions';
import { type FunctionGenerator, isCapabilityType } from './function-generator';
import { CodegenError } from './program-model';

/** Longest decimal int (`-2147483648`) and bool (`false`). */
const INTEGER_TEXT_BYTES = 11;
const BOOL_TEXT_BYTES = 5;
const STANDARD_OUTPUT = 1;

export function generateBuiltin(g: FunctionGenerator, call: CallExpr, name: string): void {
  const writer = g.writer;
  const [first, second] = call.args;
  switch (name) {
    case 'print':
      generatePrint(g, call.args);
      return;
    case 'assert': {
      const ok = writer.newLabel('assert_ok');
      generateValue(g, need(first, call));
      writer.branch('bne', 'a0', 'zero', ok);
      g.syscall('assertFail');
      writer.label(ok);
      return;
    }
    case 'exit':
      generateValue(g, need(first, call));
      g.syscall('exit');
      return;
    case 'cycles':
      writer.line('rdcycle a0');
      return;
    case 'self':
      writer.line('csrr a0, dipc.proc');
      return;
    case 'yield':
      g.syscall('yield');
      return;
    case 'len': {
      const argument = need(first, call);
      const type = g.typeOf(argument);
      if (type.kind === 'array') {
        writer.line(`li a0, ${type.length}`);
      } else if (isCapabilityType(type)) {
        writer.line(`cap.len a0, ${capabilityRegisterFor(g, argument)}`);
        writer.line('srli a0, a0, 2');
      } else {
        throw new CodegenError('len needs an array or a capability', argument);
      }
      return;
    }
    case 'peek':
      generateValue(g, need(first, call));
      writer.line('lw a0, 0(a0)');
      return;
    case 'poke': {
      generateValue(g, need(first, call));
      const temporary = g.frame.pushTemporary();
      writer.frameAccess('sw', 'a0', temporary);
      generateValue(g, need(second, call));
      writer.frameAccess('lw', 't0', temporary);
      g.frame.popTemporaries(1);
      writer.line('sw a0, 0(t0)');
      return;
    }
    case 'jump':
      generateValue(g, need(first, call));
      writer.line('mv t0, a0');
      writer.line('jalr ra, 0(t0)');
      g.restoreCapabilities();
      return;
    case 'revoke':
      generateRevoke(g, need(first, call));
      return;
    default:
      throw new CodegenError(`${name}(...) has no integer value; it can only be passed or stored as a capability`, call);
  }
}

function need(argument: Expr | undefined, call: CallExpr): Expr {
  if (!argument) throw new CodegenError('missing argument', call);
  return argument;
}

/**
 * print(args): a buffer and a cursor in the frame; each argument is appended (strings copied from
 * the domain's read-only data, ints and bools formatted by runtime routines) with a space between,
 * then a newline, and the whole line goes out in one `write(1, buffer, length)`.
 */
function generatePrint(g: FunctionGenerator, args: Expr[]): void {
  const writer = g.writer;
  let capacity = 1;
  for (const argument of args) {
    capacity += 1;
    if (argument.kind === 'String') capacity += Buffer.byteLength(argument.value, 'utf8');
    else capacity += g.typeOf(argument).kind === 'bool' ? BOOL_TEXT_BYTES : INTEGER_TEXT_BYTES;
  }
  const buffer = g.frame.allocate(capacity);
  const cursor = g.frame.pushTemporary();
  writer.frameAddress('t0', buffer);
  writer.frameAccess('sw', 't0', cursor);
  args.forEach((argument, index) => {
    if (index > 0) appendByte(g, cursor, 0x20);
    if (argument.kind === 'String') {
      const length = Buffer.byteLength(argument.value, 'utf8');
      if (length === 0) return;
      writer.frameAccess('lw', 'a0', cursor);
      writer.line(`la a1, ${g.context.stringLabel(g.owner, argument.value)}`);
      writer.line(`li a2, ${length}`);
      writer.line(`jal ra, ${g.context.routine(g.owner, 'copyBytes')}`);
    } else {
      const type = g.typeOf(argument);
      if (type.kind !== 'int' && type.kind !== 'bool' && type.kind !== 'ptr') {
        throw new CodegenError(`print cannot show a value of type ${type.kind}`, argument);
      }
      generateValue(g, argument);
      writer.line('mv a1, a0');
      writer.frameAccess('lw', 'a0', cursor);
      writer.line(`jal ra, ${g.context.routine(g.owner, type.kind === 'bool' ? 'formatBool' : 'formatInteger')}`);
    }
    writer.frameAccess('sw', 'a0', cursor);
  });
  writer.frameAccess('lw', 't0', cursor);
  writer.line('li t1, 10');
  writer.line('sb t1, 0(t0)');
  writer.line('addi t0, t0, 1');
  writer.frameAddress('a1', buffer);
  writer.line('sub a2, t0, a1');
  writer.line(`li a0, ${STANDARD_OUTPUT}`);
  g.syscall('write');
  g.frame.popTemporaries(1);
}

function appendByte(g: FunctionGenerator, cursor: number, byte: number): void {
  g.writer.frameAccess('lw', 't0', cursor);
  g.writer.line(`li t1, ${byte}`);
  g.writer.line('sb t1, 0(t0)');
  g.writer.line('addi t0, t0, 1');
  g.writer.frameAccess('sw', 't0', cursor);
}

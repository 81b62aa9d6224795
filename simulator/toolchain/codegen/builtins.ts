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

/** Bytes a print of these arguments can need at most (what the frame reserves for its print buffer). */
export function printCapacity(args: Expr[]): number {
  let bytes = 1;
  for (const argument of args) bytes += 1 + (argument.kind === 'String' ? Buffer.byteLength(argument.value, 'utf8') : INTEGER_TEXT_BYTES);
  return bytes;
}
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
 * print(args): a buffer and a cursor in the frame; each argument is appended (text known at compile
 * time, such as strings and constant ints, is copied from the domain's read-only data; other ints
 * and bools are formatted by runtime routines) with a space between, then a newline, and the whole
 * line goes out in one `write(1, buffer, length)`.
 */
function generatePrint(g: FunctionGenerator, args: Expr[]): void {
  const writer = g.writer;
  // Pieces in order: fixed text (merged, separators included) or a value to format at run time.
  const pieces: (string | Expr)[] = [];
  const appendText = (text: string): void => {
    const last = pieces[pieces.length - 1];
    if (typeof last === 'string') pieces[pieces.length - 1] = last + text;
    else pieces.push(text);
  };
  args.forEach((argument, index) => {
    if (index > 0) appendText(' ');
    if (argument.kind === 'String') {
      appendText(argument.value);
      return;
    }
    const type = g.typeOf(argument);
    if (type.kind !== 'int' && type.kind !== 'bool' && type.kind !== 'ptr') {
      throw new CodegenError(`print cannot show a value of type ${type.kind}`, argument);
    }
    const constant = g.model.constantValue(argument);
    if (constant !== undefined) appendText(String(constant));
    else pieces.push(argument);
  });
  appendText('\n');
  let capacity = 0;
  for (const piece of pieces) {
    if (typeof piece === 'string') capacity += Buffer.byteLength(piece, 'utf8');
    else capacity += g.typeOf(piece).kind === 'bool' ? BOOL_TEXT_BYTES : INTEGER_TEXT_BYTES;
  }
  const buffer = g.printBuffer(capacity, args[0] ?? null);
  const cursor = g.frame.pushTemporary();
  writer.frameAddress('t0', buffer);
  writer.frameAccess('sw', 't0', cursor);
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      writer.frameAccess('lw', 'a0', cursor);
      writer.line(`la a1, ${g.context.stringLabel(g.owner, piece)}`);
      writer.line(`li a2, ${Buffer.byteLength(piece, 'utf8')}`);
      writer.line(`jal ra, ${g.context.routine(g.owner, 'copyBytes')}`);
    } else {
      generateValue(g, piece);
      writer.line('mv a1, a0');
      writer.frameAccess('lw', 'a0', cursor);
      writer.line(`jal ra, ${g.context.routine(g.owner, g.typeOf(piece).kind === 'bool' ? 'formatBool' : 'formatInteger')}`);
    }
    writer.frameAccess('sw', 'a0', cursor);
  }
  writer.frameAddress('a1', buffer);
  writer.frameAccess('lw', 'a2', cursor);
  writer.line('sub a2, a2, a1');
  writer.line(`li a0, ${STANDARD_OUTPUT}`);
  g.syscall('write');
  g.frame.popTemporaries(1);
}

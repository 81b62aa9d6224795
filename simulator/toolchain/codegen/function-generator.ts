// Generates one function or entry: frame set-up, parameter homes, the body (statements.ts), and
// the epilogue. Holds what the expression and statement generators share while they write the
// body: where each variable lives, loop labels, expression temporaries, and the capability
// registers the function keeps its `cap`/`acap` variables in (docs/codegen.md "Capabilities").

import type { Block, Expr, FunctionDecl, Identifier, Statement } from '../language/ast';
import type { SymbolInfo, Type } from '../language/analysis';
import { Syscall } from '../../kernel/abi';
import { PAGE_SIZE, STACK_SIZE } from '../../kernel/address-space';
import { CAPABILITY_SLOT_BYTES } from '../../machine/instruction-set';
import { type AssemblyWriter, FRAME_POINTER } from './assembly-writer';
import type { ProgramContext } from './context';
import type { FunctionRecord, VariableRecord } from './debug-records';
import { Frame, SAVED_FRAME_POINTER_OFFSET, SAVED_RETURN_ADDRESS_OFFSET } from './frame';
import { CAPABILITY_SPILL_BYTES_PER_STACK } from './layout';
import { generatedLabel, sectionName } from './names';
import { CodegenError, type DomainModel, type FunctionModel, type ProgramModel } from './program-model';
import { generateBlock } from './statements';
import { printCapacity } from './builtins';

/** Capability register the proxy (cross-process calls) and the caller (domain calls) put the stack capability in; never written by generated code otherwise. */
export const STACK_CAPABILITY_REGISTER = 'cr7';
/** Home registers of capability variables are assigned from here downwards. */
const HIGHEST_HOME_REGISTER = 6;
/** cr0..cr6 (cr7 is the stack capability): with all seven in use, cr0 is no longer free as scratch. */
const MAXIMUM_CAPABILITY_VARIABLES = HIGHEST_HOME_REGISTER + 1;
/** Integer arguments travel in a0..a7; further ones (plain functions only) on the stack. */
export const INTEGER_ARGUMENT_REGISTERS = 8;
/** Placeholder line for recoverFramePointer, replaced once the frame size is known. */
const RECOVER_FRAME_POINTER = '#recover-frame-pointer';
/** A frame must fit a thread's stack (STACK_SIZE less its guard page), or its first store faults. */
const MAXIMUM_FRAME_BYTES = STACK_SIZE - PAGE_SIZE;

export type Variable =
  | { kind: 'frame'; offset: number; type: Type }
  | {
      kind: 'capability';
      register: string;
      /** Slot index in the function's capability frame on the C page (when it has one). */
      spillIndex: number;
      type: Type;
      /** acap locals: frame slot with the address of the stored value's revocation counter (0: unknown). */
      counterOffset?: number;
    };

export const isCapabilityType = (type: Type): boolean => type.kind === 'cap' || type.kind === 'acap';

/** Bytes a value of the type occupies in memory. */
export function sizeOf(type: Type): number {
  return type.kind === 'array' ? type.length * sizeOf(type.element) : 4;
}

interface LoopLabels {
  breakLabel: string;
  continueLabel: string;
}

export class FunctionGenerator {
  readonly frame = new Frame();
  readonly writer: AssemblyWriter;
  readonly model: ProgramModel;
  readonly owner: DomainModel;
  private readonly variables = new Map<number, Variable>();
  private readonly loops: LoopLabels[] = [];
  readonly epilogueLabel: string;
  readonly endLabel: string;
  private readonly capabilityHomeCount: number;
  private nextHome = HIGHEST_HOME_REGISTER;
  private spillSlots = 0;
  /** True when the function keeps capability variables across calls in a C-page frame. */
  readonly usesCapabilityFrame: boolean;
  private capabilityFrameOffset = 0;
  private readonly variableRecords: VariableRecord[] = [];
  private readonly printBufferBytes: number;
  private printBufferOffset: number | undefined;
  private readonly openScopes: VariableRecord[][] = [];

  constructor(readonly context: ProgramContext, readonly function_: FunctionModel) {
    this.writer = context.writer;
    this.model = context.model;
    this.owner = function_.owner;
    this.epilogueLabel = this.writer.newLabel('epilogue');
    this.endLabel = `__end.${function_.qualifiedName}`;
    const scan = scanFunction(this.model, function_.declaration);
    this.capabilityHomeCount = scan.capabilityVariables;
    this.usesCapabilityFrame = scan.capabilityVariables > 0 && scan.clobberingCalls;
    this.printBufferBytes = scan.printBytes;
    if (this.capabilityHomeCount > MAXIMUM_CAPABILITY_VARIABLES) {
      throw new CodegenError(
        `${function_.qualifiedName} has ${this.capabilityHomeCount} capability variables; at most ${MAXIMUM_CAPABILITY_VARIABLES} fit the capability registers (cr0-cr6; cr7 carries the stack capability)`,
        function_.declaration.name,
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // Variables

  symbolOf(identifier: Identifier): SymbolInfo | undefined {
    return this.model.analysis.resolutions.get(identifier);
  }

  variableOf(symbol: SymbolInfo): Variable | undefined {
    return this.variables.get(symbol.id);
  }

  /** Declares a parameter or local (frame slot or capability home) and opens its debug record. */
  declareVariable(identifier: Identifier, type: Type, kind: 'parameter' | 'local', frameOffset?: number): Variable {
    const symbol = this.symbolOf(identifier);
    let variable: Variable;
    if (isCapabilityType(type)) {
      const register = `cr${this.nextHome}`;
      this.nextHome -= 1;
      variable = { kind: 'capability', register, spillIndex: this.spillSlots, type };
      this.spillSlots += 1;
      if (type.kind === 'acap' && kind === 'local') variable.counterOffset = this.frame.allocate(4);
    } else {
      variable = { kind: 'frame', offset: frameOffset ?? this.frame.allocate(sizeOf(type)), type };
    }
    if (symbol) this.variables.set(symbol.id, variable);
    const liveStartLabel = this.writer.newLabel('live');
    this.writer.label(liveStartLabel);
    const record: VariableRecord = {
      name: identifier.name,
      kind,
      type,
      location: variable.kind === 'frame' ? { kind: 'frame', offset: variable.offset } : { kind: 'capabilityRegister', register: variable.register },
      declarationOffset: identifier.span.start,
      liveStartLabel,
      liveEndLabel: this.endLabel,
    };
    this.variableRecords.push(record);
    this.openScopes[this.openScopes.length - 1]?.push(record);
    return variable;
  }

  openScope(): void {
    this.openScopes.push([]);
  }

  closeScope(): void {
    const records = this.openScopes.pop() ?? [];
    if (records.length === 0) return;
    const label = this.writer.newLabel('scope_end');
    this.writer.label(label);
    for (const record of records) record.liveEndLabel = label;
  }

  /** The lowest capability register holding a variable: argument registers must stay below it. */
  get lowestHomeRegister(): number {
    return HIGHEST_HOME_REGISTER + 1 - this.capabilityHomeCount;
  }

  /** A capability register free for a moment (loading a global `acap` to use it). */
  scratchCapabilityRegister(node: { span: { start: number; end: number } }): string {
    if (this.lowestHomeRegister <= 0) throw new CodegenError('no capability register left for a temporary in this function', node);
    return 'cr0';
  }

  /** Writes a capability variable's register to its C-page slot, so calls cannot lose it. */
  saveCapability(variable: Variable): void {
    if (!this.usesCapabilityFrame || variable.kind !== 'capability') return;
    this.writer.frameAccess('lw', 't0', this.capabilityFrameOffset);
    this.writer.line(`cap.st ${variable.register}, ${variable.spillIndex * CAPABILITY_SLOT_BYTES}(t0)`);
  }

  /** After a call: reloads every capability variable declared so far from its C-page slot. */
  restoreCapabilities(): void {
    if (!this.usesCapabilityFrame) return;
    const homes = [...this.variables.values()].filter((v): v is Extract<Variable, { kind: 'capability' }> => v.kind === 'capability');
    if (homes.length === 0) return;
    this.writer.frameAccess('lw', 't0', this.capabilityFrameOffset);
    for (const home of homes) this.writer.line(`cap.ld ${home.register}, ${home.spillIndex * CAPABILITY_SLOT_BYTES}(t0)`);
  }

  // -------------------------------------------------------------------------------------------
  // Loops

  pushLoop(labels: LoopLabels): void {
    this.loops.push(labels);
  }

  popLoop(): void {
    this.loops.pop();
  }

  currentLoop(node: { span: { start: number; end: number } }): LoopLabels {
    const loop = this.loops[this.loops.length - 1];
    if (!loop) throw new CodegenError('`break` or `continue` outside a loop', node);
    return loop;
  }

  /** A label at the current position, recorded in the line table for a source offset. */
  markLine(offset: number, isStatement = true): void {
    const label = this.writer.newLabel('line');
    this.writer.label(label);
    this.context.debug.lines.push({ label, offset, isStatement });
  }

  /**
   * The frame's one print buffer, sized for the function's longest print: prints never nest within
   * a frame (print has no value, so no print runs while another one's arguments are evaluated).
   */
  printBuffer(bytes: number, node: { span: { start: number; end: number } } | null): number {
    if (bytes > this.printBufferBytes) throw new CodegenError('print buffer too small (internal error)', node ?? undefined);
    this.printBufferOffset ??= this.frame.allocate(this.printBufferBytes);
    return this.printBufferOffset;
  }

  /**
   * After a cross-process call: s0 = sp + frame size. A callee that faulted never ran its
   * epilogue, and the kernel's unwinding restores only sp, so s0 is rebuilt from it.
   */
  recoverFramePointer(): void {
    this.writer.line(RECOVER_FRAME_POINTER);
  }

  typeOf(expression: Expr): Type {
    return this.model.typeOf(expression);
  }

  syscall(name: keyof typeof Syscall): void {
    this.writer.line(`li a7, ${Syscall[name]}`);
    this.writer.line('ecall');
  }

  // -------------------------------------------------------------------------------------------
  // The whole function

  generate(): void {
    const declaration = this.function_.declaration;
    const writer = this.writer;
    const parameterTypes = declaration.parameters.map(
      (parameter, index) => this.function_.symbol?.signature?.parameters[index]?.type ?? this.symbolOf(parameter.name)?.type ?? { kind: 'error' as const },
    );
    const capabilityParameters = parameterTypes.filter(isCapabilityType).length;
    if (capabilityParameters > MAXIMUM_CAPABILITY_VARIABLES) {
      throw new CodegenError(`${this.function_.qualifiedName} takes more than ${MAXIMUM_CAPABILITY_VARIABLES} capability parameters`, declaration.name);
    }
    // Capability parameters keep their order in the top registers: cr(7-n)..cr6 (see docs/codegen.md).
    this.nextHome = HIGHEST_HOME_REGISTER;
    const parameterHomesBase = HIGHEST_HOME_REGISTER + 1 - capabilityParameters;

    this.openScope();
    const body = writer.capture(() => {
      if (this.usesCapabilityFrame) this.capabilityFrameOffset = this.frame.allocate(4);
      let integerIndex = 0;
      let capabilityIndex = 0;
      const moves: string[] = [];
      declaration.parameters.forEach((parameter, index) => {
        const type = parameterTypes[index];
        if (isCapabilityType(type)) {
          this.nextHome = parameterHomesBase + capabilityIndex;
          const variable = this.declareVariable(parameter.name, type, 'parameter');
          if (variable.kind === 'capability' && variable.register !== `cr${capabilityIndex}`) {
            moves.unshift(`cap.mv ${variable.register}, cr${capabilityIndex}`);
          }
          capabilityIndex += 1;
        } else if (integerIndex < INTEGER_ARGUMENT_REGISTERS) {
          const variable = this.declareVariable(parameter.name, type, 'parameter');
          if (variable.kind === 'frame') writer.frameAccess('sw', `a${integerIndex}`, variable.offset);
          integerIndex += 1;
        } else {
          // Stack arguments sit in the caller's outgoing area, which starts at our s0.
          this.declareVariable(parameter.name, type, 'parameter', (integerIndex - INTEGER_ARGUMENT_REGISTERS) * 4);
          integerIndex += 1;
        }
      });
      // Highest destination first: each move's source is a lower register not yet overwritten.
      for (const move of moves) writer.line(move);
      this.nextHome = parameterHomesBase - 1;
      if (this.usesCapabilityFrame) {
        for (const variable of this.variables.values()) this.saveCapability(variable);
      }
      this.markLine(declaration.body.span.start, false);
      generateBlock(this, declaration.body, false);
      this.closeScope();
    });

    if (this.frame.size > MAXIMUM_FRAME_BYTES) {
      throw new CodegenError(
        `${this.function_.qualifiedName} needs a ${this.frame.size}-byte stack frame (its locals), more than a thread's ${MAXIMUM_FRAME_BYTES}-byte stack: make large arrays globals`,
        declaration.name,
      );
    }
    writer.section(sectionName(this.owner, 'text'));
    if (declaration.isEntry) writer.line('.balign 64');
    else writer.line('.balign 4');
    writer.label(this.function_.label);
    this.context.debug.lines.push({ label: this.function_.label, offset: declaration.span.start, isStatement: false });
    this.emitPrologue();
    // Most bodies have no placeholder: they are appended as they are (no per-line copies).
    const isPlaceholder = (line: string): boolean => line.endsWith(RECOVER_FRAME_POINTER) && line.trim() === RECOVER_FRAME_POINTER;
    writer.append(body.some(isPlaceholder) ? body.flatMap((line) => (isPlaceholder(line) ? this.frameRecovery() : [line])) : body);
    // Running off the end of a function with a result returns its type's zero value, not
    // whatever the last expression left in a0 (every `return` jumps past this).
    if (declaration.returnType) writer.line('li a0, 0');
    writer.label(this.epilogueLabel);
    this.context.debug.lines.push({ label: this.epilogueLabel, offset: Math.max(declaration.body.span.end - 1, 0), isStatement: true });
    this.emitEpilogue();
    writer.label(this.endLabel);

    const record: FunctionRecord = {
      kind: declaration.isEntry ? 'entry' : 'function',
      qualifiedName: this.function_.qualifiedName,
      name: declaration.name.name,
      process: this.owner.process,
      domain: this.owner.domain ?? this.owner.process,
      startLabel: this.function_.label,
      endLabel: this.endLabel,
      declarationOffset: declaration.span.start,
      endOffset: declaration.span.end,
      frameSize: this.frame.size,
      variables: this.variableRecords,
    };
    this.context.debug.functions.push(record);
  }

  private frameRecovery(): string[] {
    return this.writer.capture(() => this.writer.addConstant(FRAME_POINTER, 'sp', this.frame.size));
  }

  private emitPrologue(): void {
    const writer = this.writer;
    const size = this.frame.size;
    writer.line('addi sp, sp, -8');
    writer.line(`sw ra, ${SAVED_RETURN_ADDRESS_OFFSET + 8}(sp)`);
    writer.line(`sw ${FRAME_POINTER}, ${SAVED_FRAME_POINTER_OFFSET + 8}(sp)`);
    writer.line(`addi ${FRAME_POINTER}, sp, 8`);
    writer.addConstant('sp', 'sp', -(size - 8));
    if (this.usesCapabilityFrame) this.emitCapabilityFrameSetup();
  }

  /**
   * Reserves this call's slots in the C-page spill area of the current stack
   * (index (sp >> 16) & 15) and keeps their address at capabilityFrameOffset.
   */
  private emitCapabilityFrameSetup(): void {
    const writer = this.writer;
    const bytes = this.spillSlots * CAPABILITY_SLOT_BYTES;
    this.context.useCapabilitySpill(this.owner);
    const overflow = writer.newLabel('spill_overflow');
    const ok = writer.newLabel('spill_ok');
    writer.line('srli t0, sp, 16');
    writer.line('andi t0, t0, 15');
    writer.line('slli t1, t0, 2');
    writer.line(`la t2, ${generatedLabel('capability_spill_depth', this.owner)}`);
    writer.line('add t1, t2, t1');
    writer.line('lw t2, 0(t1)');
    writer.line(`addi t3, t2, ${bytes}`);
    writer.line(`li t4, ${CAPABILITY_SPILL_BYTES_PER_STACK}`);
    writer.branch('bltu', 't4', 't3', overflow);
    writer.line('sw t3, 0(t1)');
    writer.line('slli t0, t0, 10');
    writer.line('add t0, t0, t2');
    writer.line(`la t1, ${generatedLabel('capability_spill', this.owner)}`);
    writer.line('add t0, t0, t1');
    writer.frameAccess('sw', 't0', this.capabilityFrameOffset);
    writer.line(`j ${ok}`);
    writer.label(overflow);
    this.syscall('assertFail');
    writer.label(ok);
  }

  private emitEpilogue(): void {
    const writer = this.writer;
    if (this.usesCapabilityFrame) {
      writer.line('srli t0, sp, 16');
      writer.line('andi t0, t0, 15');
      writer.line('slli t0, t0, 2');
      writer.line(`la t1, ${generatedLabel('capability_spill_depth', this.owner)}`);
      writer.line('add t0, t1, t0');
      writer.line('lw t1, 0(t0)');
      writer.line(`addi t1, t1, -${this.spillSlots * CAPABILITY_SLOT_BYTES}`);
      writer.line('sw t1, 0(t0)');
    }
    // The capability variables end with the call: left in their registers, a `cap` created here
    // (valid in the hardware until a DCS frame that may never pop) would reach code it was never passed to.
    for (let register = this.lowestHomeRegister; register <= HIGHEST_HOME_REGISTER; register++) writer.line(`cap.clr cr${register}`);
    writer.line(`lw ra, ${SAVED_RETURN_ADDRESS_OFFSET}(${FRAME_POINTER})`);
    writer.line(`mv sp, ${FRAME_POINTER}`);
    writer.line(`lw ${FRAME_POINTER}, ${SAVED_FRAME_POINTER_OFFSET}(sp)`);
    writer.line('jalr zero, 0(ra)');
  }
}

/** What the generator must know before writing a body: capability variables and calls that may clobber their registers. */
function scanFunction(model: ProgramModel, declaration: FunctionDecl): { capabilityVariables: number; clobberingCalls: boolean; printBytes: number } {
  let capabilityVariables = 0;
  let clobberingCalls = false;
  let printBytes = 0;
  for (const parameter of declaration.parameters) {
    const type = model.analysis.resolutions.get(parameter.name)?.type;
    if (type && isCapabilityType(type)) capabilityVariables += 1;
  }
  const visitExpression = (expression: Expr | undefined): void => {
    if (!expression) return;
    switch (expression.kind) {
      case 'Unary':
        visitExpression(expression.operand);
        break;
      case 'Binary':
        visitExpression(expression.left);
        visitExpression(expression.right);
        break;
      case 'Index':
        visitExpression(expression.target);
        visitExpression(expression.index);
        break;
      case 'Slice':
        visitExpression(expression.target);
        visitExpression(expression.from);
        visitExpression(expression.to);
        break;
      case 'Call': {
        const resolution = model.analysis.calls.get(expression);
        if (resolution && (resolution.kind !== 'builtin' || resolution.name === 'jump')) clobberingCalls = true;
        if (resolution?.kind === 'builtin' && resolution.name === 'print') printBytes = Math.max(printBytes, printCapacity(expression.args));
        expression.args.forEach(visitExpression);
        visitExpression(expression.elseValue);
        break;
      }
      default:
        break;
    }
  };
  const visitStatement = (statement: Statement): void => {
    switch (statement.kind) {
      case 'Let': {
        const type = model.analysis.resolutions.get(statement.name)?.type;
        if (type && isCapabilityType(type)) capabilityVariables += 1;
        visitExpression(statement.initializer);
        break;
      }
      case 'Assign':
        visitExpression(statement.target);
        visitExpression(statement.value);
        break;
      case 'ExpressionStatement':
        visitExpression(statement.expression);
        break;
      case 'If':
        visitExpression(statement.condition);
        visitStatement(statement.thenBlock);
        if (statement.elseBranch) visitStatement(statement.elseBranch);
        break;
      case 'While':
        visitExpression(statement.condition);
        visitStatement(statement.body);
        break;
      case 'For':
        visitExpression(statement.from);
        visitExpression(statement.to);
        visitStatement(statement.body);
        break;
      case 'Return':
        visitExpression(statement.value);
        break;
      case 'Spawn':
        statement.args.forEach(visitExpression);
        break;
      case 'Block':
        statement.statements.forEach(visitStatement);
        break;
      default:
        break;
    }
  };
  visitStatement(declaration.body as Block);
  return { capabilityVariables, clobberingCalls, printBytes };
}

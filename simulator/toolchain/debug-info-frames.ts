// Where a compiled function keeps its caller's registers at each of its instructions, for
// unwinding (docs/codegen.md "Calling convention and frames"): between the prologue's `addi s0`
// and the epilogue's `lw s0`, s0 is the frame pointer and the frame holds the return address and
// the caller's s0; before and after, ra and s0 are still (or again) the caller's. Read from the
// code itself, so it follows the code generator's actual prologue and epilogue.

import { Opcode } from '../machine/instruction-set';
import { SAVED_FRAME_POINTER_OFFSET, SAVED_RETURN_ADDRESS_OFFSET } from './codegen/frame';
import { decodeFields } from './assembler';
import type { FunctionInfo } from './debug-info';
import type { DebugInfoIndex } from './debug-info-index';

/**
 * Byte offsets from the frame pointer s0 (= the sp at entry, which is the caller's sp) where an
 * established frame saved the caller's registers. Only these two: the code generator keeps no
 * other register live across a call, so no other register of a caller is kept anywhere.
 */
export const FRAME_SAVED_REGISTERS = { ra: SAVED_RETURN_ADDRESS_OFFSET, s0: SAVED_FRAME_POINTER_OFFSET } as const;

export type FrameState =
  /** s0 is this function's frame pointer: caller's sp = s0, ra and s0 at FRAME_SAVED_REGISTERS. */
  | { kind: 'established' }
  /**
   * Before the frame is set up (prologue) or after it is torn down (epilogue): ra and s0 hold the
   * caller's values, and the caller's sp is this sp minus `stackAdjustment` (what the prologue has
   * added to sp so far, zero or negative).
   */
  | { kind: 'callerRegisters'; stackAdjustment: number };

const S0 = 8;
const SP = 2;

interface FunctionFrameShape {
  /** The prologue instruction that makes s0 the frame pointer (undefined: a function without a frame). */
  establish?: number;
  /** The epilogue instruction that reloads the caller's s0. */
  tearDown?: number;
  /** `addi sp, sp, imm` instructions of the prologue, by address. */
  prologueStackAdjustments: { address: number; amount: number }[];
}

export class FrameLayouts {
  private readonly shapes = new Map<FunctionInfo, FunctionFrameShape>();

  constructor(
    private readonly index: DebugInfoIndex,
    /** The code as loaded (undefined where nothing is mapped). */
    private readonly readWord: (address: number) => number | undefined,
  ) {}

  /** The state of `fn`'s frame when its next instruction is at `pc`. */
  stateAt(fn: FunctionInfo, pc: number): FrameState {
    const shape = this.shapeOf(fn);
    const established = shape.establish !== undefined && pc > shape.establish && (shape.tearDown === undefined || pc <= shape.tearDown);
    if (established) return { kind: 'established' };
    const beforeFrame = shape.establish === undefined || pc <= shape.establish;
    const stackAdjustment = beforeFrame
      ? shape.prologueStackAdjustments.filter((adjustment) => adjustment.address < pc).reduce((sum, adjustment) => sum + adjustment.amount, 0)
      : 0;
    return { kind: 'callerRegisters', stackAdjustment };
  }

  private shapeOf(fn: FunctionInfo): FunctionFrameShape {
    let shape = this.shapes.get(fn);
    if (!shape) this.shapes.set(fn, (shape = this.analyse(fn)));
    return shape;
  }

  /** The prologue runs up to the first statement; the epilogue starts at the last statement start. */
  private analyse(fn: FunctionInfo): FunctionFrameShape {
    const bodyStart = this.index.bodyStartOf(fn);
    const statements = [...this.index.statementStartsOf(fn)];
    const epilogue = statements.length > 0 ? Math.max(...statements) : fn.end;
    const shape: FunctionFrameShape = { prologueStackAdjustments: [] };
    for (let address = fn.start; address < bodyStart && shape.establish === undefined; address += 4) {
      const word = this.readWord(address);
      if (word === undefined) break;
      const fields = decodeFields(word);
      if (writesRegister(fields.opcode, fields.funct3) && fields.rd === S0) shape.establish = address;
      else if (fields.opcode === Opcode.OP_IMM && fields.funct3 === 0 && fields.rd === SP && fields.rs1 === SP) {
        shape.prologueStackAdjustments.push({ address, amount: fields.immI });
      }
    }
    for (let address = epilogue; address < fn.end; address += 4) {
      const word = this.readWord(address);
      if (word === undefined) break;
      const fields = decodeFields(word);
      if (writesRegister(fields.opcode, fields.funct3) && fields.rd === S0) shape.tearDown = address;
    }
    return shape;
  }
}

/** True for RV32 instructions that write their integer rd. */
function writesRegister(opcode: number, funct3: number): boolean {
  switch (opcode) {
    case Opcode.LOAD: case Opcode.OP_IMM: case Opcode.AUIPC: case Opcode.OP: case Opcode.LUI: case Opcode.JAL: case Opcode.JALR:
      return true;
    case Opcode.SYSTEM:
      return funct3 !== 0;
    default:
      return false;
  }
}

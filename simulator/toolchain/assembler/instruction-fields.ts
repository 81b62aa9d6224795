// Bit packing of the RISC-V instruction formats: how register numbers and immediates sit in a
// 32-bit word, for every `Format` of instruction-set.ts. The encoder and the disassembler share it
// so that an encoding and its decoding cannot disagree.

import { type InstructionSpec } from '../../machine/instruction-set';

/** The variable parts of one instruction, already numeric and range-checked by the caller. */
export interface InstructionOperands {
  rd: number;
  rs1: number;
  rs2: number;
  rs3: number;
  /**
   * I/S: the 12-bit signed immediate; B/J: the byte offset from the instruction; U: the 20-bit
   * upper immediate; SHIFT: the shift amount; CSR/CSRI: the CSR number.
   */
  imm: number;
  /** CSRI: the 5-bit zero-extended immediate (it sits in the rs1 field). */
  zimm: number;
  /** CODOMs permission code (CapabilityPermissionCode): funct7 of cap.create, funct2 of R4 forms. */
  perm: number;
}


const bits = (value: number, high: number, low: number): number => (value >>> low) & ((1 << (high - low + 1)) - 1);

/** Packs one instruction. The operands must already be in range for the format. */
export function encodeInstruction(spec: InstructionSpec, operands: Partial<InstructionOperands>): number {
  const o: InstructionOperands = {
    rd: operands.rd ?? 0, rs1: operands.rs1 ?? 0, rs2: operands.rs2 ?? 0, rs3: operands.rs3 ?? 0,
    imm: operands.imm ?? 0, zimm: operands.zimm ?? 0, perm: operands.perm ?? 0,
  };
  const base = spec.opcode | ((spec.funct3 ?? 0) << 12);
  const rd = (o.rd & 31) << 7;
  const rs1 = (o.rs1 & 31) << 15;
  const rs2 = (o.rs2 & 31) << 20;
  let word: number;
  switch (spec.format) {
    case 'R':
      // cap.create has no fixed funct7: its permission code occupies the field.
      word = base | rd | rs1 | rs2 | ((spec.funct7 ?? o.perm) << 25);
      break;
    case 'R4':
      word = base | rd | rs1 | rs2 | ((o.perm & 3) << 25) | ((o.rs3 & 31) << 27);
      break;
    case 'I':
      word = base | rd | rs1 | ((o.imm & 0xfff) << 20);
      break;
    case 'SHIFT':
      word = base | rd | rs1 | ((o.imm & 31) << 20) | ((spec.funct7 ?? 0) << 25);
      break;
    case 'CSR':
      word = base | rd | rs1 | ((o.imm & 0xfff) << 20);
      break;
    case 'CSRI':
      word = base | rd | ((o.zimm & 31) << 15) | ((o.imm & 0xfff) << 20);
      break;
    case 'S':
      word = base | rs1 | rs2 | (bits(o.imm, 4, 0) << 7) | (bits(o.imm, 11, 5) << 25);
      break;
    case 'B':
      word = base | rs1 | rs2
        | (bits(o.imm, 11, 11) << 7) | (bits(o.imm, 4, 1) << 8)
        | (bits(o.imm, 10, 5) << 25) | (bits(o.imm, 12, 12) << 31);
      break;
    case 'U':
      word = base | rd | ((o.imm & 0xfffff) << 12);
      break;
    case 'J':
      word = spec.opcode | rd
        | (bits(o.imm, 19, 12) << 12) | (bits(o.imm, 11, 11) << 20)
        | (bits(o.imm, 10, 1) << 21) | (bits(o.imm, 20, 20) << 31);
      break;
    case 'NONE':
      word = spec.fixedWord ?? spec.opcode;
      break;
  }
  return word >>> 0;
}

const signExtend = (value: number, width: number): number => (value << (32 - width)) >> (32 - width);

/** Every field of a word, decoded as each format would read it. */
export interface DecodedFields {
  opcode: number;
  rd: number;
  rs1: number;
  rs2: number;
  rs3: number;
  funct2: number;
  funct3: number;
  funct7: number;
  immI: number;
  immS: number;
  immB: number;
  immU: number;
  immJ: number;
  /** The unsigned 12-bit CSR number (I-type immediate field). */
  csr: number;
}

export function decodeFields(word: number): DecodedFields {
  const w = word >>> 0;
  return {
    opcode: w & 0x7f,
    rd: bits(w, 11, 7),
    rs1: bits(w, 19, 15),
    rs2: bits(w, 24, 20),
    rs3: bits(w, 31, 27),
    funct2: bits(w, 26, 25),
    funct3: bits(w, 14, 12),
    funct7: bits(w, 31, 25),
    immI: signExtend(bits(w, 31, 20), 12),
    immS: signExtend((bits(w, 31, 25) << 5) | bits(w, 11, 7), 12),
    immB: signExtend((bits(w, 31, 31) << 12) | (bits(w, 7, 7) << 11) | (bits(w, 30, 25) << 5) | (bits(w, 11, 8) << 1), 13),
    immU: bits(w, 31, 12),
    immJ: signExtend((bits(w, 31, 31) << 20) | (bits(w, 19, 12) << 12) | (bits(w, 20, 20) << 11) | (bits(w, 30, 21) << 1), 21),
    csr: bits(w, 31, 20),
  };
}

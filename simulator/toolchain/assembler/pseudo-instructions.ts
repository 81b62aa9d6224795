// The pseudo-instructions GNU as accepts for RV32IM + Zicsr, as one table: each entry names its
// operands and expands to real instructions of instruction-set.ts (expansions follow the RISC-V
// assembly manual, so the bytes match GNU as). `li` is computed from its value.

import { Csr } from '../../machine/instruction-set';
import { type Expression, highPart, lowPart } from './expression';

/** Operand kinds, shared with the real instructions' `syntax` tokens. */
export type OperandKind =
  | 'rd' | 'rs1' | 'rs2' | 'rs3' | 'crd' | 'crs'
  | 'imm' | 'target' | 'uimm20' | 'shamt' | 'csr' | 'zimm' | 'perm' | 'off(rs1)' | 'symbol';

/** One real instruction to emit: the mnemonic of instruction-set.ts and its operands. */
export interface InstructionTemplate {
  mnemonic: string;
  rd?: number;
  rs1?: number;
  rs2?: number;
  rs3?: number;
  perm?: number;
  /** imm, target, uimm20, shamt or memory offset, whichever the format has. */
  imm?: Expression;
  csr?: Expression;
  zimm?: Expression;
}

/** Operands of a statement after parsing, by kind (a pseudo has at most one of each). */
export interface ParsedOperands {
  rd: number;
  rs1: number;
  rs2: number;
  imm: Expression;
  target: Expression;
  symbol: Expression;
  csr: Expression;
  zimm: Expression;
  /** `offset(register)` */
  memory: { offset: Expression; base: number };
}

export interface ExpansionContext {
  /** The address of the first emitted instruction, as an expression (for %pcrel_lo). */
  here: Expression;
  /** The value of an expression if it is already known (first pass), else undefined. */
  constantValue(expression: Expression): number | undefined;
}

export interface PseudoInstruction {
  mnemonic: string;
  syntax: OperandKind[];
  expand(operands: ParsedOperands, context: ExpansionContext): InstructionTemplate[];
}

const ZERO = 0;
const RA = 1;
const T1 = 6;

const number = (value: number): Expression => ({ kind: 'number', value: BigInt(value), column: 0 });
const relocation = (operator: 'hi' | 'lo' | 'pcrel_hi' | 'pcrel_lo', argument: Expression): Expression =>
  ({ kind: 'relocation', operator, argument, column: argument.column });

/** auipc + one instruction using %pcrel_lo of the auipc (la, call, tail, load/store to a symbol). */
function pcRelative(register: number, symbol: Expression, context: ExpansionContext, second: InstructionTemplate): InstructionTemplate[] {
  return [
    { mnemonic: 'auipc', rd: register, imm: relocation('pcrel_hi', symbol) },
    { ...second, imm: relocation('pcrel_lo', context.here) },
  ];
}

/**
 * GNU's `li`: addi for 12-bit values, else lui (+ addi when the low part is not zero). A value
 * not known in the first pass (it depends on a later label) always takes lui + addi.
 */
function loadImmediate(rd: number, value: Expression, context: ExpansionContext): InstructionTemplate[] {
  const known = context.constantValue(value);
  if (known === undefined) {
    return [
      { mnemonic: 'lui', rd, imm: relocation('hi', value) },
      { mnemonic: 'addi', rd, rs1: rd, imm: relocation('lo', value) },
    ];
  }
  const word = known | 0;
  if (word >= -2048 && word <= 2047) return [{ mnemonic: 'addi', rd, rs1: ZERO, imm: number(word) }];
  const templates: InstructionTemplate[] = [{ mnemonic: 'lui', rd, imm: number(highPart(word)) }];
  if (lowPart(word) !== 0) templates.push({ mnemonic: 'addi', rd, rs1: rd, imm: number(lowPart(word)) });
  return templates;
}

const counterRead = (mnemonic: string, csr: number): PseudoInstruction => ({
  mnemonic, syntax: ['rd'], expand: (o) => [{ mnemonic: 'csrrs', rd: o.rd, csr: number(csr), rs1: ZERO }],
});

const loadFromSymbol = (mnemonic: string): PseudoInstruction => ({
  mnemonic, syntax: ['rd', 'symbol'], expand: (o, c) => pcRelative(o.rd, o.symbol, c, { mnemonic, rd: o.rd, rs1: o.rd }),
});
const storeToSymbol = (mnemonic: string): PseudoInstruction => ({
  mnemonic, syntax: ['rs2', 'symbol', 'rd'], expand: (o, c) => pcRelative(o.rd, o.symbol, c, { mnemonic, rs2: o.rs2, rs1: o.rd }),
});

export const PSEUDO_INSTRUCTIONS: readonly PseudoInstruction[] = [
  { mnemonic: 'nop', syntax: [], expand: () => [{ mnemonic: 'addi', rd: ZERO, rs1: ZERO, imm: number(0) }] },
  { mnemonic: 'li', syntax: ['rd', 'imm'], expand: (o, c) => loadImmediate(o.rd, o.imm, c) },
  { mnemonic: 'la', syntax: ['rd', 'symbol'], expand: (o, c) => pcRelative(o.rd, o.symbol, c, { mnemonic: 'addi', rd: o.rd, rs1: o.rd }) },
  { mnemonic: 'lla', syntax: ['rd', 'symbol'], expand: (o, c) => pcRelative(o.rd, o.symbol, c, { mnemonic: 'addi', rd: o.rd, rs1: o.rd }) },
  { mnemonic: 'mv', syntax: ['rd', 'rs1'], expand: (o) => [{ mnemonic: 'addi', rd: o.rd, rs1: o.rs1, imm: number(0) }] },
  { mnemonic: 'not', syntax: ['rd', 'rs1'], expand: (o) => [{ mnemonic: 'xori', rd: o.rd, rs1: o.rs1, imm: number(-1) }] },
  { mnemonic: 'neg', syntax: ['rd', 'rs2'], expand: (o) => [{ mnemonic: 'sub', rd: o.rd, rs1: ZERO, rs2: o.rs2 }] },
  { mnemonic: 'seqz', syntax: ['rd', 'rs1'], expand: (o) => [{ mnemonic: 'sltiu', rd: o.rd, rs1: o.rs1, imm: number(1) }] },
  { mnemonic: 'snez', syntax: ['rd', 'rs2'], expand: (o) => [{ mnemonic: 'sltu', rd: o.rd, rs1: ZERO, rs2: o.rs2 }] },
  { mnemonic: 'sltz', syntax: ['rd', 'rs1'], expand: (o) => [{ mnemonic: 'slt', rd: o.rd, rs1: o.rs1, rs2: ZERO }] },
  { mnemonic: 'sgtz', syntax: ['rd', 'rs2'], expand: (o) => [{ mnemonic: 'slt', rd: o.rd, rs1: ZERO, rs2: o.rs2 }] },
  { mnemonic: 'sgt', syntax: ['rd', 'rs2', 'rs1'], expand: (o) => [{ mnemonic: 'slt', rd: o.rd, rs1: o.rs1, rs2: o.rs2 }] },
  { mnemonic: 'sgtu', syntax: ['rd', 'rs2', 'rs1'], expand: (o) => [{ mnemonic: 'sltu', rd: o.rd, rs1: o.rs1, rs2: o.rs2 }] },
  { mnemonic: 'beqz', syntax: ['rs1', 'target'], expand: (o) => [{ mnemonic: 'beq', rs1: o.rs1, rs2: ZERO, imm: o.target }] },
  { mnemonic: 'bnez', syntax: ['rs1', 'target'], expand: (o) => [{ mnemonic: 'bne', rs1: o.rs1, rs2: ZERO, imm: o.target }] },
  { mnemonic: 'blez', syntax: ['rs2', 'target'], expand: (o) => [{ mnemonic: 'bge', rs1: ZERO, rs2: o.rs2, imm: o.target }] },
  { mnemonic: 'bgez', syntax: ['rs1', 'target'], expand: (o) => [{ mnemonic: 'bge', rs1: o.rs1, rs2: ZERO, imm: o.target }] },
  { mnemonic: 'bltz', syntax: ['rs1', 'target'], expand: (o) => [{ mnemonic: 'blt', rs1: o.rs1, rs2: ZERO, imm: o.target }] },
  { mnemonic: 'bgtz', syntax: ['rs2', 'target'], expand: (o) => [{ mnemonic: 'blt', rs1: ZERO, rs2: o.rs2, imm: o.target }] },
  // The reversed comparisons swap their operands: bgt a, b == blt b, a.
  { mnemonic: 'bgt', syntax: ['rs2', 'rs1', 'target'], expand: (o) => [{ mnemonic: 'blt', rs1: o.rs1, rs2: o.rs2, imm: o.target }] },
  { mnemonic: 'ble', syntax: ['rs2', 'rs1', 'target'], expand: (o) => [{ mnemonic: 'bge', rs1: o.rs1, rs2: o.rs2, imm: o.target }] },
  { mnemonic: 'bgtu', syntax: ['rs2', 'rs1', 'target'], expand: (o) => [{ mnemonic: 'bltu', rs1: o.rs1, rs2: o.rs2, imm: o.target }] },
  { mnemonic: 'bleu', syntax: ['rs2', 'rs1', 'target'], expand: (o) => [{ mnemonic: 'bgeu', rs1: o.rs1, rs2: o.rs2, imm: o.target }] },
  { mnemonic: 'j', syntax: ['target'], expand: (o) => [{ mnemonic: 'jal', rd: ZERO, imm: o.target }] },
  { mnemonic: 'jal', syntax: ['target'], expand: (o) => [{ mnemonic: 'jal', rd: RA, imm: o.target }] },
  { mnemonic: 'jr', syntax: ['rs1'], expand: (o) => [{ mnemonic: 'jalr', rd: ZERO, rs1: o.rs1, imm: number(0) }] },
  { mnemonic: 'jr', syntax: ['off(rs1)'], expand: (o) => [{ mnemonic: 'jalr', rd: ZERO, rs1: o.memory.base, imm: o.memory.offset }] },
  { mnemonic: 'jalr', syntax: ['rs1'], expand: (o) => [{ mnemonic: 'jalr', rd: RA, rs1: o.rs1, imm: number(0) }] },
  { mnemonic: 'jalr', syntax: ['off(rs1)'], expand: (o) => [{ mnemonic: 'jalr', rd: RA, rs1: o.memory.base, imm: o.memory.offset }] },
  { mnemonic: 'jalr', syntax: ['rd', 'rs1'], expand: (o) => [{ mnemonic: 'jalr', rd: o.rd, rs1: o.rs1, imm: number(0) }] },
  { mnemonic: 'jalr', syntax: ['rd', 'rs1', 'imm'], expand: (o) => [{ mnemonic: 'jalr', rd: o.rd, rs1: o.rs1, imm: o.imm }] },
  { mnemonic: 'ret', syntax: [], expand: () => [{ mnemonic: 'jalr', rd: ZERO, rs1: RA, imm: number(0) }] },
  { mnemonic: 'call', syntax: ['symbol'], expand: (o, c) => pcRelative(RA, o.symbol, c, { mnemonic: 'jalr', rd: RA, rs1: RA }) },
  { mnemonic: 'tail', syntax: ['symbol'], expand: (o, c) => pcRelative(T1, o.symbol, c, { mnemonic: 'jalr', rd: ZERO, rs1: T1 }) },
  { mnemonic: 'csrr', syntax: ['rd', 'csr'], expand: (o) => [{ mnemonic: 'csrrs', rd: o.rd, csr: o.csr, rs1: ZERO }] },
  { mnemonic: 'csrw', syntax: ['csr', 'rs1'], expand: (o) => [{ mnemonic: 'csrrw', rd: ZERO, csr: o.csr, rs1: o.rs1 }] },
  { mnemonic: 'csrs', syntax: ['csr', 'rs1'], expand: (o) => [{ mnemonic: 'csrrs', rd: ZERO, csr: o.csr, rs1: o.rs1 }] },
  { mnemonic: 'csrc', syntax: ['csr', 'rs1'], expand: (o) => [{ mnemonic: 'csrrc', rd: ZERO, csr: o.csr, rs1: o.rs1 }] },
  { mnemonic: 'csrwi', syntax: ['csr', 'zimm'], expand: (o) => [{ mnemonic: 'csrrwi', rd: ZERO, csr: o.csr, zimm: o.zimm }] },
  { mnemonic: 'csrsi', syntax: ['csr', 'zimm'], expand: (o) => [{ mnemonic: 'csrrsi', rd: ZERO, csr: o.csr, zimm: o.zimm }] },
  { mnemonic: 'csrci', syntax: ['csr', 'zimm'], expand: (o) => [{ mnemonic: 'csrrci', rd: ZERO, csr: o.csr, zimm: o.zimm }] },
  counterRead('rdcycle', Csr.cycle),
  counterRead('rdcycleh', Csr.cycleh),
  counterRead('rdinstret', Csr.instret),
  counterRead('rdinstreth', Csr.instreth),
  counterRead('rdtime', Csr.time),
  counterRead('rdtimeh', Csr.timeh),
  // GNU's canonical illegal instruction: a write to the read-only cycle CSR.
  { mnemonic: 'unimp', syntax: [], expand: () => [{ mnemonic: 'csrrw', rd: ZERO, csr: number(Csr.cycle), rs1: ZERO }] },
  ...['lb', 'lh', 'lw', 'lbu', 'lhu'].map(loadFromSymbol),
  ...['sb', 'sh', 'sw'].map(storeToSymbol),
];

export const PSEUDO_INSTRUCTIONS_BY_MNEMONIC: ReadonlyMap<string, readonly PseudoInstruction[]> = PSEUDO_INSTRUCTIONS.reduce(
  (map, pseudo) => map.set(pseudo.mnemonic, [...(map.get(pseudo.mnemonic) ?? []), pseudo]),
  new Map<string, PseudoInstruction[]>(),
);

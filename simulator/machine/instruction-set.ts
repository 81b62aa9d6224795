// The instruction set of the CODOMs machine: RV32IM, the Zicsr instructions that `rdcycle`/
// `rdinstret` and the dIPC CSRs need, and the CODOMs capability instructions (machine.md §5.4).
// This table is the single source of truth for the decoder, the assembler, the disassembler and
// the cost model's instruction classes; docs/isa.md describes the CODOMs encodings it fixes.

/** RISC-V major opcodes (bits 6:0). CODOMs uses the two opcodes RISC-V reserves for custom use. */
export const Opcode = {
  LOAD: 0x03,
  CUSTOM0: 0x0b, // CODOMs capability arithmetic (cap.create ... cap.len)
  MISC_MEM: 0x0f,
  OP_IMM: 0x13,
  AUIPC: 0x17,
  STORE: 0x23,
  CUSTOM1: 0x2b, // CODOMs capability memory (cap.ld / cap.st)
  OP: 0x33,
  LUI: 0x37,
  BRANCH: 0x63,
  JALR: 0x67,
  JAL: 0x6f,
  SYSTEM: 0x73,
} as const;

/**
 * Operand layouts. Letters name the encoding format; the assembler and disassembler use the
 * `syntax` string of each instruction for operand order.
 * - R:  funct7 rs2 rs1 funct3 rd opcode
 * - R4: rs3 funct2 rs2 rs1 funct3 rd opcode   (CODOMs four-register forms)
 * - I, S, B, U, J: the standard RISC-V immediates
 * - SHIFT: I-type with funct7 in imm[11:5] and a 5-bit shift amount
 * - CSR / CSRI: I-type with the CSR number in imm[11:0] (rs1 or a 5-bit zimm)
 * - NONE: fixed 32-bit word (ecall, ebreak, fence)
 */
export type Format = 'R' | 'R4' | 'I' | 'S' | 'B' | 'U' | 'J' | 'SHIFT' | 'CSR' | 'CSRI' | 'NONE';

/**
 * Cost classes: each instruction belongs to one, and the cost model (cost-model.ts) gives each
 * class its cycles. Events that are not instructions (APL miss, cross-domain call) are separate
 * entries of the cost model.
 */
export type CostClass =
  | 'alu'
  | 'multiply'
  | 'divide'
  | 'load'
  | 'store'
  | 'branch'
  | 'jump'
  | 'system'
  | 'csr'
  | 'capability'
  | 'capabilityCreate'
  | 'capabilityMemory';

/**
 * Operand syntax, in assembly order. Tokens:
 * rd rs1 rs2 rs3 (integer registers), crd crs (capability registers, encoded in the rd / rs1 field
 * or, for cap.st, the rs2 field), imm (I/S immediate), off(rs1) (memory operand), target (branch
 * or jump target), uimm20 (U immediate), shamt, csr, zimm, perm (`r` or `rw`).
 */
export interface InstructionSpec {
  mnemonic: string;
  format: Format;
  opcode: number;
  funct3?: number;
  funct7?: number;
  /** For R4 formats: the 2-bit funct2 is the permission operand, so it is not fixed here. */
  fixedWord?: number;
  syntax: string[];
  costClass: CostClass;
  /** One line for hovers, the disassembler's help and docs/isa.md. */
  summary: string;
}

const r = (mnemonic: string, funct3: number, funct7: number, costClass: CostClass, summary: string): InstructionSpec => ({
  mnemonic, format: 'R', opcode: Opcode.OP, funct3, funct7, syntax: ['rd', 'rs1', 'rs2'], costClass, summary,
});
const i = (mnemonic: string, funct3: number, summary: string): InstructionSpec => ({
  mnemonic, format: 'I', opcode: Opcode.OP_IMM, funct3, syntax: ['rd', 'rs1', 'imm'], costClass: 'alu', summary,
});
const shift = (mnemonic: string, funct3: number, funct7: number, summary: string): InstructionSpec => ({
  mnemonic, format: 'SHIFT', opcode: Opcode.OP_IMM, funct3, funct7, syntax: ['rd', 'rs1', 'shamt'], costClass: 'alu', summary,
});
const load = (mnemonic: string, funct3: number, summary: string): InstructionSpec => ({
  mnemonic, format: 'I', opcode: Opcode.LOAD, funct3, syntax: ['rd', 'off(rs1)'], costClass: 'load', summary,
});
const store = (mnemonic: string, funct3: number, summary: string): InstructionSpec => ({
  mnemonic, format: 'S', opcode: Opcode.STORE, funct3, syntax: ['rs2', 'off(rs1)'], costClass: 'store', summary,
});
const branch = (mnemonic: string, funct3: number, summary: string): InstructionSpec => ({
  mnemonic, format: 'B', opcode: Opcode.BRANCH, funct3, syntax: ['rs1', 'rs2', 'target'], costClass: 'branch', summary,
});
const csr = (mnemonic: string, funct3: number, summary: string): InstructionSpec => ({
  mnemonic, format: funct3 >= 5 ? 'CSRI' : 'CSR', opcode: Opcode.SYSTEM, funct3,
  syntax: funct3 >= 5 ? ['rd', 'csr', 'zimm'] : ['rd', 'csr', 'rs1'], costClass: 'csr', summary,
});

export const INSTRUCTIONS: readonly InstructionSpec[] = [
  // RV32I
  { mnemonic: 'lui', format: 'U', opcode: Opcode.LUI, syntax: ['rd', 'uimm20'], costClass: 'alu', summary: 'rd = imm << 12' },
  { mnemonic: 'auipc', format: 'U', opcode: Opcode.AUIPC, syntax: ['rd', 'uimm20'], costClass: 'alu', summary: 'rd = pc + (imm << 12)' },
  { mnemonic: 'jal', format: 'J', opcode: Opcode.JAL, syntax: ['rd', 'target'], costClass: 'jump', summary: 'rd = pc + 4; pc = target' },
  { mnemonic: 'jalr', format: 'I', opcode: Opcode.JALR, funct3: 0, syntax: ['rd', 'off(rs1)'], costClass: 'jump', summary: 'rd = pc + 4; pc = (rs1 + imm) & ~1' },
  branch('beq', 0, 'branch if rs1 == rs2'),
  branch('bne', 1, 'branch if rs1 != rs2'),
  branch('blt', 4, 'branch if rs1 < rs2 (signed)'),
  branch('bge', 5, 'branch if rs1 >= rs2 (signed)'),
  branch('bltu', 6, 'branch if rs1 < rs2 (unsigned)'),
  branch('bgeu', 7, 'branch if rs1 >= rs2 (unsigned)'),
  load('lb', 0, 'load sign-extended byte'),
  load('lh', 1, 'load sign-extended halfword'),
  load('lw', 2, 'load word'),
  load('lbu', 4, 'load zero-extended byte'),
  load('lhu', 5, 'load zero-extended halfword'),
  store('sb', 0, 'store byte'),
  store('sh', 1, 'store halfword'),
  store('sw', 2, 'store word'),
  i('addi', 0, 'rd = rs1 + imm'),
  i('slti', 2, 'rd = rs1 < imm (signed)'),
  i('sltiu', 3, 'rd = rs1 < imm (unsigned)'),
  i('xori', 4, 'rd = rs1 ^ imm'),
  i('ori', 6, 'rd = rs1 | imm'),
  i('andi', 7, 'rd = rs1 & imm'),
  shift('slli', 1, 0x00, 'rd = rs1 << shamt'),
  shift('srli', 5, 0x00, 'rd = rs1 >>> shamt'),
  shift('srai', 5, 0x20, 'rd = rs1 >> shamt (arithmetic)'),
  r('add', 0, 0x00, 'alu', 'rd = rs1 + rs2'),
  r('sub', 0, 0x20, 'alu', 'rd = rs1 - rs2'),
  r('sll', 1, 0x00, 'alu', 'rd = rs1 << rs2[4:0]'),
  r('slt', 2, 0x00, 'alu', 'rd = rs1 < rs2 (signed)'),
  r('sltu', 3, 0x00, 'alu', 'rd = rs1 < rs2 (unsigned)'),
  r('xor', 4, 0x00, 'alu', 'rd = rs1 ^ rs2'),
  r('srl', 5, 0x00, 'alu', 'rd = rs1 >>> rs2[4:0]'),
  r('sra', 5, 0x20, 'alu', 'rd = rs1 >> rs2[4:0] (arithmetic)'),
  r('or', 6, 0x00, 'alu', 'rd = rs1 | rs2'),
  r('and', 7, 0x00, 'alu', 'rd = rs1 & rs2'),
  { mnemonic: 'fence', format: 'NONE', opcode: Opcode.MISC_MEM, funct3: 0, fixedWord: 0x0ff0000f, syntax: [], costClass: 'alu', summary: 'memory ordering (no effect on one in-order hart)' },
  { mnemonic: 'ecall', format: 'NONE', opcode: Opcode.SYSTEM, fixedWord: 0x00000073, syntax: [], costClass: 'system', summary: 'system call (number in a7)' },
  { mnemonic: 'ebreak', format: 'NONE', opcode: Opcode.SYSTEM, fixedWord: 0x00100073, syntax: [], costClass: 'system', summary: 'breakpoint trap' },
  // RV32M
  r('mul', 0, 0x01, 'multiply', 'rd = (rs1 * rs2)[31:0]'),
  r('mulh', 1, 0x01, 'multiply', 'rd = (rs1 * rs2)[63:32] signed x signed'),
  r('mulhsu', 2, 0x01, 'multiply', 'rd = (rs1 * rs2)[63:32] signed x unsigned'),
  r('mulhu', 3, 0x01, 'multiply', 'rd = (rs1 * rs2)[63:32] unsigned x unsigned'),
  r('div', 4, 0x01, 'divide', 'rd = rs1 / rs2 (signed; x/0 = -1, MIN/-1 = MIN)'),
  r('divu', 5, 0x01, 'divide', 'rd = rs1 / rs2 (unsigned; x/0 = 0xffffffff)'),
  r('rem', 6, 0x01, 'divide', 'rd = rs1 % rs2 (signed; x%0 = x, MIN%-1 = 0)'),
  r('remu', 7, 0x01, 'divide', 'rd = rs1 % rs2 (unsigned; x%0 = x)'),
  // Zicsr (for rdcycle/rdinstret and the dIPC CSRs)
  csr('csrrw', 1, 'rd = csr; csr = rs1'),
  csr('csrrs', 2, 'rd = csr; csr |= rs1'),
  csr('csrrc', 3, 'rd = csr; csr &= ~rs1'),
  csr('csrrwi', 5, 'rd = csr; csr = zimm'),
  csr('csrrsi', 6, 'rd = csr; csr |= zimm'),
  csr('csrrci', 7, 'rd = csr; csr &= ~zimm'),
  // CODOMs capabilities (machine.md §5.4); perm is `r` (read) or `rw` (read+write).
  { mnemonic: 'cap.create', format: 'R', opcode: Opcode.CUSTOM0, funct3: 0, syntax: ['crd', 'rs1', 'rs2', 'perm'], costClass: 'capabilityCreate', summary: 'crd = synchronous capability over [rs1, rs1 + rs2) with perm' },
  { mnemonic: 'cap.createa', format: 'R4', opcode: Opcode.CUSTOM0, funct3: 1, syntax: ['crd', 'rs1', 'rs2', 'perm', 'rs3'], costClass: 'capabilityCreate', summary: 'crd = asynchronous capability over [rs1, rs1 + rs2) with perm, revoked when the word at rs3 changes' },
  { mnemonic: 'cap.restrict', format: 'R4', opcode: Opcode.CUSTOM0, funct3: 2, syntax: ['crd', 'crs', 'rs2', 'rs3', 'perm'], costClass: 'capabilityCreate', summary: 'crd = crs narrowed to [base + rs2, base + rs2 + rs3) with perm' },
  { mnemonic: 'cap.clr', format: 'R', opcode: Opcode.CUSTOM0, funct3: 5, funct7: 0, syntax: ['crd'], costClass: 'capability', summary: 'invalidate crd' },
  { mnemonic: 'cap.mv', format: 'R', opcode: Opcode.CUSTOM0, funct3: 5, funct7: 1, syntax: ['crd', 'crs'], costClass: 'capability', summary: 'crd = crs' },
  { mnemonic: 'cap.base', format: 'R', opcode: Opcode.CUSTOM0, funct3: 6, funct7: 0, syntax: ['rd', 'crs'], costClass: 'capability', summary: 'rd = base of crs (0 if cleared; an expired or revoked capability keeps its fields, its use faults)' },
  { mnemonic: 'cap.len', format: 'R', opcode: Opcode.CUSTOM0, funct3: 6, funct7: 1, syntax: ['rd', 'crs'], costClass: 'capability', summary: 'rd = length in bytes of crs (0 if cleared)' },
  { mnemonic: 'cap.ld', format: 'I', opcode: Opcode.CUSTOM1, funct3: 0, syntax: ['crd', 'off(rs1)'], costClass: 'capabilityMemory', summary: 'crd = capability stored at rs1 + imm (C page only)' },
  { mnemonic: 'cap.st', format: 'S', opcode: Opcode.CUSTOM1, funct3: 1, syntax: ['crs', 'off(rs1)'], costClass: 'capabilityMemory', summary: 'store crs at rs1 + imm (C page only)' },
];

/** Capability permission field values (funct7 of cap.create, funct2 of the R4 forms). */
export const CapabilityPermissionCode = { r: 1, rw: 3 } as const;

/** Bytes a stored capability occupies on a C page; cap.ld / cap.st addresses must be aligned to it. */
export const CAPABILITY_SLOT_BYTES = 16;

/** CSR numbers. The dIPC CSRs sit in the range RISC-V leaves for custom read/write CSRs. */
export const Csr = {
  cycle: 0xc00,
  time: 0xc01,
  instret: 0xc02,
  cycleh: 0xc80,
  timeh: 0xc81,
  instreth: 0xc82,
  /** current process identity; writable only from P pages, readable everywhere */
  'dipc.proc': 0x800,
  /** kernel control stack pointer; privileged */
  'dipc.kcs': 0x801,
  /** domain control stack base; privileged */
  'dipc.dcsbase': 0x802,
  /** current DCS depth (frames on the DCS); read-only, privileged: proxies raise dcsbase to it */
  'dipc.dcsdepth': 0x803,
} as const;
export type CsrName = keyof typeof Csr;

export const INTEGER_REGISTER_NAMES = [
  'zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5',
  'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6',
] as const;

export const CAPABILITY_REGISTER_COUNT = 8;

export const INSTRUCTION_BY_MNEMONIC: ReadonlyMap<string, InstructionSpec> = new Map(
  INSTRUCTIONS.map((spec) => [spec.mnemonic, spec]),
);

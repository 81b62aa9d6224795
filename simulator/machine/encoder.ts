// Turns one instruction of instruction-set.ts plus numeric operands into its 32-bit word. Every
// producer of machine code (assembler, proxy generator, tests, benchmarks) packs fields here, so
// the bit layouts exist once; docs/isa.md describes them.
import { CapabilityPermissionCode, INSTRUCTION_BY_MNEMONIC, type InstructionSpec } from './instruction-set';

export interface Operands {
  /** Destination integer register, or crd for capability instructions. */
  rd?: number;
  /** First source register, or crs (cap.restrict, cap.mv, cap.base, cap.len). */
  rs1?: number;
  /** Second source register, or crs of cap.st. */
  rs2?: number;
  /** Third source register of the R4 forms. */
  rs3?: number;
  /** I/S immediate, B/J byte offset, U 20-bit value, shift amount, or the zimm of CSRI forms. */
  imm?: number;
  /** CSR number of the CSR forms. */
  csr?: number;
  /** Capability permission of cap.create / cap.createa / cap.restrict. */
  perm?: keyof typeof CapabilityPermissionCode;
}

export class EncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncodingError';
  }
}

function field(spec: InstructionSpec, name: string, value: number | undefined, bits: number): number {
  const v = value ?? 0;
  if (!Number.isInteger(v) || v < 0 || v >= 1 << bits) {
    throw new EncodingError(`${spec.mnemonic}: ${name} must be an integer in 0..${(1 << bits) - 1}, got ${String(value)}`);
  }
  return v;
}

function signedImmediate(spec: InstructionSpec, value: number | undefined, bits: number, alignment: number): number {
  const v = value ?? 0;
  const limit = 2 ** (bits - 1);
  if (!Number.isInteger(v) || v < -limit || v >= limit) {
    throw new EncodingError(`${spec.mnemonic}: immediate ${String(value)} does not fit in ${bits} signed bits`);
  }
  if (v % alignment !== 0) throw new EncodingError(`${spec.mnemonic}: offset ${v} must be a multiple of ${alignment}`);
  return v;
}

function permissionCode(spec: InstructionSpec, perm: Operands['perm']): number {
  if (perm === undefined || !(perm in CapabilityPermissionCode)) {
    throw new EncodingError(`${spec.mnemonic}: permission must be 'r' or 'rw', got ${String(perm)}`);
  }
  return CapabilityPermissionCode[perm];
}

/** Capability registers are numbered 0..7 in a 5-bit register field (crd in rd, crs in rs1, or rs2 for cap.st). */
function capabilityRegister(spec: InstructionSpec, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > 7)) {
    throw new EncodingError(`${spec.mnemonic}: capability register must be cr0..cr7, got ${value}`);
  }
}

export function encode(mnemonic: string, operands: Operands = {}): number {
  const spec = INSTRUCTION_BY_MNEMONIC.get(mnemonic);
  if (spec === undefined) throw new EncodingError(`unknown instruction '${mnemonic}'`);
  if (spec.syntax.includes('crd')) capabilityRegister(spec, operands.rd);
  if (spec.syntax.includes('crs')) capabilityRegister(spec, spec.format === 'S' ? operands.rs2 : operands.rs1);
  const rd = field(spec, 'rd', operands.rd, 5);
  const rs1 = field(spec, 'rs1', operands.rs1, 5);
  const rs2 = field(spec, 'rs2', operands.rs2, 5);
  const f3 = (spec.funct3 ?? 0) << 12;
  const op = spec.opcode;
  switch (spec.format) {
    case 'NONE':
      return spec.fixedWord! >>> 0;
    case 'R': {
      const funct7 = spec.mnemonic === 'cap.create' ? permissionCode(spec, operands.perm) : (spec.funct7 ?? 0);
      return ((funct7 << 25) | (rs2 << 20) | (rs1 << 15) | f3 | (rd << 7) | op) >>> 0;
    }
    case 'R4': {
      const rs3 = field(spec, 'rs3', operands.rs3, 5);
      return ((rs3 << 27) | (permissionCode(spec, operands.perm) << 25) | (rs2 << 20) | (rs1 << 15) | f3 | (rd << 7) | op) >>> 0;
    }
    case 'I': {
      const imm = signedImmediate(spec, operands.imm, 12, 1) & 0xfff;
      return ((imm << 20) | (rs1 << 15) | f3 | (rd << 7) | op) >>> 0;
    }
    case 'SHIFT': {
      const shamt = field(spec, 'shamt', operands.imm, 5);
      return (((spec.funct7 ?? 0) << 25) | (shamt << 20) | (rs1 << 15) | f3 | (rd << 7) | op) >>> 0;
    }
    case 'CSR':
    case 'CSRI': {
      const csr = field(spec, 'csr', operands.csr, 12);
      const source = spec.format === 'CSRI' ? field(spec, 'zimm', operands.imm, 5) : rs1;
      return ((csr << 20) | (source << 15) | f3 | (rd << 7) | op) >>> 0;
    }
    case 'S': {
      const imm = signedImmediate(spec, operands.imm, 12, 1) & 0xfff;
      return (((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | f3 | ((imm & 0x1f) << 7) | op) >>> 0;
    }
    case 'B': {
      const imm = signedImmediate(spec, operands.imm, 13, 2);
      return ((((imm >> 12) & 1) << 31) | (((imm >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15) | f3 |
        (((imm >> 1) & 0xf) << 8) | (((imm >> 11) & 1) << 7) | op) >>> 0;
    }
    case 'U': {
      const imm = field(spec, 'uimm20', operands.imm, 20);
      return ((imm << 12) | (rd << 7) | op) >>> 0;
    }
    case 'J': {
      const imm = signedImmediate(spec, operands.imm, 21, 2);
      return ((((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3ff) << 21) | (((imm >> 11) & 1) << 20) |
        (((imm >> 12) & 0xff) << 12) | (rd << 7) | op) >>> 0;
    }
  }
}

// The instruction interpreter: decodes instruction words into small integer operations (lazily,
// one 4 KiB code page at a time, invalidated when the page is written) and runs them in one
// monomorphic loop. The loop handles the common case inline (same page, same domain, aligned
// access to the current domain's memory); everything CODOMs-specific or rare goes to the slow
// path, which calls the Machine. Op lives in this file because the loop's switch must see literal
// case values (esbuild inlines const enums only inside one file).
import { INSTRUCTIONS, Opcode } from './instruction-set';
import type { Machine } from './machine';

export const enum Op {
  Undecoded = 0,
  Lui, Auipc, Jal, Jalr,
  Beq, Bne, Blt, Bge, Bltu, Bgeu,
  Lb, Lh, Lw, Lbu, Lhu,
  Sb, Sh, Sw,
  Addi, Slti, Sltiu, Xori, Ori, Andi, Slli, Srli, Srai,
  Add, Sub, Sll, Slt, Sltu, Xor, Srl, Sra, Or, And,
  Fence, Ecall, Ebreak,
  Mul, Mulh, Mulhsu, Mulhu, Div, Divu, Rem, Remu,
  Csrrw, Csrrs, Csrrc, Csrrwi, Csrrsi, Csrrci,
  CapCreate, CapCreatea, CapRestrict, CapClr, CapMv, CapBase, CapLen, CapLd, CapSt,
  Illegal,
  Breakpoint,
  Count,
}

/** The operation of each mnemonic of instruction-set.ts (checked complete at load time). */
const OP_OF_MNEMONIC: Readonly<Record<string, Op>> = {
  lui: Op.Lui, auipc: Op.Auipc, jal: Op.Jal, jalr: Op.Jalr,
  beq: Op.Beq, bne: Op.Bne, blt: Op.Blt, bge: Op.Bge, bltu: Op.Bltu, bgeu: Op.Bgeu,
  lb: Op.Lb, lh: Op.Lh, lw: Op.Lw, lbu: Op.Lbu, lhu: Op.Lhu, sb: Op.Sb, sh: Op.Sh, sw: Op.Sw,
  addi: Op.Addi, slti: Op.Slti, sltiu: Op.Sltiu, xori: Op.Xori, ori: Op.Ori, andi: Op.Andi,
  slli: Op.Slli, srli: Op.Srli, srai: Op.Srai,
  add: Op.Add, sub: Op.Sub, sll: Op.Sll, slt: Op.Slt, sltu: Op.Sltu, xor: Op.Xor, srl: Op.Srl, sra: Op.Sra, or: Op.Or, and: Op.And,
  fence: Op.Fence, ecall: Op.Ecall, ebreak: Op.Ebreak,
  mul: Op.Mul, mulh: Op.Mulh, mulhsu: Op.Mulhsu, mulhu: Op.Mulhu, div: Op.Div, divu: Op.Divu, rem: Op.Rem, remu: Op.Remu,
  csrrw: Op.Csrrw, csrrs: Op.Csrrs, csrrc: Op.Csrrc, csrrwi: Op.Csrrwi, csrrsi: Op.Csrrsi, csrrci: Op.Csrrci,
  'cap.create': Op.CapCreate, 'cap.createa': Op.CapCreatea, 'cap.restrict': Op.CapRestrict, 'cap.clr': Op.CapClr,
  'cap.mv': Op.CapMv, 'cap.base': Op.CapBase, 'cap.len': Op.CapLen, 'cap.ld': Op.CapLd, 'cap.st': Op.CapSt,
};

/** Mnemonic of each Op, for the cost table and messages. */
export const MNEMONIC_OF_OP: readonly string[] = (() => {
  const names = new Array<string>(Op.Count).fill('');
  for (const spec of INSTRUCTIONS) {
    const op = OP_OF_MNEMONIC[spec.mnemonic];
    if (op === undefined) throw new Error(`interpreter: instruction '${spec.mnemonic}' of instruction-set.ts has no operation`);
    names[op] = spec.mnemonic;
  }
  return names;
})();

/** Slow-path results: bit 0 = an instruction retired, bit 1 = stop running. */
export const Slow = { Retry: 0, Retired: 1, Stop: 2, RetiredStop: 3 } as const;
export type SlowResult = (typeof Slow)[keyof typeof Slow];

/** The capability permission codes of CapabilityPermissionCode: 1 (r) and 3 (rw). */
function isPermissionCode(code: number): boolean {
  return code === 1 || code === 3;
}

const pack = (op: Op, rd: number, rs1: number, rs2: number): number => op | (rd << 8) | (rs1 << 16) | (rs2 << 24);
const signExtend12 = (word: number): number => word >> 20;

/**
 * Decodes one instruction word into slot `slot` of a page's decoded array: element 2*slot holds
 * op | rd << 8 | rs1 << 16 | rs2 << 24, element 2*slot+1 the immediate (for the CSR forms the CSR
 * number, for cap.create the permission, for the R4 forms rs3 | perm << 5).
 */
export function decodeInto(word: number, code: Int32Array, slot: number): void {
  const at = slot << 1;
  const opcode = word & 0x7f;
  const rd = (word >>> 7) & 31;
  const funct3 = (word >>> 12) & 7;
  const rs1 = (word >>> 15) & 31;
  const rs2 = (word >>> 20) & 31;
  const funct7 = word >>> 25;
  let op: Op = Op.Illegal;
  let imm = 0;
  switch (opcode) {
    case Opcode.LUI: op = Op.Lui; imm = word & 0xfffff000; break;
    case Opcode.AUIPC: op = Op.Auipc; imm = word & 0xfffff000; break;
    case Opcode.JAL:
      op = Op.Jal;
      imm = (((word >> 31) << 20) | (((word >>> 12) & 0xff) << 12) | (((word >>> 20) & 1) << 11) | (((word >>> 21) & 0x3ff) << 1));
      break;
    case Opcode.JALR: if (funct3 === 0) { op = Op.Jalr; imm = signExtend12(word); } break;
    case Opcode.BRANCH: {
      const ops = [Op.Beq, Op.Bne, Op.Illegal, Op.Illegal, Op.Blt, Op.Bge, Op.Bltu, Op.Bgeu];
      op = ops[funct3];
      imm = (((word >> 31) << 12) | (((word >>> 7) & 1) << 11) | (((word >>> 25) & 0x3f) << 5) | (((word >>> 8) & 0xf) << 1));
      break;
    }
    case Opcode.LOAD: {
      const ops = [Op.Lb, Op.Lh, Op.Lw, Op.Illegal, Op.Lbu, Op.Lhu, Op.Illegal, Op.Illegal];
      op = ops[funct3];
      imm = signExtend12(word);
      break;
    }
    case Opcode.STORE: {
      const ops = [Op.Sb, Op.Sh, Op.Sw, Op.Illegal, Op.Illegal, Op.Illegal, Op.Illegal, Op.Illegal];
      op = ops[funct3];
      imm = ((word >> 25) << 5) | ((word >>> 7) & 31);
      break;
    }
    case Opcode.OP_IMM: {
      imm = signExtend12(word);
      if (funct3 === 1) op = funct7 === 0 ? Op.Slli : Op.Illegal;
      else if (funct3 === 5) op = funct7 === 0 ? Op.Srli : funct7 === 0x20 ? Op.Srai : Op.Illegal;
      else op = [Op.Addi, Op.Illegal, Op.Slti, Op.Sltiu, Op.Xori, Op.Illegal, Op.Ori, Op.Andi][funct3];
      if (op === Op.Slli || op === Op.Srli || op === Op.Srai) imm = rs2;
      break;
    }
    case Opcode.OP:
      if (funct7 === 0) op = [Op.Add, Op.Sll, Op.Slt, Op.Sltu, Op.Xor, Op.Srl, Op.Or, Op.And][funct3];
      else if (funct7 === 0x20) op = funct3 === 0 ? Op.Sub : funct3 === 5 ? Op.Sra : Op.Illegal;
      else if (funct7 === 1) op = [Op.Mul, Op.Mulh, Op.Mulhsu, Op.Mulhu, Op.Div, Op.Divu, Op.Rem, Op.Remu][funct3];
      break;
    case Opcode.MISC_MEM: if (funct3 === 0) op = Op.Fence; break;
    case Opcode.SYSTEM:
      if (word === 0x00000073) op = Op.Ecall;
      else if (word === 0x00100073) op = Op.Ebreak;
      else if (funct3 !== 0 && funct3 !== 4) {
        op = [Op.Illegal, Op.Csrrw, Op.Csrrs, Op.Csrrc, Op.Illegal, Op.Csrrwi, Op.Csrrsi, Op.Csrrci][funct3];
        imm = word >>> 20;
      }
      break;
    case Opcode.CUSTOM0: {
      const rs3 = word >>> 27;
      const funct2 = (word >>> 25) & 3;
      if (funct3 === 0 && rd < 8 && isPermissionCode(funct7)) { op = Op.CapCreate; imm = funct7; }
      else if (funct3 === 1 && rd < 8 && isPermissionCode(funct2)) { op = Op.CapCreatea; imm = rs3 | (funct2 << 5); }
      else if (funct3 === 2 && rd < 8 && rs1 < 8 && isPermissionCode(funct2)) { op = Op.CapRestrict; imm = rs3 | (funct2 << 5); }
      else if (funct3 === 5 && funct7 === 0 && rd < 8 && rs1 === 0 && rs2 === 0) op = Op.CapClr;
      else if (funct3 === 5 && funct7 === 1 && rd < 8 && rs1 < 8 && rs2 === 0) op = Op.CapMv;
      else if (funct3 === 6 && funct7 === 0 && rs1 < 8 && rs2 === 0) op = Op.CapBase;
      else if (funct3 === 6 && funct7 === 1 && rs1 < 8 && rs2 === 0) op = Op.CapLen;
      break;
    }
    case Opcode.CUSTOM1:
      if (funct3 === 0 && rd < 8) { op = Op.CapLd; imm = signExtend12(word); }
      else if (funct3 === 1 && rs2 < 8) { op = Op.CapSt; imm = ((word >> 25) << 5) | ((word >>> 7) & 31); }
      break;
  }
  code[at] = pack(op, rd, rs1, rs2);
  code[at + 1] = imm;
}

function multiplyHighUnsigned(a: number, b: number): number {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const lh = al * bh, hl = ah * bl;
  const middle = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (middle >>> 16)) | 0;
}
/** High word of signed x signed: the unsigned high word minus the corrections for negative operands. */
function multiplyHighSigned(a: number, b: number): number {
  return (multiplyHighUnsigned(a, b) - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
}
function multiplyHighSignedUnsigned(a: number, b: number): number {
  return (multiplyHighUnsigned(a, b) - (a < 0 ? b : 0)) | 0;
}

/** Runs at most `limit` instructions of the attached context; stops early when the machine records a stop. */
export function execute(m: Machine, limit: number): void {
  const regs = m.context.registers;
  const attributes = m.pageTable.attributes;
  const frameOf = m.pageTable.frameOf;
  const words = m.pageTable.words;
  const bytes = m.pageTable.bytes;
  const cost = m.opCost;
  const takenExtra = m.branchTakenExtra;
  const loadMask = m.loadMask;
  const storeMask = m.storeMask;
  let loadKey = m.loadKey;
  let storeKey = m.storeKey;
  let base = m.fetchBase;
  let code = m.fetchCode;
  let pc = m.context.pc | 0;
  let cycles = m.cycles;
  let executed = 0;
  while (executed < limit) {
    const offset = (pc - base) | 0;
    let op: number = Op.Undecoded, rd = 0, rs1 = 0, rs2 = 0, imm = 0;
    inline: {
      // A pc outside the bound page reaches the slow path as Undecoded: a transfer to a new page.
      if ((offset >>> 0) > 4092) break inline;
      const slot = offset >> 1;
      const word = code[slot];
      op = word & 0xff;
      rd = (word >>> 8) & 31;
      rs1 = (word >>> 16) & 31;
      rs2 = word >>> 24;
      imm = code[slot + 1];
      switch (op) {
        case Op.Addi: regs[rd] = regs[rs1] + imm; pc = (pc + 4) | 0; break;
        case Op.Add: regs[rd] = regs[rs1] + regs[rs2]; pc = (pc + 4) | 0; break;
        case Op.Sub: regs[rd] = regs[rs1] - regs[rs2]; pc = (pc + 4) | 0; break;
        case Op.Lui: regs[rd] = imm; pc = (pc + 4) | 0; break;
        case Op.Auipc: regs[rd] = pc + imm; pc = (pc + 4) | 0; break;
        case Op.Slti: regs[rd] = regs[rs1] < imm ? 1 : 0; pc = (pc + 4) | 0; break;
        case Op.Sltiu: regs[rd] = regs[rs1] >>> 0 < imm >>> 0 ? 1 : 0; pc = (pc + 4) | 0; break;
        case Op.Xori: regs[rd] = regs[rs1] ^ imm; pc = (pc + 4) | 0; break;
        case Op.Ori: regs[rd] = regs[rs1] | imm; pc = (pc + 4) | 0; break;
        case Op.Andi: regs[rd] = regs[rs1] & imm; pc = (pc + 4) | 0; break;
        case Op.Slli: regs[rd] = regs[rs1] << imm; pc = (pc + 4) | 0; break;
        case Op.Srli: regs[rd] = regs[rs1] >>> imm; pc = (pc + 4) | 0; break;
        case Op.Srai: regs[rd] = regs[rs1] >> imm; pc = (pc + 4) | 0; break;
        // JavaScript shifts use the low five bits of the count, as RISC-V does.
        case Op.Sll: regs[rd] = regs[rs1] << regs[rs2]; pc = (pc + 4) | 0; break;
        case Op.Slt: regs[rd] = regs[rs1] < regs[rs2] ? 1 : 0; pc = (pc + 4) | 0; break;
        case Op.Sltu: regs[rd] = regs[rs1] >>> 0 < regs[rs2] >>> 0 ? 1 : 0; pc = (pc + 4) | 0; break;
        case Op.Xor: regs[rd] = regs[rs1] ^ regs[rs2]; pc = (pc + 4) | 0; break;
        case Op.Srl: regs[rd] = regs[rs1] >>> regs[rs2]; pc = (pc + 4) | 0; break;
        case Op.Sra: regs[rd] = regs[rs1] >> regs[rs2]; pc = (pc + 4) | 0; break;
        case Op.Or: regs[rd] = regs[rs1] | regs[rs2]; pc = (pc + 4) | 0; break;
        case Op.And: regs[rd] = regs[rs1] & regs[rs2]; pc = (pc + 4) | 0; break;
        case Op.Fence: pc = (pc + 4) | 0; break;
        case Op.Mul: regs[rd] = Math.imul(regs[rs1], regs[rs2]); pc = (pc + 4) | 0; break;
        case Op.Mulh: regs[rd] = multiplyHighSigned(regs[rs1], regs[rs2]); pc = (pc + 4) | 0; break;
        case Op.Mulhsu: regs[rd] = multiplyHighSignedUnsigned(regs[rs1], regs[rs2]); pc = (pc + 4) | 0; break;
        case Op.Mulhu: regs[rd] = multiplyHighUnsigned(regs[rs1], regs[rs2]); pc = (pc + 4) | 0; break;
        case Op.Div: {
          const a = regs[rs1], b = regs[rs2];
          // x / 0 = -1; INT_MIN / -1 overflows to INT_MIN (the |0 wraps 2^31).
          regs[rd] = b === 0 ? -1 : (a / b) | 0;
          pc = (pc + 4) | 0;
          break;
        }
        case Op.Divu: {
          const b = regs[rs2] >>> 0;
          regs[rd] = b === 0 ? -1 : ((regs[rs1] >>> 0) / b) | 0;
          pc = (pc + 4) | 0;
          break;
        }
        case Op.Rem: {
          const a = regs[rs1], b = regs[rs2];
          regs[rd] = b === 0 ? a : (a % b) | 0;
          pc = (pc + 4) | 0;
          break;
        }
        case Op.Remu: {
          const b = regs[rs2] >>> 0;
          regs[rd] = b === 0 ? regs[rs1] : ((regs[rs1] >>> 0) % b) | 0;
          pc = (pc + 4) | 0;
          break;
        }
        // A taken branch to another page or a misaligned target leaves for the slow path.
        case Op.Beq:
          if (regs[rs1] === regs[rs2]) {
            const target = (pc + imm) | 0;
            if (((target ^ pc) & ~0xffc) !== 0) break inline;
            pc = target;
            cycles += takenExtra;
          } else pc = (pc + 4) | 0;
          break;
        case Op.Bne:
          if (regs[rs1] !== regs[rs2]) {
            const target = (pc + imm) | 0;
            if (((target ^ pc) & ~0xffc) !== 0) break inline;
            pc = target;
            cycles += takenExtra;
          } else pc = (pc + 4) | 0;
          break;
        case Op.Blt:
          if (regs[rs1] < regs[rs2]) {
            const target = (pc + imm) | 0;
            if (((target ^ pc) & ~0xffc) !== 0) break inline;
            pc = target;
            cycles += takenExtra;
          } else pc = (pc + 4) | 0;
          break;
        case Op.Bge:
          if (regs[rs1] >= regs[rs2]) {
            const target = (pc + imm) | 0;
            if (((target ^ pc) & ~0xffc) !== 0) break inline;
            pc = target;
            cycles += takenExtra;
          } else pc = (pc + 4) | 0;
          break;
        case Op.Bltu:
          if (regs[rs1] >>> 0 < regs[rs2] >>> 0) {
            const target = (pc + imm) | 0;
            if (((target ^ pc) & ~0xffc) !== 0) break inline;
            pc = target;
            cycles += takenExtra;
          } else pc = (pc + 4) | 0;
          break;
        case Op.Bgeu:
          if (regs[rs1] >>> 0 >= regs[rs2] >>> 0) {
            const target = (pc + imm) | 0;
            if (((target ^ pc) & ~0xffc) !== 0) break inline;
            pc = target;
            cycles += takenExtra;
          } else pc = (pc + 4) | 0;
          break;
        case Op.Jal: {
          const target = (pc + imm) | 0;
          if (((target ^ pc) & ~0xffc) !== 0) break inline;
          regs[rd] = pc + 4;
          pc = target;
          break;
        }
        case Op.Jalr: {
          const target = (regs[rs1] + imm) & ~1;
          if (((target ^ pc) & ~0xffc) !== 0) break inline;
          regs[rd] = pc + 4;
          pc = target;
          break;
        }
        case Op.Lw: {
          const address = (regs[rs1] + imm) | 0;
          const page = address >>> 12;
          if ((attributes[page] & loadMask) !== loadKey || (address & 3) !== 0) break inline;
          regs[rd] = words[frameOf[page]][(address >>> 2) & 1023];
          pc = (pc + 4) | 0;
          break;
        }
        case Op.Lb: case Op.Lbu: {
          const address = (regs[rs1] + imm) | 0;
          const page = address >>> 12;
          if ((attributes[page] & loadMask) !== loadKey) break inline;
          const value = bytes[frameOf[page]][address & 4095];
          regs[rd] = op === Op.Lb ? (value << 24) >> 24 : value;
          pc = (pc + 4) | 0;
          break;
        }
        case Op.Lh: case Op.Lhu: {
          const address = (regs[rs1] + imm) | 0;
          const page = address >>> 12;
          if ((attributes[page] & loadMask) !== loadKey || (address & 1) !== 0) break inline;
          const frame = bytes[frameOf[page]];
          const at = address & 4095;
          const value = frame[at] | (frame[at + 1] << 8);
          regs[rd] = op === Op.Lh ? (value << 16) >> 16 : value;
          pc = (pc + 4) | 0;
          break;
        }
        case Op.Sw: {
          const address = (regs[rs1] + imm) | 0;
          const page = address >>> 12;
          if ((attributes[page] & storeMask) !== storeKey || (address & 3) !== 0) break inline;
          words[frameOf[page]][(address >>> 2) & 1023] = regs[rs2];
          pc = (pc + 4) | 0;
          break;
        }
        case Op.Sb: {
          const address = (regs[rs1] + imm) | 0;
          const page = address >>> 12;
          if ((attributes[page] & storeMask) !== storeKey) break inline;
          bytes[frameOf[page]][address & 4095] = regs[rs2];
          pc = (pc + 4) | 0;
          break;
        }
        case Op.Sh: {
          const address = (regs[rs1] + imm) | 0;
          const page = address >>> 12;
          if ((attributes[page] & storeMask) !== storeKey || (address & 1) !== 0) break inline;
          const frame = bytes[frameOf[page]];
          const at = address & 4095;
          const value = regs[rs2];
          frame[at] = value;
          frame[at + 1] = value >>> 8;
          pc = (pc + 4) | 0;
          break;
        }
        default:
          break inline;
      }
      regs[0] = 0;
      cycles += cost[op];
      executed++;
      continue;
    }
    // Slow path: hand the machine a consistent state, let it do the work, take its state back.
    m.context.pc = pc >>> 0;
    m.cycles = cycles;
    m.instret += executed;
    limit -= executed;
    executed = 0;
    const result = executeSlow(m, op, rd, rs1, rs2, imm, pc);
    regs[0] = 0;
    pc = m.context.pc | 0;
    cycles = m.cycles;
    base = m.fetchBase;
    code = m.fetchCode;
    loadKey = m.loadKey;
    storeKey = m.storeKey;
    executed += result & Slow.Retired;
    if ((result & Slow.Stop) !== 0) break;
  }
  m.context.pc = pc >>> 0;
  m.cycles = cycles;
  m.instret += executed;
}

/** Everything the inline loop leaves out. Completed instructions charge their own cycles here. */
function executeSlow(m: Machine, op: number, rd: number, rs1: number, rs2: number, imm: number, pc: number): SlowResult {
  const regs = m.context.registers;
  switch (op) {
    case Op.Undecoded: return m.fetchMiss(pc);
    case Op.Breakpoint: return m.breakpointHit(pc);
    case Op.Illegal: return m.illegalInstruction(pc);
    case Op.Jal: return m.jump((pc + imm) | 0, rd, 0, pc);
    case Op.Jalr: return m.jump((regs[rs1] + imm) & ~1, rd, rs1, pc);
    case Op.Beq: case Op.Bne: case Op.Blt: case Op.Bge: case Op.Bltu: case Op.Bgeu:
      // Only taken branches leave the inline path.
      return m.branch((pc + imm) | 0, pc);
    case Op.Lb: return m.load((regs[rs1] + imm) | 0, 1, true, rd, pc);
    case Op.Lbu: return m.load((regs[rs1] + imm) | 0, 1, false, rd, pc);
    case Op.Lh: return m.load((regs[rs1] + imm) | 0, 2, true, rd, pc);
    case Op.Lhu: return m.load((regs[rs1] + imm) | 0, 2, false, rd, pc);
    case Op.Lw: return m.load((regs[rs1] + imm) | 0, 4, true, rd, pc);
    case Op.Sb: return m.store((regs[rs1] + imm) | 0, 1, regs[rs2], pc);
    case Op.Sh: return m.store((regs[rs1] + imm) | 0, 2, regs[rs2], pc);
    case Op.Sw: return m.store((regs[rs1] + imm) | 0, 4, regs[rs2], pc);
    case Op.Ecall: return m.environmentCall('ecall', pc);
    case Op.Ebreak: return m.environmentCall('ebreak', pc);
    case Op.Csrrw: return m.csrInstruction(imm, 'write', regs[rs1], true, rd, pc);
    case Op.Csrrs: return m.csrInstruction(imm, 'set', regs[rs1], rs1 !== 0, rd, pc);
    case Op.Csrrc: return m.csrInstruction(imm, 'clear', regs[rs1], rs1 !== 0, rd, pc);
    case Op.Csrrwi: return m.csrInstruction(imm, 'write', rs1, true, rd, pc);
    case Op.Csrrsi: return m.csrInstruction(imm, 'set', rs1, rs1 !== 0, rd, pc);
    case Op.Csrrci: return m.csrInstruction(imm, 'clear', rs1, rs1 !== 0, rd, pc);
    case Op.CapCreate: return m.capabilityCreate(rd, regs[rs1], regs[rs2], imm, undefined, pc);
    case Op.CapCreatea: return m.capabilityCreate(rd, regs[rs1], regs[rs2], imm >>> 5, regs[imm & 31], pc);
    case Op.CapRestrict: return m.capabilityRestrict(rd, rs1, regs[rs2], regs[imm & 31], imm >>> 5, pc);
    case Op.CapClr: return m.capabilityMove(rd, undefined);
    case Op.CapMv: return m.capabilityMove(rd, rs1);
    case Op.CapBase: return m.capabilityField(rd, rs1, 'base');
    case Op.CapLen: return m.capabilityField(rd, rs1, 'length');
    case Op.CapLd: return m.capabilityLoad(rd, (regs[rs1] + imm) | 0, pc);
    case Op.CapSt: return m.capabilityStore(rs2, (regs[rs1] + imm) | 0, pc);
    default:
      throw new Error(`interpreter: operation ${op} reached the slow path without a handler`);
  }
}

/** Decodes the slot as a breakpoint stop instead of its instruction. */
export function decodeBreakpointInto(code: Int32Array, slot: number): void {
  code[slot << 1] = Op.Breakpoint;
  code[(slot << 1) + 1] = 0;
}

/** Cycle cost of each Op for the inline path, from the cost model's class costs. */
export function operationCosts(costOfClass: (mnemonic: string) => number): Float64Array {
  const costs = new Float64Array(Op.Count);
  MNEMONIC_OF_OP.forEach((mnemonic, op) => {
    if (mnemonic !== '') costs[op] = costOfClass(mnemonic);
  });
  return costs;
}

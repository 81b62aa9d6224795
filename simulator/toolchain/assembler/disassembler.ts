// Words back to assembly text: finds the instruction of instruction-set.ts a word encodes and
// prints it in standard RISC-V syntax, using the same aliases as GNU objdump (li, mv, ret, j,
// nop, beqz, csrr, rdcycle, ...) so listings read like the ones users know. The text assembles
// back to the same word at the same address.

import { CapabilityPermissionCode, INSTRUCTIONS, type InstructionSpec } from '../../machine/instruction-set';
import { type DecodedFields, decodeFields } from './instruction-fields';
import { capabilityRegisterName, csrName, integerRegisterName, permissionName } from './operand-names';

const PERMISSION_CODES: ReadonlySet<number> = new Set(Object.values(CapabilityPermissionCode));

const SPECS_BY_OPCODE: ReadonlyMap<number, readonly InstructionSpec[]> = INSTRUCTIONS.reduce(
  (map, spec) => map.set(spec.opcode, [...(map.get(spec.opcode) ?? []), spec]),
  new Map<number, InstructionSpec[]>(),
);

/** Whether the register field `field` is named by the instruction's syntax (unused ones must be 0). */
function usesField(spec: InstructionSpec, field: 'rd' | 'rs1' | 'rs2'): boolean {
  return spec.syntax.some((token) =>
    token === field
    || (field === 'rd' && token === 'crd')
    || (field === 'rs1' && token === 'crs' && spec.format !== 'S')
    || (field === 'rs2' && token === 'crs' && spec.format === 'S'));
}

function matches(spec: InstructionSpec, word: number, fields: DecodedFields): boolean {
  if (spec.format === 'NONE') return word === spec.fixedWord;
  if (spec.funct3 !== undefined && fields.funct3 !== spec.funct3) return false;
  switch (spec.format) {
    case 'R':
      if (spec.funct7 !== undefined ? fields.funct7 !== spec.funct7 : !PERMISSION_CODES.has(fields.funct7)) return false;
      return (['rd', 'rs1', 'rs2'] as const).every((field) => usesField(spec, field) || fields[field] === 0);
    case 'R4':
      return PERMISSION_CODES.has(fields.funct2);
    case 'SHIFT':
      return fields.funct7 === spec.funct7;
    default:
      return true;
  }
}

/** The instruction a word encodes, or undefined if it is not one of the machine's instructions. */
export function findInstructionSpec(word: number): InstructionSpec | undefined {
  const fields = decodeFields(word);
  return SPECS_BY_OPCODE.get(fields.opcode)?.find((spec) => matches(spec, word >>> 0, fields));
}

const hex = (value: number): string => `0x${(value >>> 0).toString(16)}`;

/** Sorted symbol tables, cached per map, for `<symbol+offset>` annotations. */
const sortedSymbolCache = new WeakMap<Map<number, string>, [number, string][]>();

function describeAddress(address: number, symbols: Map<number, string> | undefined): string {
  const text = hex(address);
  if (!symbols || symbols.size === 0) return text;
  let sorted = sortedSymbolCache.get(symbols);
  if (!sorted) {
    sorted = [...symbols].sort((a, b) => a[0] - b[0]);
    sortedSymbolCache.set(symbols, sorted);
  }
  let low = 0;
  let high = sorted.length - 1;
  let found: [number, string] | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle][0] <= address) {
      found = sorted[middle];
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (!found) return text;
  const offset = address - found[0];
  return `${text} <${found[1]}${offset === 0 ? '' : `+${hex(offset)}`}>`;
}

const COUNTER_ALIASES: Record<number, string> = {
  0xc00: 'rdcycle', 0xc01: 'rdtime', 0xc02: 'rdinstret', 0xc80: 'rdcycleh', 0xc81: 'rdtimeh', 0xc82: 'rdinstreth',
};

export interface Disassembly {
  text: string;
  /** The instruction, or undefined for a word that is not one (printed as `.word`). */
  spec?: InstructionSpec;
}

export interface DisassemblyOptions {
  /** Print objdump's aliases (li, mv, ret, beqz, csrr...); default true. False: canonical forms only. */
  aliases?: boolean;
}

/**
 * One word as assembly text. `address` is where the word sits (branch and jump targets are
 * printed as absolute addresses); `symbols` (address -> name) adds `<name+offset>` to targets.
 */
export function disassembleWord(word: number, address: number, symbols?: Map<number, string>, options: DisassemblyOptions = {}): Disassembly {
  const spec = findInstructionSpec(word);
  if (!spec) return { text: `.word 0x${(word >>> 0).toString(16).padStart(8, '0')}` };
  const f = decodeFields(word);
  const x = integerRegisterName;
  const target = (offset: number): string => describeAddress((address + offset) >>> 0, symbols);
  const line = (mnemonic: string, ...operands: string[]): Disassembly => ({ text: operands.length ? `${mnemonic} ${operands.join(', ')}` : mnemonic, spec });
  // unimp is an instruction of its own to GNU (not an alias); fence spells out its default sets.
  if (spec.mnemonic === 'csrrw' && f.rd === 0 && f.rs1 === 0 && f.csr === 0xc00) return line('unimp');
  if (options.aliases === false) {
    if (spec.mnemonic === 'fence') return line('fence', 'iorw', 'iorw');
    return line(spec.mnemonic, ...spec.syntax.map((token) => formatOperand(token, spec, f, target)));
  }

  switch (spec.mnemonic) {
    case 'addi':
      if (f.rd === 0 && f.rs1 === 0 && f.immI === 0) return line('nop');
      if (f.rs1 === 0) return line('li', x(f.rd), `${f.immI}`);
      if (f.immI === 0) return line('mv', x(f.rd), x(f.rs1));
      break;
    case 'xori':
      if (f.immI === -1) return line('not', x(f.rd), x(f.rs1));
      break;
    case 'sltiu':
      if (f.immI === 1) return line('seqz', x(f.rd), x(f.rs1));
      break;
    case 'sub':
      if (f.rs1 === 0) return line('neg', x(f.rd), x(f.rs2));
      break;
    case 'sltu':
      if (f.rs1 === 0) return line('snez', x(f.rd), x(f.rs2));
      break;
    case 'slt':
      if (f.rs2 === 0) return line('sltz', x(f.rd), x(f.rs1));
      if (f.rs1 === 0) return line('sgtz', x(f.rd), x(f.rs2));
      break;
    case 'beq':
    case 'bne':
      if (f.rs2 === 0) return line(`${spec.mnemonic}z`, x(f.rs1), target(f.immB));
      break;
    case 'bge':
      if (f.rs1 === 0) return line('blez', x(f.rs2), target(f.immB));
      if (f.rs2 === 0) return line('bgez', x(f.rs1), target(f.immB));
      break;
    case 'blt':
      if (f.rs2 === 0) return line('bltz', x(f.rs1), target(f.immB));
      if (f.rs1 === 0) return line('bgtz', x(f.rs2), target(f.immB));
      break;
    case 'jal':
      if (f.rd === 0) return line('j', target(f.immJ));
      if (f.rd === 1) return line('jal', target(f.immJ));
      break;
    case 'jalr':
      if (f.immI === 0 && f.rd === 0 && f.rs1 === 1) return line('ret');
      if (f.immI === 0 && f.rd === 0) return line('jr', x(f.rs1));
      if (f.immI === 0 && f.rd === 1) return line('jalr', x(f.rs1));
      if (f.immI === 0) return line('jalr', x(f.rd), x(f.rs1));
      if (f.rd === 0) return line('jr', `${f.immI}(${x(f.rs1)})`);
      if (f.rd === 1) return line('jalr', `${f.immI}(${x(f.rs1)})`);
      break;
    case 'csrrs':
      if (f.rs1 === 0 && f.rd !== 0 && COUNTER_ALIASES[f.csr]) return line(COUNTER_ALIASES[f.csr], x(f.rd));
      if (f.rs1 === 0) return line('csrr', x(f.rd), csrName(f.csr));
      if (f.rd === 0) return line('csrs', csrName(f.csr), x(f.rs1));
      break;
    case 'csrrw':
      if (f.rd === 0) return line('csrw', csrName(f.csr), x(f.rs1));
      break;
    case 'csrrc':
      if (f.rd === 0) return line('csrc', csrName(f.csr), x(f.rs1));
      break;
    case 'csrrwi':
    case 'csrrsi':
    case 'csrrci':
      if (f.rd === 0) return line(`csr${spec.mnemonic[4]}i`, csrName(f.csr), `${f.rs1}`);
      break;
    default:
      break;
  }
  return line(spec.mnemonic, ...spec.syntax.map((token) => formatOperand(token, spec, f, target)));
}

function formatOperand(token: string, spec: InstructionSpec, f: DecodedFields, target: (offset: number) => string): string {
  switch (token) {
    case 'rd': return integerRegisterName(f.rd);
    case 'rs1': return integerRegisterName(f.rs1);
    case 'rs2': return integerRegisterName(f.rs2);
    case 'rs3': return integerRegisterName(f.rs3);
    case 'crd': return capabilityRegisterName(f.rd);
    case 'crs': return capabilityRegisterName(spec.format === 'S' ? f.rs2 : f.rs1);
    case 'imm': return `${f.immI}`;
    case 'off(rs1)': return `${spec.format === 'S' ? f.immS : f.immI}(${integerRegisterName(f.rs1)})`;
    case 'target': return target(spec.format === 'B' ? f.immB : f.immJ);
    case 'uimm20': return hex(f.immU);
    case 'shamt': return hex(f.rs2);
    case 'csr': return csrName(f.csr);
    case 'zimm': return `${f.rs1}`;
    case 'perm': return permissionName(spec.format === 'R4' ? f.funct2 : f.funct7) ?? '?';
    default: throw new Error(`instruction-set.ts uses an operand token the disassembler does not know: ${token}`);
  }
}

// GNU as's RISC-V `.insn` directive: an instruction given by its format, opcode and function
// fields rather than a mnemonic, the usual way to hand-encode custom (e.g. CODOMs) instructions.
// It is read here into a one-off instruction spec and template that the assembler encodes like any other.

import { CAPABILITY_REGISTER_COUNT, type Format, type InstructionSpec } from '../../machine/instruction-set';
import { type Expression, ExpressionError } from './expression';
import { capabilityRegisterNumber, integerRegisterNumber, memoryOperand } from './operand-names';
import { type InstructionTemplate } from './pseudo-instructions';
import { type OperandText } from './source-statements';

/** What `.insn` needs from the assembler to read its operands. */
export interface InsnOperandReader {
  /** An expression, evaluated when the instruction is encoded (labels may come later). */
  expression(operand: OperandText): Expression;
  /** A value the assembler knows now (a number, or symbols defined before). */
  constant(operand: OperandText, what: string): number;
}

/** `.insn` read: a spec of its fields (mnemonic `.insn <format>`, for messages) and its operands. */
export interface InsnInstruction {
  spec: InstructionSpec;
  template: InstructionTemplate;
}

/** GNU's names for the major opcodes (binutils riscv-opc.c), usable in place of the number. */
export const INSN_OPCODE_BY_NAME: ReadonlyMap<string, number> = new Map([
  ['LOAD', 0x03], ['LOAD_FP', 0x07], ['CUSTOM_0', 0x0b], ['MISC_MEM', 0x0f], ['OP_IMM', 0x13], ['AUIPC', 0x17],
  ['OP_IMM_32', 0x1b], ['STORE', 0x23], ['STORE_FP', 0x27], ['CUSTOM_1', 0x2b], ['AMO', 0x2f], ['OP', 0x33],
  ['LUI', 0x37], ['OP_32', 0x3b], ['MADD', 0x43], ['MSUB', 0x47], ['NMSUB', 0x4b], ['NMADD', 0x4f],
  ['OP_FP', 0x53], ['OP_V', 0x57], ['CUSTOM_2', 0x5b], ['BRANCH', 0x63], ['JALR', 0x67], ['JAL', 0x6f],
  ['SYSTEM', 0x73], ['CUSTOM_3', 0x7b],
]);

/**
 * The typed forms, by format word: the encoding format and the operands after the opcode.
 * `r` with seven operands is the four-register form (`r4`). `sb` and `uj` are GNU's older names.
 */
type OperandRole = 'funct3' | 'funct7' | 'funct2' | 'rd' | 'rs1' | 'rs2' | 'rs3' | 'imm' | 'off(rs1)' | 'target' | 'uimm20';
interface InsnForm {
  format: Format;
  operands: readonly OperandRole[];
}
const R: InsnForm = { format: 'R', operands: ['funct3', 'funct7', 'rd', 'rs1', 'rs2'] };
const R4: InsnForm = { format: 'R4', operands: ['funct3', 'funct2', 'rd', 'rs1', 'rs2', 'rs3'] };
const I: InsnForm = { format: 'I', operands: ['funct3', 'rd', 'rs1', 'imm'] };
const I_LOAD: InsnForm = { format: 'I', operands: ['funct3', 'rd', 'off(rs1)'] };
const S: InsnForm = { format: 'S', operands: ['funct3', 'rs2', 'off(rs1)'] };
const B: InsnForm = { format: 'B', operands: ['funct3', 'rs1', 'rs2', 'target'] };
const U: InsnForm = { format: 'U', operands: ['rd', 'uimm20'] };
const J: InsnForm = { format: 'J', operands: ['rd', 'target'] };

const FORMS_BY_WORD: ReadonlyMap<string, readonly InsnForm[]> = new Map([
  ['r', [R, R4]], ['r4', [R4]], ['i', [I, I_LOAD]], ['s', [S]], ['b', [B]], ['sb', [B]], ['u', [U]], ['j', [J]], ['uj', [J]],
]);

const COMPRESSED_WORDS = new Set(['cr', 'ci', 'ciw', 'ca', 'cb', 'cj', 'cl', 'cs', 'css']);

const FIELD_WIDTHS: Readonly<Record<'funct2' | 'funct3' | 'funct7', number>> = { funct2: 2, funct3: 3, funct7: 7 };

/** Reads the operands of one `.insn` statement. Throws ExpressionError (with a column) for bad input. */
export function readInsnDirective(operands: readonly OperandText[], nameColumn: number, reader: InsnOperandReader): InsnInstruction {
  if (operands.length === 0 || operands[0].text === '') throw new ExpressionError('.insn expects a format and fields, or an instruction word', nameColumn);
  const first = operands[0];
  const match = /^([A-Za-z][A-Za-z0-9]*)\s+(\S.*)$/.exec(first.text);
  const word = match?.[1].toLowerCase();
  const forms = word === undefined ? undefined : FORMS_BY_WORD.get(word);
  if (word !== undefined && COMPRESSED_WORDS.has(word)) {
    throw new ExpressionError(`.insn ${word}: compressed instructions are not supported (this machine runs RV32IM without C)`, first.column);
  }
  if (word !== undefined && !forms) throw new ExpressionError(`unknown .insn format '${match![1]}' (expected r, r4, i, s, b, u or j)`, first.column);
  if (!forms) return rawInstruction(operands, reader);

  const opcodeOperand: OperandText = { text: match![2], column: first.column + first.text.indexOf(match![2], match![1].length) };
  const rest = operands.slice(1);
  const form = forms.find((candidate) => candidate.operands.length === rest.length);
  if (!form) {
    const described = forms.map((candidate) => `.insn ${word} opcode, ${candidate.operands.join(', ')}`).join(' or ');
    throw new ExpressionError(`wrong operands for .insn ${word} (found ${rest.length + 1}, expected ${described})`, nameColumn);
  }

  const opcode = readOpcode(opcodeOperand, reader);
  const fields: { funct3?: number; funct7?: number } = {};
  const template: InstructionTemplate = { mnemonic: `.insn ${word}` };
  for (let index = 0; index < form.operands.length; index += 1) {
    const role = form.operands[index];
    const operand = rest[index];
    if (operand.text === '') throw new ExpressionError('missing operand', operand.column);
    switch (role) {
      case 'funct2':
      case 'funct3':
      case 'funct7': {
        const value = reader.constant(operand, role);
        const limit = 2 ** FIELD_WIDTHS[role];
        if (value < 0 || value >= limit) throw new ExpressionError(`${role} ${value} is out of range (0 to ${limit - 1})`, operand.column);
        // The R4 form's funct2 sits where the encoder puts a capability permission code.
        if (role === 'funct2') template.perm = value;
        else fields[role] = value;
        break;
      }
      case 'rd':
      case 'rs1':
      case 'rs2':
      case 'rs3':
        template[role] = register(operand);
        break;
      case 'off(rs1)': {
        const memory = memoryOperand(operand, registerNumber, reader.expression);
        if (!memory) throw new ExpressionError(`expected a memory operand offset(register), found '${operand.text}'`, operand.column);
        template.imm = memory.offset;
        template.rs1 = memory.base;
        break;
      }
      case 'imm':
      case 'uimm20':
      case 'target':
        if (registerNumber(operand.text) !== undefined) throw new ExpressionError(`expected an immediate value, found register '${operand.text}'`, operand.column);
        template.imm = reader.expression(operand);
        break;
    }
  }
  const spec: InstructionSpec = {
    mnemonic: template.mnemonic, format: form.format, opcode, funct3: fields.funct3, funct7: fields.funct7,
    syntax: [], costClass: 'alu', summary: 'an instruction given by its fields (.insn)',
  };
  return { spec, template };
}

/** `.insn value` or `.insn length, value`: a whole 32-bit instruction word. */
function rawInstruction(operands: readonly OperandText[], reader: InsnOperandReader): InsnInstruction {
  if (operands.length > 2) throw new ExpressionError(`.insn expects a format (r, r4, i, s, b, u, j) or an instruction word, found '${operands[0].text}'`, operands[0].column);
  const valueOperand = operands[operands.length - 1];
  if (operands.length === 2) {
    const length = reader.constant(operands[0], '.insn length');
    if (length !== 4) throw new ExpressionError(`.insn length ${length} is not supported: this machine runs only 4-byte instructions`, operands[0].column);
  }
  const value = reader.constant(valueOperand, '.insn value');
  if (value < -0x8000_0000 || value > 0xffff_ffff) throw new ExpressionError(`.insn value ${value} does not fit in 32 bits`, valueOperand.column);
  const word = value >>> 0;
  if ((word & 3) !== 3 || (word & 0x1c) === 0x1c) {
    throw new ExpressionError(`.insn value 0x${word.toString(16)} is not a 4-byte instruction encoding (its low bits must be xxx11 with bits 4:2 not all set)`, valueOperand.column);
  }
  const spec: InstructionSpec = {
    mnemonic: '.insn', format: 'NONE', opcode: word & 0x7f, fixedWord: word, syntax: [], costClass: 'alu', summary: 'an instruction word (.insn)',
  };
  return { spec, template: { mnemonic: '.insn' } };
}

function readOpcode(operand: OperandText, reader: InsnOperandReader): number {
  const named = INSN_OPCODE_BY_NAME.get(operand.text.trim().toUpperCase());
  const opcode = named ?? reader.constant(operand, '.insn opcode');
  if (opcode < 0 || opcode > 127 || (opcode & 3) !== 3) {
    throw new ExpressionError(`bad .insn opcode ${opcode}: it must be 0 to 127 with the low 2 bits 11 (or a name such as OP, CUSTOM_0)`, operand.column);
  }
  return opcode;
}

/** An integer register, or a capability register `crN` as field number N (CODOMs puts them in rd/rs fields). */
function registerNumber(text: string): number | undefined {
  return integerRegisterNumber(text) ?? capabilityRegisterNumber(text);
}

function register(operand: OperandText): number {
  const number = registerNumber(operand.text);
  if (number === undefined) {
    throw new ExpressionError(`expected a register (x0-x31, an ABI name or cr0-cr${CAPABILITY_REGISTER_COUNT - 1}), found '${operand.text}'`, operand.column);
  }
  return number;
}

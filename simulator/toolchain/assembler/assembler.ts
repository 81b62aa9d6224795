// The assembler: GNU-style RV32IM + Zicsr + CODOMs assembly to placed, page-aligned sections.
// Two passes over the statements: the first expands pseudo-instructions, sizes everything and
// gives labels section offsets; sections are then placed; the second evaluates every expression
// with final addresses and encodes. Every error is collected with its line and column.

import { INSTRUCTION_BY_MNEMONIC, type InstructionSpec } from '../../machine/instruction-set';
import { type SegmentPermissions } from '../../kernel/program-image';
import { PAGE_SIZE } from '../../kernel/address-space';
import {
  type EvaluationContext,
  type Expression,
  ExpressionError,
  type RelocatableValue,
  UnresolvedValue,
  evaluate,
  lowPart,
  parseExpression,
} from './expression';
import { encodeInstruction } from './instruction-fields';
import { CONDITIONAL_DIRECTIVES, type ConditionReader, ConditionalAssembly } from './conditional-assembly';
import { type InsnOperandReader, readInsnDirective } from './insn-directive';
import { capabilityRegisterNumber, csrNumberByName, integerRegisterNumber, memoryOperand, permissionCode } from './operand-names';
import {
  type ExpansionContext,
  type InstructionTemplate,
  type OperandKind,
  type ParsedOperands,
  type PseudoInstruction,
  PSEUDO_INSTRUCTIONS_BY_MNEMONIC,
} from './pseudo-instructions';
import { type SectionAttributes, alignUp, placeSections, sectionAttributes } from './section-layout';
import { type OperandText, type Statement, parseStringLiteral, repeatedStatement, splitStatements } from './source-statements';

export interface AssemblerError {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  /** The `fileName` option, for messages like `file:line:col: error: ...`. */
  file: string;
}

export interface AssembledSection {
  name: string;
  /** Page-aligned. */
  address: number;
  /** File contents (empty for `.bss`); the rest of `size` is zero. */
  bytes: Uint8Array;
  /** Bytes the section occupies in memory, `.bss` included. */
  size: number;
  permissions: SegmentPermissions;
}

export interface AssemblyResult {
  errors: AssemblerError[];
  /** Allocated, non-empty sections, in address order. */
  sections: AssembledSection[];
  /** Every label except local ones (`.L*`, numeric `1:`), with its final address. */
  symbols: Map<string, number>;
  /** The address of the first instruction of each source line that has one, by line. */
  lineAddresses: { line: number; address: number }[];
}

export interface AssembleOptions {
  /** Used in error messages; defaults to `<input>`. */
  fileName?: string;
  /** Section name -> page-aligned start address; unlisted sections get GNU-ld-like defaults. */
  sectionBases?: Record<string, number>;
}

export function formatAssemblerError(error: AssemblerError): string {
  return `${error.file}:${error.line}:${error.column}: error: ${error.message}`;
}

/** Assembles a whole source text. Never throws for bad input: problems come back in `errors`. */
export function assemble(source: string, options: AssembleOptions = {}): AssemblyResult {
  try {
    return new Assembly(options).run(source);
  } catch (error) {
    // A bug here must not take down the caller (the language server, the debugger): report it.
    const message = `internal assembler error: ${error instanceof Error ? error.message : String(error)}`;
    return { errors: [{ line: 1, column: 1, message, file: options.fileName ?? '<input>' }], sections: [], symbols: new Map(), lineAddresses: [] };
  }
}

// ---------------------------------------------------------------------------------------------

/** One real instruction. Statements of the same shape share their bodies (see `repeatable`). */
class InstructionBody {
  readonly kind = 'instruction';
  /** The encoded word, once known, of a repeatable body that is not pc-relative. */
  word: number | undefined = undefined;

  constructor(
    readonly spec: InstructionSpec,
    readonly template: InstructionTemplate,
    /** Its operands are plain numbers and registers: the encoding depends on nothing else (B/J: the pc). */
    readonly repeatable: boolean,
  ) {}
}

type ItemBody =
  | InstructionBody
  | { kind: 'data'; width: 1 | 2 | 4; expressions: { expression: Expression; column: number }[] }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'fill'; pattern: 'nop' | number }
  | { kind: 'assignment'; name: string; expression: Expression };

/** An emitted body at its place. One class, so that every item has the same shape (fast to walk). */
class Item {
  constructor(
    readonly body: ItemBody,
    readonly section: SectionState,
    readonly offset: number,
    readonly size: number,
    readonly line: number,
    readonly column: number,
  ) {}
}

type SymbolDefinition =
  | { kind: 'label'; section: SectionState; offset: number; line: number }
  | { kind: 'constant'; value?: RelocatableValue; line: number; redefinable: boolean };

interface SectionState {
  name: string;
  attributes: SectionAttributes;
  size: number;
  /** The largest `.align` seen; GNU as pads executable sections to it at the end. */
  alignment: number;
  firstLine: number;
  /** Set once sections are placed (allocated sections only). */
  address?: number;
  /** The contents, filled by the second pass (allocated sections with contents only). */
  bytes?: Uint8Array;
  /** Whether an instruction was emitted here. */
  holdsInstructions: boolean;
}

/** One way to read a mnemonic's operands: a real instruction of the table or a pseudo-instruction. */
interface InstructionForm {
  syntax: readonly OperandKind[];
  spec?: InstructionSpec;
  pseudo?: PseudoInstruction;
}

const FORMS_BY_MNEMONIC = new Map<string, readonly InstructionForm[]>();

/** The forms of a mnemonic (lower case), the real instruction first; built on first use. */
function formsOf(mnemonic: string): readonly InstructionForm[] {
  let forms = FORMS_BY_MNEMONIC.get(mnemonic);
  if (!forms) {
    const spec = INSTRUCTION_BY_MNEMONIC.get(mnemonic);
    const list: InstructionForm[] = spec ? [{ syntax: spec.syntax as OperandKind[], spec }] : [];
    for (const pseudo of PSEUDO_INSTRUCTIONS_BY_MNEMONIC.get(mnemonic) ?? []) list.push({ syntax: pseudo.syntax, pseudo });
    forms = list;
    FORMS_BY_MNEMONIC.set(mnemonic, forms);
  }
  return forms;
}

const NOP_WORD = 0x00000013;
/** Larger reservations are almost certainly a typo, and would allocate that much memory here. */
const MAX_SPACE_BYTES = 0x0400_0000;
const LOCAL_LABEL_SEPARATOR = '\u0002';

/** Directives accepted for compatibility with gcc -S output; they do not change the image. */
const IGNORED_DIRECTIVES = new Set([
  '.globl', '.global', '.local', '.weak', '.hidden', '.protected', '.internal', '.type', '.size',
  '.option', '.file', '.ident', '.attribute', '.loc', '.addrsig', '.addrsig_sym', '.end', '.func', '.endfunc',
]);

/** Operands whose kind is an immediate: a register name there is a mistake worth naming. */
const IMMEDIATE_KINDS: ReadonlySet<OperandKind> = new Set(['imm', 'target', 'uimm20', 'shamt', 'zimm', 'symbol']);

class OperandError extends Error {
  constructor(message: string, readonly column: number) {
    super(message);
  }
}

/**
 * Operands that do not fit one form of a mnemonic. A plain value, not an exception: trying the
 * forms in turn is routine (`lw a0, 8(sp)` and `lw a0, symbol`), and an Error records a stack.
 */
class OperandMismatch {
  constructor(readonly message: string, readonly column: number) {}
}

class Assembly {
  private readonly errors: AssemblerError[] = [];
  private readonly fileName: string;
  private readonly sections = new Map<string, SectionState>();
  private readonly symbols = new Map<string, SymbolDefinition>();
  private readonly localLabelCounts = new Map<string, number>();
  private readonly items: Item[] = [];
  /** The auipc items, in order (what `%pcrel_lo` looks for). */
  private readonly auipcItems: Item[] = [];
  /** The instruction bodies of statement shapes whose assembly does not depend on where they are. */
  private readonly repeatedInstructions = new Map<object, InstructionBody[]>();
  private current!: SectionState;
  private readonly sectionStack: SectionState[] = [];
  private previousSection: SectionState | undefined;
  private readonly conditions = new ConditionalAssembly();
  private readonly operandReader: InsnOperandReader & ConditionReader = {
    expression: (operand) => this.expression(operand),
    constant: (operand, what) => this.requireConstant(operand, what),
    isDefined: (name) => this.symbols.has(name),
  };

  constructor(private readonly options: AssembleOptions) {
    this.fileName = options.fileName ?? '<input>';
  }

  run(source: string): AssemblyResult {
    this.current = this.section('.text', undefined, undefined, 1);
    let lastLine = 1;
    splitStatements(source, {
      statement: (statement) => {
        this.firstPass(statement);
        lastLine = statement.line;
      },
      repeated: (first, line) => {
        const bodies = first.shape === undefined || first.labels.length > 0 ? undefined : this.repeatedInstructions.get(first.shape);
        if (bodies !== undefined && this.conditions.assembling) this.repeatedInstruction(line, first.nameColumn, bodies);
        else this.firstPass(repeatedStatement(first, line));
        lastLine = line;
      },
      error: (error) => this.error(error.line, error.column, error.message),
    });
    this.conditions.finish((line, column, message) => this.error(line, column, message));
    this.padCodeSections(lastLine);

    const allocated = [...this.sections.values()].filter((section) => section.attributes.allocated);
    const placement = placeSections(
      allocated.map((section) => ({ name: section.name, kind: section.attributes.kind, size: section.size })),
      this.options.sectionBases ?? {},
    );
    if (!placement.ok) {
      this.error(this.sections.get(placement.section)?.firstLine ?? 1, 1, placement.message);
      return this.result([], new Map(), () => []);
    }
    const bases = placement.addresses;
    for (const section of allocated) section.address = bases.get(section.name);
    this.secondPass(bases);
    const symbols = new Map<string, number>();
    this.symbols.forEach((definition, name) => {
      if (definition.kind !== 'label' || name.startsWith('.L') || name.includes(LOCAL_LABEL_SEPARATOR)) return;
      const base = definition.section.address;
      if (base !== undefined) symbols.set(name, (base + definition.offset) >>> 0);
    });
    const sections = allocated
      .filter((section) => section.size > 0)
      .map((section): AssembledSection => ({
        name: section.name,
        address: bases.get(section.name)!,
        bytes: section.bytes ?? new Uint8Array(0),
        size: section.size,
        permissions: section.attributes.permissions,
      }))
      .sort((a, b) => a.address - b.address);
    return this.result(sections, symbols, () => this.lineAddresses());
  }

  /** Line addresses are made on first read: only `.s` programs use them (compiled programs have debug info). */
  private result(sections: AssembledSection[], symbols: Map<string, number>, lineAddresses: () => AssemblyResult['lineAddresses']): AssemblyResult {
    const errors = [...this.errors].sort((a, b) => a.line - b.line || a.column - b.column);
    let lines: AssemblyResult['lineAddresses'] | undefined;
    return {
      errors,
      sections,
      symbols,
      get lineAddresses() {
        lines ??= lineAddresses();
        return lines;
      },
    };
  }

  /** Instruction items come in line order: the first placed one of each line gives its address. */
  private lineAddresses(): AssemblyResult['lineAddresses'] {
    const lineAddresses: AssemblyResult['lineAddresses'] = [];
    let previousLine = 0;
    const items = this.items;
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index];
      const base = item.section.address;
      if (item.body.kind !== 'instruction' || base === undefined || item.line === previousLine) continue;
      lineAddresses.push({ line: item.line, address: base + item.offset });
      previousLine = item.line;
    }
    return lineAddresses;
  }

  /** Like GNU as, end each executable section on its alignment, with nops. */
  private padCodeSections(line: number): void {
    for (const section of this.sections.values()) {
      const padding = alignUp(section.size, section.alignment) - section.size;
      if (!section.attributes.permissions.execute || padding === 0) continue;
      this.current = section;
      this.emit({ kind: 'fill', pattern: 'nop' }, padding, line, 1);
    }
  }

  private error(line: number, column: number, message: string): void {
    if (this.errors.some((e) => e.line === line && e.column === column && e.message === message)) return;
    this.errors.push({ line, column, message, file: this.fileName });
  }

  private section(name: string, flags: string | undefined, type: string | undefined, line: number): SectionState {
    let state = this.sections.get(name);
    if (!state) {
      state = { name, attributes: sectionAttributes(name, flags, type), size: 0, alignment: 1, firstLine: line, holdsInstructions: false };
      this.sections.set(name, state);
    }
    return state;
  }

  private switchTo(section: SectionState): void {
    this.previousSection = this.current;
    this.current = section;
  }

  // --- first pass ----------------------------------------------------------------------------

  private firstPass(statement: Statement): void {
    try {
      if (!this.conditions.assembling) return this.conditions.skipped(statement, this.operandReader);
      const labels = statement.labels;
      for (let index = 0; index < labels.length; index += 1) this.defineLabel(labels[index].name, labels[index].column, statement.line);
      if (statement.assignment) {
        const { name, column, value } = statement.assignment;
        this.assign(name, column, value, statement.line, true);
      }
      if (statement.name === undefined) return;
      if (statement.name.startsWith('.')) {
        this.directive(statement);
        return;
      }
      const repeated = statement.shape === undefined ? undefined : this.repeatedInstructions.get(statement.shape);
      if (repeated !== undefined) this.repeatedInstruction(statement.line, statement.nameColumn, repeated);
      else this.instruction(statement);
    } catch (error) {
      if (error instanceof ExpressionError || error instanceof OperandError) this.error(statement.line, error.column, error.message);
      else throw error;
    }
  }

  private defineLabel(name: string, column: number, line: number): void {
    let internalName = name;
    if (isDecimalDigits(name)) {
      const count = this.localLabelCounts.get(name) ?? 0;
      this.localLabelCounts.set(name, count + 1);
      internalName = `${name}${LOCAL_LABEL_SEPARATOR}${count}`;
    }
    const existing = this.symbols.get(internalName);
    if (existing) {
      this.error(line, column, `symbol '${name}' is already defined on line ${existing.line}`);
      return;
    }
    this.symbols.set(internalName, { kind: 'label', section: this.current, offset: this.current.size, line });
  }

  private resolveLocalLabel = (number: string, direction: 'b' | 'f', column: number): string => {
    const count = this.localLabelCounts.get(number) ?? 0;
    if (direction === 'b') {
      if (count === 0) throw new ExpressionError(`local label ${number} is not defined before this point`, column);
      return `${number}${LOCAL_LABEL_SEPARATOR}${count - 1}`;
    }
    return `${number}${LOCAL_LABEL_SEPARATOR}${count}`;
  };

  private expression(operand: OperandText): Expression {
    if (operand.text === '') throw new OperandError('missing operand', operand.column);
    return parseExpression(operand.text, operand.column, this.resolveLocalLabel);
  }

  /** Values as the first pass knows them: labels are section offsets, `.` is the current one. */
  private readonly firstPassContext = new FirstPassContext(this.symbols, () => this.current);

  /** How pseudo-instructions see the statement being expanded (one object, `here` set per statement). */
  private readonly expansion: ExpansionContext = {
    here: { kind: 'location', column: 0 },
    constantValue: (expression) => {
      const value = this.knownConstant(expression);
      if (value !== undefined && (value < -0x8000_0000 || value > 0xffff_ffff)) {
        throw new OperandError(`value ${value} does not fit in 32 bits`, expression.column);
      }
      return value;
    },
  };

  /** The value if the first pass can already compute it as a plain number. */
  private knownConstant(expression: Expression): number | undefined {
    try {
      const value = evaluate(expression, this.firstPassContext);
      return value.section === undefined ? value.value : undefined;
    } catch (error) {
      if (error instanceof UnresolvedValue) return undefined;
      throw error;
    }
  }

  private requireConstant(operand: OperandText, what: string): number {
    const value = this.knownConstant(this.expression(operand));
    if (value === undefined) throw new OperandError(`${what} must be a constant known at this point`, operand.column);
    return value;
  }

  private assign(name: string, column: number, operand: OperandText, line: number, redefinable: boolean): void {
    const expression = this.expression(operand);
    const existing = this.symbols.get(name);
    if (existing && (existing.kind === 'label' || !existing.redefinable || !redefinable)) {
      this.error(line, column, `symbol '${name}' is already defined on line ${existing.line}`);
      return;
    }
    let value: RelocatableValue | undefined;
    try {
      value = evaluate(expression, this.firstPassContext);
    } catch (error) {
      if (!(error instanceof UnresolvedValue)) throw error;
    }
    this.symbols.set(name, { kind: 'constant', value, line, redefinable });
    this.emit({ kind: 'assignment', name, expression }, 0, line, column);
  }

  private emit(body: ItemBody, size: number, line: number, column: number): void {
    const section = this.current;
    if (section.attributes.noBits && size > 0 && !(body.kind === 'fill' && body.pattern === 0)) {
      this.error(line, column, `${section.name} holds no data (only .space, .zero and labels are allowed there)`);
    }
    const item = new Item(body, section, section.size, size, line, column);
    this.items.push(item);
    if (body.kind === 'instruction') {
      section.holdsInstructions = true;
      if (body.spec.mnemonic === 'auipc') this.auipcItems.push(item);
    }
    section.size += size;
  }

  private expectOperands(statement: Statement, min: number, max: number): void {
    const count = statement.operands.length;
    if (count >= min && count <= max) return;
    const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw new OperandError(`${statement.name} expects ${wanted} operand${min === max && min === 1 ? '' : 's'}, found ${count}`, statement.nameColumn);
  }

  private directive(statement: Statement): void {
    const name = statement.name!.toLowerCase();
    const { line, operands } = statement;
    const column = statement.nameColumn;
    if (IGNORED_DIRECTIVES.has(name) || name.startsWith('.cfi_')) return;
    if (CONDITIONAL_DIRECTIVES.has(name)) {
      this.conditions.directive(name, statement, this.operandReader);
      return;
    }
    switch (name) {
      case '.text':
      case '.data':
      case '.rodata':
      case '.bss':
        this.switchTo(this.section(name, undefined, undefined, line));
        return;
      case '.section':
      case '.pushsection': {
        this.expectOperands(statement, 1, Infinity);
        const sectionName = operands[0].text.replace(/^"(.*)"$/, '$1');
        if (!/^[A-Za-z0-9_.$-]+$/.test(sectionName)) throw new OperandError(`invalid section name '${operands[0].text}'`, operands[0].column);
        const flags = operands[1]?.text.replace(/^"(.*)"$/, '$1');
        const type = operands[2]?.text.replace(/^[@%]/, '');
        if (name === '.pushsection') this.sectionStack.push(this.current);
        this.switchTo(this.section(sectionName, flags, type, line));
        return;
      }
      case '.popsection': {
        const previous = this.sectionStack.pop();
        if (!previous) throw new OperandError('.popsection without .pushsection', column);
        this.switchTo(previous);
        return;
      }
      case '.previous':
        if (this.previousSection) this.switchTo(this.previousSection);
        return;
      case '.word':
      case '.long':
      case '.4byte':
        return this.data(statement, 4);
      case '.half':
      case '.short':
      case '.2byte':
        return this.data(statement, 2);
      case '.byte':
        return this.data(statement, 1);
      case '.ascii':
      case '.asciz':
      case '.string': {
        this.expectOperands(statement, 1, Infinity);
        for (const operand of operands) {
          const bytes = parseStringLiteral(operand.text);
          if (typeof bytes === 'string') throw new OperandError(bytes, operand.column);
          const withTerminator = name === '.ascii' ? bytes : Uint8Array.of(...bytes, 0);
          this.emit({ kind: 'bytes', bytes: withTerminator }, withTerminator.length, line, operand.column);
        }
        return;
      }
      case '.space':
      case '.skip':
      case '.zero': {
        this.expectOperands(statement, 1, name === '.zero' ? 1 : 2);
        const size = this.requireConstant(operands[0], `${name} size`);
        if (size < 0 || size > MAX_SPACE_BYTES) throw new OperandError(`${name} size ${size} is out of range (0 to ${MAX_SPACE_BYTES})`, operands[0].column);
        const fill = operands[1] ? this.requireConstant(operands[1], `${name} fill value`) & 0xff : 0;
        this.emit({ kind: 'fill', pattern: fill }, size, line, column);
        return;
      }
      case '.align':
      case '.p2align':
      case '.balign': {
        this.expectOperands(statement, 1, 3);
        const amount = this.requireConstant(operands[0], 'alignment');
        const alignment = name === '.balign' ? amount : 2 ** amount;
        if (name === '.balign' ? amount < 1 || (amount & (amount - 1)) !== 0 : amount < 0 || amount > 31) {
          throw new OperandError(`alignment must be a power of two, got ${amount}`, operands[0].column);
        }
        if (alignment > PAGE_SIZE) throw new OperandError(`alignment ${alignment} is larger than a page (${PAGE_SIZE}); sections are only page-aligned`, operands[0].column);
        const fill = operands[1] && operands[1].text !== '' ? this.requireConstant(operands[1], 'fill value') & 0xff : undefined;
        const maximum = operands[2] ? this.requireConstant(operands[2], 'maximum padding') : Infinity;
        const padding = alignUp(this.current.size, alignment) - this.current.size;
        if (padding > maximum) return;
        this.current.alignment = Math.max(this.current.alignment, alignment);
        if (padding === 0) return;
        const pattern = fill ?? (this.current.attributes.permissions.execute ? 'nop' : 0);
        this.emit({ kind: 'fill', pattern }, padding, line, column);
        return;
      }
      case '.equ':
      case '.set':
      case '.equiv': {
        this.expectOperands(statement, 2, 2);
        const symbol = operands[0].text;
        if (!/^[A-Za-z_.$][A-Za-z0-9_.$]*$/.test(symbol)) throw new OperandError(`invalid symbol name '${symbol}'`, operands[0].column);
        // As in GNU as, .equ is .set (redefinable); .equiv refuses a second definition.
        this.assign(symbol, operands[0].column, operands[1], line, name !== '.equiv');
        return;
      }
      case '.insn': {
        const { spec, template } = readInsnDirective(operands, column, this.operandReader);
        if (this.current.attributes.noBits) throw new OperandError(`instructions cannot go in ${this.current.name}`, column);
        this.emit(new InstructionBody(spec, template, false), 4, line, column);
        return;
      }
      case '.comm':
      case '.lcomm': {
        this.expectOperands(statement, 2, 3);
        const symbol = operands[0].text;
        const size = this.requireConstant(operands[1], 'size');
        const alignment = operands[2] ? this.requireConstant(operands[2], 'alignment') : 4;
        const saved = this.current;
        this.current = this.section('.bss', undefined, undefined, line);
        const padding = alignUp(this.current.size, Math.max(1, alignment)) - this.current.size;
        if (padding > 0) this.emit({ kind: 'fill', pattern: 0 }, padding, line, column);
        this.defineLabel(symbol, operands[0].column, line);
        this.emit({ kind: 'fill', pattern: 0 }, size, line, column);
        this.current = saved;
        return;
      }
      default:
        throw new OperandError(`unknown directive '${statement.name}'`, column);
    }
  }

  private data(statement: Statement, width: 1 | 2 | 4): void {
    this.expectOperands(statement, 1, Infinity);
    const expressions: { expression: Expression; column: number }[] = [];
    for (const operand of statement.operands) expressions.push({ expression: this.expression(operand), column: operand.column });
    this.emit({ kind: 'data', width, expressions }, width * expressions.length, statement.line, statement.nameColumn);
  }

  /** Another statement of a shape already assembled (kept apart from `instruction`, which does the real work once). */
  private repeatedInstruction(line: number, column: number, bodies: readonly InstructionBody[]): void {
    if (this.current.attributes.noBits) {
      this.error(line, column, `instructions cannot go in ${this.current.name}`);
      return;
    }
    for (let index = 0; index < bodies.length; index += 1) this.emit(bodies[index], 4, line, column);
  }

  private instruction(statement: Statement): void {
    const mnemonic = statement.name!.toLowerCase();
    const forms = formsOf(mnemonic);
    if (mnemonic === 'fence' && statement.operands.length === 2 && statement.operands.every((o) => o.text.toLowerCase() === 'iorw')) {
      statement = { ...statement, operands: [] };
    }
    if (forms.length === 0) throw new OperandError(`unknown instruction '${statement.name}'`, statement.nameColumn);
    const operandCount = statement.operands.length;
    if (!forms.some((form) => form.syntax.length === operandCount)) {
      const described = forms.map((form) => `${mnemonic}${form.syntax.length ? ' ' : ''}${form.syntax.join(', ')}`).join(' or ');
      throw new OperandError(`wrong number of operands for ${mnemonic} (found ${statement.operands.length}, expected ${described})`, statement.nameColumn);
    }
    let firstFailure: OperandError | ExpressionError | OperandMismatch | undefined;
    for (const form of forms) {
      if (form.syntax.length !== operandCount) continue;
      let operands: ParsedOperands | OperandMismatch;
      try {
        operands = this.parseOperands(form.syntax, statement.operands);
      } catch (error) {
        if (!(error instanceof OperandError || error instanceof ExpressionError)) throw error;
        firstFailure ??= error;
        continue;
      }
      if (operands instanceof OperandMismatch) {
        firstFailure ??= operands;
        continue;
      }
      if (this.current.attributes.noBits) throw new OperandError(`instructions cannot go in ${this.current.name}`, statement.nameColumn);
      let templates: InstructionTemplate[];
      if (form.spec) {
        templates = [realTemplate(form.spec, operands)];
      } else {
        this.expansion.here = { kind: 'sectionOffset', section: this.current.name, offset: this.current.size, column: statement.nameColumn };
        templates = form.pseudo!.expand(operands, this.expansion);
      }
      // Only numbers and registers, and no earlier form failed on something but the text: every
      // statement of this shape assembles the same way, wherever it is.
      const repeatable = statement.shape !== undefined && !(firstFailure instanceof Error)
        && operandsArePlain(operands) && templates.every(templateIsPlain);
      const bodies = templates.map((template) => {
        const templateSpec = template.mnemonic === form.spec?.mnemonic ? form.spec : INSTRUCTION_BY_MNEMONIC.get(template.mnemonic)!;
        return new InstructionBody(templateSpec, template, repeatable);
      });
      if (repeatable) this.repeatedInstructions.set(statement.shape!, bodies);
      for (const body of bodies) this.emit(body, 4, statement.line, statement.nameColumn);
      return;
    }
    throw firstFailure instanceof OperandMismatch ? new OperandError(firstFailure.message, firstFailure.column) : firstFailure!;
  }

  /** The operands read as `syntax`, or why they do not fit it (the next form may fit). */
  private parseOperands(syntax: readonly OperandKind[], texts: readonly OperandText[]): ParsedOperands | OperandMismatch {
    const parsed = {} as ParsedOperands & { rs3?: number; crd?: number; crs?: number; perm?: number };
    for (let index = 0; index < syntax.length; index += 1) {
      const kind = syntax[index];
      const operand = texts[index];
      const text = operand.text;
      if (text === '') throw new OperandError('missing operand', operand.column);
      switch (kind) {
        case 'rd':
        case 'rs1':
        case 'rs2':
        case 'rs3': {
          const register = integerRegisterNumber(text);
          if (register === undefined) return new OperandMismatch(`expected an integer register (x0-x31 or an ABI name), found '${text}'`, operand.column);
          parsed[kind] = register;
          break;
        }
        case 'crd':
        case 'crs': {
          const register = capabilityRegisterNumber(text);
          if (register === undefined) return new OperandMismatch(`expected a capability register (cr0-cr7), found '${text}'`, operand.column);
          parsed[kind] = register;
          break;
        }
        case 'perm': {
          const code = permissionCode(text);
          if (code === undefined) return new OperandMismatch(`expected a capability permission (r or rw), found '${text}'`, operand.column);
          parsed.perm = code;
          break;
        }
        case 'csr': {
          const number = csrNumberByName(text);
          parsed.csr = number !== undefined
            ? { kind: 'number', value: BigInt(number), column: operand.column }
            : this.immediate(kind, operand);
          break;
        }
        case 'off(rs1)': {
          const memory = memoryOperand(operand, integerRegisterNumber, this.operandReader.expression);
          if (!memory) return new OperandMismatch(`expected a memory operand offset(register), found '${text}'`, operand.column);
          parsed.memory = memory;
          break;
        }
        case 'imm':
        case 'uimm20':
        case 'shamt':
          parsed.imm = this.immediate(kind, operand);
          break;
        case 'target':
          parsed.target = this.immediate(kind, operand);
          break;
        case 'symbol':
          // `call foo@plt` (gcc -fPIC) means the same as `call foo` in a static program.
          parsed.symbol = this.immediate(kind, { text: text.replace(/@plt$/, ''), column: operand.column });
          break;
        case 'zimm':
          parsed.zimm = this.immediate(kind, operand);
          break;
      }
    }
    return parsed;
  }

  private immediate(kind: OperandKind, operand: OperandText): Expression {
    if (IMMEDIATE_KINDS.has(kind) || kind === 'csr') {
      if (integerRegisterNumber(operand.text) !== undefined || capabilityRegisterNumber(operand.text) !== undefined) {
        const wanted = kind === 'csr' ? 'a CSR name or number' : kind === 'target' || kind === 'symbol' ? 'a label or address' : 'an immediate value';
        throw new OperandError(`expected ${wanted}, found register '${operand.text}'`, operand.column);
      }
    }
    return this.expression(operand);
  }

  // --- second pass ---------------------------------------------------------------------------

  private secondPass(bases: Map<string, number>): void {
    for (const section of this.sections.values()) {
      if (section.attributes.allocated && !section.attributes.noBits) section.bytes = new Uint8Array(section.size);
    }
    const overlapPossible = [...this.sections.values()].some((section) => section.holdsInstructions && section.address === undefined);
    const context = new FinalContext(this.symbols, bases, overlapPossible ? this.items : this.auipcItems);
    const constants = context.constants;

    // Constants first, so that uses before a `.equ` see its value (a later `.set` wins in order).
    const items = this.items;
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index];
      const body = item.body;
      if (body.kind !== 'assignment') continue;
      context.address = addressOf(item);
      try {
        constants.set(body.name, evaluate(body.expression, context).value);
      } catch (error) {
        if (!(error instanceof ExpressionError || error instanceof UnresolvedValue)) throw error;
      }
    }

    for (let index = 0; index < items.length; index += 1) {
      const item = items[index];
      const location = addressOf(item);
      context.address = location;
      const bytes = item.section.bytes;
      const body = item.body;
      try {
        switch (body.kind) {
          case 'assignment':
            constants.set(body.name, evaluate(body.expression, context).value);
            break;
          case 'instruction':
            if (bytes) writeWord(bytes, item.offset, body.word ?? this.encode(item, body, context, location));
            break;
          case 'data':
            for (let index = 0; index < body.expressions.length; index += 1) {
              const { expression, column } = body.expressions[index];
              const value = evaluate(expression, context).value;
              const bitsWide = body.width * 8;
              if (value < -(2 ** (bitsWide - 1)) || value >= 2 ** bitsWide) {
                this.error(item.line, column, `value ${value} does not fit in ${body.width} byte${body.width > 1 ? 's' : ''}`);
              }
              if (bytes) for (let byte = 0; byte < body.width; byte += 1) bytes[item.offset + index * body.width + byte] = Number((BigInt(value) >> BigInt(8 * byte)) & 0xffn);
            }
            break;
          case 'bytes':
            bytes?.set(body.bytes, item.offset);
            break;
          case 'fill':
            if (!bytes) break;
            if (body.pattern === 'nop') {
              let offset = item.offset;
              const end = item.offset + item.size;
              while (offset % 4 !== 0 && offset < end) bytes[offset++] = 0;
              for (; offset + 4 <= end; offset += 4) writeWord(bytes, offset, NOP_WORD);
            } else {
              bytes.fill(body.pattern, item.offset, item.offset + item.size);
            }
            break;
        }
      } catch (error) {
        if (error instanceof ExpressionError || error instanceof OperandError) this.error(item.line, error.column, error.message);
        else throw error;
      }
    }
  }

  private encode(item: Item, body: InstructionBody, context: EvaluationContext, pc: number): number {
    const { spec, template } = body;
    let imm = 0;
    if (template.imm) {
      const expression = template.imm;
      switch (spec.format) {
        case 'B':
        case 'J': {
          const offset = evaluate(expression, context).value - pc;
          const limit = spec.format === 'B' ? 4096 : 1 << 20;
          checkRange(item, spec, expression, offset, -limit, limit - 2, 'branch offset');
          if (offset % 2 !== 0) throw new OperandError(`target of ${spec.mnemonic} must be 2-byte aligned (offset ${offset})`, expression.column || item.column);
          imm = offset;
          break;
        }
        case 'U':
          imm = checkRange(item, spec, expression, evaluate(expression, context).value, 0, 0xfffff, 'immediate');
          break;
        case 'SHIFT':
          imm = checkRange(item, spec, expression, evaluate(expression, context).value, 0, 31, 'shift amount');
          break;
        default:
          imm = checkRange(item, spec, expression, evaluate(expression, context).value, -2048, 2047, 'immediate');
      }
    }
    if (template.csr) imm = checkRange(item, spec, template.csr, evaluate(template.csr, context).value, 0, 0xfff, 'CSR number');
    const zimm = template.zimm ? checkRange(item, spec, template.zimm, evaluate(template.zimm, context).value, 0, 31, 'immediate') : 0;
    const word = encodeInstruction(spec, { rd: template.rd, rs1: template.rs1, rs2: template.rs2, rs3: template.rs3, perm: template.perm, imm, zimm });
    if (body.repeatable && spec.format !== 'B' && spec.format !== 'J') body.word = word;
    return word;
  }
}

function checkRange(item: Item, spec: InstructionSpec, expression: Expression, number: number, min: number, max: number, what: string): number {
  if (number < min || number > max) {
    throw new OperandError(`${what} ${number} is out of range for ${spec.mnemonic} (${min} to ${max})`, expression.column || item.column);
  }
  return number;
}

/** An item's final address (sections outside memory count from 0, as their offsets). */
const addressOf = (item: Item): number => ((item.section.address ?? 0) + item.offset) >>> 0;

/** Values as the first pass knows them: labels are offsets in their section, `.` is where the statement goes. */
class FirstPassContext implements EvaluationContext {
  readonly final = false;

  constructor(private readonly symbols: ReadonlyMap<string, SymbolDefinition>, private readonly currentSection: () => SectionState) {}

  lookup(name: string): RelocatableValue | undefined {
    const definition = this.symbols.get(name);
    if (!definition) return undefined;
    return definition.kind === 'label' ? { value: definition.offset, section: definition.section.name } : definition.value;
  }

  get location(): RelocatableValue {
    const section = this.currentSection();
    return { value: section.size, section: section.name };
  }

  placeSectionOffset(section: string, offset: number): RelocatableValue {
    return { value: offset, section };
  }

  pcrelLow(): number {
    throw new UnresolvedValue('%pcrel_lo');
  }
}

/** Values with final addresses (the second pass); `address` is that of the item being encoded. */
class FinalContext implements EvaluationContext {
  readonly final = true;
  address = 0;
  /** Values of `.equ`/`.set`/`=` symbols as evaluated so far. */
  readonly constants = new Map<string, number>();
  private instructionsByAddress: Map<number, Item> | undefined;

  constructor(
    private readonly symbols: ReadonlyMap<string, SymbolDefinition>,
    private readonly bases: ReadonlyMap<string, number>,
    /** The items `%pcrel_lo` may name: the auipc items, or every item if a section outside memory holds instructions. */
    private readonly addressableItems: readonly Item[],
  ) {}

  lookup(name: string): RelocatableValue | undefined {
    const definition = this.symbols.get(name);
    if (!definition) return undefined;
    if (definition.kind === 'label') return { value: (definition.section.address ?? 0) + definition.offset };
    const value = this.constants.get(name);
    return value === undefined ? undefined : { value };
  }

  get location(): RelocatableValue {
    return { value: this.address };
  }

  placeSectionOffset(section: string, offset: number): RelocatableValue {
    return { value: (this.bases.get(section) ?? 0) + offset };
  }

  pcrelLow(address: number, column: number): number {
    const auipc = this.instructionAt(address >>> 0)?.body;
    const high = auipc?.kind === 'instruction' && auipc.spec.mnemonic === 'auipc' ? auipc.template.imm : undefined;
    if (high?.kind !== 'relocation' || high.operator !== 'pcrel_hi') {
      throw new ExpressionError(`%pcrel_lo needs the label of an auipc with %pcrel_hi, and 0x${address.toString(16)} is not one`, column);
    }
    const saved = this.address;
    this.address = address;
    try {
      return lowPart(evaluate(high.argument, this).value - address);
    } finally {
      this.address = saved;
    }
  }

  /**
   * The instruction item at an address (the last one there, if a section outside memory overlaps
   * a placed one). Only auipc items are looked for, so only they are indexed unless such overlap
   * is possible (instructions in a section outside memory).
   */
  private instructionAt(address: number): Item | undefined {
    if (!this.instructionsByAddress) {
      this.instructionsByAddress = new Map();
      for (let index = 0; index < this.addressableItems.length; index += 1) {
        const item = this.addressableItems[index];
        if (item.body.kind === 'instruction') this.instructionsByAddress.set(addressOf(item), item);
      }
    }
    return this.instructionsByAddress.get(address);
  }
}

/** A real instruction's operands placed in its fields (capability registers share rd/rs1/rs2). */
function realTemplate(spec: InstructionSpec, operands: ParsedOperands): InstructionTemplate {
  const parsed = operands as ParsedOperands & { rs3?: number; crd?: number; crs?: number; perm?: number };
  const template: InstructionTemplate = { mnemonic: spec.mnemonic };
  for (const kind of spec.syntax) {
    switch (kind) {
      case 'rd': template.rd = parsed.rd; break;
      case 'rs1': template.rs1 = parsed.rs1; break;
      case 'rs2': template.rs2 = parsed.rs2; break;
      case 'rs3': template.rs3 = parsed.rs3; break;
      case 'crd': template.rd = parsed.crd; break;
      // cap.st (S format) stores the capability register from the rs2 field.
      case 'crs': if (spec.format === 'S') template.rs2 = parsed.crs; else template.rs1 = parsed.crs; break;
      case 'perm': template.perm = parsed.perm; break;
      case 'off(rs1)': template.imm = parsed.memory.offset; template.rs1 = parsed.memory.base; break;
      case 'imm': case 'uimm20': case 'shamt': template.imm = parsed.imm; break;
      case 'target': template.imm = parsed.target; break;
      case 'csr': template.csr = parsed.csr; break;
      case 'zimm': template.zimm = parsed.zimm; break;
    }
  }
  return template;
}

/** Made of numbers and operators only: no symbol, location or relocation. */
function isPlainExpression(expression: Expression): boolean {
  switch (expression.kind) {
    case 'number': return true;
    case 'unary': return isPlainExpression(expression.operand);
    case 'binary': return isPlainExpression(expression.left) && isPlainExpression(expression.right);
    default: return false;
  }
}

function operandsArePlain(operands: ParsedOperands): boolean {
  const { imm, target, symbol, csr, zimm, memory } = operands as Partial<ParsedOperands>;
  return (imm === undefined || isPlainExpression(imm)) && (target === undefined || isPlainExpression(target))
    && (symbol === undefined || isPlainExpression(symbol)) && (csr === undefined || isPlainExpression(csr))
    && (zimm === undefined || isPlainExpression(zimm)) && (memory === undefined || isPlainExpression(memory.offset));
}

function templateIsPlain(template: InstructionTemplate): boolean {
  return (template.imm === undefined || isPlainExpression(template.imm)) && (template.csr === undefined || isPlainExpression(template.csr))
    && (template.zimm === undefined || isPlainExpression(template.zimm));
}

/** `[0-9]+`: a numeric local label. */
function isDecimalDigits(name: string): boolean {
  if (name.length === 0) return false;
  for (let index = 0; index < name.length; index += 1) {
    const code = name.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function writeWord(bytes: Uint8Array, offset: number, word: number): void {
  bytes[offset] = word & 0xff;
  bytes[offset + 1] = (word >>> 8) & 0xff;
  bytes[offset + 2] = (word >>> 16) & 0xff;
  bytes[offset + 3] = (word >>> 24) & 0xff;
}

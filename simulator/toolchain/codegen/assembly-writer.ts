// Collects the generated assembly text section by section, so that code, strings, globals and
// descriptors of one function can be written in any order and still land in their own sections.
// Also knows the two addressing details every generator needs: immediates that do not fit 12 bits
// and conditional branches whose target may be out of reach.

export const FRAME_POINTER = 's0';
/** Scratch register for addresses of frame slots beyond a 12-bit offset. Never holds a value across helpers. */
const ADDRESS_SCRATCH = 't6';

export const fitsImmediate = (value: number): boolean => value >= -2048 && value <= 2047;

export class AssemblyWriter {
  private readonly sections = new Map<string, string[]>();
  private current: string[];
  private labelCounter = 0;

  /**
   * @param longBranches when true every conditional branch is an inverted branch over a `j`, so
   * targets up to 1 MiB away are reachable (used when the first assembly reports a branch out of range).
   */
  constructor(readonly longBranches: boolean) {
    this.current = this.section('.text');
  }

  /** Switches to (creating if needed) a section; later `line`s go there. */
  section(name: string): string[] {
    let lines = this.sections.get(name);
    if (!lines) {
      lines = [];
      this.sections.set(name, lines);
    }
    this.current = lines;
    return lines;
  }

  /** Runs `write` with another section current, then returns to the one before. */
  inSection(name: string, write: () => void): void {
    const previous = this.current;
    this.section(name);
    write();
    this.current = previous;
  }

  /** Captures the lines `write` produces instead of emitting them (e.g. a body before its prologue). */
  capture(write: () => void): string[] {
    const previous = this.current;
    const captured: string[] = [];
    this.current = captured;
    write();
    this.current = previous;
    return captured;
  }

  append(lines: readonly string[]): void {
    this.current.push(...lines);
  }

  line(text: string): void {
    this.current.push(`    ${text}`);
  }

  label(name: string): void {
    this.current.push(`${name}:`);
  }

  comment(text: string): void {
    this.current.push(`    # ${text.replace(/\n/g, ' ')}`);
  }

  newLabel(hint = 'L'): string {
    this.labelCounter += 1;
    return `__${hint}${this.labelCounter}`;
  }

  /** `op reg, offset(s0)` for a frame slot at any offset. */
  frameAccess(mnemonic: 'lw' | 'sw' | 'sb' | 'lbu', register: string, offset: number): void {
    if (fitsImmediate(offset)) {
      this.line(`${mnemonic} ${register}, ${offset}(${FRAME_POINTER})`);
      return;
    }
    this.line(`li ${ADDRESS_SCRATCH}, ${offset}`);
    this.line(`add ${ADDRESS_SCRATCH}, ${ADDRESS_SCRATCH}, ${FRAME_POINTER}`);
    this.line(`${mnemonic} ${register}, 0(${ADDRESS_SCRATCH})`);
  }

  /** register = s0 + offset. */
  frameAddress(register: string, offset: number): void {
    if (fitsImmediate(offset)) {
      this.line(`addi ${register}, ${FRAME_POINTER}, ${offset}`);
      return;
    }
    this.line(`li ${register}, ${offset}`);
    this.line(`add ${register}, ${register}, ${FRAME_POINTER}`);
  }

  /** register = register + constant. */
  addConstant(destination: string, source: string, value: number): void {
    if (value === 0) {
      if (destination !== source) this.line(`mv ${destination}, ${source}`);
    } else if (fitsImmediate(value)) {
      this.line(`addi ${destination}, ${source}, ${value}`);
    } else {
      this.line(`li ${ADDRESS_SCRATCH}, ${value}`);
      this.line(`add ${destination}, ${source}, ${ADDRESS_SCRATCH}`);
    }
  }

  /** Conditional branch `mnemonic left, right, target`, in long form when asked. */
  branch(mnemonic: BranchMnemonic, left: string, right: string, target: string): void {
    if (!this.longBranches) {
      this.line(`${mnemonic} ${left}, ${right}, ${target}`);
      return;
    }
    const skip = this.newLabel('B');
    this.line(`${INVERTED_BRANCH[mnemonic]} ${left}, ${right}, ${skip}`);
    this.line(`j ${target}`);
    this.label(skip);
  }

  /** Whether a section has received at least one line. */
  hasLines(name: string): boolean {
    return (this.sections.get(name)?.length ?? 0) > 0;
  }

  /** Names of the sections that received at least one line. */
  nonEmptySections(): string[] {
    return [...this.sections].filter(([, lines]) => lines.length > 0).map(([name]) => name);
  }

  /** The whole program: every section in creation order, empty ones left out. */
  text(): string {
    const parts: string[] = [];
    this.sections.forEach((lines, name) => {
      if (lines.length > 0) parts.push(sectionDirective(name), lines.join('\n'), '');
    });
    return parts.join('\n');
  }
}

export type BranchMnemonic = 'beq' | 'bne' | 'blt' | 'bge' | 'bltu' | 'bgeu';

const INVERTED_BRANCH: Record<BranchMnemonic, BranchMnemonic> = {
  beq: 'bne', bne: 'beq', blt: 'bge', bge: 'blt', bltu: 'bgeu', bgeu: 'bltu',
};

function sectionDirective(name: string): string {
  if (name.startsWith('.bss')) return `.section ${name}, "aw", @nobits`;
  return `.section ${name}`;
}

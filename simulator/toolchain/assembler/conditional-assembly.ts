// GNU as conditional assembly: `.if`/`.ifeq`/`.ifne`/`.ifgt`/`.ifge`/`.iflt`/`.ifle` with an
// expression, `.ifdef`/`.ifndef` with a symbol, `.elseif`, `.else` and `.endif`, nested. The
// assembler asks `assembling` before each statement; skipped statements are only looked at for these directives.

import { ExpressionError } from './expression';
import { type OperandText, type Statement } from './source-statements';

/** What a condition needs from the assembler. */
export interface ConditionReader {
  /** The value of an expression the assembler knows now (symbols `.set`/`.equ` before it). */
  constant(operand: OperandText, what: string): number;
  /** Whether a label or constant of this name is defined before this point. */
  isDefined(name: string): boolean;
}

const TESTS_BY_DIRECTIVE: ReadonlyMap<string, (value: number) => boolean> = new Map([
  ['.if', (value: number) => value !== 0],
  ['.ifne', (value: number) => value !== 0],
  ['.ifeq', (value: number) => value === 0],
  ['.ifgt', (value: number) => value > 0],
  ['.ifge', (value: number) => value >= 0],
  ['.iflt', (value: number) => value < 0],
  ['.ifle', (value: number) => value <= 0],
]);

/** Every directive this file handles, lower case. */
export const CONDITIONAL_DIRECTIVES: ReadonlySet<string> = new Set([
  ...TESTS_BY_DIRECTIVE.keys(), '.ifdef', '.ifndef', '.ifnotdef', '.elseif', '.else', '.endif',
]);

interface OpenConditional {
  directive: string;
  line: number;
  column: number;
  /** Whether the statements around this conditional are assembled. */
  enclosingAssembling: boolean;
  /** Whether one of its branches has been chosen (so later `.elseif`/`.else` branches are skipped). */
  chosen: boolean;
  elseLine?: number;
}

const SYMBOL_NAME = /^[A-Za-z_.$][A-Za-z0-9_.$]*$/;

export class ConditionalAssembly {
  /** False inside a branch not taken: the statement is skipped. */
  assembling = true;
  private readonly open: OpenConditional[] = [];

  /** A statement inside a skipped branch: only the conditional directives (nesting) matter. */
  skipped(statement: Statement, reader: ConditionReader): void {
    const name = statement.name;
    if (name === undefined || name.charCodeAt(0) !== 46 /* . */) return;
    const lower = name.toLowerCase();
    if (CONDITIONAL_DIRECTIVES.has(lower)) this.directive(lower, statement, reader);
  }

  /** One of CONDITIONAL_DIRECTIVES (`name` in lower case). Throws ExpressionError for bad use. */
  directive(name: string, statement: Statement, reader: ConditionReader): void {
    const column = statement.nameColumn;
    switch (name) {
      case '.elseif': {
        const top = this.innermost(name, column);
        if (top.elseLine !== undefined) throw new ExpressionError(`.elseif after the .else on line ${top.elseLine}`, column);
        this.assembling = false;
        if (!top.enclosingAssembling || top.chosen) return;
        top.chosen = this.condition('.if', statement, reader);
        this.assembling = top.chosen;
        return;
      }
      case '.else': {
        const top = this.innermost(name, column);
        if (top.elseLine !== undefined) throw new ExpressionError(`duplicate .else (the previous one is on line ${top.elseLine})`, column);
        top.elseLine = statement.line;
        this.assembling = top.enclosingAssembling && !top.chosen;
        top.chosen = true;
        return;
      }
      case '.endif': {
        const top = this.innermost(name, column);
        this.open.pop();
        this.assembling = top.enclosingAssembling;
        return;
      }
      default: {
        // A conditional inside a skipped branch is not evaluated (its symbols need not exist).
        const opened: OpenConditional = {
          directive: name, line: statement.line, column, enclosingAssembling: this.assembling, chosen: false,
        };
        this.open.push(opened);
        if (!opened.enclosingAssembling) return;
        this.assembling = false;
        opened.chosen = this.condition(name, statement, reader);
        this.assembling = opened.chosen;
      }
    }
  }

  /** At the end of the source: every conditional still open is an error at its line. */
  finish(report: (line: number, column: number, message: string) => void): void {
    for (const unclosed of this.open) report(unclosed.line, unclosed.column, `${unclosed.directive} without a matching .endif`);
    this.open.length = 0;
    this.assembling = true;
  }

  private innermost(name: string, column: number): OpenConditional {
    const top = this.open[this.open.length - 1];
    if (!top) throw new ExpressionError(`${name} without a matching .if`, column);
    return top;
  }

  private condition(name: string, statement: Statement, reader: ConditionReader): boolean {
    const operands = statement.operands;
    if (operands.length !== 1 || operands[0].text === '') {
      throw new ExpressionError(`${statement.name} expects 1 operand, found ${operands.length === 1 ? 0 : operands.length}`, statement.nameColumn);
    }
    const operand = operands[0];
    if (name === '.ifdef' || name === '.ifndef' || name === '.ifnotdef') {
      if (!SYMBOL_NAME.test(operand.text)) throw new ExpressionError(`${statement.name} expects a symbol name, found '${operand.text}'`, operand.column);
      return reader.isDefined(operand.text) === (name === '.ifdef');
    }
    return TESTS_BY_DIRECTIVE.get(name)!(reader.constant(operand, `${statement.name} condition`));
  }
}

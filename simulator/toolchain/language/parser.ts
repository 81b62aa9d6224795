// Hand-written recursive-descent parser for `.dipc` (language.md §3). Every node gets the exact
// span of the tokens it was built from. It never throws: each mistake becomes one E001 and the
// parser resynchronises (a missing `;` is assumed, an unclosed `{` ends where the next declaration
// starts, a stray token is skipped), so the checker still sees the rest of the file.

import type {
  AsmStatement, Block, ConstDecl, DomainDecl, DomainMember, Expr, FunctionDecl, GrantDecl, Identifier, ImportDecl,
  IsolationList, Parameter, Permission, ProcessDecl, ProcessMember, Program, Span, Statement, TypeNode, VarDecl,
  BinaryOperator, CallExpr, NameExpr, QualifiedNameExpr, IfStatement,
} from './ast';
import type { Diagnostic } from './analysis';
import { DIAGNOSTIC_CODES } from './diagnostic-codes';
import { Lexer, type Token } from './lexer';

// Binary operators from the loosest to the tightest level (language.md §3).
const BINARY_LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];
const LEVEL_OF_OPERATOR = new Map<string, number>();
BINARY_LEVELS.forEach((operators, level) => operators.forEach((operator) => LEVEL_OF_OPERATOR.set(operator, level)));

/** Keywords that can only start a declaration: seeing one inside a block means the block was never closed. */
const DECLARATION_KEYWORDS = new Set(['process', 'domain', 'var', 'const', 'fn', 'entry', 'import', 'grant']);
const MEMBER_KEYWORDS = new Set(['var', 'const', 'fn', 'entry', 'import', 'domain', 'grant']);
const STATEMENT_KEYWORDS = new Set(['let', 'if', 'while', 'for', 'return', 'break', 'continue', 'spawn', 'asm']);

/** Deeper nesting than this is reported instead of recursing further (keeps the stack bounded on any input). */
const MAXIMUM_NESTING = 100;
/**
 * Binary operators in a row (`a + b + c ...`, counted through every enclosing expression): each one
 * is a level of the syntax tree that later passes walk recursively, so a long enough flat chain
 * would overflow the stack as surely as deep parentheses.
 */
const MAXIMUM_OPERATOR_CHAIN = 1000;

export function parse(text: string): { program: Program; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const program = new Parser(new Lexer(text, diagnostics), diagnostics).parseProgram(text.length);
  return { program, diagnostics };
}

class Parser {
  /** Number of tokens consumed so far: identifies "the current token" for error suppression. */
  private index = 0;
  /** Token index of the last reported E001: a second one at the same token is a cascade, not news. */
  private lastErrorIndex = -1;
  private lastUnclosedIndex = -1;
  private loopDepth = 0;
  private nesting = 0;
  private operatorChain = 0;
  /** The nesting limit was reported in the current outermost expression (report it once). */
  private reportedTooDeep = false;
  private previousEnd = 0;
  private current: Token;
  private lookahead: Token | undefined;

  constructor(
    private readonly lexer: Lexer,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.current = lexer.next();
  }

  // -------------------------------------------------------------------------------------------
  // Token helpers

  /** The token after the current one. */
  private peekNext(): Token {
    if (this.current.kind === 'eof') return this.current;
    if (!this.lookahead) this.lookahead = this.lexer.next();
    return this.lookahead;
  }

  private advance(): Token {
    const token = this.current;
    if (token.kind !== 'eof') {
      this.index++;
      this.previousEnd = token.end;
      if (this.lookahead) {
        this.current = this.lookahead;
        this.lookahead = undefined;
      } else {
        this.current = this.lexer.next();
      }
    }
    return token;
  }

  /** The current token is this punctuation or keyword. */
  private at(text: string): boolean {
    const token = this.current;
    return (token.kind === 'punctuation' || token.kind === 'keyword') && token.text === text;
  }

  private eat(text: string): Token | undefined {
    return this.at(text) ? this.advance() : undefined;
  }

  private error(span: Span, message: string): void {
    if (this.index === this.lastErrorIndex) return;
    this.lastErrorIndex = this.index;
    this.diagnostics.push({ code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, message, span });
  }

  private describe(token: Token): string {
    if (token.kind === 'eof') return 'the end of the file';
    if (token.kind === 'asm') return 'assembly';
    return `\`${token.text.length > 20 ? token.text.slice(0, 20) + '…' : token.text}\``;
  }

  private expect(text: string, context: string): Token | undefined {
    const token = this.eat(text);
    if (!token) this.error(this.spanOf(this.current), `expected \`${text}\` ${context}, found ${this.describe(this.current)}`);
    return token;
  }

  private spanOf(token: Token): Span {
    return { start: token.start, end: token.end };
  }

  private from(start: number): Span {
    return { start, end: Math.max(start, this.previousEnd) };
  }

  private identifier(context: string): Identifier {
    const token = this.current;
    if (token.kind === 'identifier') {
      this.advance();
      return { kind: 'Identifier', name: token.text, span: this.spanOf(token) };
    }
    const reserved = token.kind === 'keyword' ? ` (\`${token.text}\` is a keyword)` : '';
    this.error(this.spanOf(token), `expected a name ${context}, found ${this.describe(token)}${reserved}`);
    // A keyword used as a name is consumed so the declaration around it still parses.
    if (token.kind === 'keyword' && !DECLARATION_KEYWORDS.has(token.text) && !STATEMENT_KEYWORDS.has(token.text)) this.advance();
    return { kind: 'Identifier', name: '', span: { start: token.start, end: token.start } };
  }

  /** `;` ending a statement or declaration: tells a missing `;` from a stray token before it. */
  private expectSemicolon(): void {
    if (this.eat(';')) return;
    const token = this.current;
    const next = this.peekNext();
    const isStray = token.kind !== 'eof' && !token.newlineBefore && !this.at('}') && next.kind === 'punctuation' && next.text === ';';
    if (isStray) {
      this.error(this.spanOf(token), `unexpected ${this.describe(token)}; remove it`);
      this.advance();
      this.advance();
      return;
    }
    this.error({ start: this.previousEnd, end: this.previousEnd }, `expected \`;\` here, found ${this.describe(token)}`);
  }

  /** Skips a stray region up to (not including) a token `stop` accepts; braces are skipped as balanced pairs. */
  private skipUntil(stop: (token: Token) => boolean): void {
    let depth = 0;
    while (this.current.kind !== 'eof') {
      if (depth === 0 && stop(this.current)) return;
      if (this.at('{')) depth++;
      else if (this.at('}')) {
        if (depth === 0) return;
        depth--;
      }
      this.advance();
    }
  }

  /** After a broken argument list: skips to its `)` (consumed) without crossing a `;`, a brace or a declaration. */
  private skipToClosingParenthesis(): void {
    let depth = 0;
    while (this.current.kind !== 'eof') {
      const token = this.current;
      if (token.kind === 'keyword' && DECLARATION_KEYWORDS.has(token.text)) return;
      if (token.kind === 'punctuation') {
        if (token.text === ';' || token.text === '{' || token.text === '}') return;
        if (token.text === '(') depth++;
        else if (token.text === ')') {
          if (depth === 0) {
            this.advance();
            return;
          }
          depth--;
        }
      }
      this.advance();
    }
  }

  private reportUnclosed(open: Token | undefined, what: string): void {
    if (!open || this.index === this.lastUnclosedIndex) return;
    this.lastUnclosedIndex = this.index;
    this.lastErrorIndex = this.index;
    this.diagnostics.push({
      code: 'E001',
      severity: DIAGNOSTIC_CODES.E001.severity,
      message: `this \`{\` of ${what} is never closed: add \`}\` before ${this.describe(this.current)}`,
      span: this.spanOf(open),
    });
  }

  // -------------------------------------------------------------------------------------------
  // Declarations

  parseProgram(textLength: number): Program {
    const items: (ProcessDecl | ConstDecl)[] = [];
    while (this.current.kind !== 'eof') {
      const before = this.index;
      if (this.at('process')) items.push(this.parseProcess());
      else if (this.at('const')) items.push(this.parseConst());
      else {
        const token = this.current;
        this.error(this.spanOf(token), `expected \`process\` or \`const\` at the top level, found ${this.describe(token)}`);
        this.skipUntil((t) => t.kind === 'keyword' && (t.text === 'process' || t.text === 'const'));
        if (this.at('}')) this.advance();
      }
      if (this.index === before) this.advance();
    }
    return { kind: 'Program', items, span: { start: 0, end: textLength } };
  }

  private parseProcess(): ProcessDecl {
    const start = this.advance().start;
    const name = this.identifier('after `process`');
    const members: ProcessMember[] = [];
    const open = this.expect('{', `to open the body of process \`${name.name}\``);
    if (open) {
      while (!this.at('}')) {
        if (this.current.kind === 'eof' || this.at('process')) {
          this.reportUnclosed(open, `process \`${name.name}\``);
          break;
        }
        const before = this.index;
        const member = this.parseMember(`process \`${name.name}\``, MEMBER_KEYWORDS);
        if (member) members.push(member as ProcessMember);
        if (this.index === before) this.advance();
      }
      this.eat('}');
    }
    return { kind: 'Process', name, members, span: this.from(start) };
  }

  /** One member of a process or domain; `allowed` are the keywords that may start one here. */
  private parseMember(owner: string, allowed: ReadonlySet<string>): ProcessMember | undefined {
    const token = this.current;
    if (token.kind === 'keyword' && MEMBER_KEYWORDS.has(token.text) && !allowed.has(token.text)) {
      this.error(this.spanOf(token), `\`${token.text}\` is not allowed inside ${owner}; only \`var\`, \`const\`, \`fn\` and \`entry\` are`);
    }
    switch (token.kind === 'keyword' ? token.text : '') {
      case 'var':
        return this.parseVar();
      case 'const':
        return this.parseConst();
      case 'fn':
      case 'entry':
        return this.parseFunction();
      case 'import':
        return this.parseImport();
      case 'domain':
        return this.parseDomain();
      case 'grant':
        return this.parseGrant();
      default: {
        const expected = [...allowed].map((keyword) => `\`${keyword}\``).join(', ');
        this.error(this.spanOf(token), `expected a declaration (${expected}) in ${owner}, found ${this.describe(token)}`);
        this.skipUntil((t) => t.kind === 'keyword' && DECLARATION_KEYWORDS.has(t.text));
        return undefined;
      }
    }
  }

  private parseDomain(): DomainDecl {
    const start = this.advance().start;
    const name = this.identifier('after `domain`');
    const members: DomainMember[] = [];
    const open = this.expect('{', `to open the body of domain \`${name.name}\``);
    const allowed = new Set(['var', 'const', 'fn', 'entry']);
    if (open) {
      while (!this.at('}')) {
        if (this.current.kind === 'eof' || this.at('process') || this.at('domain') || this.at('import') || this.at('grant')) {
          this.reportUnclosed(open, `domain \`${name.name}\``);
          break;
        }
        const before = this.index;
        const member = this.parseMember(`domain \`${name.name}\``, allowed);
        if (member && (member.kind === 'Var' || member.kind === 'Const' || member.kind === 'Function')) members.push(member);
        if (this.index === before) this.advance();
      }
      this.eat('}');
    }
    return { kind: 'Domain', name, members, span: this.from(start) };
  }

  private parseGrant(): GrantDecl {
    const start = this.advance().start;
    const from = this.identifier('of the domain that receives the permission');
    const token = this.current;
    let permission: Permission = 'call';
    let permissionSpan: Span = { start: token.start, end: token.start };
    if (token.kind === 'identifier' && (token.text === 'call' || token.text === 'read' || token.text === 'write')) {
      permission = token.text;
      permissionSpan = this.spanOf(token);
      this.advance();
    } else {
      this.error(this.spanOf(token), `expected a permission (\`call\`, \`read\` or \`write\`), found ${this.describe(token)}`);
    }
    const to = this.identifier('of the domain the permission is on');
    this.expectSemicolon();
    return { kind: 'Grant', from, permission, permissionSpan, to, span: this.from(start) };
  }

  private parseVar(): VarDecl {
    const start = this.advance().start;
    const name = this.identifier('after `var`');
    let type: TypeNode;
    if (this.eat(':')) type = this.parseType();
    else {
      this.error(this.spanOf(this.current), `expected \`:\` and a type after \`var ${name.name}\` (a global always has a type)`);
      type = { kind: 'ErrorType', span: { start: this.current.start, end: this.current.start } };
    }
    const initializer = this.eat('=') ? this.parseExpression() : undefined;
    this.expectSemicolon();
    return { kind: 'Var', name, type, initializer, span: this.from(start) };
  }

  private parseConst(): ConstDecl {
    const start = this.advance().start;
    const name = this.identifier('after `const`');
    const type = this.eat(':') ? this.parseType() : undefined;
    let value: Expr;
    if (this.expect('=', `and a value after \`const ${name.name}\``)) value = this.parseExpression();
    else value = { kind: 'Error', span: { start: this.current.start, end: this.current.start } };
    this.expectSemicolon();
    return { kind: 'Const', name, type, value, span: this.from(start) };
  }

  private parseFunction(): FunctionDecl {
    const keyword = this.advance();
    const isEntry = keyword.text === 'entry';
    const name = this.identifier(`after \`${keyword.text}\``);
    const parameters: Parameter[] = [];
    if (this.expect('(', `to start the parameters of \`${name.name}\``)) {
      while (!this.at(')') && this.current.kind === 'identifier') {
        const parameterStart = this.current.start;
        const parameterName = this.identifier('of a parameter');
        let type: TypeNode;
        if (this.expect(':', `and a type after parameter \`${parameterName.name}\``)) type = this.parseType();
        else type = { kind: 'ErrorType', span: { start: this.current.start, end: this.current.start } };
        parameters.push({ kind: 'Parameter', name: parameterName, type, span: this.from(parameterStart) });
        if (!this.eat(',')) break;
      }
      if (!this.eat(')')) {
        this.error(this.spanOf(this.current), `expected \`)\` to end the parameters of \`${name.name}\`, found ${this.describe(this.current)}`);
        this.skipUntil((t) => (t.kind === 'punctuation' && (t.text === ')' || t.text === '{')) || (t.kind === 'keyword' && DECLARATION_KEYWORDS.has(t.text)));
        this.eat(')');
      }
    }
    const returnType = this.eat('->') ? this.parseType() : undefined;
    let isolation: IsolationList | undefined;
    if (this.at('isolate')) {
      if (!isEntry) {
        this.error(this.spanOf(this.current), `only an \`entry\` has an isolation policy; \`fn ${name.name}\` is private to its process`);
      }
      isolation = this.parseIsolation();
    }
    const savedLoopDepth = this.loopDepth;
    this.loopDepth = 0;
    const body = this.parseBlock(`${keyword.text} \`${name.name}\``);
    this.loopDepth = savedLoopDepth;
    return {
      kind: 'Function', isEntry, keywordSpan: this.spanOf(keyword), name, parameters, returnType, isolation, body,
      span: this.from(keyword.start),
    };
  }

  private parseIsolation(): IsolationList {
    const start = this.advance().start;
    const properties: Identifier[] = [];
    if (this.expect('(', 'after `isolate`')) {
      do {
        if (this.at(')')) break;
        properties.push(this.identifier('of an isolation property'));
        if (properties[properties.length - 1].name === '') break;
      } while (this.eat(','));
      this.expect(')', 'to end the isolation properties');
    }
    return { kind: 'IsolationList', properties, span: this.from(start) };
  }

  private parseImport(): ImportDecl {
    const start = this.advance().start;
    const process = this.identifier('of a process after `import`');
    let entry: Identifier;
    if (this.expect('.', `and an entry name after \`import ${process.name}\` (write \`import Process.entry;\`)`)) {
      entry = this.identifier(`of an entry of \`${process.name}\``);
    } else {
      entry = { kind: 'Identifier', name: '', span: { start: this.previousEnd, end: this.previousEnd } };
    }
    const isolation = this.at('isolate') ? this.parseIsolation() : undefined;
    const alias = this.eat('as') ? this.identifier('after `as`') : undefined;
    this.expectSemicolon();
    return { kind: 'Import', process, entry, isolation, alias, span: this.from(start) };
  }

  // -------------------------------------------------------------------------------------------
  // Types

  private parseType(): TypeNode {
    const token = this.current;
    const span = this.spanOf(token);
    if (token.kind === 'keyword') {
      switch (token.text) {
        case 'int':
          this.advance();
          return { kind: 'IntType', span };
        case 'bool':
          this.advance();
          return { kind: 'BoolType', span };
        case 'ptr':
          this.advance();
          return { kind: 'PtrType', span };
        case 'cap':
          this.advance();
          return { kind: 'CapType', span };
        case 'acap':
          this.advance();
          return { kind: 'AcapType', span };
      }
    }
    if (this.at('[') && this.nesting < MAXIMUM_NESTING) {
      this.advance();
      this.nesting++;
      const element = this.parseType();
      this.nesting--;
      let length: Expr;
      if (this.expect(';', 'and a length in an array type `[T; N]`')) length = this.parseExpression();
      else length = { kind: 'Error', span: { start: this.current.start, end: this.current.start } };
      this.expect(']', 'to end the array type');
      return { kind: 'ArrayType', element, length, span: this.from(token.start) };
    }
    this.error(span, `expected a type (\`int\`, \`bool\`, \`ptr\`, \`cap\`, \`acap\` or \`[T; N]\`), found ${this.describe(token)}`);
    if (token.kind === 'identifier') {
      this.advance();
      return { kind: 'ErrorType', span };
    }
    return { kind: 'ErrorType', span: { start: token.start, end: token.start } };
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  private parseBlock(what: string): Block {
    const open = this.expect('{', `to open the body of ${what}`);
    const start = open ? open.start : this.current.start;
    const statements: Statement[] = [];
    if (!open) return { kind: 'Block', statements, span: { start, end: start } };
    if (this.nesting >= MAXIMUM_NESTING) {
      this.error(this.spanOf(open), 'blocks are nested too deeply');
      this.skipUntil(() => false);
      this.eat('}');
      return { kind: 'Block', statements, span: this.from(start) };
    }
    this.nesting++;
    for (;;) {
      if (this.eat('}')) break;
      const token = this.current;
      if (token.kind === 'eof' || (token.kind === 'keyword' && DECLARATION_KEYWORDS.has(token.text))) {
        this.reportUnclosed(open, what);
        break;
      }
      const before = this.index;
      const statement = this.parseStatement();
      if (statement) statements.push(statement);
      if (this.index === before) this.advance();
    }
    this.nesting--;
    return { kind: 'Block', statements, span: this.from(start) };
  }

  private parseStatement(): Statement | undefined {
    const token = this.current;
    const start = token.start;
    if (token.kind === 'keyword') {
      switch (token.text) {
        case 'let':
          return this.parseLet();
        case 'if':
          return this.parseIf();
        case 'while': {
          this.advance();
          const condition = this.parseCondition();
          this.loopDepth++;
          const body = this.parseBlock('`while`');
          this.loopDepth--;
          return { kind: 'While', condition, body, span: this.from(start) };
        }
        case 'for': {
          this.advance();
          const variable = this.identifier('of the loop variable after `for`');
          this.expect('in', `after \`for ${variable.name}\` (write \`for i in 0..n { }\`)`);
          const from = this.parseExpression();
          let to: Expr;
          if (this.expect('..', 'between the bounds of a `for` range')) to = this.parseExpression();
          else to = { kind: 'Error', span: { start: this.current.start, end: this.current.start } };
          this.loopDepth++;
          const body = this.parseBlock('`for`');
          this.loopDepth--;
          return { kind: 'For', variable, from, to, body, span: this.from(start) };
        }
        case 'return': {
          this.advance();
          const value = this.at(';') || this.at('}') ? undefined : this.parseExpression();
          this.expectSemicolon();
          return { kind: 'Return', value, span: this.from(start) };
        }
        case 'break':
        case 'continue': {
          this.advance();
          if (this.loopDepth === 0) this.error(this.spanOf(token), `\`${token.text}\` outside a loop`);
          this.expectSemicolon();
          return token.text === 'break' ? { kind: 'Break', span: this.from(start) } : { kind: 'Continue', span: this.from(start) };
        }
        case 'spawn': {
          this.advance();
          const callee = this.identifier('of a function after `spawn`');
          let args: Expr[] = [];
          if (this.at('(')) args = this.parseArguments(callee.name).args;
          else this.error(this.spanOf(this.current), `expected \`(\` and arguments after \`spawn ${callee.name}\``);
          this.expectSemicolon();
          return { kind: 'Spawn', callee, args, span: this.from(start) };
        }
        case 'asm':
          return this.parseAsm();
        case 'else':
          this.error(this.spanOf(token), '`else` without an `if` (or a `;` before it ended the call it belongs to)');
          this.advance();
          return undefined;
      }
    }
    if (this.at('{')) return this.parseBlock('a block');
    if (!this.canStartExpression(token)) {
      this.error(this.spanOf(token), `unexpected ${this.describe(token)}; expected a statement`);
      this.advance();
      return undefined;
    }
    const expression = this.parseExpression();
    if (this.at('=')) {
      this.advance();
      const value = this.parseExpression();
      this.expectSemicolon();
      if (expression.kind === 'Name' || expression.kind === 'Index') {
        return { kind: 'Assign', target: expression, value, span: this.from(start) };
      }
      if (expression.kind !== 'Error') {
        this.diagnostics.push({
          code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, span: expression.span,
          message: 'only a variable `x` or an element `x[i]` can be assigned',
        });
      }
      return { kind: 'ExpressionStatement', expression: value, span: this.from(start) };
    }
    this.expectSemicolon();
    return { kind: 'ExpressionStatement', expression, span: this.from(start) };
  }

  private parseLet(): Statement {
    const start = this.advance().start;
    const name = this.identifier('after `let`');
    const type = this.eat(':') ? this.parseType() : undefined;
    const initializer = this.eat('=') ? this.parseExpression() : undefined;
    if (!type && !initializer && name.name !== '') {
      this.error(name.span, `\`let ${name.name}\` needs a type or a value: write \`let ${name.name}: int;\` or \`let ${name.name} = 0;\``);
    }
    this.expectSemicolon();
    return { kind: 'Let', name, type, initializer, span: this.from(start) };
  }

  private parseIf(): IfStatement {
    const start = this.advance().start;
    const condition = this.parseCondition();
    const thenBlock = this.parseBlock('`if`');
    let elseBranch: Block | IfStatement | undefined;
    if (this.eat('else')) {
      if (this.at('if')) elseBranch = this.parseIf();
      else elseBranch = this.parseBlock('`else`');
    }
    return { kind: 'If', condition, thenBlock, elseBranch, span: this.from(start) };
  }

  /** The condition of `if`/`while`; `if x = 1 {` is one E001 ("compare with `==`") read as `x == 1`. */
  private parseCondition(): Expr {
    const condition = this.parseExpression();
    if (!this.at('=')) return condition;
    const assign = this.advance();
    this.diagnostics.push({
      code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, span: this.spanOf(assign),
      message: '`=` assigns; to compare in a condition write `==`',
    });
    this.lastErrorIndex = this.index;
    const right = this.parseExpression();
    return {
      kind: 'Binary', operator: '==', operatorSpan: this.spanOf(assign), left: condition, right,
      span: { start: condition.span.start, end: right.span.end },
    };
  }

  private parseAsm(): AsmStatement {
    const start = this.advance().start;
    const open = this.expect('{', 'after `asm` (write `asm { instructions }`)');
    let lines: AsmStatement['lines'] = [];
    if (open && this.current.kind === 'asm') lines = this.advance().lines ?? [];
    if (open) this.eat('}');
    return { kind: 'Asm', lines, span: this.from(start) };
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private canStartExpression(token: Token): boolean {
    switch (token.kind) {
      case 'identifier':
      case 'integer':
      case 'string':
        return true;
      case 'keyword':
        return token.text === 'true' || token.text === 'false' || token.text === 'cap' || token.text === 'acap';
      case 'punctuation':
        return token.text === '(' || token.text === '-' || token.text === '!' || token.text === '~' || token.text === '&';
      default:
        return false;
    }
  }

  parseExpression(): Expr {
    if (this.nesting === 0) this.reportedTooDeep = false;
    return this.parseBinary(0);
  }

  /**
   * At the nesting limit (after `open`, already consumed): one error per outermost expression, and
   * the nested part is skipped, so the closing parentheses that follow do not each become an error.
   */
  private skipTooDeep(open: Token, insideParentheses = false): Expr {
    if (!this.reportedTooDeep) this.error(this.spanOf(open), 'expression nested too deeply');
    this.reportedTooDeep = true;
    if (insideParentheses) this.skipToClosingParenthesis();
    else if (this.at('(')) {
      this.advance();
      this.skipToClosingParenthesis();
    } else if (this.canStartExpression(this.current)) this.advance();
    return { kind: 'Error', span: this.from(open.start) };
  }

  /** Precedence climbing: operators of `minimumLevel` or tighter; each level is left-associative. */
  private parseBinary(minimumLevel: number): Expr {
    let left = this.parseUnary();
    let chained = 0;
    try {
      for (;;) {
        const token = this.current;
        if (token.kind !== 'punctuation') return left;
        const level = LEVEL_OF_OPERATOR.get(token.text);
        if (level === undefined || level < minimumLevel) return left;
        this.advance();
        const right = this.parseBinary(level + 1);
        const span = { start: left.span.start, end: right.span.end };
        if (this.operatorChain >= MAXIMUM_OPERATOR_CHAIN) {
          // The rest of the chain is still read (no cascade of errors), but not built.
          if (left.kind !== 'Error') this.error(this.spanOf(token), `expression too long: more than ${MAXIMUM_OPERATOR_CHAIN} operators in a row (split it with \`let\`)`);
          left = { kind: 'Error', span };
          continue;
        }
        chained++;
        this.operatorChain++;
        left = { kind: 'Binary', operator: token.text as BinaryOperator, operatorSpan: this.spanOf(token), left, right, span };
      }
    } finally {
      this.operatorChain -= chained;
    }
  }

  private parseUnary(): Expr {
    const token = this.current;
    if (token.kind === 'punctuation' && (token.text === '-' || token.text === '!' || token.text === '~' || token.text === '&')) {
      if (this.nesting >= MAXIMUM_NESTING) {
        this.advance();
        return this.skipTooDeep(token);
      }
      this.advance();
      this.nesting++;
      const operand = this.parseUnary();
      this.nesting--;
      return { kind: 'Unary', operator: token.text, operand, span: { start: token.start, end: Math.max(token.end, operand.span.end) } };
    }
    return this.parsePostfix();
  }

  private parsePostfix(): Expr {
    let expression = this.parsePrimary();
    for (;;) {
      if (this.at('[')) {
        this.advance();
        const index = this.parseExpression();
        if (this.eat('..')) {
          const to = this.parseExpression();
          this.expect(']', 'to end the slice `x[a..b]`');
          expression = { kind: 'Slice', target: expression, from: index, to, span: this.from(expression.span.start) };
        } else {
          this.expect(']', 'to end the index `x[i]`');
          expression = { kind: 'Index', target: expression, index, span: this.from(expression.span.start) };
        }
      } else if (this.at('(') && (expression.kind === 'Name' || expression.kind === 'QualifiedName')) {
        expression = this.parseCall(expression);
      } else {
        return expression;
      }
    }
  }

  private parseCall(callee: NameExpr | QualifiedNameExpr): CallExpr {
    const calleeName = callee.kind === 'Name' ? callee.name.name : `${callee.qualifier.name}.${callee.member.name}`;
    const { args, span: argsSpan } = this.parseArguments(calleeName);
    const call: CallExpr = { kind: 'Call', callee, args, argsSpan, span: this.from(callee.span.start) };
    if (this.at('else')) {
      call.elseSpan = this.spanOf(this.advance());
      call.elseValue = this.parseExpression();
      call.span = { start: call.span.start, end: Math.max(call.elseSpan.end, call.elseValue.span.end) };
    }
    return call;
  }

  private parseArguments(calleeName: string): { args: Expr[]; span: Span } {
    const open = this.advance();
    const args: Expr[] = [];
    const takesPermission = calleeName === 'cap' || calleeName === 'acap';
    if (this.nesting >= MAXIMUM_NESTING) {
      // One Error argument: the count is unknown, not zero (no E004 on top of this E001).
      args.push(this.skipTooDeep(open, true));
      return { args, span: this.from(open.start) };
    }
    this.nesting++;
    while (!this.at(')')) {
      const token = this.current;
      const next = this.peekNext();
      if (
        takesPermission && args.length === 1 && token.kind === 'identifier' && (token.text === 'read' || token.text === 'write') &&
        next.kind === 'punctuation' && (next.text === ')' || next.text === ',')
      ) {
        this.advance();
        args.push({ kind: 'Permission', permission: token.text, span: this.spanOf(token) });
      } else {
        if (!this.canStartExpression(token)) break;
        args.push(this.parseExpression());
      }
      if (!this.eat(',')) break;
    }
    this.nesting--;
    if (!this.eat(')')) {
      this.error(this.spanOf(this.current), `expected \`,\` or \`)\` in the arguments of \`${calleeName}\`, found ${this.describe(this.current)}`);
      this.skipToClosingParenthesis();
    }
    return { args, span: this.from(open.start) };
  }

  private parsePrimary(): Expr {
    const token = this.current;
    const span = this.spanOf(token);
    switch (token.kind) {
      case 'integer':
        this.advance();
        return { kind: 'Integer', value: token.value as number, span };
      case 'string':
        this.advance();
        return { kind: 'String', value: token.value as string, span };
      case 'identifier': {
        this.advance();
        const name: Identifier = { kind: 'Identifier', name: token.text, span };
        if (this.at('.') && this.peekNext().kind === 'identifier') {
          this.advance();
          const memberToken = this.advance();
          const member: Identifier = { kind: 'Identifier', name: memberToken.text, span: this.spanOf(memberToken) };
          return { kind: 'QualifiedName', qualifier: name, member, span: { start: token.start, end: memberToken.end } };
        }
        if (this.at('.')) {
          this.advance();
          this.error(this.spanOf(this.current), `expected a name after \`${token.text}.\`, found ${this.describe(this.current)}`);
        }
        return { kind: 'Name', name, span };
      }
      case 'keyword':
        if (token.text === 'true' || token.text === 'false') {
          this.advance();
          return { kind: 'Bool', value: token.text === 'true', span };
        }
        if ((token.text === 'cap' || token.text === 'acap') && this.peekNext().kind === 'punctuation' && this.peekNext().text === '(') {
          this.advance();
          return { kind: 'Name', name: { kind: 'Identifier', name: token.text, span }, span };
        }
        break;
      case 'punctuation':
        if (token.text === '(') {
          this.advance();
          if (this.nesting >= MAXIMUM_NESTING) return this.skipTooDeep(token, true);
          this.nesting++;
          const inner = this.parseExpression();
          this.nesting--;
          this.expect(')', 'to close the `(`');
          return inner;
        }
        break;
    }
    this.error(span, `expected an expression, found ${this.describe(token)}`);
    return { kind: 'Error', span: { start: token.start, end: token.start } };
  }
}

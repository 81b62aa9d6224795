// Hand-written recursive-descent parser for `.dipc` (language.md §3). Every node gets the exact
// span of the tokens it was built from. It never throws: each mistake becomes one E001 and the
// parser resynchronises (a missing `;` is assumed, an unclosed `{` ends where the next declaration
// starts, a stray token is skipped), so the checker still sees the rest of the file.
// It reads the current token from the lexer's fields, builds error messages only when it reports
// one, and gives every list exactly the room it needs (see `collect`): the tree is most of what
// an analysis keeps, and what it allocates is what the garbage collector has to copy.

import type {
  AsmStatement, Block, ConstDecl, DomainDecl, DomainMember, Expr, FunctionDecl, GrantDecl, Identifier, ImportDecl,
  IsolationList, Parameter, Permission, ProcessDecl, ProcessMember, Program, Span, Statement, TypeNode, VarDecl,
  BinaryOperator, CallExpr, NameExpr, QualifiedNameExpr, IfStatement, UnaryOperator,
} from './ast';
import type { Diagnostic } from './analysis';
import { DIAGNOSTIC_CODES } from './diagnostic-codes';
import { Lexer, type TokenKind } from './lexer';
import {
  arrayType, asmStatement, assignStatement, binaryExpression, block, boolLiteral, breakOrContinue, callExpression,
  domainDeclaration, expressionStatement, forStatement, functionDeclaration, identifier, ifStatement, importDeclaration,
  indexExpression, integerLiteral, isolationList, keywordType, letStatement, nameExpression, parameter,
  permissionExpression, processDeclaration, qualifiedName, returnStatement, sliceExpression, span, spawnStatement,
  stringLiteral, unaryExpression, varDeclaration, whileStatement,
} from './syntax-factory';

// Binary operators from the loosest to the tightest level (language.md §3).
const BINARY_LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '<=', '>', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
];
const LEVEL_OF_OPERATOR = new Map<string, number>();
BINARY_LEVELS.forEach((operators, level) => operators.forEach((operator) => LEVEL_OF_OPERATOR.set(operator, level)));

/** Keywords that can only start a declaration: seeing one inside a block means the block was never closed. */
const DECLARATION_KEYWORDS = new Set(['process', 'domain', 'var', 'const', 'fn', 'entry', 'import', 'grant']);
const MEMBER_KEYWORDS = new Set(['var', 'const', 'fn', 'entry', 'import', 'domain', 'grant']);
const DOMAIN_MEMBER_KEYWORDS = new Set(['var', 'const', 'fn', 'entry']);
const STATEMENT_KEYWORDS = new Set(['let', 'if', 'while', 'for', 'return', 'break', 'continue', 'spawn', 'asm']);

/** Deeper nesting than this is reported instead of recursing further (keeps the stack bounded on any input). */
const MAXIMUM_NESTING = 100;
/**
 * Binary operators in a row (`a + b + c ...`, counted through every enclosing expression): each one
 * is a level of the syntax tree that later passes walk recursively, so a long enough flat chain
 * would overflow the stack as surely as deep parentheses.
 */
const MAXIMUM_OPERATOR_CHAIN = 1000;

// Where `skipUntil` stops.
function isTopLevelStart(kind: TokenKind, text: string): boolean {
  return kind === 'keyword' && (text === 'process' || text === 'const');
}
function isDeclarationStart(kind: TokenKind, text: string): boolean {
  return kind === 'keyword' && DECLARATION_KEYWORDS.has(text);
}
function isParameterListEnd(kind: TokenKind, text: string): boolean {
  return (kind === 'punctuation' && (text === ')' || text === '{')) || isDeclarationStart(kind, text);
}
function never(): boolean {
  return false;
}

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
  /**
   * Elements of the lists being parsed, innermost on top: a list is copied out at its exact length
   * when it ends (`collect`). A list grown by `push` would keep room for 16 elements however short.
   */
  private readonly pending: unknown[] = [];
  private pendingTop = 0;

  /** The lexer holds the current token (`kind`, `text`, `start`, `end`, ...). */
  constructor(
    private readonly lexer: Lexer,
    private readonly diagnostics: Diagnostic[],
  ) {
    lexer.next();
  }

  // -------------------------------------------------------------------------------------------
  // Token helpers

  private advance(): void {
    const lexer = this.lexer;
    if (lexer.kind === 'eof') return;
    this.index++;
    this.previousEnd = lexer.end;
    lexer.next();
  }

  /** The current token is this punctuation or keyword. */
  private at(text: string): boolean {
    const lexer = this.lexer;
    return (lexer.kind === 'punctuation' || lexer.kind === 'keyword') && lexer.text === text;
  }

  private eat(text: string): boolean {
    if (!this.at(text)) return false;
    this.advance();
    return true;
  }

  /** The token after the current one is this punctuation. */
  private nextIs(text: string): boolean {
    const lexer = this.lexer;
    lexer.peek();
    return lexer.peekKind === 'punctuation' && lexer.peekText === text;
  }

  private error(span: Span, message: string): void {
    if (this.index === this.lastErrorIndex) return;
    this.lastErrorIndex = this.index;
    this.diagnostics.push({ code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, message, span });
  }

  /** The current token, for messages. */
  private describe(): string {
    const lexer = this.lexer;
    if (lexer.kind === 'eof') return 'the end of the file';
    if (lexer.kind === 'asm') return 'assembly';
    const text = lexer.tokenText();
    return `\`${text.length > 20 ? text.slice(0, 20) + '…' : text}\``;
  }

  /** Consumes `text`, or reports that it is missing (`context` is built by the caller only then). */
  private expect(text: string, context: string): boolean {
    return this.eat(text) || this.expected(text, context);
  }

  /** Reports that `text` was expected at the current token. */
  private expected(text: string, context: string): false {
    this.error(this.tokenSpan(), `expected \`${text}\` ${context}, found ${this.describe()}`);
    return false;
  }

  /** The span of the current token. */
  private tokenSpan(): Span {
    return span(this.lexer.start, this.lexer.end);
  }

  private from(start: number): Span {
    return span(start, Math.max(start, this.previousEnd));
  }

  /** Starts a list: its elements go on the pending stack until `collect`. */
  private mark(): number {
    return this.pendingTop;
  }

  private add(element: unknown): void {
    this.pending[this.pendingTop++] = element;
  }

  /** The elements added since `mark`, in an array of exactly their number. */
  private collect<T>(mark: number): T[] {
    const elements = this.pending.slice(mark, this.pendingTop) as T[];
    this.pendingTop = mark;
    return elements;
  }

  /** The current identifier; only call when the current token is one. */
  private takeIdentifier(): Identifier {
    const lexer = this.lexer;
    const name = identifier(lexer.text, span(lexer.start, lexer.end));
    this.advance();
    return name;
  }

  /** A name; callers with a message built from other names test `kind === 'identifier'` first and call `takeIdentifier`. */
  private identifier(context: string): Identifier {
    const lexer = this.lexer;
    if (lexer.kind === 'identifier') return this.takeIdentifier();
    const start = lexer.start;
    const reserved = lexer.kind === 'keyword' ? ` (\`${lexer.text}\` is a keyword)` : '';
    this.error(this.tokenSpan(), `expected a name ${context}, found ${this.describe()}${reserved}`);
    // A keyword used as a name is consumed so the declaration around it still parses.
    if (lexer.kind === 'keyword' && !DECLARATION_KEYWORDS.has(lexer.text) && !STATEMENT_KEYWORDS.has(lexer.text)) this.advance();
    return identifier('', span(start, start));
  }

  /** `;` ending a statement or declaration: tells a missing `;` from a stray token before it. */
  private expectSemicolon(): void {
    if (this.eat(';')) return;
    const lexer = this.lexer;
    const isStray = lexer.kind !== 'eof' && !lexer.newlineBefore && !this.at('}') && this.nextIs(';');
    if (isStray) {
      this.error(this.tokenSpan(), `unexpected ${this.describe()}; remove it`);
      this.advance();
      this.advance();
      return;
    }
    this.error(span(this.previousEnd, this.previousEnd), `expected \`;\` here, found ${this.describe()}`);
  }

  /** Skips a stray region up to (not including) a token `stop` accepts; braces are skipped as balanced pairs. */
  private skipUntil(stop: (kind: TokenKind, text: string) => boolean): void {
    const lexer = this.lexer;
    let depth = 0;
    while (lexer.kind !== 'eof') {
      if (depth === 0 && stop(lexer.kind, lexer.text)) return;
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
    const lexer = this.lexer;
    let depth = 0;
    while (lexer.kind !== 'eof') {
      if (isDeclarationStart(lexer.kind, lexer.text)) return;
      if (lexer.kind === 'punctuation') {
        const text = lexer.text;
        if (text === ';' || text === '{' || text === '}') return;
        if (text === '(') depth++;
        else if (text === ')') {
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

  /** `openStart` is the offset of a `{` (one character). */
  private reportUnclosed(openStart: number, what: string): void {
    if (this.index === this.lastUnclosedIndex) return;
    this.lastUnclosedIndex = this.index;
    this.lastErrorIndex = this.index;
    this.diagnostics.push({
      code: 'E001',
      severity: DIAGNOSTIC_CODES.E001.severity,
      message: `this \`{\` of ${what} is never closed: add \`}\` before ${this.describe()}`,
      span: span(openStart, openStart + 1),
    });
  }

  // -------------------------------------------------------------------------------------------
  // Declarations

  parseProgram(textLength: number): Program {
    const lexer = this.lexer;
    const items = this.mark();
    while (lexer.kind !== 'eof') {
      const before = this.index;
      if (this.at('process')) this.add(this.parseProcess());
      else if (this.at('const')) this.add(this.parseConst());
      else {
        this.error(this.tokenSpan(), `expected \`process\` or \`const\` at the top level, found ${this.describe()}`);
        this.skipUntil(isTopLevelStart);
        if (this.at('}')) this.advance();
      }
      if (this.index === before) this.advance();
    }
    return { kind: 'Program', items: this.collect(items), span: span(0, textLength) };
  }

  private parseProcess(): ProcessDecl {
    const lexer = this.lexer;
    const start = lexer.start;
    this.advance();
    const name = this.identifier('after `process`');
    const members = this.mark();
    const openStart = lexer.start;
    if (this.eat('{') || this.expected('{', `to open the body of process \`${name.name}\``)) {
      while (!this.at('}')) {
        if (lexer.kind === 'eof' || this.at('process')) {
          this.reportUnclosed(openStart, `process \`${name.name}\``);
          break;
        }
        const before = this.index;
        const member = this.parseMember('process', name.name, MEMBER_KEYWORDS);
        if (member) this.add(member);
        if (this.index === before) this.advance();
      }
      this.eat('}');
    }
    return processDeclaration(name, this.collect<ProcessMember>(members), this.from(start));
  }

  /** One member of a process or domain; `allowed` are the keywords that may start one here. */
  private parseMember(ownerKind: 'process' | 'domain', ownerName: string, allowed: ReadonlySet<string>): ProcessMember | undefined {
    const lexer = this.lexer;
    const keyword = lexer.kind === 'keyword' ? lexer.text : '';
    if (MEMBER_KEYWORDS.has(keyword) && !allowed.has(keyword)) {
      this.error(this.tokenSpan(), `\`${keyword}\` is not allowed inside ${ownerKind} \`${ownerName}\`; only \`var\`, \`const\`, \`fn\` and \`entry\` are`);
    }
    switch (keyword) {
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
        const expected = [...allowed].map((word) => `\`${word}\``).join(', ');
        this.error(this.tokenSpan(), `expected a declaration (${expected}) in ${ownerKind} \`${ownerName}\`, found ${this.describe()}`);
        this.skipUntil(isDeclarationStart);
        return undefined;
      }
    }
  }

  private parseDomain(): DomainDecl {
    const lexer = this.lexer;
    const start = lexer.start;
    this.advance();
    const name = this.identifier('after `domain`');
    const members = this.mark();
    const openStart = lexer.start;
    if (this.eat('{') || this.expected('{', `to open the body of domain \`${name.name}\``)) {
      while (!this.at('}')) {
        if (lexer.kind === 'eof' || this.at('process') || this.at('domain') || this.at('import') || this.at('grant')) {
          this.reportUnclosed(openStart, `domain \`${name.name}\``);
          break;
        }
        const before = this.index;
        const member = this.parseMember('domain', name.name, DOMAIN_MEMBER_KEYWORDS);
        if (member && (member.kind === 'Var' || member.kind === 'Const' || member.kind === 'Function')) this.add(member);
        if (this.index === before) this.advance();
      }
      this.eat('}');
    }
    return domainDeclaration(name, this.collect<DomainMember>(members), this.from(start));
  }

  private parseGrant(): GrantDecl {
    const lexer = this.lexer;
    const start = lexer.start;
    this.advance();
    const from = this.identifier('of the domain that receives the permission');
    let permission: Permission = 'call';
    let permissionSpan: Span = span(lexer.start, lexer.start);
    const text = lexer.text;
    if (lexer.kind === 'identifier' && (text === 'call' || text === 'read' || text === 'write')) {
      permission = text;
      permissionSpan = this.tokenSpan();
      this.advance();
    } else {
      this.error(this.tokenSpan(), `expected a permission (\`call\`, \`read\` or \`write\`), found ${this.describe()}`);
    }
    const to = this.identifier('of the domain the permission is on');
    this.expectSemicolon();
    return { kind: 'Grant', from, permission, permissionSpan, to, span: this.from(start) };
  }

  private parseVar(): VarDecl {
    const lexer = this.lexer;
    const start = lexer.start;
    this.advance();
    const name = this.identifier('after `var`');
    let type: TypeNode;
    if (this.eat(':')) type = this.parseType();
    else {
      this.error(this.tokenSpan(), `expected \`:\` and a type after \`var ${name.name}\` (a global always has a type)`);
      type = { kind: 'ErrorType', span: span(lexer.start, lexer.start) };
    }
    const initializer = this.eat('=') ? this.parseExpression() : undefined;
    this.expectSemicolon();
    return varDeclaration(name, type, initializer, this.from(start));
  }

  private parseConst(): ConstDecl {
    const lexer = this.lexer;
    const start = lexer.start;
    this.advance();
    const name = this.identifier('after `const`');
    const type = this.eat(':') ? this.parseType() : undefined;
    let value: Expr;
    if (this.eat('=') || this.expected('=', `and a value after \`const ${name.name}\``)) value = this.parseExpression();
    else value = { kind: 'Error', span: span(lexer.start, lexer.start) };
    this.expectSemicolon();
    return { kind: 'Const', name, type, value, span: this.from(start) };
  }

  private parseFunction(): FunctionDecl {
    const lexer = this.lexer;
    const keywordSpan = this.tokenSpan();
    const keyword = lexer.text;
    const isEntry = keyword === 'entry';
    this.advance();
    const name = this.identifier(isEntry ? 'after `entry`' : 'after `fn`');
    const parameters = this.mark();
    if (this.eat('(') || this.expected('(', `to start the parameters of \`${name.name}\``)) {
      while (!this.at(')') && lexer.kind === 'identifier') {
        const parameterStart = lexer.start;
        const parameterName = this.takeIdentifier();
        let type: TypeNode;
        if (this.eat(':') || this.expected(':', `and a type after parameter \`${parameterName.name}\``)) type = this.parseType();
        else type = { kind: 'ErrorType', span: span(lexer.start, lexer.start) };
        this.add(parameter(parameterName, type, this.from(parameterStart)));
        if (!this.eat(',')) break;
      }
      if (!this.eat(')')) {
        this.error(this.tokenSpan(), `expected \`)\` to end the parameters of \`${name.name}\`, found ${this.describe()}`);
        this.skipUntil(isParameterListEnd);
        this.eat(')');
      }
    }
    const parameterList = this.collect<Parameter>(parameters);
    const returnType = this.eat('->') ? this.parseType() : undefined;
    let isolation: IsolationList | undefined;
    if (this.at('isolate')) {
      if (!isEntry) {
        this.error(this.tokenSpan(), `only an \`entry\` has an isolation policy; \`fn ${name.name}\` is private to its process`);
      }
      isolation = this.parseIsolation();
    }
    const savedLoopDepth = this.loopDepth;
    this.loopDepth = 0;
    const body = this.parseBlock(keyword, name.name);
    this.loopDepth = savedLoopDepth;
    return functionDeclaration(isEntry, keywordSpan, name, parameterList, returnType, isolation, body, this.from(keywordSpan.start));
  }

  private parseIsolation(): IsolationList {
    const start = this.lexer.start;
    this.advance();
    const properties = this.mark();
    if (this.expect('(', 'after `isolate`')) {
      do {
        if (this.at(')')) break;
        const property = this.identifier('of an isolation property');
        this.add(property);
        if (property.name === '') break;
      } while (this.eat(','));
      this.expect(')', 'to end the isolation properties');
    }
    return isolationList(this.collect(properties), this.from(start));
  }

  private parseImport(): ImportDecl {
    const lexer = this.lexer;
    const start = lexer.start;
    this.advance();
    const process = this.identifier('of a process after `import`');
    let entry: Identifier;
    if (this.eat('.') || this.expected('.', `and an entry name after \`import ${process.name}\` (write \`import Process.entry;\`)`)) {
      entry = lexer.kind === 'identifier' ? this.takeIdentifier() : this.identifier(`of an entry of \`${process.name}\``);
    } else {
      entry = identifier('', span(this.previousEnd, this.previousEnd));
    }
    const isolation = this.at('isolate') ? this.parseIsolation() : undefined;
    const alias = this.eat('as') ? this.identifier('after `as`') : undefined;
    this.expectSemicolon();
    return importDeclaration(process, entry, isolation, alias, this.from(start));
  }

  // -------------------------------------------------------------------------------------------
  // Types

  private parseType(): TypeNode {
    const lexer = this.lexer;
    const start = lexer.start;
    if (lexer.kind === 'keyword') {
      switch (lexer.text) {
        case 'int':
          return keywordType('IntType', this.takeSpan());
        case 'bool':
          return keywordType('BoolType', this.takeSpan());
        case 'ptr':
          return keywordType('PtrType', this.takeSpan());
        case 'cap':
          return keywordType('CapType', this.takeSpan());
        case 'acap':
          return keywordType('AcapType', this.takeSpan());
      }
    }
    if (this.at('[') && this.nesting < MAXIMUM_NESTING) {
      this.advance();
      this.nesting++;
      const element = this.parseType();
      this.nesting--;
      let length: Expr;
      if (this.expect(';', 'and a length in an array type `[T; N]`')) length = this.parseExpression();
      else length = { kind: 'Error', span: span(lexer.start, lexer.start) };
      this.expect(']', 'to end the array type');
      return arrayType(element, length, this.from(start));
    }
    const at = this.tokenSpan();
    this.error(at, `expected a type (\`int\`, \`bool\`, \`ptr\`, \`cap\`, \`acap\` or \`[T; N]\`), found ${this.describe()}`);
    if (lexer.kind === 'identifier') {
      this.advance();
      return { kind: 'ErrorType', span: at };
    }
    return { kind: 'ErrorType', span: span(start, start) };
  }

  /** The span of the current token, which is then consumed. */
  private takeSpan(): Span {
    const at = this.tokenSpan();
    this.advance();
    return at;
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  /** A `{ }` body; `what` (and `name`, when given) say whose, in messages. */
  private parseBlock(what: string, name?: string): Block {
    const lexer = this.lexer;
    const openStart = lexer.start;
    const open = this.at('{');
    if (open) this.advance();
    else this.expected('{', `to open the body of ${describeOwner(what, name)}`);
    const start = open ? openStart : lexer.start;
    if (!open) return block([], span(start, start));
    if (this.nesting >= MAXIMUM_NESTING) {
      this.error(span(openStart, openStart + 1), 'blocks are nested too deeply');
      this.skipUntil(never);
      this.eat('}');
      return block([], this.from(start));
    }
    this.nesting++;
    const statements = this.mark();
    for (;;) {
      if (this.eat('}')) break;
      if (lexer.kind === 'eof' || isDeclarationStart(lexer.kind, lexer.text)) {
        this.reportUnclosed(openStart, describeOwner(what, name));
        break;
      }
      const before = this.index;
      const statement = this.parseStatement();
      if (statement) this.add(statement);
      if (this.index === before) this.advance();
    }
    this.nesting--;
    return block(this.collect(statements), this.from(start));
  }

  private parseStatement(): Statement | undefined {
    const lexer = this.lexer;
    const start = lexer.start;
    if (lexer.kind === 'keyword') {
      const keyword = lexer.text;
      switch (keyword) {
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
          return whileStatement(condition, body, this.from(start));
        }
        case 'for': {
          this.advance();
          const variable = this.identifier('of the loop variable after `for`');
          if (!this.eat('in')) this.expected('in', `after \`for ${variable.name}\` (write \`for i in 0..n { }\`)`);
          const from = this.parseExpression();
          let to: Expr;
          if (this.expect('..', 'between the bounds of a `for` range')) to = this.parseExpression();
          else to = { kind: 'Error', span: span(lexer.start, lexer.start) };
          this.loopDepth++;
          const body = this.parseBlock('`for`');
          this.loopDepth--;
          return forStatement(variable, from, to, body, this.from(start));
        }
        case 'return': {
          this.advance();
          const value = this.at(';') || this.at('}') ? undefined : this.parseExpression();
          this.expectSemicolon();
          return returnStatement(value, this.from(start));
        }
        case 'break':
        case 'continue': {
          const end = lexer.end;
          this.advance();
          if (this.loopDepth === 0) this.error(span(start, end), `\`${keyword}\` outside a loop`);
          this.expectSemicolon();
          return breakOrContinue(keyword === 'break' ? 'Break' : 'Continue', this.from(start));
        }
        case 'spawn': {
          this.advance();
          const callee = this.identifier('of a function after `spawn`');
          let args: Expr[] = [];
          if (this.at('(')) args = this.parseArguments(callee.name);
          else this.error(this.tokenSpan(), `expected \`(\` and arguments after \`spawn ${callee.name}\``);
          this.expectSemicolon();
          return spawnStatement(callee, args, this.from(start));
        }
        case 'asm':
          return this.parseAsm();
        case 'else':
          this.error(this.tokenSpan(), '`else` without an `if` (or a `;` before it ended the call it belongs to)');
          this.advance();
          return undefined;
      }
    }
    if (this.at('{')) return this.parseBlock('a block');
    if (!this.canStartExpression()) {
      this.error(this.tokenSpan(), `unexpected ${this.describe()}; expected a statement`);
      this.advance();
      return undefined;
    }
    const expression = this.parseExpression();
    if (this.at('=')) {
      this.advance();
      const value = this.parseExpression();
      this.expectSemicolon();
      if (expression.kind === 'Name' || expression.kind === 'Index') {
        return assignStatement(expression, value, this.from(start));
      }
      if (expression.kind !== 'Error') {
        this.diagnostics.push({
          code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, span: expression.span,
          message: 'only a variable `x` or an element `x[i]` can be assigned',
        });
      }
      return expressionStatement(value, this.from(start));
    }
    this.expectSemicolon();
    return expressionStatement(expression, this.from(start));
  }

  private parseLet(): Statement {
    const start = this.lexer.start;
    this.advance();
    const name = this.identifier('after `let`');
    const type = this.eat(':') ? this.parseType() : undefined;
    const initializer = this.eat('=') ? this.parseExpression() : undefined;
    if (!type && !initializer && name.name !== '') {
      this.error(name.span, `\`let ${name.name}\` needs a type or a value: write \`let ${name.name}: int;\` or \`let ${name.name} = 0;\``);
    }
    this.expectSemicolon();
    return letStatement(name, type, initializer, this.from(start));
  }

  private parseIf(): IfStatement {
    const start = this.lexer.start;
    this.advance();
    const condition = this.parseCondition();
    const thenBlock = this.parseBlock('`if`');
    let elseBranch: Block | IfStatement | undefined;
    if (this.eat('else')) {
      if (this.at('if')) elseBranch = this.parseIf();
      else elseBranch = this.parseBlock('`else`');
    }
    return ifStatement(condition, thenBlock, elseBranch, this.from(start));
  }

  /** The condition of `if`/`while`; `if x = 1 {` is one E001 ("compare with `==`") read as `x == 1`. */
  private parseCondition(): Expr {
    const condition = this.parseExpression();
    if (!this.at('=')) return condition;
    const assign = this.takeSpan();
    this.diagnostics.push({
      code: 'E001', severity: DIAGNOSTIC_CODES.E001.severity, span: assign,
      message: '`=` assigns; to compare in a condition write `==`',
    });
    this.lastErrorIndex = this.index;
    const right = this.parseExpression();
    return binaryExpression('==', span(assign.start, assign.end), condition, right, span(condition.span.start, right.span.end));
  }

  private parseAsm(): AsmStatement {
    const lexer = this.lexer;
    const start = lexer.start;
    this.advance();
    const open = this.expect('{', 'after `asm` (write `asm { instructions }`)');
    let lines: AsmStatement['lines'] = [];
    if (open && lexer.kind === 'asm') {
      lines = lexer.lines ?? [];
      this.advance();
    }
    if (open) this.eat('}');
    return asmStatement(lines, this.from(start));
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private canStartExpression(): boolean {
    const lexer = this.lexer;
    const text = lexer.text;
    switch (lexer.kind) {
      case 'identifier':
      case 'integer':
      case 'string':
        return true;
      case 'keyword':
        return text === 'true' || text === 'false' || text === 'cap' || text === 'acap';
      case 'punctuation':
        return text === '(' || text === '-' || text === '!' || text === '~' || text === '&';
      default:
        return false;
    }
  }

  parseExpression(): Expr {
    if (this.nesting === 0) this.reportedTooDeep = false;
    return this.parseBinary(0);
  }

  /**
   * At the nesting limit (after the one-character token at `openStart`, already consumed): one
   * error per outermost expression, and the nested part is skipped, so the closing parentheses
   * that follow do not each become an error.
   */
  private skipTooDeep(openStart: number, insideParentheses = false): Expr {
    if (!this.reportedTooDeep) this.error(span(openStart, openStart + 1), 'expression nested too deeply');
    this.reportedTooDeep = true;
    if (insideParentheses) this.skipToClosingParenthesis();
    else if (this.at('(')) {
      this.advance();
      this.skipToClosingParenthesis();
    } else if (this.canStartExpression()) this.advance();
    return { kind: 'Error', span: this.from(openStart) };
  }

  /** Precedence climbing: operators of `minimumLevel` or tighter; each level is left-associative. */
  private parseBinary(minimumLevel: number): Expr {
    const lexer = this.lexer;
    let left = this.parseUnary();
    let chained = 0;
    try {
      for (;;) {
        if (lexer.kind !== 'punctuation') return left;
        const operator = lexer.text;
        const level = LEVEL_OF_OPERATOR.get(operator);
        if (level === undefined || level < minimumLevel) return left;
        const operatorStart = lexer.start;
        const operatorEnd = lexer.end;
        this.advance();
        const right = this.parseBinary(level + 1);
        const at = span(left.span.start, right.span.end);
        if (this.operatorChain >= MAXIMUM_OPERATOR_CHAIN) {
          // The rest of the chain is still read (no cascade of errors), but not built.
          if (left.kind !== 'Error') this.error(span(operatorStart, operatorEnd), `expression too long: more than ${MAXIMUM_OPERATOR_CHAIN} operators in a row (split it with \`let\`)`);
          left = { kind: 'Error', span: at };
          continue;
        }
        chained++;
        this.operatorChain++;
        left = binaryExpression(operator as BinaryOperator, span(operatorStart, operatorEnd), left, right, at);
      }
    } finally {
      this.operatorChain -= chained;
    }
  }

  private parseUnary(): Expr {
    const lexer = this.lexer;
    const text = lexer.text;
    if (lexer.kind === 'punctuation' && (text === '-' || text === '!' || text === '~' || text === '&')) {
      const start = lexer.start;
      const end = lexer.end;
      this.advance();
      if (this.nesting >= MAXIMUM_NESTING) return this.skipTooDeep(start);
      this.nesting++;
      const operand = this.parseUnary();
      this.nesting--;
      return unaryExpression(text as UnaryOperator, operand, span(start, Math.max(end, operand.span.end)));
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
          expression = sliceExpression(expression, index, to, this.from(expression.span.start));
        } else {
          this.expect(']', 'to end the index `x[i]`');
          expression = indexExpression(expression, index, this.from(expression.span.start));
        }
      } else if (this.at('(') && (expression.kind === 'Name' || expression.kind === 'QualifiedName')) {
        expression = this.parseCall(expression);
      } else {
        return expression;
      }
    }
  }

  private parseCall(callee: NameExpr | QualifiedNameExpr): CallExpr {
    const openStart = this.lexer.start;
    const args = this.parseArguments(callee.kind === 'Name' ? callee.name.name : undefined, callee);
    const call = callExpression(callee, args, this.from(openStart), this.from(callee.span.start));
    if (this.at('else')) {
      const elseSpan = this.takeSpan();
      call.elseSpan = elseSpan;
      const elseValue = this.parseExpression();
      call.elseValue = elseValue;
      call.span = span(call.span.start, Math.max(elseSpan.end, elseValue.span.end));
    }
    return call;
  }

  /**
   * The arguments after the current `(` (the caller takes the span). `name` is the callee's plain
   * name (`cap` and `acap` take a permission); `qualified` a `P.e` callee, named in messages.
   */
  private parseArguments(name: string | undefined, qualified?: NameExpr | QualifiedNameExpr): Expr[] {
    const lexer = this.lexer;
    const openStart = lexer.start;
    this.advance();
    const args = this.mark();
    const takesPermission = name === 'cap' || name === 'acap';
    if (this.nesting >= MAXIMUM_NESTING) {
      // One Error argument: the count is unknown, not zero (no E004 on top of this E001).
      this.add(this.skipTooDeep(openStart, true));
      return this.collect(args);
    }
    this.nesting++;
    let count = 0;
    while (!this.at(')')) {
      const text = lexer.text;
      if (
        takesPermission && count === 1 && lexer.kind === 'identifier' && (text === 'read' || text === 'write') &&
        (this.nextIs(')') || this.nextIs(','))
      ) {
        this.add(permissionExpression(text, this.takeSpan()));
      } else {
        if (!this.canStartExpression()) break;
        this.add(this.parseExpression());
      }
      count++;
      if (!this.eat(',')) break;
    }
    this.nesting--;
    if (!this.eat(')')) {
      const calleeName = qualified?.kind === 'QualifiedName' ? `${qualified.qualifier.name}.${qualified.member.name}` : name ?? '';
      this.error(this.tokenSpan(), `expected \`,\` or \`)\` in the arguments of \`${calleeName}\`, found ${this.describe()}`);
      this.skipToClosingParenthesis();
    }
    return this.collect(args);
  }

  private parsePrimary(): Expr {
    const lexer = this.lexer;
    const start = lexer.start;
    const text = lexer.text;
    switch (lexer.kind) {
      case 'integer': {
        const value = lexer.value as number;
        return integerLiteral(value, this.takeSpan());
      }
      case 'string': {
        const value = lexer.value as string;
        return stringLiteral(value, this.takeSpan());
      }
      case 'identifier': {
        const at = this.takeSpan();
        const name = identifier(text, at);
        if (this.at('.')) {
          lexer.peek();
          if (lexer.peekKind === 'identifier') {
            this.advance();
            const member = this.takeIdentifier();
            return qualifiedName(name, member, span(start, member.span.end));
          }
          this.advance();
          this.error(this.tokenSpan(), `expected a name after \`${text}.\`, found ${this.describe()}`);
        }
        return nameExpression(name, at);
      }
      case 'keyword':
        if (text === 'true' || text === 'false') {
          return boolLiteral(text === 'true', this.takeSpan());
        }
        if ((text === 'cap' || text === 'acap') && this.nextIs('(')) {
          const at = this.takeSpan();
          return nameExpression(identifier(text, at), at);
        }
        break;
      case 'punctuation':
        if (text === '(') {
          this.advance();
          if (this.nesting >= MAXIMUM_NESTING) return this.skipTooDeep(start, true);
          this.nesting++;
          const inner = this.parseExpression();
          this.nesting--;
          this.expect(')', 'to close the `(`');
          return inner;
        }
        break;
    }
    this.error(this.tokenSpan(), `expected an expression, found ${this.describe()}`);
    return { kind: 'Error', span: span(start, start) };
  }
}

/** "`while`", or "fn `work`" for a body that belongs to a named function. */
function describeOwner(what: string, name: string | undefined): string {
  return name === undefined ? what : `${what} \`${name}\``;
}

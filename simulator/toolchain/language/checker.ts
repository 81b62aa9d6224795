// Name resolution and type checking of a parsed `.dipc` program (language.md §4-§5). Five passes:
// declare every symbol (processes, domains, members), resolve declared types and signatures,
// resolve imports, check bodies and initializers, then report unused entries and imports. Results
// go into the side tables of analysis.ts; every lookup is a map, so the whole check is linear.

import type {
  AssignStatement, Block, CallExpr, ConstDecl, DomainDecl, Expr, FunctionDecl, Identifier, ImportDecl, IsolationList, Node,
  Parameter, ProcessDecl, Program, QualifiedNameExpr, Span, Statement, TypeNode, VarDecl,
} from './ast';
import type {
  CallResolution, Diagnostic, DiagnosticFix, EntrySignature, SymbolInfo, SymbolKind, Type,
} from './analysis';
import { ISOLATION_PROPERTIES, isIsolationProperty, type IsolationProperty } from '../../kernel/isolation';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostic-codes';
import { BUILTINS, BUILTINS_BY_NAME, type BuiltinInfo } from './builtins';
import { foldBinary, foldUnary, type ConstantValue } from './constant-folding';
import {
  addImportFix, makeEntryFix, removeDeclarationFix, removeElseFix, replaceFix, wrapInCapabilityFix,
} from './fixes';
import {
  arrayType, builtinCall, crossProcessCall, diagnostic as makeDiagnostic, domainEntryCall, functionCall, signature,
  signatureParameter, symbolInfo,
} from './analysis-factory';
import { DeferredMap } from './deferred-map';
import { LocalScopes } from './local-scopes';
import { emptyList, listOf } from './young-objects';
import { nearest } from './suggestions';
import {
  ACAP, BOOL, CAP, ERROR, INT, PERMISSION, PTR, STRING, VOID, assignability, isCapability, isIntegerLike,
  typeToString,
} from './types';

/**
 * Registers available for entry arguments: a0-a7, and cr0-cr6. language.md §5 says 8 capability
 * registers, but cr7 always carries the stack capability the proxy or domain call hands over
 * (docs/codegen.md), so an eighth capability argument has no register (see docs/language-decisions.md).
 */
const MAXIMUM_INTEGER_ARGUMENTS = 8;
const MAXIMUM_CAPABILITY_ARGUMENTS = 7;
/** Largest array, in elements: keeps a typo like `[int; 1000000000]` from laying out gigabytes. */
const MAXIMUM_ARRAY_LENGTH = 1 << 20;

/** Contexts outside function bodies have no locals; nothing is ever declared in this one. */
const NO_LOCALS = new LocalScopes();

/** APL permission levels (machine.md §4): call < read < write. */
const PERMISSION_LEVEL = { call: 1, read: 2, write: 3 } as const;

/** How an expression is used: read, written, or only addressed (`&x`, which touches nothing). */
type Access = 'read' | 'write' | 'address';

// The checker's own records, classes so that V8 never allocates them in the old generation
// (see young-objects.ts): a few hundred of each per large program, alive until the check ends.

class DomainInfo {
  readonly members = new Map<string, SymbolInfo>();

  constructor(
    readonly name: string,
    /** The process symbol for the main domain, the domain symbol otherwise. */
    readonly symbol: SymbolInfo,
    readonly process: ProcessInfo,
    readonly isMain: boolean,
  ) {}
}

class ImportInfo {
  target: SymbolInfo | undefined = undefined;
  called = false;
  duplicate = false;
  /** Both sides' isolation properties in table order, worked out on the first call through it. */
  callIsolation: IsolationProperty[] | undefined = undefined;

  constructor(
    readonly declaration: ImportDecl,
    readonly symbol: SymbolInfo,
  ) {}
}

class ProcessInfo {
  readonly main: DomainInfo;
  readonly domains = new Map<string, DomainInfo>();
  readonly imports = emptyList<ImportInfo>();
  /** `Store.get` -> the first import of it. */
  readonly importsByTarget = new Map<string, ImportInfo>();
  /** `from>to` -> highest granted permission level. */
  readonly grants = new Map<string, number>();

  constructor(
    readonly name: string,
    readonly symbol: SymbolInfo,
    readonly declaration: ProcessDecl,
  ) {
    this.main = new DomainInfo(name, symbol, this, true);
  }
}

class Context {
  /** The function being checked. */
  readonly function: SymbolInfo | undefined;

  constructor(
    readonly process: ProcessInfo,
    readonly domain: DomainInfo,
    /** Parameters and locals of the function being checked (empty outside bodies). */
    readonly locals: LocalScopes,
    functionSymbol: SymbolInfo | undefined,
    readonly result: Type,
  ) {
    this.function = functionSymbol;
  }
}

class MemberContext {
  /** Functions: their parameters' symbols, made with the signature in pass 2 and declared with the body in pass 4. */
  parameterSymbols: SymbolInfo[] | undefined = undefined;

  constructor(
    readonly member: VarDecl | ConstDecl | FunctionDecl,
    readonly symbol: SymbolInfo,
    /** Where the member is declared. */
    readonly context: Context,
  ) {}
}

interface PendingConstant {
  declaration: ConstDecl;
  context?: Context;
  state: 'pending' | 'evaluating' | 'done';
}

export interface CheckResult {
  diagnostics: Diagnostic[];
  symbols: SymbolInfo[];
  resolutions: Map<Identifier, SymbolInfo>;
  expressionTypes: Map<Expr, Type>;
  calls: Map<CallExpr, CallResolution>;
}

export function check(program: Program, text: string): CheckResult {
  return new Checker(program, text).run();
}

class Checker {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly symbols: SymbolInfo[] = [];
  // Filled on first read: the language server's keystroke path never reads them, and hashing every
  // identifier, expression and call was a large part of the check. The checker itself only looks
  // up the few resolutions it needs again in the small tables below (or repeats a scope lookup).
  private readonly resolutions = new DeferredMap<Identifier, SymbolInfo>();
  private readonly expressionTypes = new DeferredMap<Expr, Type>();
  private readonly calls = new DeferredMap<CallExpr, CallResolution>();
  /** Identifiers (declarations and uses) bound to constants, for folding. */
  private readonly constantBindings = new Map<Identifier, SymbolInfo>();
  /** The parameter names of the signature being resolved (one map, emptied after each signature). */
  private readonly parameterNames = new Map<string, SymbolInfo>();

  private readonly processes = new Map<string, ProcessInfo>();
  private readonly globalConstants = new Map<string, SymbolInfo>();
  private readonly builtinSymbols = new Map<string, SymbolInfo>();
  private readonly constants = new Map<SymbolInfo, PendingConstant>();
  private readonly importedEntries = new Set<SymbolInfo>();
  /** Context of each declaration's owner, for checking bodies and initializers in pass 4. */
  private readonly memberContexts: MemberContext[] = [];
  /** The scopes of the function body being checked (one instance, cleared for each body). */
  private readonly locals = new LocalScopes();

  constructor(
    private readonly program: Program,
    private readonly text: string,
  ) {}

  run(): CheckResult {
    for (const builtin of BUILTINS) {
      const symbol = this.newSymbol('builtin', builtin.name, builtin.name, { start: 0, end: 0 }, { start: 0, end: 0 }, builtin.result);
      this.builtinSymbols.set(builtin.name, symbol);
    }
    this.declareProgram();
    this.resolveSignatures();
    for (const process of this.processes.values()) this.resolveImports(process);
    for (const process of this.processes.values()) this.resolveGrants(process);
    this.checkBodies();
    this.reportUnused();
    this.diagnostics.sort((a, b) => a.span.start - b.span.start);
    return {
      diagnostics: this.diagnostics, symbols: this.symbols, resolutions: this.resolutions,
      expressionTypes: this.expressionTypes, calls: this.calls,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Reporting

  private report(
    code: DiagnosticCode, span: Span, message: string,
    extra: { related?: { message: string; span: Span }[]; fixes?: (DiagnosticFix | undefined)[] } = {},
  ): void {
    const diagnostic = makeDiagnostic(code, DIAGNOSTIC_CODES[code].severity, message, span);
    if (extra.related && extra.related.length > 0) diagnostic.related = extra.related;
    const fixes = extra.fixes?.filter((fix): fix is DiagnosticFix => fix !== undefined);
    if (fixes && fixes.length > 0) diagnostic.fixes = fixes;
    if (code === 'W201' || code === 'W202') diagnostic.tags = ['unnecessary'];
    this.diagnostics.push(diagnostic);
  }

  private mismatch(span: Span, expected: string, actual: Type, where: string): void {
    if (actual.kind === 'error') return;
    if (actual.kind === 'string') {
      this.report('E003', span, `a string can only be an argument of \`print\`; ${where} needs ${expected}`);
    } else if (actual.kind === 'void') {
      this.report('E003', span, `this call returns no value; ${where} needs ${expected}`);
    } else {
      this.report('E003', span, `${where} needs ${expected}, found \`${typeToString(actual)}\``);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Symbols

  /** Fields in SymbolInfo's order, passed one by one: a symbol is made for every declaration, parameter and local. */
  private newSymbol(
    kind: SymbolKind, name: string, qualifiedName: string, nameSpan: Span, declarationSpan: Span, type: Type,
    process?: string, domain?: string, declaration?: Node,
  ): SymbolInfo {
    const symbol = symbolInfo(this.symbols.length, kind, name, qualifiedName, nameSpan, declarationSpan, type, process, domain, declaration);
    this.symbols.push(symbol);
    return symbol;
  }

  private bindDeclaration(identifier: Identifier, symbol: SymbolInfo): void {
    this.resolutions.record(identifier, symbol);
    if (symbol.kind === 'const') this.constantBindings.set(identifier, symbol);
  }

  private bindUse(identifier: Identifier, symbol: SymbolInfo): void {
    this.resolutions.record(identifier, symbol);
    if (symbol.kind === 'const') this.constantBindings.set(identifier, symbol);
    addReference(symbol, identifier.span);
  }

  /**
   * Adds a symbol to a scope, reporting E005 (or E112 for an entry and a fn sharing a name, or a
   * built-in's name being reused). Returns false when the name was taken.
   */
  private declareIn(scope: Map<string, SymbolInfo>, symbol: SymbolInfo, what: string): boolean {
    const name = symbol.name;
    if (name === '') return false;
    if (BUILTINS_BY_NAME.has(name)) {
      this.report('E005', symbol.nameSpan, `\`${name}\` is the name of a built-in function; choose another name for this ${what}`);
      return false;
    }
    const existing = scope.get(name);
    if (existing) {
      const entryAndFunction =
        (existing.kind === 'entry' && symbol.kind === 'function') || (existing.kind === 'function' && symbol.kind === 'entry');
      if (entryAndFunction) {
        this.report('E112', symbol.nameSpan, `an entry and a function cannot share the name \`${name}\`; rename one of them`, {
          related: [{ message: `the other \`${name}\` is declared here`, span: existing.nameSpan }],
        });
      } else {
        this.report('E005', symbol.nameSpan, `\`${name}\` is already defined in this scope; rename this ${what}`, {
          related: [{ message: `first definition of \`${name}\``, span: existing.nameSpan }],
        });
      }
      return false;
    }
    scope.set(name, symbol);
    return true;
  }

  // -------------------------------------------------------------------------------------------
  // Pass 1: declarations

  private declareProgram(): void {
    const processScope = new Map<string, SymbolInfo>();
    for (const item of this.program.items) {
      if (item.kind === 'Const') {
        const symbol = this.declareConstant(item, item.name.name, undefined);
        if (symbol) this.declareIn(this.globalConstants, symbol, 'constant');
        continue;
      }
      const symbol = this.newSymbol('process', item.name.name, item.name.name, item.name.span, item.span, VOID, undefined, undefined, item);
      this.bindDeclaration(item.name, symbol);
      if (!this.declareIn(processScope, symbol, 'process')) continue;
      const process = new ProcessInfo(item.name.name, symbol, item);
      this.processes.set(process.name, process);
      this.declareProcessMembers(process);
    }
  }

  private declareProcessMembers(process: ProcessInfo): void {
    const context = this.memberContext(process, process.main);
    for (const member of process.declaration.members) {
      switch (member.kind) {
        case 'Var':
        case 'Const':
        case 'Function':
          this.declareMember(member, process.main, context);
          break;
        case 'Domain':
          this.declareDomain(process, member);
          break;
        case 'Import':
        case 'Grant':
          break; // pass 3, once every process is known
      }
    }
  }

  private declareDomain(process: ProcessInfo, declaration: DomainDecl): void {
    const name = declaration.name.name;
    const symbol = this.newSymbol(
      'domain', name, `${process.name}.${name}`, declaration.name.span, declaration.span, VOID, process.name, name, declaration,
    );
    this.bindDeclaration(declaration.name, symbol);
    if (name === process.name) {
      this.report('E005', declaration.name.span, `\`${name}\` is the name of the process's main domain; choose another domain name`, {
        related: [{ message: 'the process is declared here', span: process.declaration.name.span }],
      });
      return;
    }
    if (!this.declareIn(process.main.members, symbol, 'domain')) return;
    const domain = new DomainInfo(name, symbol, process, false);
    process.domains.set(name, domain);
    const context = this.memberContext(process, domain);
    for (const member of declaration.members) this.declareMember(member, domain, context);
  }

  private memberContext(process: ProcessInfo, domain: DomainInfo): Context {
    return new Context(process, domain, NO_LOCALS, undefined, VOID);
  }

  private qualify(domain: DomainInfo, name: string): string {
    return domain.isMain ? `${domain.process.name}.${name}` : `${domain.process.name}.${domain.name}.${name}`;
  }

  private declareMember(member: VarDecl | ConstDecl | FunctionDecl, domain: DomainInfo, context: Context): void {
    const name = member.name.name;
    let symbol: SymbolInfo | undefined;
    if (member.kind === 'Const') {
      symbol = this.declareConstant(member, this.qualify(domain, name), context);
    } else {
      const kind: SymbolKind = member.kind === 'Var' ? 'global' : member.isEntry ? 'entry' : 'function';
      symbol = this.newSymbol(
        kind, name, this.qualify(domain, name), member.name.span, member.span, ERROR, domain.process.name, domain.name, member,
      );
      this.bindDeclaration(member.name, symbol);
    }
    if (!symbol) return;
    this.declareIn(domain.members, symbol, member.kind === 'Var' ? 'variable' : member.kind === 'Const' ? 'constant' : member.isEntry ? 'entry' : 'function');
    this.memberContexts.push(new MemberContext(member, symbol, context));
  }

  private declareConstant(declaration: ConstDecl, qualifiedName: string, context: Context | undefined): SymbolInfo | undefined {
    const symbol = this.newSymbol(
      'const', declaration.name.name, qualifiedName, declaration.name.span, declaration.span, ERROR, context?.process.name,
      context?.domain.name, declaration,
    );
    this.bindDeclaration(declaration.name, symbol);
    this.constants.set(symbol, { declaration, context, state: 'pending' });
    return symbol;
  }

  // -------------------------------------------------------------------------------------------
  // Pass 2: declared types and signatures

  private resolveSignatures(): void {
    for (const memberContext of this.memberContexts) {
      const { member, symbol, context } = memberContext;
      if (member.kind === 'Var') {
        symbol.type = this.resolveType(member.type, context);
        this.checkStorable(member.type, symbol.type, member.name.name);
      } else if (member.kind === 'Function') {
        memberContext.parameterSymbols = this.resolveFunctionSignature(member, symbol, context);
      }
    }
  }

  /** E113 for a `var` holding a synchronous capability. */
  private checkStorable(node: TypeNode, type: Type, name: string): void {
    let element = type;
    while (element.kind === 'array') element = element.element;
    if (element.kind === 'cap') {
      this.report('E113', node.span, `global \`${name}\` cannot hold a synchronous \`cap\`: it would outlive the call it belongs to; declare it \`acap\` and store an \`acap(x, perm)\``);
    }
  }

  /** Sets the function's type and signature; returns its parameters' symbols. */
  private resolveFunctionSignature(declaration: FunctionDecl, symbol: SymbolInfo, context: Context): SymbolInfo[] {
    const seen = this.parameterNames;
    const crossesProcess = declaration.isEntry && context.domain.isMain;
    // `map` sizes both arrays exactly (pushing onto an empty array makes room for 16 elements).
    const parameterSymbols = declaration.parameters.map((parameter) => {
      const type = this.resolveType(parameter.type, context);
      const parameterSymbol = this.newSymbol(
        'parameter', parameter.name.name, `${symbol.qualifiedName}.${parameter.name.name}`, parameter.name.span, parameter.span,
        type, context.process.name, context.domain.name, parameter,
      );
      this.bindDeclaration(parameter.name, parameterSymbol);
      this.declareIn(seen, parameterSymbol, 'parameter');
      if (crossesProcess && (type.kind === 'ptr' || type.kind === 'array')) {
        this.report('E106', parameter.type.span, `entry parameter \`${parameter.name.name}\` of type \`${typeToString(type)}\` cannot cross a process boundary: take a \`cap\` and let the caller pass \`cap(x, read)\``);
      } else if (type.kind === 'array') {
        this.report('E003', parameter.type.span, `an array reaches a function as a pointer: declare \`${parameter.name.name}: ptr\` and pass \`&array\``);
      }
      return parameterSymbol;
    });
    const parameters = parameterSymbols.map((parameterSymbol) => signatureParameter(parameterSymbol.name, parameterSymbol.type));
    // Emptied by deleting what was added (clearing a Map allocates a new table).
    for (const parameter of declaration.parameters) seen.delete(parameter.name.name);
    const result = declaration.returnType ? this.resolveType(declaration.returnType, context) : VOID;
    if (declaration.returnType) {
      if (crossesProcess && (result.kind === 'ptr' || result.kind === 'array')) {
        this.report('E106', declaration.returnType.span, `an entry cannot return \`${typeToString(result)}\` to another process: return an \`int\` or pass a capability to write into`);
      } else if (result.kind === 'array') {
        this.report('E003', declaration.returnType.span, 'a function cannot return an array; return a `ptr` to it or write through a parameter');
      } else if (declaration.isEntry && result.kind === 'cap') {
        this.report('E113', declaration.returnType.span, 'an entry cannot return a synchronous `cap`: it ends when the call returns; return an `acap`');
      }
    }
    const isolation = declaration.isolation ? this.checkIsolationList(declaration.isolation) : emptyList<IsolationProperty>();
    symbol.type = result;
    symbol.signature = signature(parameters, result, isolation);
    if (declaration.isEntry) this.checkRegisterLimits(declaration, parameters);
    if (declaration.name.name === 'main' && context.domain.isMain) this.checkMain(declaration);
    return parameterSymbols;
  }

  private checkRegisterLimits(declaration: FunctionDecl, parameters: EntrySignature['parameters']): void {
    let integers = 0;
    let capabilities = 0;
    for (let index = 0; index < parameters.length; index++) {
      const parameter = parameters[index];
      if (isCapability(parameter.type)) capabilities++;
      else integers++;
      const span = declaration.parameters[index].span;
      if (integers === MAXIMUM_INTEGER_ARGUMENTS + 1 && !isCapability(parameter.type)) {
        const total = parameters.filter((p) => !isCapability(p.type)).length;
        this.report('E108', span, `entry \`${declaration.name.name}\` takes ${total} integer arguments; at most ${MAXIMUM_INTEGER_ARGUMENTS} fit in registers (a0-a7): pass the rest through a capability`);
      }
      if (capabilities === MAXIMUM_CAPABILITY_ARGUMENTS + 1 && isCapability(parameter.type)) {
        const total = parameters.filter((p) => isCapability(p.type)).length;
        this.report('E108', span, `entry \`${declaration.name.name}\` takes ${total} capability arguments; at most ${MAXIMUM_CAPABILITY_ARGUMENTS} fit in capability registers (cr0-cr6; cr7 carries the stack capability): pass several buffers as slices of one array`);
      }
    }
  }

  private checkMain(declaration: FunctionDecl): void {
    if (declaration.isEntry) {
      this.report('E112', declaration.name.span, '`main` is where the process\'s thread starts and cannot be an entry: declare it `fn main()`', {
        fixes: [replaceFix(declaration.keywordSpan, 'fn', 'Declare `fn main()`')],
      });
    }
    if (declaration.parameters.length > 0) {
      const first = declaration.parameters[0].span;
      const last = declaration.parameters[declaration.parameters.length - 1].span;
      this.report('E004', { start: first.start, end: last.end }, '`main` takes no parameters: declare `fn main()`');
    }
    if (declaration.returnType) {
      this.report('E003', declaration.returnType.span, '`main` returns no value: remove `-> type` and end the process with `exit(code)`');
    }
  }

  private checkIsolationList(list: IsolationList): IsolationProperty[] {
    const properties: IsolationProperty[] = [];
    const seen = new Map<string, Identifier>();
    for (const property of list.properties) {
      const name = property.name;
      if (name === '') continue;
      if (!isIsolationProperty(name)) {
        const suggestion = nearest(name, ISOLATION_PROPERTIES, true) ?? ISOLATION_PROPERTIES[0];
        this.report('E105', property.span, `unknown isolation property \`${name}\`; did you mean \`${suggestion}\`?`, {
          fixes: [replaceFix(property.span, suggestion, `Change to \`${suggestion}\``)],
        });
        continue;
      }
      const first = seen.get(name);
      if (first) {
        this.report('E109', property.span, `isolation property \`${name}\` is listed twice; remove one`, {
          related: [{ message: 'first listed here', span: first.span }],
          fixes: [replaceFix({ start: this.previousSeparator(property.span.start), end: property.span.end }, '', `Remove the second \`${name}\``)],
        });
        continue;
      }
      seen.set(name, property);
      properties.push(name);
    }
    return ISOLATION_PROPERTIES.filter((property) => properties.includes(property));
  }

  /** Start of the `,` (and blanks) before a list element, so removing it keeps the list well formed. */
  private previousSeparator(offset: number): number {
    let index = offset;
    while (index > 0 && /\s/.test(this.text[index - 1])) index--;
    return this.text[index - 1] === ',' ? index - 1 : offset;
  }

  private resolveType(node: TypeNode, context: Context): Type {
    switch (node.kind) {
      case 'IntType':
        return INT;
      case 'BoolType':
        return BOOL;
      case 'PtrType':
        return PTR;
      case 'CapType':
        return CAP;
      case 'AcapType':
        return ACAP;
      case 'ErrorType':
        return ERROR;
      case 'ArrayType': {
        const element = this.resolveType(node.element, context);
        const reportedBefore = this.diagnostics.length;
        const lengthType = this.checkExpression(node.length, context);
        // An error type already reported stays quiet; one that is not (a global whose own type is
        // still being resolved, as in `var x: [int; x]`) means the length is not constant.
        if (lengthType.kind === 'error' && this.diagnostics.length > reportedBefore) return ERROR;
        const length = this.fold(node.length);
        if (typeof length !== 'number') {
          this.report('E003', node.length.span, 'an array length must be a constant `int` expression (literals and `const`s)');
          return ERROR;
        }
        if (length <= 0 || length > MAXIMUM_ARRAY_LENGTH) {
          this.report('E003', node.length.span, `an array length must be between 1 and ${MAXIMUM_ARRAY_LENGTH}, found ${length}`);
          return ERROR;
        }
        if (element.kind === 'error') return ERROR;
        return arrayType(element, length);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Constants

  /** Value of a const symbol, evaluating it (once) on first use; undefined if it is not constant. */
  private constantValue(symbol: SymbolInfo): ConstantValue | undefined {
    const pending = this.constants.get(symbol);
    if (!pending) return symbol.constantValue;
    if (pending.state === 'done') return symbol.constantValue;
    if (pending.state === 'evaluating') {
      this.report('E003', pending.declaration.name.span, `constant \`${symbol.name}\` is defined in terms of itself`);
      pending.state = 'done';
      return undefined;
    }
    pending.state = 'evaluating';
    const { declaration } = pending;
    const context = pending.context ?? this.topLevelContext();
    const valueType = this.checkExpression(declaration.value, context);
    const declared = declaration.type ? this.resolveType(declaration.type, context) : undefined;
    if (pending.state !== 'evaluating') return undefined; // a cycle was reported meanwhile
    pending.state = 'done';
    const type = declared ?? valueType;
    symbol.type = type;
    if (type.kind !== 'int' && type.kind !== 'bool' && type.kind !== 'error') {
      this.report('E003', (declaration.type ?? declaration.value).span, `a constant must be an \`int\` or a \`bool\`, not \`${typeToString(type)}\``);
      symbol.type = ERROR;
      return undefined;
    }
    if (declared && assignability(valueType, declared) !== 'ok') {
      this.mismatch(declaration.value.span, `\`${typeToString(declared)}\``, valueType, `constant \`${symbol.name}\``);
      return undefined;
    }
    if (valueType.kind === 'error') return undefined;
    const value = this.fold(declaration.value);
    if (value === undefined) {
      this.report('E003', declaration.value.span, `the value of constant \`${symbol.name}\` must be a constant expression (literals, operators and other constants)`);
      return undefined;
    }
    symbol.constantValue = value;
    return value;
  }

  private topLevelContext(): Context {
    // Top-level constants see only other top-level constants.
    const empty = new ProcessInfo('', undefined as unknown as SymbolInfo, undefined as unknown as ProcessDecl);
    return new Context(empty, empty.main, NO_LOCALS, undefined, VOID);
  }

  /** Folds an already type-checked expression (RV32IM semantics); undefined if not constant. */
  private fold(expression: Expr): ConstantValue | undefined {
    switch (expression.kind) {
      case 'Integer':
      case 'Bool':
        return expression.value;
      case 'Name':
      case 'QualifiedName': {
        const identifier = expression.kind === 'Name' ? expression.name : expression.member;
        const symbol = this.constantBindings.get(identifier);
        return symbol ? this.constantValue(symbol) : undefined;
      }
      case 'Unary': {
        const operand = this.fold(expression.operand);
        return operand === undefined ? undefined : foldUnary(expression.operator, operand);
      }
      case 'Binary': {
        const left = this.fold(expression.left);
        const right = this.fold(expression.right);
        return left === undefined || right === undefined ? undefined : foldBinary(expression.operator, left, right);
      }
      default:
        return undefined;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Pass 3: imports and grants

  private resolveImports(process: ProcessInfo): void {
    for (const member of process.declaration.members) {
      if (member.kind === 'Import') this.resolveImport(process, member);
    }
  }

  private resolveImport(process: ProcessInfo, declaration: ImportDecl): void {
    const processName = declaration.process.name;
    const entryName = declaration.entry.name;
    const localName = declaration.alias?.name ?? entryName;
    const symbol = this.newSymbol(
      'import', localName, `${process.name}.${declaration.alias ? localName : `${processName}.${entryName}`}`,
      (declaration.alias ?? declaration.entry).span, declaration.span, ERROR, process.name, process.name, declaration,
    );
    if (declaration.alias) this.bindDeclaration(declaration.alias, symbol);
    const info = new ImportInfo(declaration, symbol);
    process.imports.push(info);
    const isolation = declaration.isolation ? this.checkIsolationList(declaration.isolation) : emptyList<IsolationProperty>();
    symbol.importIsolation = isolation;
    if (declaration.alias) this.declareIn(process.main.members, symbol, 'import');
    if (processName === '' || entryName === '') return;

    const qualified = { start: declaration.process.span.start, end: declaration.entry.span.end };
    const targetProcess = this.processes.get(processName);
    if (!targetProcess) {
      const suggestion = nearest(processName, this.processes.keys());
      this.report('E103', declaration.process.span, `unknown process \`${processName}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, {
        fixes: suggestion ? [replaceFix(declaration.process.span, suggestion, `Change to \`${suggestion}\``)] : [],
      });
      return;
    }
    this.bindUse(declaration.process, targetProcess.symbol);
    const target = targetProcess.main.members.get(entryName);
    if (target) this.bindUse(declaration.entry, target);
    if (targetProcess === process) {
      this.report('E110', qualified, `process \`${processName}\` imports its own ${target?.kind === 'entry' ? 'entry' : 'member'} \`${entryName}\`: a process calls its own functions directly; remove this import and call \`${entryName}(...)\``, {
        fixes: [removeDeclarationFix(this.text, declaration.span, 'Remove this import')],
      });
      return;
    }
    if (!target || target.kind !== 'entry') {
      const entries = [...targetProcess.main.members.values()].filter((s) => s.kind === 'entry').map((s) => s.name);
      if (target && target.kind === 'function') {
        const fn = functionDeclaration(target);
        this.report('E103', declaration.entry.span, `\`${processName}.${entryName}\` is a \`fn\`, not an entry: only entries can be imported`, {
          related: [{ message: `\`${entryName}\` is declared here`, span: target.nameSpan }],
          fixes: fn ? [makeEntryFix(fn, `${processName}.${entryName}`)] : [],
        });
      } else {
        const suggestion = nearest(entryName, entries);
        const message = target
          ? `\`${processName}.${entryName}\` is a ${describeKind(target.kind)}, not an entry`
          : `process \`${processName}\` has no entry \`${entryName}\``;
        this.report('E103', declaration.entry.span, `${message}${suggestion ? `; did you mean \`${suggestion}\`?` : entries.length > 0 ? ` (its entries: ${entries.join(', ')})` : ''}`, {
          fixes: suggestion ? [replaceFix(declaration.entry.span, suggestion, `Change to \`${suggestion}\``)] : [],
        });
      }
      return;
    }
    info.target = target;
    symbol.importOf = target;
    symbol.type = target.type;
    symbol.signature = target.signature;
    this.importedEntries.add(target);
    const key = `${processName}.${entryName}`;
    const first = process.importsByTarget.get(key);
    if (first) {
      info.duplicate = true;
      this.report('E109', declaration.span, `\`${key}\` is already imported by process \`${process.name}\`; remove this duplicate import`, {
        related: [{ message: 'first import', span: first.declaration.span }],
        fixes: [removeDeclarationFix(this.text, declaration.span, 'Remove the duplicate import')],
      });
      return;
    }
    process.importsByTarget.set(key, info);
    this.reportRedundantIsolation(declaration, target);
  }

  /** W204: a property both sides ask for. */
  private reportRedundantIsolation(declaration: ImportDecl, target: SymbolInfo): void {
    const calleeList = (functionDeclaration(target)?.isolation?.properties ?? []);
    if (!declaration.isolation || calleeList.length === 0) return;
    for (const property of declaration.isolation.properties) {
      const onCallee = calleeList.find((p) => p.name === property.name);
      if (!onCallee || !isIsolationProperty(property.name)) continue;
      this.report('W204', property.span, `\`${property.name}\` is already requested by the entry \`${target.qualifiedName}\`; the proxy provides it once, so listing it here is redundant`, {
        related: [{ message: 'requested by the callee here', span: onCallee.span }],
      });
    }
  }

  private resolveGrants(process: ProcessInfo): void {
    for (const member of process.declaration.members) {
      if (member.kind !== 'Grant') continue;
      const from = this.resolveDomainName(process, member.from);
      const to = this.resolveDomainName(process, member.to);
      if (!from || !to) continue;
      const key = `${from.name}>${to.name}`;
      process.grants.set(key, Math.max(process.grants.get(key) ?? 0, PERMISSION_LEVEL[member.permission]));
    }
  }

  private resolveDomainName(process: ProcessInfo, identifier: Identifier): DomainInfo | undefined {
    const name = identifier.name;
    if (name === '') return undefined;
    const domain = name === process.name ? process.main : process.domains.get(name);
    if (!domain) {
      const names = [process.name, ...process.domains.keys()];
      const suggestion = nearest(name, names);
      this.report('E002', identifier.span, `unknown domain \`${name}\` in \`grant\`; the domains of \`${process.name}\` are ${names.map((n) => `\`${n}\``).join(', ')}${suggestion ? ` (did you mean \`${suggestion}\`?)` : ''}`);
      return undefined;
    }
    this.bindUse(identifier, domain.symbol);
    return domain;
  }

  // -------------------------------------------------------------------------------------------
  // Pass 4: bodies and initializers

  private checkBodies(): void {
    for (const item of this.program.items) {
      if (item.kind === 'Const') {
        const symbol = this.constantBindings.get(item.name);
        if (symbol) this.constantValue(symbol);
      }
    }
    for (const { member, symbol, context, parameterSymbols } of this.memberContexts) {
      if (member.kind === 'Const') this.constantValue(symbol);
      else if (member.kind === 'Var') this.checkGlobalInitializer(member, symbol, context);
      else this.checkFunctionBody(member, symbol, context, parameterSymbols ?? []);
    }
  }

  private checkGlobalInitializer(declaration: VarDecl, symbol: SymbolInfo, context: Context): void {
    if (!declaration.initializer) return;
    const type = this.checkExpression(declaration.initializer, context);
    if (symbol.type.kind === 'array') {
      this.report('E003', declaration.initializer.span, `global array \`${symbol.name}\` starts zeroed and cannot have an initializer; assign its elements in code`);
      return;
    }
    if (!this.checkAssignable(type, symbol.type, declaration.initializer, `global \`${symbol.name}\``, true)) return;
    if (type.kind === 'error' || symbol.type.kind === 'error') return;
    const value = this.fold(declaration.initializer);
    if (value === undefined) {
      this.report('E003', declaration.initializer.span, `the initializer of global \`${symbol.name}\` must be a constant expression (globals are laid out before the program runs); assign it in code instead`);
    } else {
      symbol.constantValue = value;
    }
  }

  private checkFunctionBody(declaration: FunctionDecl, symbol: SymbolInfo, context: Context, parameterSymbols: SymbolInfo[]): void {
    const locals = this.locals;
    locals.clear();
    for (let index = 0; index < declaration.parameters.length; index++) {
      const name = declaration.parameters[index].name.name;
      const parameterSymbol = parameterSymbols[index];
      // A duplicate parameter was reported (E005) in pass 2: the first one stays visible.
      if (parameterSymbol && name !== '' && !locals.lookup(name)) locals.declare(parameterSymbol);
    }
    const functionContext = new Context(context.process, context.domain, locals, symbol, symbol.signature?.result ?? VOID);
    this.checkBlock(declaration.body, functionContext);
  }

  private checkBlock(block: Block, context: Context): void {
    context.locals.enter();
    for (const statement of block.statements) this.checkStatement(statement, context);
    context.locals.exit();
  }

  private declareLocal(identifier: Identifier, type: Type, declarationSpan: Span, declaration: Statement | Parameter, context: Context): void {
    if (identifier.name === '') return;
    const owner = context.function?.qualifiedName ?? context.process.name;
    const symbol = this.newSymbol(
      'local', identifier.name, `${owner}.${identifier.name}`, identifier.span, declarationSpan, type, context.process.name,
      context.domain.name, declaration,
    );
    this.bindDeclaration(identifier, symbol);
    const existing = context.locals.inInnermostBlock(identifier.name);
    if (BUILTINS_BY_NAME.has(identifier.name)) {
      this.report('E005', identifier.span, `\`${identifier.name}\` is the name of a built-in function; choose another name for this local`);
    } else if (existing) {
      this.report('E005', identifier.span, `\`${identifier.name}\` is already defined in this scope; rename this local`, {
        related: [{ message: `first definition of \`${identifier.name}\``, span: existing.nameSpan }],
      });
    } else {
      context.locals.declare(symbol);
    }
  }

  private checkStatement(statement: Statement, context: Context): void {
    switch (statement.kind) {
      case 'Let': {
        let type: Type = ERROR;
        const declared = statement.type ? this.resolveType(statement.type, context) : undefined;
        if (statement.initializer) {
          const valueType = this.checkExpression(statement.initializer, context);
          if (declared) {
            this.checkAssignable(valueType, declared, statement.initializer, `local \`${statement.name.name}\``, false);
            type = declared;
          } else {
            type = this.checkValue(valueType, statement.initializer, `local \`${statement.name.name}\``);
          }
          if (type.kind === 'array') {
            this.report('E003', statement.initializer.span, 'arrays cannot be copied: declare `let a: [T; N];` (zeroed) and assign its elements');
          }
        } else if (declared) {
          type = declared;
        }
        this.declareLocal(statement.name, type, statement.span, statement, context);
        return;
      }
      case 'Assign':
        this.checkAssignment(statement, context);
        return;
      case 'ExpressionStatement':
        this.checkExpression(statement.expression, context);
        return;
      case 'If':
        this.checkCondition(statement.condition, context, '`if`');
        this.checkBlock(statement.thenBlock, context);
        if (statement.elseBranch?.kind === 'Block') this.checkBlock(statement.elseBranch, context);
        else if (statement.elseBranch) this.checkStatement(statement.elseBranch, context);
        return;
      case 'While':
        this.checkCondition(statement.condition, context, '`while`');
        this.checkBlock(statement.body, context);
        return;
      case 'For': {
        for (const bound of [statement.from, statement.to]) {
          const type = this.checkExpression(bound, context);
          if (type.kind !== 'int' && type.kind !== 'error') this.mismatch(bound.span, '`int`', type, 'a `for` bound');
        }
        context.locals.enter();
        this.declareLocal(statement.variable, INT, statement.span, statement, context);
        this.checkBlock(statement.body, context);
        context.locals.exit();
        return;
      }
      case 'Return':
        this.checkReturn(statement.value, statement.span, context);
        return;
      case 'Break':
      case 'Continue':
      case 'Asm':
        return;
      case 'Spawn':
        this.checkSpawn(statement, context);
        return;
      case 'Block':
        this.checkBlock(statement, context);
        return;
    }
  }

  private checkCondition(condition: Expr, context: Context, where: string): void {
    const type = this.checkExpression(condition, context);
    if (type.kind === 'bool' || type.kind === 'error') return;
    if (type.kind === 'int') {
      this.report('E003', condition.span, `the condition of ${where} must be a \`bool\`, found \`int\`; compare explicitly, e.g. \`x != 0\``);
    } else {
      this.mismatch(condition.span, 'a `bool`', type, `the condition of ${where}`);
    }
  }

  /** A value stored in a local without a declared type: it must be a storable value. */
  private checkValue(type: Type, expression: Expr, where: string): Type {
    if (type.kind === 'void' || type.kind === 'string' || type.kind === 'permission') {
      this.mismatch(expression.span, 'a value', type, where);
      return ERROR;
    }
    return type;
  }

  /** Reports E113 (cap into acap) or E003; returns whether the value fits. */
  private checkAssignable(from: Type, to: Type, expression: Expr, where: string, isGlobal: boolean): boolean {
    const fit = assignability(from, to);
    if (fit === 'ok') {
      if (isGlobal && from.kind === 'cap') {
        this.report('E113', expression.span, `a synchronous \`cap\` cannot be stored in ${where}: it would outlive its call; pass an \`acap\` instead`);
        return false;
      }
      return true;
    }
    if (fit === 'capToAcap') {
      this.report('E113', expression.span, `a synchronous \`cap\` cannot be used where an \`acap\` is required (${where}): it would outlive its call; make it with \`acap(x, perm)\``);
      return false;
    }
    this.mismatch(expression.span, `\`${typeToString(to)}\``, from, where);
    return false;
  }

  private checkAssignment(statement: AssignStatement, context: Context): void {
    const target = statement.target;
    let targetType: Type;
    let where: string;
    let isGlobal = false;
    if (target.kind === 'Name') {
      const symbol = this.resolveName(target.name, context);
      if (!symbol) {
        this.checkExpression(statement.value, context);
        this.expressionTypes.record(target, ERROR);
        return;
      }
      if (symbol.kind !== 'local' && symbol.kind !== 'parameter' && symbol.kind !== 'global') {
        this.report('E003', target.span, `cannot assign to ${describeKind(symbol.kind)} \`${symbol.name}\`; only variables can be assigned`);
        this.checkExpression(statement.value, context);
        this.expressionTypes.record(target, ERROR);
        return;
      }
      this.checkDomainAccess(symbol, 'write', target.span, context);
      targetType = symbol.type;
      this.expressionTypes.record(target, targetType);
      isGlobal = symbol.kind === 'global';
      where = `\`${symbol.name}\``;
      if (targetType.kind === 'array') {
        this.checkExpression(statement.value, context);
        this.report('E003', target.span, `arrays cannot be assigned as a whole; assign elements \`${symbol.name}[i] = v\``);
        return;
      }
    } else {
      targetType = this.checkIndex(target, context, 'write');
      where = 'this element';
      // The same scope lookup checkIndex resolved the name with (nothing is declared in between).
      const root = target.target.kind === 'Name' && target.target.name.name !== '' ? this.lookup(target.target.name.name, context) : undefined;
      isGlobal = root?.kind === 'global' && root.type.kind === 'array';
    }
    const valueType = this.checkExpression(statement.value, context);
    this.checkAssignable(valueType, targetType, statement.value, where, isGlobal);
  }

  private checkReturn(value: Expr | undefined, span: Span, context: Context): void {
    const name = context.function?.name ?? 'this function';
    const result = context.result;
    if (!value) {
      if (result.kind !== 'void' && result.kind !== 'error') {
        this.report('E003', span, `\`${name}\` must return a \`${typeToString(result)}\`: write \`return value;\``);
      }
      return;
    }
    const type = this.checkExpression(value, context);
    if (result.kind === 'void') {
      if (type.kind !== 'error') this.report('E003', value.span, `\`${name}\` returns no value: remove the value or declare \`-> ${typeToString(type)}\``);
      return;
    }
    this.checkAssignable(type, result, value, `the result of \`${name}\``, false);
  }

  private checkSpawn(statement: Extract<Statement, { kind: 'Spawn' }>, context: Context): void {
    const symbol = this.resolveName(statement.callee, context);
    if (!symbol) {
      for (const argument of statement.args) this.checkExpression(argument, context);
      return;
    }
    if ((symbol.kind !== 'function' && symbol.kind !== 'entry') || symbol.domain !== context.domain.name) {
      this.report('E003', statement.callee.span, `\`spawn\` starts a thread in a function of this ${context.domain.isMain ? 'process' : 'domain'}; \`${symbol.name}\` is ${symbol.kind === 'function' || symbol.kind === 'entry' ? 'in another domain' : `a ${describeKind(symbol.kind)}`}`);
      for (const argument of statement.args) this.checkExpression(argument, context);
      return;
    }
    const argsSpan = statement.args.length > 0
      ? { start: statement.args[0].span.start, end: statement.args[statement.args.length - 1].span.end }
      : statement.callee.span;
    this.checkFunctionArguments(statement.args, argsSpan, symbol, context);
  }

  // -------------------------------------------------------------------------------------------
  // Names

  /** Looks a plain name up: locals, the domain, the process, top-level constants. */
  private lookup(name: string, context: Context): SymbolInfo | undefined {
    const local = context.locals.lookup(name);
    if (local) return local;
    if (!context.domain.isMain) {
      const symbol = context.domain.members.get(name);
      if (symbol) return symbol;
    }
    return context.process.main.members.get(name) ?? this.globalConstants.get(name);
  }

  /** Resolves a plain name, reporting E002 (with a suggestion) when nothing defines it. */
  private resolveName(identifier: Identifier, context: Context, callable = false): SymbolInfo | undefined {
    if (identifier.name === '') return undefined;
    const symbol = this.lookup(identifier.name, context);
    if (symbol) {
      this.bindUse(identifier, symbol);
      return symbol;
    }
    if (!callable && BUILTINS_BY_NAME.has(identifier.name)) {
      this.report('E003', identifier.span, `built-in \`${identifier.name}\` is a function: call it as \`${BUILTINS_BY_NAME.get(identifier.name)?.signature}\``);
      return undefined;
    }
    const suggestion = nearest(identifier.name, this.visibleNames(context, callable));
    this.report('E002', identifier.span, `unknown name \`${identifier.name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, {
      fixes: suggestion ? [replaceFix(identifier.span, suggestion, `Change to \`${suggestion}\``)] : [],
    });
    return undefined;
  }

  private visibleNames(context: Context, includeBuiltins: boolean): string[] {
    const names: string[] = [];
    names.push(...context.locals.names());
    if (!context.domain.isMain) names.push(...context.domain.members.keys());
    names.push(...context.process.main.members.keys(), ...this.globalConstants.keys());
    if (includeBuiltins) names.push(...BUILTINS_BY_NAME.keys());
    return names;
  }

  /** `Q.m`: Q is a domain of this process or a process. Reports E002 for an unknown qualifier or member. */
  private resolveQualified(expression: QualifiedNameExpr, context: Context): { symbol: SymbolInfo; owner: DomainInfo } | undefined {
    const { qualifier, member } = expression;
    const domain = context.process.domains.get(qualifier.name);
    const process = domain ? undefined : this.processes.get(qualifier.name);
    const owner = domain ?? process?.main;
    if (!owner) {
      const candidates = [...context.process.domains.keys(), ...this.processes.keys()];
      const suggestion = nearest(qualifier.name, candidates);
      this.report('E002', qualifier.span, `unknown process or domain \`${qualifier.name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, {
        fixes: suggestion ? [replaceFix(qualifier.span, suggestion, `Change to \`${suggestion}\``)] : [],
      });
      return undefined;
    }
    this.bindUse(qualifier, owner.symbol);
    const symbol = owner.members.get(member.name);
    if (!symbol || symbol.kind === 'import' || symbol.kind === 'domain') {
      const candidates = [...owner.members.values()].filter((s) => s.kind !== 'import' && s.kind !== 'domain').map((s) => s.name);
      const suggestion = nearest(member.name, candidates);
      const ownerText = owner.isMain ? `process \`${owner.name}\`` : `domain \`${owner.name}\``;
      this.report('E002', member.span, `${ownerText} has no member \`${member.name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`, {
        fixes: suggestion ? [replaceFix(member.span, suggestion, `Change to \`${suggestion}\``)] : [],
      });
      return undefined;
    }
    this.bindUse(member, symbol);
    return { symbol, owner };
  }

  /** The symbol `Q.m` resolves to, as resolveQualified finds it, without binding or reporting anything. */
  private qualifiedMember(expression: QualifiedNameExpr, context: Context): SymbolInfo | undefined {
    const owner = context.process.domains.get(expression.qualifier.name) ?? this.processes.get(expression.qualifier.name)?.main;
    const symbol = owner?.members.get(expression.member.name);
    return symbol && symbol.kind !== 'import' && symbol.kind !== 'domain' ? symbol : undefined;
  }

  /** W205: code of one domain touching data of another domain of the same process without a grant. */
  private checkDomainAccess(symbol: SymbolInfo, access: Access, span: Span, context: Context): void {
    if (access === 'address') return;
    if (symbol.process !== context.process.name || symbol.domain === undefined || symbol.domain === context.domain.name) return;
    if (symbol.kind !== 'global' && !(symbol.kind === 'function' || symbol.kind === 'entry')) return;
    const needed = access === 'write' ? PERMISSION_LEVEL.write : PERMISSION_LEVEL.read;
    const granted = context.process.grants.get(`${context.domain.name}>${symbol.domain}`) ?? 0;
    if (granted >= needed) return;
    const verb = access === 'write' ? 'writes' : 'reads';
    const permission = access === 'write' ? 'write' : 'read';
    const fault = access === 'write' ? 'store-denied' : 'load-denied';
    this.report('W205', span, `domain \`${context.domain.name}\` ${verb} \`${symbol.name}\` of domain \`${symbol.domain}\`, but no \`grant ${context.domain.name} ${permission} ${symbol.domain};\` allows it: it will fault (\`${fault}\`) at run time`);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private checkExpression(expression: Expr, context: Context, access: Access = 'read'): Type {
    const type = this.computeType(expression, context, access);
    this.expressionTypes.record(expression, type);
    return type;
  }

  private computeType(expression: Expr, context: Context, access: Access): Type {
    switch (expression.kind) {
      case 'Integer':
        return INT;
      case 'Bool':
        return BOOL;
      case 'String':
        return STRING;
      case 'Permission':
        return PERMISSION;
      case 'Error':
        return ERROR;
      case 'Name':
        return this.checkNameValue(expression.name, expression.span, context, access);
      case 'QualifiedName':
        return this.checkQualifiedValue(expression, context, access);
      case 'Unary':
        return this.checkUnary(expression, context);
      case 'Binary':
        return this.checkBinary(expression, context);
      case 'Index':
        return this.checkIndex(expression, context, access);
      case 'Slice':
        this.checkSlice(expression, context, 'read');
        this.report('E003', expression.span, 'a slice `x[a..b]` can only be the first argument of `cap` or `acap`');
        return ERROR;
      case 'Call':
        return this.checkCall(expression, context);
    }
  }

  private checkNameValue(identifier: Identifier, span: Span, context: Context, access: Access): Type {
    const symbol = this.resolveName(identifier, context);
    if (!symbol) return ERROR;
    return this.valueOfSymbol(symbol, span, context, access, identifier.name);
  }

  private valueOfSymbol(symbol: SymbolInfo, span: Span, context: Context, access: Access, written: string): Type {
    switch (symbol.kind) {
      case 'local':
      case 'parameter':
        return symbol.type;
      case 'global':
        this.checkDomainAccess(symbol, access, span, context);
        return symbol.type;
      case 'const':
        this.constantValue(symbol);
        return symbol.type;
      case 'function':
      case 'entry':
        if (access === 'address') return PTR;
        this.report('E003', span, `\`${written}\` is ${symbol.kind === 'entry' ? 'an entry' : 'a function'}: call it \`${written}(...)\` or take its address \`&${written}\``);
        return ERROR;
      default:
        this.report('E003', span, `\`${written}\` is ${articled(describeKind(symbol.kind))}, not a value`);
        return ERROR;
    }
  }

  private checkQualifiedValue(expression: QualifiedNameExpr, context: Context, access: Access): Type {
    const resolved = this.resolveQualified(expression, context);
    if (!resolved) return ERROR;
    const { symbol, owner } = resolved;
    const written = `${expression.qualifier.name}.${expression.member.name}`;
    if (owner.process !== context.process && symbol.kind === 'global' && access !== 'address') {
      this.report('E003', expression.span, `\`${written}\` is a variable of process \`${owner.process.name}\`, out of this process's reach: call one of its entries, or take its raw address \`&${written}\``);
      return ERROR;
    }
    return this.valueOfSymbol(symbol, expression.span, context, access, written);
  }

  private checkUnary(expression: Extract<Expr, { kind: 'Unary' }>, context: Context): Type {
    const { operator, operand } = expression;
    if (operator === '&') {
      if (operand.kind !== 'Name' && operand.kind !== 'QualifiedName') {
        this.checkExpression(operand, context);
        this.report('E003', expression.span, '`&` takes the name of a variable, an array or a function (`&x`, `&P.x`, `&D.f`)');
        return ERROR;
      }
      const type = this.checkExpression(operand, context, 'address');
      if (type.kind === 'error') return ERROR;
      // The operand resolved (its type is not an error): the same lookups give its symbol again.
      const symbol = operand.kind === 'Name' ? this.lookup(operand.name.name, context) : this.qualifiedMember(operand, context);
      if (symbol?.kind === 'const') {
        this.report('E003', expression.span, `constant \`${symbol.name}\` has no address; use a \`var\``);
        return ERROR;
      }
      if ((symbol?.kind === 'local' || symbol?.kind === 'parameter') && isCapability(symbol.type)) {
        this.report('E003', expression.span, `\`${symbol.name}\` is a capability held in a register and has no address`);
        return ERROR;
      }
      return PTR;
    }
    const type = this.checkExpression(operand, context);
    if (type.kind === 'error') return ERROR;
    if (operator === '!') {
      if (type.kind === 'bool') return BOOL;
      this.mismatch(operand.span, 'a `bool`', type, '`!`');
      return ERROR;
    }
    if (type.kind === 'int') return INT;
    this.mismatch(operand.span, 'an `int`', type, `unary \`${operator}\``);
    return ERROR;
  }

  private checkBinary(expression: Extract<Expr, { kind: 'Binary' }>, context: Context): Type {
    const { operator } = expression;
    const left = this.checkExpression(expression.left, context);
    const right = this.checkExpression(expression.right, context);
    if (left.kind === 'error' || right.kind === 'error') return ERROR;
    const bothInt = left.kind === 'int' && right.kind === 'int';
    const bothBool = left.kind === 'bool' && right.kind === 'bool';
    const bothPtr = left.kind === 'ptr' && right.kind === 'ptr';
    switch (operator) {
      case '&&':
      case '||':
        if (bothBool) return BOOL;
        break;
      case '&':
      case '|':
      case '^':
        if (bothInt) return INT;
        if (bothBool) return BOOL;
        break;
      case '==':
      case '!=':
        if (bothInt || bothBool || bothPtr) return BOOL;
        break;
      case '<':
      case '<=':
      case '>':
      case '>=':
        if (bothInt || bothPtr) return BOOL;
        break;
      case '+':
        if (bothInt) return INT;
        if ((left.kind === 'ptr' && right.kind === 'int') || (left.kind === 'int' && right.kind === 'ptr')) return PTR;
        break;
      case '-':
        if (bothInt) return INT;
        if (left.kind === 'ptr' && right.kind === 'int') return PTR;
        if (bothPtr) return INT;
        break;
      default:
        if (bothInt) return INT;
    }
    if (left.kind === 'string' || right.kind === 'string' || left.kind === 'void' || right.kind === 'void') {
      const culprit = left.kind === 'string' || left.kind === 'void' ? expression.left : expression.right;
      this.mismatch(culprit.span, 'a value', left.kind === 'string' || left.kind === 'void' ? left : right, `operator \`${operator}\``);
      return ERROR;
    }
    this.report('E003', expression.span, `operator \`${operator}\` cannot combine \`${typeToString(left)}\` and \`${typeToString(right)}\`${operatorHint(operator)}`);
    return ERROR;
  }

  private checkIndex(expression: Extract<Expr, { kind: 'Index' }>, context: Context, access: Access): Type {
    const targetType = this.checkExpression(expression.target, context, access === 'address' ? 'read' : access);
    const indexType = this.checkExpression(expression.index, context);
    if (indexType.kind !== 'int' && indexType.kind !== 'error') this.mismatch(expression.index.span, 'an `int`', indexType, 'an index');
    this.expressionTypes.record(expression, ERROR);
    switch (targetType.kind) {
      case 'array': {
        const index = this.fold(expression.index);
        if (typeof index === 'number' && (index < 0 || index >= targetType.length)) {
          this.report('E003', expression.index.span, `index ${index} is out of bounds for \`${typeToString(targetType)}\` (0..${targetType.length - 1})`);
        }
        return targetType.element;
      }
      case 'ptr':
      case 'cap':
      case 'acap':
        return INT;
      case 'error':
        return ERROR;
      default:
        this.report('E003', expression.target.span, `a \`${typeToString(targetType)}\` cannot be indexed; only arrays, pointers and capabilities can`);
        return ERROR;
    }
  }

  /** The array a slice or capability source names; reports E003 otherwise. Returns its type. */
  private checkSlice(expression: Extract<Expr, { kind: 'Slice' }>, context: Context, access: Access): Type {
    const targetType = this.checkExpression(expression.target, context, access);
    for (const bound of [expression.from, expression.to]) {
      const type = this.checkExpression(bound, context);
      if (type.kind !== 'int' && type.kind !== 'error') this.mismatch(bound.span, 'an `int`', type, 'a slice bound');
    }
    this.expressionTypes.record(expression, targetType);
    if (targetType.kind === 'array') {
      const from = this.fold(expression.from);
      const to = this.fold(expression.to);
      if (typeof from === 'number' && typeof to === 'number' && (from < 0 || to > targetType.length || from > to)) {
        this.report('E003', expression.span, `slice ${from}..${to} is out of bounds for \`${typeToString(targetType)}\` (0..${targetType.length})`);
      }
    }
    return targetType;
  }

  // -------------------------------------------------------------------------------------------
  // Calls

  private checkCall(call: CallExpr, context: Context): Type {
    const { resolution, result } = this.resolveCall(call, context);
    if (resolution) this.calls.record(call, resolution);
    if (call.elseValue && call.elseSpan) {
      const elseType = this.checkExpression(call.elseValue, context);
      if (resolution && resolution.kind !== 'crossProcess') {
        const what = resolution.kind === 'builtin' ? `built-in \`${resolution.name}\`` : resolution.kind === 'domainEntry' ? 'a call to a domain of the same process (a fault there is a fault of this process)' : 'a call within the process';
        this.report('E111', { start: call.elseSpan.start, end: call.elseValue.span.end }, `\`else\` only handles the failure of a call to another process; ${what} cannot fail that way: remove \`else\``, {
          fixes: [removeElseFix(call)],
        });
      } else if (resolution?.kind === 'crossProcess') {
        const name = resolution.target.qualifiedName;
        // An entry without a result can fail too: its `else` value is evaluated only on failure and
        // discarded (it may itself be a call, e.g. to a backup server), so any type will do.
        if (result.kind !== 'void' && elseType.kind !== 'error' && assignability(elseType, result) !== 'ok') {
          this.report('E111', call.elseValue.span, `the \`else\` value must be \`${typeToString(result)}\` like the result of \`${name}\`, found \`${typeToString(elseType)}\``);
        }
      }
    } else if (resolution?.kind === 'crossProcess') {
      const remedy = result.kind === 'void' ? 'add `else 0` (or `else` another call; evaluated only on failure, its value discarded)' : 'add `else value`';
      this.report('W203', call.callee.span, `if \`${resolution.target.qualifiedName}\` faults or its process has died, this thread faults (\`remote-fault\`); ${remedy} to carry on instead`);
    }
    return result;
  }

  private resolveCall(call: CallExpr, context: Context): { resolution?: CallResolution; result: Type } {
    const callee = call.callee;
    if (callee.kind === 'Name') {
      this.expressionTypes.record(callee, ERROR);
      const name = callee.name.name;
      if (name === '') return this.checkArgumentsOnly(call, context);
      const symbol = this.lookup(name, context);
      if (!symbol) {
        const builtin = BUILTINS_BY_NAME.get(name);
        if (builtin) {
          const builtinSymbol = this.builtinSymbols.get(name);
          if (builtinSymbol) this.bindUse(callee.name, builtinSymbol);
          return { resolution: builtinCall(name), result: this.checkBuiltinCall(call, builtin, context) };
        }
        this.resolveName(callee.name, context, true);
        return this.checkArgumentsOnly(call, context);
      }
      this.bindUse(callee.name, symbol);
      return this.callSymbol(call, symbol, context.process.main.members.get(name) === symbol && !context.domain.isMain ? context.process.main : undefined, context);
    }
    this.expressionTypes.record(callee, ERROR);
    const resolved = this.resolveQualified(callee, context);
    if (!resolved) return this.checkArgumentsOnly(call, context);
    return this.callQualified(call, callee, resolved.symbol, resolved.owner, context);
  }

  /** An unresolved call: its arguments are still checked, so their own mistakes are reported. */
  private checkArgumentsOnly(call: CallExpr, context: Context): { result: Type } {
    for (const argument of call.args) this.checkExpression(argument, context);
    return { result: ERROR };
  }

  /** A plain-name call `f(...)`: `owner` is set when the function belongs to another domain (the main one). */
  private callSymbol(call: CallExpr, symbol: SymbolInfo, owner: DomainInfo | undefined, context: Context): { resolution?: CallResolution; result: Type } {
    if (symbol.kind === 'import') {
      const info = context.process.imports.find((i) => i.symbol === symbol);
      if (!info?.target) {
        for (const argument of call.args) this.checkExpression(argument, context);
        return { result: ERROR };
      }
      return this.callImported(call, info, context);
    }
    if (symbol.kind !== 'function' && symbol.kind !== 'entry') {
      this.report('E003', call.callee.span, `\`${symbol.name}\` is ${articled(describeKind(symbol.kind))}, not a function`);
      for (const argument of call.args) this.checkExpression(argument, context);
      return { result: ERROR };
    }
    if (owner && owner.name !== context.domain.name) return this.callOtherDomain(call, symbol, context);
    this.checkFunctionArguments(call.args, call.argsSpan, symbol, context);
    return { resolution: functionCall(symbol), result: symbol.signature?.result ?? ERROR };
  }

  private callQualified(call: CallExpr, callee: QualifiedNameExpr, symbol: SymbolInfo, owner: DomainInfo, context: Context): { resolution?: CallResolution; result: Type } {
    if (symbol.kind !== 'function' && symbol.kind !== 'entry') {
      this.report('E003', callee.span, `\`${callee.qualifier.name}.${callee.member.name}\` is ${articled(describeKind(symbol.kind))}, not a function`);
      for (const argument of call.args) this.checkExpression(argument, context);
      return { result: ERROR };
    }
    if (owner.process === context.process) {
      if (owner.name === context.domain.name) {
        this.checkFunctionArguments(call.args, call.argsSpan, symbol, context);
        return { resolution: functionCall(symbol), result: symbol.signature?.result ?? ERROR };
      }
      return this.callOtherDomain(call, symbol, context);
    }
    const written = `${callee.qualifier.name}.${callee.member.name}`;
    if (symbol.kind === 'function') {
      const declaration = functionDeclaration(symbol);
      this.report('E101', callee.span, `\`${written}\` is a \`fn\`, private to process \`${owner.process.name}\`; only its entries can be called from another process: make it an \`entry\``, {
        related: [{ message: `\`${symbol.name}\` is declared here`, span: symbol.nameSpan }],
        fixes: declaration ? [makeEntryFix(declaration, written)] : [],
      });
      for (const argument of call.args) this.checkExpression(argument, context);
      return { result: symbol.signature?.result ?? ERROR };
    }
    const info = context.process.importsByTarget.get(written);
    if (!info) {
      this.report('E102', callee.span, `process \`${context.process.name}\` calls \`${written}\` without importing it: add \`import ${written};\``, {
        related: [{ message: `entry \`${written}\` is declared here`, span: symbol.nameSpan }],
        fixes: [addImportFix(this.text, context.process.declaration, owner.process.name, symbol.name)],
      });
      this.checkEntryArguments(call, symbol, context, true);
      return { result: symbol.signature?.result ?? ERROR };
    }
    addReference(info.symbol, callee.member.span);
    return this.callImported(call, info, context);
  }

  private callImported(call: CallExpr, info: ImportInfo, context: Context): { resolution: CallResolution; result: Type } {
    const target = info.target as SymbolInfo;
    info.called = true;
    this.checkEntryArguments(call, target, context, true);
    if (!context.domain.isMain) {
      // entry_request gives the process's main domain alone `call` on the proxies, and the import's
      // descriptor is the main domain's data: no grant makes this call work from another domain.
      const main = context.process.main.name;
      this.report('W205', call.callee.span, `domain \`${context.domain.name}\` calls \`${target.qualifiedName}\` through an import of process \`${main}\`, but only the main domain \`${main}\` may use its imports' proxies: it will fault (\`load-denied\` or \`fetch-denied\`) at run time. Call an entry of \`${main}\` that makes the call instead (with \`grant ${context.domain.name} call ${main};\`)`);
    }
    if (!info.callIsolation) {
      const requested = new Set<IsolationProperty>([...(target.signature?.isolation ?? []), ...(info.symbol.importIsolation ?? [])]);
      info.callIsolation = ISOLATION_PROPERTIES.filter((property) => requested.has(property));
    }
    // Each resolution gets its own array, as before (users may keep or change it).
    const isolation = info.callIsolation.slice();
    return { resolution: crossProcessCall(target, info.symbol, isolation), result: target.signature?.result ?? ERROR };
  }

  /** A call from one domain to another domain of the same process: entries only, no proxy. */
  private callOtherDomain(call: CallExpr, symbol: SymbolInfo, context: Context): { resolution?: CallResolution; result: Type } {
    if (symbol.kind === 'function') {
      const declaration = functionDeclaration(symbol);
      this.report('E101', call.callee.span, `\`${symbol.qualifiedName}\` is a \`fn\` of domain \`${symbol.domain}\`; from domain \`${context.domain.name}\` only its entries can be called: make it an \`entry\``, {
        related: [{ message: `\`${symbol.name}\` is declared here`, span: symbol.nameSpan }],
        fixes: declaration ? [makeEntryFix(declaration, symbol.qualifiedName)] : [],
      });
      for (const argument of call.args) this.checkExpression(argument, context);
      return { result: symbol.signature?.result ?? ERROR };
    }
    this.checkEntryArguments(call, symbol, context, false);
    // A domain's entry called from elsewhere in the process is in use, though no process imports it.
    this.importedEntries.add(symbol);
    this.checkDomainCall(call.callee.span, symbol, context);
    return { resolution: domainEntryCall(symbol), result: symbol.signature?.result ?? ERROR };
  }

  /**
   * W205 for calls: the main domain gets `call` on each of its domains at start-up, any other
   * domain needs a `grant` to call into another domain of the process (else `fetch-denied`).
   */
  private checkDomainCall(span: Span, symbol: SymbolInfo, context: Context): void {
    if (context.domain.isMain || symbol.domain === undefined) return;
    if ((context.process.grants.get(`${context.domain.name}>${symbol.domain}`) ?? 0) >= PERMISSION_LEVEL.call) return;
    this.report('W205', span, `domain \`${context.domain.name}\` calls entry \`${symbol.name}\` of domain \`${symbol.domain}\`, but no \`grant ${context.domain.name} call ${symbol.domain};\` allows it: it will fault (\`fetch-denied\`) at run time`);
  }

  private describeParameters(signature: EntrySignature | undefined): string {
    if (!signature) return '';
    return signature.parameters.map((p) => `${p.name}: ${typeToString(p.type)}`).join(', ');
  }

  /** Arguments of a call to an entry: E104 for count and types, E107 for pointers to another process, E113 cap -> acap. */
  private checkEntryArguments(call: CallExpr, target: SymbolInfo, context: Context, crossesProcess: boolean): void {
    const parameters = target.signature?.parameters ?? [];
    const types = this.checkArguments(call.args, context);
    // Shared by this call's diagnostics, made only if there is one.
    let related: { message: string; span: Span }[] | undefined;
    if (call.args.length !== parameters.length && target.signature) {
      const count = `${parameters.length} argument${parameters.length === 1 ? '' : 's'}`;
      this.report('E104', call.argsSpan, `entry \`${target.qualifiedName}\` takes ${count} (${this.describeParameters(target.signature)}), but ${call.args.length} ${call.args.length === 1 ? 'is' : 'are'} passed`, { related: (related ??= entryDeclaredHere(target)) });
    }
    for (let index = 0; index < call.args.length; index++) {
      const argument = call.args[index];
      const type = types[index];
      const parameter = parameters[index];
      if (crossesProcess && (type.kind === 'ptr' || type.kind === 'array')) {
        this.report('E107', argument.span, `a raw ${type.kind === 'ptr' ? 'pointer' : 'array'} cannot be passed to entry \`${target.qualifiedName}\` of another process (its memory is out of the callee's reach): pass a capability such as \`cap(x, read)\``, {
          related: (related ??= entryDeclaredHere(target)), fixes: [wrapInCapabilityFix(argument)],
        });
        continue;
      }
      if (!parameter) continue;
      const fit = assignability(type, parameter.type);
      if (fit === 'capToAcap') {
        this.report('E113', argument.span, `parameter \`${parameter.name}\` of \`${target.qualifiedName}\` is an \`acap\` (it may be kept after the call); a synchronous \`cap\` would outlive its call: pass \`acap(x, perm)\``, { related: (related ??= entryDeclaredHere(target)) });
      } else if (fit === 'mismatch') {
        this.report('E104', argument.span, `argument ${index + 1} of \`${target.qualifiedName}\` must be \`${typeToString(parameter.type)}\` (parameter \`${parameter.name}\`), found \`${typeToString(type)}\``, { related: (related ??= entryDeclaredHere(target)) });
      }
    }
  }

  /** The types of a call's arguments, checked in order. */
  private checkArguments(args: Expr[], context: Context): Type[] {
    const types = new Array<Type>(args.length);
    for (let index = 0; index < args.length; index++) types[index] = this.checkExpression(args[index], context);
    return types;
  }

  /** Arguments of a call to a function of the same domain (or a spawn): E004, E003, E113. */
  private checkFunctionArguments(args: Expr[], argsSpan: Span, target: SymbolInfo, context: Context): void {
    const parameters = target.signature?.parameters ?? [];
    const types = this.checkArguments(args, context);
    if (!target.signature) return;
    if (args.length !== parameters.length) {
      this.report('E004', argsSpan, `\`${target.name}\` takes ${parameters.length} argument${parameters.length === 1 ? '' : 's'} (${this.describeParameters(target.signature)}), but ${args.length} ${args.length === 1 ? 'is' : 'are'} passed`, {
        related: [{ message: `\`${target.name}\` is declared here`, span: target.nameSpan }],
      });
    }
    const count = Math.min(args.length, parameters.length);
    for (let index = 0; index < count; index++) {
      const parameter = parameters[index];
      let type = types[index];
      // Arrays reach functions of the same process as pointers (language.md §4).
      if (type.kind === 'array' && parameter.type.kind === 'ptr') type = PTR;
      if (assignability(type, parameter.type) !== 'ok') {
        this.checkAssignable(type, parameter.type, args[index], `parameter \`${parameter.name}\` of \`${target.name}\``, false);
      }
    }
  }

  private checkBuiltinCall(call: CallExpr, builtin: BuiltinInfo, context: Context): Type {
    const args = call.args;
    const name = builtin.name;
    if (args.length < builtin.minimumArguments || args.length > builtin.maximumArguments) {
      this.report('E004', call.argsSpan, `\`${name}\` takes ${builtin.minimumArguments} argument${builtin.minimumArguments === 1 ? '' : 's'} (\`${builtin.signature}\`), but ${args.length} ${args.length === 1 ? 'is' : 'are'} passed`);
    }
    switch (name) {
      case 'print':
        for (const argument of args) {
          const type = this.checkExpression(argument, context);
          if (type.kind === 'error' || type.kind === 'int' || type.kind === 'bool' || type.kind === 'string' || type.kind === 'ptr') continue;
          this.report('E003', argument.span, type.kind === 'void' ? 'this call returns no value to print' : `\`print\` prints ints, bools, pointers and strings, not \`${typeToString(type)}\``);
        }
        break;
      case 'assert':
        this.expectArgument(call, 0, isBool, 'a `bool`', context);
        break;
      case 'exit':
        this.expectArgument(call, 0, isInt, 'an `int`', context);
        break;
      case 'len':
        this.expectArgument(call, 0, hasLength, 'an array or a capability (a `ptr` carries no length)', context);
        break;
      case 'peek':
      case 'jump':
        this.checkRawAccess(args[0], name === 'peek' ? 'read' : undefined, context);
        this.expectArgument(call, 0, isAddress, 'a `ptr`', context);
        break;
      case 'poke':
        this.checkRawAccess(args[0], 'write', context);
        this.expectArgument(call, 0, isAddress, 'a `ptr`', context);
        this.expectArgument(call, 1, isIntegerLike, 'an `int`', context);
        break;
      case 'revoke':
        this.expectArgument(call, 0, isAcap, 'an `acap` (a synchronous `cap` ends with its call and needs no revoking)', context);
        break;
      case 'cap':
      case 'acap':
        this.checkCapabilitySource(call, name, context);
        break;
    }
    for (let index = builtin.maximumArguments; index < args.length; index++) this.checkExpression(args[index], context);
    return builtin.result;
  }

  private expectArgument(call: CallExpr, index: number, accepts: (type: Type) => boolean, expected: string, context: Context): void {
    const argument = call.args[index];
    if (!argument) return;
    const type = this.checkExpression(argument, context);
    if (type.kind !== 'error' && !accepts(type)) {
      this.mismatch(argument.span, expected, type, `argument ${index + 1} of \`${(call.callee as { name: Identifier }).name.name}\``);
    }
  }

  /** W205 for `peek(&x)` / `poke(&x, v)` where x is data of another domain. */
  private checkRawAccess(argument: Expr | undefined, access: Access | undefined, context: Context): void {
    if (!argument || !access || argument.kind !== 'Unary' || argument.operator !== '&') return;
    const operand = argument.operand;
    const identifier = operand.kind === 'Name' ? operand.name : operand.kind === 'QualifiedName' ? operand.member : undefined;
    if (!identifier) return;
    // Resolve without reporting: the argument itself is checked (and reported) right after.
    const symbol = operand.kind === 'Name' ? this.lookup(identifier.name, context) : this.peekQualified(operand as QualifiedNameExpr, context);
    if (symbol) this.checkDomainAccess(symbol, access, argument.span, context);
  }

  private peekQualified(expression: QualifiedNameExpr, context: Context): SymbolInfo | undefined {
    const owner = context.process.domains.get(expression.qualifier.name) ?? this.processes.get(expression.qualifier.name)?.main;
    return owner?.members.get(expression.member.name);
  }

  private checkCapabilitySource(call: CallExpr, name: 'cap' | 'acap', context: Context): void {
    const [source, permission] = call.args;
    const access: Access = permission?.kind === 'Permission' && permission.permission === 'write' ? 'write' : 'read';
    if (source) {
      let type: Type;
      const base = source.kind === 'Slice' ? source.target : source;
      if (source.kind === 'Slice') type = this.checkSlice(source, context, access);
      else type = this.checkExpression(source, context, access);
      const isNamed = base.kind === 'Name' || base.kind === 'QualifiedName';
      const isCapability = type.kind === 'cap' || type.kind === 'acap';
      if (type.kind !== 'error' && (!(type.kind === 'array' || isCapability) || !isNamed)) {
        this.report('E003', source.span, `\`${name}\` needs an array \`x\`, a capability \`c\` or a slice of one (\`x[a..b]\`), found \`${typeToString(type)}\``);
      } else if (name === 'acap' && type.kind === 'cap') {
        // Narrowing keeps the source's kind: a capability derived from a synchronous one expires with it.
        this.report('E113', source.span, `\`acap\` over the synchronous capability \`${this.text.slice(base.span.start, base.span.end)}\` would expire with it when its call returns: narrow it with \`cap(...)\` instead, or pass an \`acap\` here`);
      }
    }
    if (permission) {
      const type = this.checkExpression(permission, context);
      if (permission.kind !== 'Permission' && type.kind !== 'error') {
        this.report('E003', permission.span, `the second argument of \`${name}\` is the permission: \`read\` or \`write\``);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Pass 5: unused entries and imports

  private reportUnused(): void {
    for (const process of this.processes.values()) {
      for (const symbol of process.main.members.values()) {
        if (symbol.kind !== 'entry' || symbol.name === 'main' || this.importedEntries.has(symbol)) continue;
        this.report('W201', symbol.nameSpan, `no process imports entry \`${symbol.qualifiedName}\`; import it somewhere (\`import ${symbol.qualifiedName};\`) or make it a \`fn\``);
      }
      for (const info of process.imports) {
        if (!info.target || info.called || info.duplicate) continue;
        this.report('W202', info.declaration.span, `\`${info.target.qualifiedName}\` is imported but never called; remove the import (it costs a proxy at start-up)`, {
          fixes: [removeDeclarationFix(this.text, info.declaration.span, 'Remove the unused import')],
        });
      }
    }
  }
}

function entryDeclaredHere(target: SymbolInfo): { message: string; span: Span }[] {
  return [{ message: `entry \`${target.qualifiedName}\` is declared here`, span: target.nameSpan }];
}

/** The declaration of a `fn` or `entry` symbol (symbols of other kinds: undefined). */
function functionDeclaration(symbol: SymbolInfo): FunctionDecl | undefined {
  const declaration = symbol.declaration;
  return (symbol.kind === 'function' || symbol.kind === 'entry') && declaration?.kind === 'Function' ? declaration : undefined;
}

/**
 * Most symbols are used once or twice: the first reference gets an array of exactly one element
 * (a first `push` onto an empty array would make room for 16), later ones are pushed.
 */
function addReference(symbol: SymbolInfo, span: Span): void {
  if (symbol.references.length === 0) symbol.references = listOf(span);
  else symbol.references.push(span);
}

function describeKind(kind: SymbolKind): string {
  switch (kind) {
    case 'global':
      return 'variable';
    case 'const':
      return 'constant';
    case 'local':
      return 'local variable';
    default:
      return kind;
  }
}

function articled(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function operatorHint(operator: string): string {
  if (operator === '+' || operator === '-') return ' (pointer arithmetic: `p + n` adds bytes to a `ptr`)';
  if (operator === '&&' || operator === '||') return ' (both sides must be `bool`)';
  return '';
}

// Argument rules of the built-ins.
function isBool(type: Type): boolean {
  return type.kind === 'bool';
}
function isInt(type: Type): boolean {
  return type.kind === 'int';
}
function isAcap(type: Type): boolean {
  return type.kind === 'acap';
}
function hasLength(type: Type): boolean {
  return type.kind === 'array' || isCapability(type);
}
/** `peek`, `poke` and `jump` take a `ptr`, or an `int` used as a raw address. */
function isAddress(type: Type): boolean {
  return type.kind === 'ptr' || type.kind === 'int';
}

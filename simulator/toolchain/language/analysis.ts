// What the front end tells its users: the shape of one analysed document. The compiler, the CLI's
// `check`, the language server and the debugger (expression evaluation) all read this one shape,
// so a symbol, a type or a diagnostic means the same thing everywhere.

import type { CallExpr, Expr, Identifier, Node, Program, Span } from './ast';
import type { IsolationProperty } from '../../kernel/isolation';
import type { DiagnosticCode } from './diagnostic-codes';

// ---------------------------------------------------------------------------------------------
// Semantic types

export type Type =
  | { kind: 'int' }
  | { kind: 'bool' }
  | { kind: 'ptr' }
  | { kind: 'cap' }
  | { kind: 'acap' }
  | { kind: 'array'; element: Type; length: number }
  /** The result of a call to a function without `-> type`. */
  | { kind: 'void' }
  /** String literals (only `print` takes them) and `read`/`write` permission arguments. */
  | { kind: 'string' }
  | { kind: 'permission' }
  /** Something already reported: never reported again, compatible with everything. */
  | { kind: 'error' };

// ---------------------------------------------------------------------------------------------
// Diagnostics

export type Severity = 'error' | 'warning' | 'hint';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface DiagnosticFix {
  /** Shown as the quick fix's title, e.g. "Add `import Store.put;`". */
  title: string;
  edits: TextEdit[];
}

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span: Span;
  /** E.g. E101/E104 point at the entry's declaration. */
  related?: { message: string; span: Span }[];
  /** `unnecessary` for unused imports and entries (W201, W202): editors fade them out. */
  tags?: 'unnecessary'[];
  /** Machine-applicable fixes; the language server offers them as quick fixes. */
  fixes?: DiagnosticFix[];
}

// ---------------------------------------------------------------------------------------------
// Symbols

export type SymbolKind =
  | 'process'
  | 'domain'
  | 'entry'
  | 'function'
  | 'global'
  | 'const'
  | 'import'
  | 'parameter'
  | 'local'
  | 'builtin';

export interface EntrySignature {
  parameters: { name: string; type: Type }[];
  result: Type;
  /** The callee's policy (its `isolate(...)` list), valid names only. */
  isolation: IsolationProperty[];
}

export interface SymbolInfo {
  /** Unique within one analysis. */
  id: number;
  kind: SymbolKind;
  name: string;
  /** `Store`, `Store.get`, `Browser.Plugin.render`, `Client.main.v` for a local. */
  qualifiedName: string;
  /** The identifier in the declaration (go to definition lands here; rename edits it). */
  nameSpan: Span;
  /** The whole declaration (document symbols, folding). */
  declarationSpan: Span;
  type: Type;
  /** The process the symbol belongs to (undefined for processes themselves and built-ins). */
  process?: string;
  /** The domain it belongs to; a process's main domain has the process's name. */
  domain?: string;
  declaration?: Node;
  /** For functions and entries. */
  signature?: EntrySignature;
  /** For imports: the imported entry (if it resolved), the caller's policy and the local name. */
  importOf?: SymbolInfo;
  importIsolation?: IsolationProperty[];
  /** For constants (and globals with a constant initializer): the folded value (RV32IM semantics). */
  constantValue?: number | boolean;
  /** Every use of the symbol (identifier spans), excluding `nameSpan`. */
  references: Span[];
}

/** How a call expression was resolved, for the code generator, hovers and inlay hints. */
export type CallResolution =
  | { kind: 'builtin'; name: string }
  | { kind: 'function'; target: SymbolInfo }
  /** A call from a process's main domain to an entry of one of its own domains (no proxy). */
  | { kind: 'domainEntry'; target: SymbolInfo }
  /** A call through a trusted proxy; `isolation` is the union both sides asked for. */
  | { kind: 'crossProcess'; target: SymbolInfo; import: SymbolInfo; isolation: IsolationProperty[] };

export interface LineAndColumn {
  /** 0-based */
  line: number;
  /** 0-based, in UTF-16 code units */
  column: number;
}

export interface LineMap {
  positionAt(offset: number): LineAndColumn;
  offsetAt(position: LineAndColumn): number;
  readonly lineCount: number;
}

export interface Analysis {
  fileName: string;
  text: string;
  program: Program;
  lineMap: LineMap;
  /** Syntax and semantic diagnostics, in source order. */
  diagnostics: Diagnostic[];
  /** True if any diagnostic is an error: such a program is never compiled or run. */
  hasErrors: boolean;
  symbols: SymbolInfo[];
  /** The symbol each identifier in the tree refers to (declarations and uses). */
  resolutions: Map<Identifier, SymbolInfo>;
  expressionTypes: Map<Expr, Type>;
  calls: Map<CallExpr, CallResolution>;
}

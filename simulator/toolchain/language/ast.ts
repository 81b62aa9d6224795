// The typed syntax tree of a `.dipc` program (language.md §3). The parser builds it, the checker
// annotates it through side tables (analysis.ts), the code generator and the language server read
// it. Every node carries the exact source span it was parsed from, so diagnostics, hovers and the
// debugger's line table all point at the same text.

/** A half-open range of UTF-16 offsets into the document: [start, end). */
export interface Span {
  start: number;
  end: number;
}

export interface Identifier {
  kind: 'Identifier';
  name: string;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Types as written

export type TypeNode =
  | { kind: 'IntType'; span: Span }
  | { kind: 'BoolType'; span: Span }
  | { kind: 'PtrType'; span: Span }
  | { kind: 'CapType'; span: Span }
  | { kind: 'AcapType'; span: Span }
  | { kind: 'ArrayType'; element: TypeNode; length: Expr; span: Span }
  /** Stands where the parser could not read a type (an E001 was reported). */
  | { kind: 'ErrorType'; span: Span };

// ---------------------------------------------------------------------------------------------
// Declarations

export interface Program {
  kind: 'Program';
  items: (ProcessDecl | ConstDecl)[];
  span: Span;
}

export interface ProcessDecl {
  kind: 'Process';
  name: Identifier;
  members: ProcessMember[];
  span: Span;
}

export type ProcessMember = VarDecl | ConstDecl | FunctionDecl | ImportDecl | DomainDecl | GrantDecl;
export type DomainMember = VarDecl | ConstDecl | FunctionDecl;

export interface DomainDecl {
  kind: 'Domain';
  name: Identifier;
  members: DomainMember[];
  span: Span;
}

export type Permission = 'call' | 'read' | 'write';

export interface GrantDecl {
  kind: 'Grant';
  /** The domain that receives the permission (the process's main domain is named after it). */
  from: Identifier;
  permission: Permission;
  permissionSpan: Span;
  /** The domain the permission is on. */
  to: Identifier;
  span: Span;
}

export interface VarDecl {
  kind: 'Var';
  name: Identifier;
  type: TypeNode;
  initializer?: Expr;
  span: Span;
}

export interface ConstDecl {
  kind: 'Const';
  name: Identifier;
  type?: TypeNode;
  value: Expr;
  span: Span;
}

export interface Parameter {
  kind: 'Parameter';
  name: Identifier;
  type: TypeNode;
  span: Span;
}

export interface IsolationList {
  kind: 'IsolationList';
  /** As written, including misspelled names (the checker reports E105 / E109). */
  properties: Identifier[];
  span: Span;
}

/** `fn` and `entry` share a shape; `isEntry` tells them apart. */
export interface FunctionDecl {
  kind: 'Function';
  isEntry: boolean;
  /** Span of the `fn` / `entry` keyword (a quick fix rewrites it). */
  keywordSpan: Span;
  name: Identifier;
  parameters: Parameter[];
  returnType?: TypeNode;
  isolation?: IsolationList;
  body: Block;
  span: Span;
}

export interface ImportDecl {
  kind: 'Import';
  process: Identifier;
  entry: Identifier;
  isolation?: IsolationList;
  alias?: Identifier;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Statements

export interface Block {
  kind: 'Block';
  statements: Statement[];
  span: Span;
}

export type Statement =
  | LetStatement
  | AssignStatement
  | ExpressionStatement
  | IfStatement
  | WhileStatement
  | ForStatement
  | ReturnStatement
  | BreakStatement
  | ContinueStatement
  | SpawnStatement
  | AsmStatement
  | Block;

export interface LetStatement {
  kind: 'Let';
  name: Identifier;
  type?: TypeNode;
  initializer?: Expr;
  span: Span;
}

export interface AssignStatement {
  kind: 'Assign';
  target: NameExpr | IndexExpr;
  value: Expr;
  span: Span;
}

export interface ExpressionStatement {
  kind: 'ExpressionStatement';
  expression: Expr;
  span: Span;
}

export interface IfStatement {
  kind: 'If';
  condition: Expr;
  thenBlock: Block;
  elseBranch?: Block | IfStatement;
  span: Span;
}

export interface WhileStatement {
  kind: 'While';
  condition: Expr;
  body: Block;
  span: Span;
}

/** `for i in from..to { }`: i runs from `from` up to but excluding `to`. */
export interface ForStatement {
  kind: 'For';
  variable: Identifier;
  from: Expr;
  to: Expr;
  body: Block;
  span: Span;
}

export interface ReturnStatement {
  kind: 'Return';
  value?: Expr;
  span: Span;
}

export interface BreakStatement {
  kind: 'Break';
  span: Span;
}

export interface ContinueStatement {
  kind: 'Continue';
  span: Span;
}

export interface SpawnStatement {
  kind: 'Spawn';
  callee: Identifier;
  args: Expr[];
  span: Span;
}

export interface AsmLine {
  text: string;
  span: Span;
}

export interface AsmStatement {
  kind: 'Asm';
  lines: AsmLine[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | IntegerLiteral
  | BoolLiteral
  | StringLiteral
  | NameExpr
  | QualifiedNameExpr
  | PermissionExpr
  | UnaryExpr
  | BinaryExpr
  | IndexExpr
  | SliceExpr
  | CallExpr
  | ErrorExpr;

export interface IntegerLiteral {
  kind: 'Integer';
  /** Already wrapped to a signed 32-bit value (0xffffffff is -1). */
  value: number;
  span: Span;
}

export interface BoolLiteral {
  kind: 'Bool';
  value: boolean;
  span: Span;
}

/** Only valid as an argument of `print`. `value` has its escapes resolved. */
export interface StringLiteral {
  kind: 'String';
  value: string;
  span: Span;
}

export interface NameExpr {
  kind: 'Name';
  name: Identifier;
  span: Span;
}

/** `P.x`, `D.f`, `P.e`: a member of another process or domain (resolved by the checker). */
export interface QualifiedNameExpr {
  kind: 'QualifiedName';
  qualifier: Identifier;
  member: Identifier;
  span: Span;
}

/** `read` / `write` as the permission argument of `cap(...)` / `acap(...)`. */
export interface PermissionExpr {
  kind: 'Permission';
  permission: 'read' | 'write';
  span: Span;
}

export type UnaryOperator = '-' | '!' | '~' | '&';

export interface UnaryExpr {
  kind: 'Unary';
  operator: UnaryOperator;
  operand: Expr;
  span: Span;
}

export type BinaryOperator =
  | '||' | '&&' | '|' | '^' | '&'
  | '==' | '!='
  | '<' | '<=' | '>' | '>='
  | '<<' | '>>'
  | '+' | '-'
  | '*' | '/' | '%';

export interface BinaryExpr {
  kind: 'Binary';
  operator: BinaryOperator;
  operatorSpan: Span;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface IndexExpr {
  kind: 'Index';
  target: Expr;
  index: Expr;
  span: Span;
}

/** `x[a..b]`: only meaningful as the first argument of `cap` / `acap`. */
export interface SliceExpr {
  kind: 'Slice';
  target: Expr;
  from: Expr;
  to: Expr;
  span: Span;
}

/**
 * `f(args)`, `builtin(args)`, `P.e(args) [else expr]`, `D.f(args)`. The callee is a Name for calls
 * within the process (or built-ins) and a QualifiedName for calls to another process or domain.
 */
export interface CallExpr {
  kind: 'Call';
  callee: NameExpr | QualifiedNameExpr;
  args: Expr[];
  /** Span of the parenthesised argument list, for signature help and E004/E104 ranges. */
  argsSpan: Span;
  /** Span of the `else` keyword, when there is one (E111 ranges and its quick fix). */
  elseSpan?: Span;
  elseValue?: Expr;
  span: Span;
}

/** Stands where the parser could not read an expression (an E001 was reported). */
export interface ErrorExpr {
  kind: 'Error';
  span: Span;
}

export type Node =
  | Program | ProcessDecl | DomainDecl | GrantDecl | VarDecl | ConstDecl | FunctionDecl
  | Parameter | IsolationList | ImportDecl | Statement | Expr | TypeNode | Identifier;

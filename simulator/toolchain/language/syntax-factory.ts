// Makes the syntax tree's spans and nodes: plain objects, exactly like the object literals they
// replace, made by constructors so that V8 never allocates them in the old generation (see
// young-objects.ts for why).

import type {
  AsmLine, AssignStatement, BinaryExpr, BinaryOperator, Block, BoolLiteral, BreakStatement, CallExpr,
  ContinueStatement, DomainDecl, DomainMember, Expr, ExpressionStatement, ForStatement, FunctionDecl, Identifier,
  IfStatement, ImportDecl, IndexExpr, IntegerLiteral, IsolationList, LetStatement, NameExpr, Parameter,
  PermissionExpr, ProcessDecl, ProcessMember, QualifiedNameExpr, ReturnStatement, SliceExpr, Span, SpawnStatement,
  Statement, StringLiteral, TypeNode, UnaryExpr, UnaryOperator, VarDecl, WhileStatement, AsmStatement,
} from './ast';
import { plain } from './young-objects';

// One constructor per list of field names (nodes sharing a list share a hidden class anyway).
const SpanObject = plain(function (start: number, end: number) {
  this.start = start;
  this.end = end;
});
const KindSpan = plain(function (kind: string, span: Span) {
  this.kind = kind;
  this.span = span;
});
const KindNameSpan = plain(function (kind: string, name: unknown, span: Span) {
  this.kind = kind;
  this.name = name;
  this.span = span;
});
const KindValueSpan = plain(function (kind: string, value: unknown, span: Span) {
  this.kind = kind;
  this.value = value;
  this.span = span;
});
const KindNameMembersSpan = plain(function (kind: string, name: Identifier, members: unknown[], span: Span) {
  this.kind = kind;
  this.name = name;
  this.members = members;
  this.span = span;
});
const KindNameTypeInitializerSpan = plain(function (kind: string, name: Identifier, type: TypeNode | undefined, initializer: Expr | undefined, span: Span) {
  this.kind = kind;
  this.name = name;
  this.type = type;
  this.initializer = initializer;
  this.span = span;
});
const QualifiedNameObject = plain(function (qualifier: Identifier, member: Identifier, span: Span) {
  this.kind = 'QualifiedName';
  this.qualifier = qualifier;
  this.member = member;
  this.span = span;
});
const PermissionObject = plain(function (permission: 'read' | 'write', span: Span) {
  this.kind = 'Permission';
  this.permission = permission;
  this.span = span;
});
const UnaryObject = plain(function (operator: UnaryOperator, operand: Expr, span: Span) {
  this.kind = 'Unary';
  this.operator = operator;
  this.operand = operand;
  this.span = span;
});
const BinaryObject = plain(function (operator: BinaryOperator, operatorSpan: Span, left: Expr, right: Expr, span: Span) {
  this.kind = 'Binary';
  this.operator = operator;
  this.operatorSpan = operatorSpan;
  this.left = left;
  this.right = right;
  this.span = span;
});
const IndexObject = plain(function (target: Expr, index: Expr, span: Span) {
  this.kind = 'Index';
  this.target = target;
  this.index = index;
  this.span = span;
});
const SliceObject = plain(function (target: Expr, from: Expr, to: Expr, span: Span) {
  this.kind = 'Slice';
  this.target = target;
  this.from = from;
  this.to = to;
  this.span = span;
});
const CallObject = plain(function (callee: NameExpr | QualifiedNameExpr, args: Expr[], argsSpan: Span, span: Span) {
  this.kind = 'Call';
  this.callee = callee;
  this.args = args;
  this.argsSpan = argsSpan;
  this.span = span;
});
const ArrayTypeObject = plain(function (element: TypeNode, length: Expr, span: Span) {
  this.kind = 'ArrayType';
  this.element = element;
  this.length = length;
  this.span = span;
});
const BlockObject = plain(function (statements: Statement[], span: Span) {
  this.kind = 'Block';
  this.statements = statements;
  this.span = span;
});
const AssignObject = plain(function (target: NameExpr | IndexExpr, value: Expr, span: Span) {
  this.kind = 'Assign';
  this.target = target;
  this.value = value;
  this.span = span;
});
const ExpressionStatementObject = plain(function (expression: Expr, span: Span) {
  this.kind = 'ExpressionStatement';
  this.expression = expression;
  this.span = span;
});
const IfObject = plain(function (condition: Expr, thenBlock: Block, elseBranch: Block | IfStatement | undefined, span: Span) {
  this.kind = 'If';
  this.condition = condition;
  this.thenBlock = thenBlock;
  this.elseBranch = elseBranch;
  this.span = span;
});
const WhileObject = plain(function (condition: Expr, body: Block, span: Span) {
  this.kind = 'While';
  this.condition = condition;
  this.body = body;
  this.span = span;
});
const ForObject = plain(function (variable: Identifier, from: Expr, to: Expr, body: Block, span: Span) {
  this.kind = 'For';
  this.variable = variable;
  this.from = from;
  this.to = to;
  this.body = body;
  this.span = span;
});
const SpawnObject = plain(function (callee: Identifier, args: Expr[], span: Span) {
  this.kind = 'Spawn';
  this.callee = callee;
  this.args = args;
  this.span = span;
});
const AsmObject = plain(function (lines: AsmLine[], span: Span) {
  this.kind = 'Asm';
  this.lines = lines;
  this.span = span;
});
const FunctionObject = plain(function (
  isEntry: boolean, keywordSpan: Span, name: Identifier, parameters: Parameter[], returnType: TypeNode | undefined,
  isolation: IsolationList | undefined, body: Block, span: Span,
) {
  this.kind = 'Function';
  this.isEntry = isEntry;
  this.keywordSpan = keywordSpan;
  this.name = name;
  this.parameters = parameters;
  this.returnType = returnType;
  this.isolation = isolation;
  this.body = body;
  this.span = span;
});
const ParameterObject = plain(function (name: Identifier, type: TypeNode, span: Span) {
  this.kind = 'Parameter';
  this.name = name;
  this.type = type;
  this.span = span;
});
const IsolationListObject = plain(function (properties: Identifier[], span: Span) {
  this.kind = 'IsolationList';
  this.properties = properties;
  this.span = span;
});
const ImportObject = plain(function (process: Identifier, entry: Identifier, isolation: IsolationList | undefined, alias: Identifier | undefined, span: Span) {
  this.kind = 'Import';
  this.process = process;
  this.entry = entry;
  this.isolation = isolation;
  this.alias = alias;
  this.span = span;
});

export function span(start: number, end: number): Span {
  return new SpanObject(start, end) as Span;
}
export function identifier(name: string, at: Span): Identifier {
  return new KindNameSpan('Identifier', name, at) as Identifier;
}
export function nameExpression(name: Identifier, at: Span): NameExpr {
  return new KindNameSpan('Name', name, at) as NameExpr;
}
export function integerLiteral(value: number, at: Span): IntegerLiteral {
  return new KindValueSpan('Integer', value, at) as IntegerLiteral;
}
export function boolLiteral(value: boolean, at: Span): BoolLiteral {
  return new KindValueSpan('Bool', value, at) as BoolLiteral;
}
export function stringLiteral(value: string, at: Span): StringLiteral {
  return new KindValueSpan('String', value, at) as StringLiteral;
}
export function qualifiedName(qualifier: Identifier, member: Identifier, at: Span): QualifiedNameExpr {
  return new QualifiedNameObject(qualifier, member, at) as QualifiedNameExpr;
}
export function permissionExpression(permission: 'read' | 'write', at: Span): PermissionExpr {
  return new PermissionObject(permission, at) as PermissionExpr;
}
export function unaryExpression(operator: UnaryOperator, operand: Expr, at: Span): UnaryExpr {
  return new UnaryObject(operator, operand, at) as UnaryExpr;
}
export function binaryExpression(operator: BinaryOperator, operatorSpan: Span, left: Expr, right: Expr, at: Span): BinaryExpr {
  return new BinaryObject(operator, operatorSpan, left, right, at) as BinaryExpr;
}
export function indexExpression(target: Expr, index: Expr, at: Span): IndexExpr {
  return new IndexObject(target, index, at) as IndexExpr;
}
export function sliceExpression(target: Expr, from: Expr, to: Expr, at: Span): SliceExpr {
  return new SliceObject(target, from, to, at) as SliceExpr;
}
export function callExpression(callee: NameExpr | QualifiedNameExpr, args: Expr[], argsSpan: Span, at: Span): CallExpr {
  return new CallObject(callee, args, argsSpan, at) as CallExpr;
}
/** `int`, `bool`, `ptr`, `cap`, `acap`. */
export function keywordType(kind: 'IntType' | 'BoolType' | 'PtrType' | 'CapType' | 'AcapType', at: Span): TypeNode {
  return new KindSpan(kind, at) as TypeNode;
}
export function arrayType(element: TypeNode, length: Expr, at: Span): TypeNode {
  return new ArrayTypeObject(element, length, at) as TypeNode;
}
export function block(statements: Statement[], at: Span): Block {
  return new BlockObject(statements, at) as Block;
}
export function letStatement(name: Identifier, type: TypeNode | undefined, initializer: Expr | undefined, at: Span): LetStatement {
  return new KindNameTypeInitializerSpan('Let', name, type, initializer, at) as LetStatement;
}
export function varDeclaration(name: Identifier, type: TypeNode, initializer: Expr | undefined, at: Span): VarDecl {
  return new KindNameTypeInitializerSpan('Var', name, type, initializer, at) as VarDecl;
}
export function assignStatement(target: NameExpr | IndexExpr, value: Expr, at: Span): AssignStatement {
  return new AssignObject(target, value, at) as AssignStatement;
}
export function expressionStatement(expression: Expr, at: Span): ExpressionStatement {
  return new ExpressionStatementObject(expression, at) as ExpressionStatement;
}
export function returnStatement(value: Expr | undefined, at: Span): ReturnStatement {
  return new KindValueSpan('Return', value, at) as ReturnStatement;
}
export function breakOrContinue(kind: 'Break' | 'Continue', at: Span): BreakStatement | ContinueStatement {
  return new KindSpan(kind, at) as BreakStatement | ContinueStatement;
}
export function ifStatement(condition: Expr, thenBlock: Block, elseBranch: Block | IfStatement | undefined, at: Span): IfStatement {
  return new IfObject(condition, thenBlock, elseBranch, at) as IfStatement;
}
export function whileStatement(condition: Expr, body: Block, at: Span): WhileStatement {
  return new WhileObject(condition, body, at) as WhileStatement;
}
export function forStatement(variable: Identifier, from: Expr, to: Expr, body: Block, at: Span): ForStatement {
  return new ForObject(variable, from, to, body, at) as ForStatement;
}
export function spawnStatement(callee: Identifier, args: Expr[], at: Span): SpawnStatement {
  return new SpawnObject(callee, args, at) as SpawnStatement;
}
export function asmStatement(lines: AsmLine[], at: Span): AsmStatement {
  return new AsmObject(lines, at) as AsmStatement;
}
export function functionDeclaration(
  isEntry: boolean, keywordSpan: Span, name: Identifier, parameters: Parameter[], returnType: TypeNode | undefined,
  isolation: IsolationList | undefined, body: Block, at: Span,
): FunctionDecl {
  return new FunctionObject(isEntry, keywordSpan, name, parameters, returnType, isolation, body, at) as FunctionDecl;
}
export function parameter(name: Identifier, type: TypeNode, at: Span): Parameter {
  return new ParameterObject(name, type, at) as Parameter;
}
export function isolationList(properties: Identifier[], at: Span): IsolationList {
  return new IsolationListObject(properties, at) as IsolationList;
}
export function importDeclaration(process: Identifier, entry: Identifier, isolation: IsolationList | undefined, alias: Identifier | undefined, at: Span): ImportDecl {
  return new ImportObject(process, entry, isolation, alias, at) as ImportDecl;
}
export function processDeclaration(name: Identifier, members: ProcessMember[], at: Span): ProcessDecl {
  return new KindNameMembersSpan('Process', name, members, at) as ProcessDecl;
}
export function domainDeclaration(name: Identifier, members: DomainMember[], at: Span): DomainDecl {
  return new KindNameMembersSpan('Domain', name, members, at) as DomainDecl;
}

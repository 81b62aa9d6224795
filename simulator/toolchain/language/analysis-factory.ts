// Makes the checker's results that live as long as an analysis (symbols, signatures, call
// resolutions, array types, diagnostics): plain objects, exactly like the object literals they
// replace, made by constructors so that V8 never allocates them in the old generation (see
// young-objects.ts for why).

import type { Node, Span } from './ast';
import type { CallResolution, Diagnostic, EntrySignature, Severity, SymbolInfo, SymbolKind, Type } from './analysis';
import type { DiagnosticCode } from './diagnostic-codes';
import type { IsolationProperty } from '../../kernel/isolation';
import { emptyList, plain } from './young-objects';

const SymbolObject = plain(function (
  id: number, kind: SymbolKind, name: string, qualifiedName: string, nameSpan: Span, declarationSpan: Span, type: Type,
  process: string | undefined, domain: string | undefined, declaration: Node | undefined,
) {
  // Every field of SymbolInfo, in one order, so every symbol has one shape.
  this.id = id;
  this.kind = kind;
  this.name = name;
  this.qualifiedName = qualifiedName;
  this.nameSpan = nameSpan;
  this.declarationSpan = declarationSpan;
  this.type = type;
  this.process = process;
  this.domain = domain;
  this.declaration = declaration;
  this.signature = undefined;
  this.importOf = undefined;
  this.importIsolation = undefined;
  this.constantValue = undefined;
  this.references = emptyList<Span>();
});
const SignatureObject = plain(function (parameters: EntrySignature['parameters'], result: Type, isolation: IsolationProperty[]) {
  this.parameters = parameters;
  this.result = result;
  this.isolation = isolation;
});
const NameTypeObject = plain(function (name: string, type: Type) {
  this.name = name;
  this.type = type;
});
const ArrayTypeObject = plain(function (element: Type, length: number) {
  this.kind = 'array';
  this.element = element;
  this.length = length;
});
const KindTargetObject = plain(function (kind: 'function' | 'domainEntry', target: SymbolInfo) {
  this.kind = kind;
  this.target = target;
});
const BuiltinCallObject = plain(function (name: string) {
  this.kind = 'builtin';
  this.name = name;
});
const CrossProcessCallObject = plain(function (target: SymbolInfo, imported: SymbolInfo, isolation: IsolationProperty[]) {
  this.kind = 'crossProcess';
  this.target = target;
  this.import = imported;
  this.isolation = isolation;
});
const DiagnosticObject = plain(function (code: DiagnosticCode, severity: Severity, message: string, span: Span) {
  this.code = code;
  this.severity = severity;
  this.message = message;
  this.span = span;
});

export function symbolInfo(
  id: number, kind: SymbolKind, name: string, qualifiedName: string, nameSpan: Span, declarationSpan: Span, type: Type,
  process: string | undefined, domain: string | undefined, declaration: Node | undefined,
): SymbolInfo {
  return new SymbolObject(id, kind, name, qualifiedName, nameSpan, declarationSpan, type, process, domain, declaration) as SymbolInfo;
}
export function signature(parameters: EntrySignature['parameters'], result: Type, isolation: IsolationProperty[]): EntrySignature {
  return new SignatureObject(parameters, result, isolation) as EntrySignature;
}
export function signatureParameter(name: string, type: Type): EntrySignature['parameters'][number] {
  return new NameTypeObject(name, type) as EntrySignature['parameters'][number];
}
export function arrayType(element: Type, length: number): Type {
  return new ArrayTypeObject(element, length) as Type;
}
export function builtinCall(name: string): CallResolution {
  return new BuiltinCallObject(name) as CallResolution;
}
export function functionCall(target: SymbolInfo): CallResolution {
  return new KindTargetObject('function', target) as CallResolution;
}
export function domainEntryCall(target: SymbolInfo): CallResolution {
  return new KindTargetObject('domainEntry', target) as CallResolution;
}
export function crossProcessCall(target: SymbolInfo, imported: SymbolInfo, isolation: IsolationProperty[]): CallResolution {
  return new CrossProcessCallObject(target, imported, isolation) as CallResolution;
}
export function diagnostic(code: DiagnosticCode, severity: Severity, message: string, span: Span): Diagnostic {
  return new DiagnosticObject(code, severity, message, span) as Diagnostic;
}

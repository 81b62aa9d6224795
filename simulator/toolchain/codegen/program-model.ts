// The program as the code generator sees it: processes in program order (their index is their
// region of the address space), each with its main domain and further domains, their functions,
// entries, globals and imports, plus the compile-time value of every constant. Built once from an
// Analysis; generators look declarations up here instead of re-walking the tree.

import type { ConstDecl, DomainDecl, Expr, FunctionDecl, GrantDecl, ImportDecl, Node, ProcessDecl, VarDecl } from '../language/ast';
import type { Analysis, SymbolInfo, Type } from '../language/analysis';
import { type ConstantValue, foldBinary, foldUnary } from '../language/constant-folding';
import { type DomainName, domainPath, userLabel } from './names';

export class CodegenError extends Error {
  constructor(message: string, readonly node?: { span: { start: number; end: number } }) {
    super(message);
  }
}

export interface GlobalModel {
  declaration: VarDecl;
  symbol: SymbolInfo | undefined;
  owner: DomainModel;
  label: string;
  type: Type;
  /** `acap` globals live on the domain's capability-storage page; the rest in its data section. */
  storage: 'data' | 'capabilityStorage';
  /** acap globals: data word holding the address of the revocation counter of the stored value. */
  counterAddressLabel?: string;
}

export interface FunctionModel {
  declaration: FunctionDecl;
  symbol: SymbolInfo | undefined;
  owner: DomainModel;
  label: string;
  qualifiedName: string;
}

export interface DomainModel extends DomainName {
  path: string;
  processModel: ProcessModel;
  declaration?: DomainDecl;
  /** Position among the process's domains (0 for the first `domain`); -1 for the main domain. */
  domainIndex: number;
  functions: FunctionModel[];
  globals: GlobalModel[];
}

export interface ImportModel {
  declaration: ImportDecl;
  symbol: SymbolInfo | undefined;
  /** The imported entry and the process it belongs to. */
  target: FunctionModel;
  targetProcess: ProcessModel;
  /** Index of the entry in its process's entry_register call. */
  targetIndex: number;
  callerIsolation: string[];
  /** Data label of this import's 16-byte entry_request descriptor. */
  descriptorLabel: string;
}

export interface ProcessModel {
  name: string;
  index: number;
  declaration: ProcessDecl;
  main: DomainModel;
  domains: DomainModel[];
  /** Entries of the main domain in declaration order: the order of entry_register. */
  entries: FunctionModel[];
  imports: ImportModel[];
  grants: GrantDecl[];
  mainFunction?: FunctionModel;
}

export class ProgramModel {
  readonly processes: ProcessModel[] = [];
  private readonly functionsByDeclaration = new Map<Node, FunctionModel>();
  private readonly globalsByDeclaration = new Map<Node, GlobalModel>();
  private readonly constantValues = new Map<Node, ConstantValue | null>();

  constructor(readonly analysis: Analysis) {
    const processDecls = analysis.program.items.filter((item): item is ProcessDecl => item.kind === 'Process');
    processDecls.forEach((declaration, index) => this.processes.push(this.buildProcess(declaration, index)));
    for (const process of this.processes) this.resolveImports(process);
  }

  functionFor(symbol: SymbolInfo): FunctionModel | undefined {
    return symbol.declaration ? this.functionsByDeclaration.get(symbol.declaration) : undefined;
  }

  globalFor(symbol: SymbolInfo): GlobalModel | undefined {
    return symbol.declaration ? this.globalsByDeclaration.get(symbol.declaration) : undefined;
  }

  typeOf(expression: Expr): Type {
    return this.analysis.expressionTypes.get(expression) ?? { kind: 'error' };
  }

  /** The compile-time value of an expression built from literals, constants and operators, if it is one. */
  constantValue(expression: Expr): ConstantValue | undefined {
    switch (expression.kind) {
      case 'Integer':
        return expression.value;
      case 'Bool':
        return expression.value;
      case 'Name':
      case 'QualifiedName': {
        const identifier = expression.kind === 'Name' ? expression.name : expression.member;
        const symbol = this.analysis.resolutions.get(identifier);
        if (symbol?.kind !== 'const' || symbol.declaration?.kind !== 'Const') return undefined;
        return this.constantOf(symbol.declaration);
      }
      case 'Unary': {
        if (expression.operator === '&') return undefined;
        const operand = this.constantValue(expression.operand);
        return operand === undefined ? undefined : foldUnary(expression.operator, operand);
      }
      case 'Binary': {
        const left = this.constantValue(expression.left);
        if (left === undefined) return undefined;
        const right = this.constantValue(expression.right);
        return right === undefined ? undefined : foldBinary(expression.operator, left, right);
      }
      default:
        return undefined;
    }
  }

  private constantOf(declaration: ConstDecl): ConstantValue | undefined {
    if (this.constantValues.has(declaration)) return this.constantValues.get(declaration) ?? undefined;
    this.constantValues.set(declaration, null); // a cycle folds to "not constant"
    const value = this.constantValue(declaration.value);
    this.constantValues.set(declaration, value ?? null);
    return value;
  }

  private buildProcess(declaration: ProcessDecl, index: number): ProcessModel {
    const process = { name: declaration.name.name, index, declaration, domains: [], entries: [], imports: [], grants: [] } as unknown as ProcessModel;
    process.main = this.buildDomain(process, undefined, -1, declaration.members.filter((m) => m.kind === 'Var' || m.kind === 'Function') as (VarDecl | FunctionDecl)[]);
    let domainIndex = 0;
    for (const member of declaration.members) {
      if (member.kind === 'Domain') {
        const members = member.members.filter((m) => m.kind === 'Var' || m.kind === 'Function') as (VarDecl | FunctionDecl)[];
        process.domains.push(this.buildDomain(process, member, domainIndex, members));
        domainIndex += 1;
      } else if (member.kind === 'Grant') {
        process.grants.push(member);
      }
    }
    process.entries = process.main.functions.filter((f) => f.declaration.isEntry);
    process.mainFunction = process.main.functions.find((f) => f.declaration.name.name === 'main' && !f.declaration.isEntry);
    return process;
  }

  private buildDomain(process: ProcessModel, declaration: DomainDecl | undefined, domainIndex: number, members: (VarDecl | FunctionDecl)[]): DomainModel {
    const owner: DomainName = { process: process.name, domain: declaration?.name.name };
    const domain: DomainModel = { ...owner, path: domainPath(owner), processModel: process, declaration, domainIndex, functions: [], globals: [] };
    for (const member of members) {
      const symbol = this.analysis.resolutions.get(member.name);
      const qualifiedName = `${domain.path}.${member.name.name}`;
      if (member.kind === 'Function') {
        const model: FunctionModel = { declaration: member, symbol, owner: domain, label: userLabel(qualifiedName), qualifiedName };
        domain.functions.push(model);
        this.functionsByDeclaration.set(member, model);
      } else {
        const type = symbol?.type ?? { kind: 'error' };
        const isCapability = type.kind === 'acap' || type.kind === 'cap';
        const model: GlobalModel = {
          declaration: member,
          symbol,
          owner: domain,
          label: userLabel(qualifiedName),
          type,
          storage: isCapability ? 'capabilityStorage' : 'data',
          counterAddressLabel: isCapability ? `__counter_of.${qualifiedName}` : undefined,
        };
        domain.globals.push(model);
        this.globalsByDeclaration.set(member, model);
      }
    }
    return domain;
  }

  private resolveImports(process: ProcessModel): void {
    for (const member of process.declaration.members) {
      if (member.kind !== 'Import') continue;
      const symbol = this.analysis.resolutions.get(member.alias ?? member.entry) ?? this.analysis.resolutions.get(member.entry);
      const targetProcess = this.processes.find((p) => p.name === member.process.name);
      const targetIndex = targetProcess?.entries.findIndex((e) => e.declaration.name.name === member.entry.name) ?? -1;
      if (!targetProcess || targetIndex < 0) throw new CodegenError(`import of unknown entry ${member.process.name}.${member.entry.name}`, member);
      process.imports.push({
        declaration: member,
        symbol: symbol as SymbolInfo | undefined,
        target: targetProcess.entries[targetIndex],
        targetProcess,
        targetIndex,
        callerIsolation: member.isolation?.properties.map((p) => p.name) ?? [],
        descriptorLabel: `__import.${process.name}.${member.process.name}.${member.entry.name}`,
      });
    }
  }

  /** The import a cross-process call goes through: by the import's symbol, else by target entry. */
  importFor(process: ProcessModel, importSymbol: SymbolInfo | undefined, target: SymbolInfo): ImportModel | undefined {
    const targetModel = this.functionFor(target);
    return (
      process.imports.find((i) => importSymbol !== undefined && i.symbol === importSymbol) ??
      process.imports.find((i) => i.target === targetModel)
    );
  }
}

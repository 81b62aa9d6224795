// How declarations read in hovers, completion details and signature help: `entry Store.get(key:
// int) -> int isolate(reg_integrity)`, written as the source would write them.
import type { EntrySignature, SymbolInfo, Type } from '../simulator/toolchain/language/analysis';
import { typeToString } from '../simulator/toolchain/language/types';

export function formatType(type: Type): string {
  return type.kind === 'void' ? 'void' : typeToString(type);
}

export function formatParameters(signature: EntrySignature): string[] {
  return signature.parameters.map((parameter) => `${parameter.name}: ${formatType(parameter.type)}`);
}

/** `get(key: int) -> int isolate(reg_integrity)` (the name as given). */
export function formatCallable(name: string, signature: EntrySignature, withIsolation: boolean): string {
  const result = signature.result.kind === 'void' ? '' : ` -> ${formatType(signature.result)}`;
  const isolation = withIsolation && signature.isolation.length > 0 ? ` isolate(${signature.isolation.join(', ')})` : '';
  return `${name}(${formatParameters(signature).join(', ')})${result}${isolation}`;
}

/** The declaration of a symbol as source text, for the code block of a hover or a completion detail. */
export function formatDeclaration(symbol: SymbolInfo): string {
  switch (symbol.kind) {
    case 'process':
      return `process ${symbol.name}`;
    case 'domain':
      return `domain ${symbol.qualifiedName}`;
    case 'entry':
      return symbol.signature
        ? `entry ${symbol.process ?? ''}${symbol.process ? '.' : ''}${formatCallable(symbol.name, symbol.signature, true)}`
        : `entry ${symbol.qualifiedName}`;
    case 'function':
      return symbol.signature ? `fn ${formatCallable(symbol.name, symbol.signature, false)}` : `fn ${symbol.qualifiedName}`;
    case 'import': {
      const entry = symbol.importOf;
      const isolation = symbol.importIsolation && symbol.importIsolation.length > 0 ? ` isolate(${symbol.importIsolation.join(', ')})` : '';
      const alias = entry && entry.name !== symbol.name ? ` as ${symbol.name}` : '';
      return entry ? `import ${entry.process ?? '?'}.${entry.name}${isolation}${alias}` : `import ${symbol.qualifiedName}`;
    }
    case 'global':
      return `var ${symbol.name}: ${formatType(symbol.type)}`;
    case 'const':
      return `const ${symbol.name}: ${formatType(symbol.type)}`;
    case 'parameter':
      return `(parameter) ${symbol.name}: ${formatType(symbol.type)}`;
    case 'local':
      return `let ${symbol.name}: ${formatType(symbol.type)}`;
    case 'builtin':
      return symbol.signature ? formatCallable(symbol.name, symbol.signature, false) : symbol.name;
  }
}

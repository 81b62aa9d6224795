// The block scopes of one function body (parameters, `let`s, `for` variables) as one map from a
// name to the innermost declaration it currently names, plus a stack of declarations in which each
// one links to the declaration it shadows. Entering and leaving a block, declaring and looking up
// allocate nothing once a name has been seen, and one instance serves every function in turn.

import type { SymbolInfo } from './analysis';

/** No declaration: the name is not visible. */
const NONE = -1;

export class LocalScopes {
  /** Name -> index in the stacks below of the innermost visible declaration, or NONE. */
  private readonly visible = new Map<string, number>();
  // The declarations, in order (parallel stacks).
  private readonly symbols: SymbolInfo[] = [];
  private readonly depths: number[] = [];
  /** The declaration of the same name each one shadows, or NONE. */
  private readonly shadowed: number[] = [];
  private top = 0;
  private depth = 0;

  enter(): void {
    this.depth++;
  }

  exit(): void {
    this.popWhile(this.depth);
    this.depth--;
  }

  /** Forgets every declaration (parameters included), ready for the next function. */
  clear(): void {
    this.popWhile(-Infinity);
    this.depth = 0;
  }

  lookup(name: string): SymbolInfo | undefined {
    const index = this.visible.get(name);
    return index === undefined || index === NONE ? undefined : this.symbols[index];
  }

  /** The symbol `name` already names in the innermost block, if any (a second one there is E005). */
  inInnermostBlock(name: string): SymbolInfo | undefined {
    const index = this.visible.get(name);
    return index === undefined || index === NONE || this.depths[index] !== this.depth ? undefined : this.symbols[index];
  }

  declare(symbol: SymbolInfo): void {
    const index = this.top++;
    this.symbols[index] = symbol;
    this.depths[index] = this.depth;
    this.shadowed[index] = this.visible.get(symbol.name) ?? NONE;
    this.visible.set(symbol.name, index);
  }

  /** The names visible now, in the order they became visible (for "did you mean" suggestions). */
  names(): string[] {
    const names = new Set<string>();
    for (let index = 0; index < this.top; index++) names.add(this.symbols[index].name);
    return [...names];
  }

  /** Pops the declarations made at `depth` or deeper; `-Infinity` pops them all. */
  private popWhile(depth: number): void {
    while (this.top > 0 && this.depths[this.top - 1] >= depth) {
      const index = --this.top;
      this.visible.set(this.symbols[index].name, this.shadowed[index]);
    }
  }
}

// The block scopes of one function body (parameters, `let`s, `for` variables) as one map from a
// name to the stack of symbols it currently names, plus an undo log per block: entering and
// leaving a block allocates nothing, and a lookup is a single map access whatever the nesting.

import type { SymbolInfo } from './analysis';

export class LocalScopes {
  private readonly visible = new Map<string, { symbol: SymbolInfo; depth: number }[]>();
  /** Names declared, in order, with the depth of the block that declared them. */
  private readonly declared: { name: string; depth: number }[] = [];
  private depth = 0;

  enter(): void {
    this.depth++;
  }

  exit(): void {
    while (this.declared.length > 0 && this.declared[this.declared.length - 1].depth === this.depth) {
      const { name } = this.declared.pop() as { name: string };
      const stack = this.visible.get(name);
      stack?.pop();
      if (stack && stack.length === 0) this.visible.delete(name);
    }
    this.depth--;
  }

  lookup(name: string): SymbolInfo | undefined {
    const stack = this.visible.get(name);
    return stack ? stack[stack.length - 1].symbol : undefined;
  }

  /** The symbol `name` already names in the innermost block, if any (a second one there is E005). */
  inInnermostBlock(name: string): SymbolInfo | undefined {
    const stack = this.visible.get(name);
    const top = stack ? stack[stack.length - 1] : undefined;
    return top && top.depth === this.depth ? top.symbol : undefined;
  }

  declare(symbol: SymbolInfo): void {
    let stack = this.visible.get(symbol.name);
    if (!stack) {
      stack = [];
      this.visible.set(symbol.name, stack);
    }
    stack.push({ symbol, depth: this.depth });
    this.declared.push({ name: symbol.name, depth: this.depth });
  }

  names(): IterableIterator<string> {
    return this.visible.keys();
  }
}

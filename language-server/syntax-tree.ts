// The editor's questions about the syntax tree, on top of the front end's own traversal
// (`forEachChild`): the chain of nodes around an offset (the front end's `findNodeAt` gives only the
// innermost one, and completion or hover need the process, function or call around it too).
import { forEachChild } from '../simulator/toolchain/language/syntax-tree';
import type {
  FunctionDecl,
  Node,
  ProcessDecl,
  DomainDecl,
  Program,
  Span,
} from '../simulator/toolchain/language/ast';

export function spanContains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/**
 * The nodes whose span contains `offset`, outermost first. An offset at the very end of an
 * identifier still counts as inside it (the cursor after `get|` is on `get`).
 */
export function nodePathAt(program: Program, offset: number): Node[] {
  const path: Node[] = [program];
  let current: Node = program;
  for (;;) {
    let next: Node | undefined;
    forEachChild(current, (child) => {
      if (!next && child.span.end > child.span.start && spanContains(child.span, offset)) next = child;
    });
    if (!next) return path;
    path.push(next);
    current = next;
  }
}

export function enclosingProcess(path: Node[]): ProcessDecl | undefined {
  return path.find((node): node is ProcessDecl => node.kind === 'Process');
}

export function enclosingDomain(path: Node[]): DomainDecl | undefined {
  return path.find((node): node is DomainDecl => node.kind === 'Domain');
}

export function enclosingFunction(path: Node[]): FunctionDecl | undefined {
  return path.find((node): node is FunctionDecl => node.kind === 'Function');
}

/** Calls `visit` on every node of the tree, depth first in source order. */
export function forEachNode(root: Node, visit: (node: Node) => void): void {
  const descend = (node: Node): void => {
    visit(node);
    forEachChild(node, descend);
  };
  descend(root);
}

// Walking the front end's syntax tree (simulator/toolchain/language/ast.ts) from the editor's
// side: the chain of nodes around an offset, the process and function a position is in, and every
// node of one kind. Generic over the node shapes (a node is an object with `kind` and `span`), so a
// node kind added to the AST is walked without changes here.
import type {
  CallExpr,
  FunctionDecl,
  Identifier,
  Node,
  ProcessDecl,
  DomainDecl,
  Program,
  Span,
} from '../simulator/toolchain/language/ast';

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { span?: unknown }).span === 'object'
  );
}

/** The direct children of a node, in source order. */
export function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span') continue;
    if (Array.isArray(value)) {
      for (const element of value) if (isNode(element)) children.push(element);
    } else if (isNode(value)) {
      children.push(value);
    }
  }
  return children.sort((a, b) => a.span.start - b.span.start);
}

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
    const next: Node | undefined = childrenOf(current).find((child) => spanContains(child.span, offset));
    if (!next) return path;
    path.push(next);
    current = next;
  }
}

export function identifierAt(program: Program, offset: number): Identifier | undefined {
  const path = nodePathAt(program, offset);
  const innermost = path[path.length - 1];
  return innermost.kind === 'Identifier' ? innermost : undefined;
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

/** The innermost call whose parenthesised arguments contain the offset. */
export function enclosingCall(path: Node[], offset: number): CallExpr | undefined {
  for (let index = path.length - 1; index >= 0; index--) {
    const node = path[index];
    if (node.kind === 'Call' && node.argsSpan.start < offset && offset < node.argsSpan.end) return node;
  }
  return undefined;
}

/** Every node of the tree, depth first in source order. */
export function* walk(node: Node): Generator<Node> {
  yield node;
  for (const child of childrenOf(node)) yield* walk(child);
}

/** Every node of one kind, e.g. `nodesOfKind(program, 'Call')`. */
export function nodesOfKind<K extends Node['kind']>(root: Node, kind: K): Extract<Node, { kind: K }>[] {
  const found: Extract<Node, { kind: K }>[] = [];
  for (const node of walk(root)) if (node.kind === kind) found.push(node as Extract<Node, { kind: K }>);
  return found;
}

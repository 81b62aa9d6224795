// Walking the syntax tree: the children of any node in source order, and the innermost node at an
// offset. Tools (hover, definition, rename, the debugger's evaluate) find what is under the cursor
// with these instead of each writing its own traversal.

import type { Node, Span } from './ast';

/** Calls `visit` on each direct child of `node`, in source order. */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  const each = (children: readonly (Node | undefined)[]): void => {
    for (const child of children) if (child) visit(child);
  };
  switch (node.kind) {
    case 'Program':
      return each(node.items);
    case 'Process':
      return each([node.name, ...node.members]);
    case 'Domain':
      return each([node.name, ...node.members]);
    case 'Grant':
      return each([node.from, node.to]);
    case 'Var':
      return each([node.name, node.type, node.initializer]);
    case 'Const':
      return each([node.name, node.type, node.value]);
    case 'Function':
      return each([node.name, ...node.parameters, node.returnType, node.isolation, node.body]);
    case 'Parameter':
      return each([node.name, node.type]);
    case 'IsolationList':
      return each(node.properties);
    case 'Import':
      return each([node.process, node.entry, node.isolation, node.alias]);
    case 'Block':
      return each(node.statements);
    case 'Let':
      return each([node.name, node.type, node.initializer]);
    case 'Assign':
      return each([node.target, node.value]);
    case 'ExpressionStatement':
      return each([node.expression]);
    case 'If':
      return each([node.condition, node.thenBlock, node.elseBranch]);
    case 'While':
      return each([node.condition, node.body]);
    case 'For':
      return each([node.variable, node.from, node.to, node.body]);
    case 'Return':
      return each([node.value]);
    case 'Spawn':
      return each([node.callee, ...node.args]);
    case 'Name':
      return each([node.name]);
    case 'QualifiedName':
      return each([node.qualifier, node.member]);
    case 'Unary':
      return each([node.operand]);
    case 'Binary':
      return each([node.left, node.right]);
    case 'Index':
      return each([node.target, node.index]);
    case 'Slice':
      return each([node.target, node.from, node.to]);
    case 'Call':
      return each([node.callee, ...node.args, node.elseValue]);
    case 'ArrayType':
      return each([node.element, node.length]);
    default:
      return;
  }
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The innermost node whose span contains `offset` (an identifier's end counts, so a cursor right after a name finds it). */
export function findNodeAt(root: Node, offset: number): Node | undefined {
  if (!contains(root.span, offset)) return undefined;
  let found: Node = root;
  for (;;) {
    let next: Node | undefined;
    forEachChild(found, (child) => {
      if (!next && contains(child.span, offset) && child.span.end > child.span.start) next = child;
    });
    if (!next) return found;
    found = next;
  }
}

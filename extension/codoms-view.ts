// The CODOMs view in the Run and Debug side bar: processes -> domains -> APL, the stopped thread's
// capability registers, the proxies, the KCS and the APL cache, from the adapter's `dipc/codoms`
// snapshot (DebugInspector). The tree is rebuilt on every stop.

import * as vscode from 'vscode';
import { buildCodomsTree, type CodomsNode } from './codoms-tree';
import type { DebugInspector, InspectorState } from './debug-inspector';

export const CODOMS_VIEW_ID = 'dipc.codoms';

export class CodomsTreeProvider implements vscode.TreeDataProvider<CodomsNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private roots: CodomsNode[] = [];
  private readonly view: vscode.TreeView<CodomsNode>;
  private readonly subscription: vscode.Disposable;

  constructor(inspector: DebugInspector) {
    this.view = vscode.window.createTreeView(CODOMS_VIEW_ID, { treeDataProvider: this });
    this.subscription = inspector.onDidChange((state) => this.update(state));
    this.update(inspector.state);
  }

  /** The rows at the top level (the e2e suite reads them). */
  get topLevel(): readonly CodomsNode[] {
    return this.roots;
  }

  private update(state: InspectorState | undefined): void {
    if (!state) {
      this.roots = [];
      this.view.message = 'Debug a .dipc program: this view shows its processes, domains, APLs and capabilities whenever it stops.';
    } else if (state.codoms) {
      this.roots = buildCodomsTree(state.codoms);
      this.view.message = state.running ? 'Running: showing the state at the last stop.' : undefined;
    } else {
      this.roots = [];
      this.view.message = state.error ?? 'Running…';
    }
    this.changeEmitter.fire();
  }

  getTreeItem(node: CodomsNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      !node.children?.length
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    item.description = node.description;
    item.tooltip = node.tooltip;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
    item.command = node.command;
    return item;
  }

  getChildren(node?: CodomsNode): CodomsNode[] {
    return node ? (node.children ?? []) : this.roots;
  }

  dispose(): void {
    this.subscription.dispose();
    this.view.dispose();
    this.changeEmitter.dispose();
  }
}

// The language server seen through the editor: diagnostics with their codes, a quick fix that
// removes its diagnostic, and a hover that tells an entry's isolation. Needs dist/server.js.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { api, bundleExists, openDipc, workspaceFile, diagnosticsWhen, hoverText, screenshot } = require('./support');

describe('language server in the editor', function () {
  before(async function () {
    if (!bundleExists('server.js')) this.skip();
    this.timeout(90000);
    const client = await (await api()).languageClientReady;
    assert.ok(client, 'the language client started (see the error notification otherwise)');
  });

  const file = () => workspaceFile('diagnostics.dipc');

  it('reports a call without import as E102 from source dipc', async () => {
    await openDipc('diagnostics.dipc');
    const diagnostics = await diagnosticsWhen(file(), (d) => d.some((x) => String(x.code?.value ?? x.code) === 'E102'));
    const e102 = diagnostics.find((d) => String(d.code?.value ?? d.code) === 'E102');
    assert.strictEqual(e102.source, 'dipc');
    assert.strictEqual(e102.severity, vscode.DiagnosticSeverity.Error);
    assert.strictEqual(e102.range.start.line, 10, 'on the line of the call Store.get(1)');
  });

  it('hover on an entry shows its isolation policy', async () => {
    const { document, editor } = await openDipc('diagnostics.dipc');
    const line = document.lineAt(3).text;
    const position = new vscode.Position(3, line.indexOf('get') + 1);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', file(), position);
    const text = hoverText(hovers);
    assert.match(text, /reg_integrity/, `hover text: ${text}`);
    editor.selection = new vscode.Selection(position, position);
    await vscode.commands.executeCommand('editor.action.showHover');
    await screenshot('hover-on-entry');
  });

  it('the quick fix adds the import and the E102 diagnostic goes away', async () => {
    const { document } = await openDipc('diagnostics.dipc');
    const [e102] = vscode.languages.getDiagnostics(file()).filter((d) => String(d.code?.value ?? d.code) === 'E102');
    assert.ok(e102, 'E102 present before the fix');
    await screenshot('editor-with-diagnostic');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', file(), e102.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => /import Store\.get/.test(action.title));
    assert.ok(fix, `a quick fix adding the import among: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'edit applied');
    assert.match(document.getText(), /import Store\.get;/);
    await diagnosticsWhen(file(), (d) => !d.some((x) => String(x.code?.value ?? x.code) === 'E102'));
  });
});

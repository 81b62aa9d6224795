// The dIPC language server: a thin translator between LSP requests and the front end's analysis
// (simulator/toolchain/language). Every feature is a function of one analysed document in its own
// module; this file wires them to the connection, keeps the open documents in sync (incremental),
// publishes diagnostics after a short quiet period, and answers any failure with an empty result
// and a log line, never a crash.
import {
  CodeActionKind,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type Connection,
  type InitializeResult,
  type TextDocumentIdentifier,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../simulator/toolchain/language/analysis';
import { codeActions } from './code-actions';
import { completion } from './completion';
import { toLspDiagnostics } from './diagnostics';
import { CheckScheduler, DocumentAnalyses, fileNameOf, type Analyzer, type Builder } from './document-analyses';
import { documentSymbols, workspaceSymbols } from './document-symbols';
import { foldingRanges } from './folding-ranges';
import { hover } from './hover';
import { inlayHints } from './inlay-hints';
import { definition, prepareRename, references, rename } from './navigation';
import { offsetAt, rangeToSpan } from './ranges';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './semantic-tokens';
import { signatureHelp } from './signature-help';

/** Quiet time after an edit before a document is re-checked: a newer edit cancels the pending check. */
export const CHECK_DELAY_MILLISECONDS = 30;
/**
 * Longer quiet time before a document the front end accepts is also compiled, for what only the
 * compiler finds (E114 limits, E001 in `asm` blocks): compiling costs more than analysing, so it
 * waits until typing pauses, and a newer edit cancels it.
 */
export const BUILD_DELAY_MILLISECONDS = 500;

export function startServer(connection: Connection, analyzer: Analyzer, builder?: Builder): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new DocumentAnalyses(analyzer);

  const log = (what: string, error: unknown): void => {
    connection.console.error(`dipc language server: ${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  };

  const publishBuildDiagnostics = (uri: string): void => {
    const document = documents.get(uri);
    if (!document || !builder) return;
    const version = document.version;
    builder.build(document.getText(), fileNameOf(uri)).then(
      (build) => {
        const current = documents.get(uri);
        if (!current || !analyses.recordBuild(current, version, build) || build.length === 0) return;
        void connection.sendDiagnostics({ uri, version, diagnostics: toLspDiagnostics(analyses.analysisOf(current), uri, build) });
      },
      (error: unknown) => log(`compiling ${uri}`, error),
    );
  };
  const buildScheduler = new CheckScheduler(BUILD_DELAY_MILLISECONDS, publishBuildDiagnostics);

  const publishDiagnostics = (uri: string): void => {
    const document = documents.get(uri);
    if (!document) return;
    try {
      const analysis = analyses.analysisOf(document);
      const build = analyses.buildDiagnosticsOf(document);
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: toLspDiagnostics(analysis, uri, build) });
      if (!analysis.hasErrors && build === undefined) buildScheduler.schedule(uri);
    } catch (error) {
      log(`checking ${uri}`, error);
    }
  };
  const scheduler = new CheckScheduler(CHECK_DELAY_MILLISECONDS, publishDiagnostics);

  /**
   * Runs a request on the analysis of its document; an unknown document, malformed parameters or a
   * failure inside the feature answer `fallback`. ResponseErrors (e.g. an invalid rename) go to the client.
   * A request the client cancelled while it waited in the queue is not worked on.
   */
  const onDocument = <P extends { textDocument?: TextDocumentIdentifier }, R>(
    name: string,
    fallback: R,
    handler: (analysis: Analysis, uri: string, params: P) => R,
  ) => {
    return (params: P, token?: CancellationToken): R => {
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
      const uri = params?.textDocument?.uri;
      const document = typeof uri === 'string' ? documents.get(uri) : undefined;
      if (!document || uri === undefined) return fallback;
      try {
        return handler(analyses.analysisOf(document), uri, params);
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        log(name, error);
        return fallback;
      }
    };
  };

  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        completionProvider: { triggerCharacters: ['.', '(', ','] },
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        foldingRangeProvider: true,
        inlayHintProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'dipc-language-server' },
    }),
  );

  documents.onDidChangeContent((event) => {
    buildScheduler.cancel(event.document.uri);
    scheduler.schedule(event.document.uri);
  });
  documents.onDidClose((event) => {
    scheduler.cancel(event.document.uri);
    buildScheduler.cancel(event.document.uri);
    analyses.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(onDocument('hover', null, (analysis, _uri, params) => hover(analysis, offsetAt(analysis.lineMap, params.position))));
  connection.onDefinition(
    onDocument('definition', null, (analysis, uri, params) => definition(analysis, uri, offsetAt(analysis.lineMap, params.position))),
  );
  connection.onReferences(
    onDocument('references', [], (analysis, uri, params) =>
      references(analysis, uri, offsetAt(analysis.lineMap, params.position), params.context?.includeDeclaration !== false),
    ),
  );
  connection.onPrepareRename(
    onDocument('prepareRename', null, (analysis, _uri, params) => prepareRename(analysis, offsetAt(analysis.lineMap, params.position))),
  );
  connection.onRenameRequest(
    onDocument('rename', null, (analysis, uri, params) => rename(analysis, uri, offsetAt(analysis.lineMap, params.position), params.newName)),
  );
  connection.onDocumentSymbol(onDocument('documentSymbol', [], (analysis) => documentSymbols(analysis)));
  connection.onWorkspaceSymbol((params) => {
    try {
      const open = documents.all().map((document) => ({ uri: document.uri, analysis: analyses.analysisOf(document) }));
      return workspaceSymbols(open, typeof params?.query === 'string' ? params.query : '');
    } catch (error) {
      log('workspaceSymbol', error);
      return [];
    }
  });
  connection.onCompletion(
    onDocument('completion', [], (analysis, _uri, params) => completion(analysis, offsetAt(analysis.lineMap, params.position))),
  );
  connection.onSignatureHelp(
    onDocument('signatureHelp', null, (analysis, _uri, params) => signatureHelp(analysis, offsetAt(analysis.lineMap, params.position))),
  );
  connection.languages.semanticTokens.on(
    onDocument('semanticTokens', { data: [] }, (analysis) => semanticTokens(analysis)),
  );
  connection.onFoldingRanges(onDocument('foldingRange', [], (analysis) => foldingRanges(analysis)));
  connection.languages.inlayHint.on(
    onDocument('inlayHint', [], (analysis, _uri, params) => inlayHints(analysis, rangeToSpan(analysis.lineMap, params.range))),
  );
  connection.onCodeAction(
    onDocument('codeAction', [], (analysis, uri, params) =>
      codeActions(analysis, uri, rangeToSpan(analysis.lineMap, params.range), params.context?.only),
    ),
  );
  connection.onShutdown(() => {
    scheduler.dispose();
    buildScheduler.dispose();
    builder?.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

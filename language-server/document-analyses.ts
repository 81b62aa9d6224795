// The analyses of the open documents. Each `.dipc` document is a whole program, analysed on its
// own; an analysis is kept per document version, so every request on one version reuses it and a
// request on a newer version re-analyses first (requests never see stale symbols). Diagnostics are
// published after a short quiet period: a newer edit cancels the pending check of an older one.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Diagnostic } from '../simulator/toolchain/language/analysis';

export type Analyzer = (text: string, fileName: string) => Analysis;
/** Compiles a document's text for what only the compiler finds (background-build.ts). */
export interface Builder {
  build(text: string, fileName: string): Promise<Diagnostic[]>;
  dispose(): void;
}

interface CachedAnalysis {
  version: number;
  analysis: Analysis;
  /** What compiling this version found, once it has been compiled. */
  build?: Diagnostic[];
}

export class DocumentAnalyses {
  private readonly cache = new Map<string, CachedAnalysis>();

  constructor(private readonly analyzer: Analyzer) {}

  /** The compiler's diagnostics for this version, if it has been compiled. */
  buildDiagnosticsOf(document: TextDocument): Diagnostic[] | undefined {
    const cached = this.cache.get(document.uri);
    return cached && cached.version === document.version ? cached.build : undefined;
  }

  /** Keeps what compiling `version` found; ignored if the document has moved on. */
  recordBuild(document: TextDocument, version: number, diagnostics: Diagnostic[]): boolean {
    if (document.version !== version) return false;
    this.analysisOf(document);
    (this.cache.get(document.uri) as CachedAnalysis).build = diagnostics;
    return true;
  }

  /** The analysis of exactly this version of the document. */
  analysisOf(document: TextDocument): Analysis {
    const cached = this.cache.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    const analysis = this.analyzer(document.getText(), fileNameOf(document.uri));
    this.cache.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}

/** The file name the front end puts in messages: the path of a `file:` URI, else the URI itself. */
export function fileNameOf(uri: string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/**
 * Runs one check per document after `delayMilliseconds` of quiet. Scheduling a document again
 * before its check ran replaces the pending check (the newer version supersedes the older one).
 */
export class CheckScheduler {
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly delayMilliseconds: number,
    private readonly check: (uri: string) => void,
  ) {}

  schedule(uri: string): void {
    this.cancel(uri);
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        this.check(uri);
      }, this.delayMilliseconds),
    );
  }

  cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(uri);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

// What the dIPC language client (extension/) and server (language-server/) agree on: the language
// id, the diagnostics' source, and the semantic-token legend with its custom token types (the
// extension's package.json must contribute `semanticTokenTypes` for every custom type below, with
// the super type given here, or VS Code ignores them). Plain data: safe to import from either side.

export const LANGUAGE_ID = 'dipc';

/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'dipc';

/**
 * Token types, in legend order. Standard LSP types where one fits; custom ones (with the standard
 * type a theme falls back to) for the dIPC concepts a reader must tell apart at a glance.
 */
export const SEMANTIC_TOKEN_TYPES = [
  'process',
  'domain',
  'entry',
  'import',
  'capability',
  'isolationProperty',
  'function',
  'variable',
  'parameter',
] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

/** The custom types above and the standard type each falls back to (package.json `semanticTokenTypes`). */
export const CUSTOM_SEMANTIC_TOKEN_TYPES: readonly { id: SemanticTokenType; superType: string; description: string }[] = [
  { id: 'process', superType: 'namespace', description: 'A dIPC process.' },
  { id: 'domain', superType: 'namespace', description: 'A CODOMs domain inside a process.' },
  { id: 'entry', superType: 'function', description: 'An entry point other processes may call through a proxy.' },
  { id: 'import', superType: 'function', description: "An imported entry of another process." },
  { id: 'capability', superType: 'variable', description: 'A variable or parameter holding a capability (cap / acap).' },
  { id: 'isolationProperty', superType: 'enumMember', description: 'An isolation property in isolate(...).' },
];

export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'readonly', 'defaultLibrary', 'static'] as const;
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

// The server's custom semantic token types only show colours if the extension manifest declares
// them; the manifest must list exactly the server's table.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOM_SEMANTIC_TOKEN_TYPES } from '../../language-server/protocol';

describe('extension manifest and the language server', () => {
  it('declares every custom semantic token type of the server, with its super type', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      contributes: { semanticTokenTypes?: { id: string; superType: string; description: string }[] };
    };
    assert.deepEqual(manifest.contributes.semanticTokenTypes, CUSTOM_SEMANTIC_TOKEN_TYPES.map((type) => ({ ...type })));
  });
});

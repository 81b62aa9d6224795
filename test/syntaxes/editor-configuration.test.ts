// language-configuration.json and snippets/dipc.json: the files the extension contributes for the
// `dipc` language. They must parse, and the snippets' isolation choices must be the six properties
// of the isolation table (so a renamed property cannot leave a stale snippet behind).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISOLATION_PROPERTIES } from '../../simulator/kernel/isolation';

const root = join(__dirname, '..', '..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

describe('editor configuration files', () => {
  it('language-configuration.json declares comments, brackets and indentation rules', () => {
    const configuration = readJson('language-configuration.json') as {
      comments: { lineComment: string; blockComment: [string, string] };
      brackets: [string, string][];
      indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
    };
    assert.equal(configuration.comments.lineComment, '//');
    assert.deepEqual(configuration.comments.blockComment, ['/*', '*/']);
    assert.deepEqual(configuration.brackets.map((pair) => pair[0]).sort(), ['(', '[', '{']);
    const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);
    assert.ok(increase.test('process Store {'));
    assert.ok(!increase.test('    let x = 1; // {'));
    assert.ok(decrease.test('    }'));
  });

  it('snippets offer a process, an entry with isolation, an import and main', () => {
    const snippets = Object.values(readJson('snippets/dipc.json') as Record<string, Snippet>);
    const prefixes = snippets.map((snippet) => snippet.prefix);
    for (const prefix of ['process', 'entry', 'import', 'main']) assert.ok(prefixes.includes(prefix), prefix);
    for (const snippet of snippets) {
      for (const choice of snippet.body.join('\n').matchAll(/isolate\(\$\{\d+\|([^|]*)\|\}\)/g)) {
        assert.deepEqual(choice[1].split(','), [...ISOLATION_PROPERTIES], snippet.prefix);
      }
    }
  });
});

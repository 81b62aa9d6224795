// Property tests: whatever the text (random token soup, or a valid program with characters or
// tokens deleted, inserted or swapped), `analyze` returns an Analysis with well-formed
// diagnostics and never throws or hits an internal error.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { analyze, KEYWORDS, type Analysis } from '../../../simulator/toolchain/language';
import { CONFORMANCE_DIR, conformancePrograms } from '../../support/conformance';

const FALLBACK_PROGRAM = `process Store {
    var table: [int; 4];
    entry get(k: int) -> int isolate(reg_integrity) { return table[k % 4]; }
}
process Client {
    import Store.get as fetch;
    domain D { entry f(c: cap) -> int { return c[0]; } }
    grant Client read D;
    fn main() {
        let a: [int; 2];
        print("x\\n", fetch(1) else 0, D.f(cap(a[0..1], read)), &a + 4);
        asm {
            nop
        }
    }
}
`;

const PROGRAMS: string[] = existsSync(CONFORMANCE_DIR)
  ? [FALLBACK_PROGRAM, ...conformancePrograms().map((p) => readFileSync(p.path, 'utf8'))]
  : [FALLBACK_PROGRAM];

const VOCABULARY = [
  ...KEYWORDS, 'read', 'write', 'call', 'main', 'x', 'P', 'Q', 'print', 'len', 'peek', 'reg_integrity', 'reg_confidentialty',
  '{', '}', '(', ')', '[', ']', ';', ':', ',', '.', '..', '->', '=', '==', '!=', '<', '<=', '>', '>=', '<<', '>>', '+', '-',
  '*', '/', '%', '&', '&&', '|', '||', '^', '!', '~', '0', '42', '0xff', '0b101', '1_000', '99999999999', '"s"', '"\\q',
  '"open', '/*', '*/', '//', '\n', '@', '#', '\u00e9', 'asm {', '}}}',
];

function wellFormed(analysis: Analysis, text: string): void {
  assert.ok(Array.isArray(analysis.diagnostics));
  assert.equal(analysis.hasErrors, analysis.diagnostics.some((d) => d.severity === 'error'));
  for (const diagnostic of analysis.diagnostics) {
    assert.doesNotMatch(diagnostic.message, /internal error/, diagnostic.message);
    assert.ok(diagnostic.span.start >= 0 && diagnostic.span.start <= diagnostic.span.end && diagnostic.span.end <= text.length, `span in range: ${diagnostic.message}`);
    assert.ok(diagnostic.message.length > 0);
  }
  for (let i = 1; i < analysis.diagnostics.length; i++) {
    assert.ok(analysis.diagnostics[i - 1].span.start <= analysis.diagnostics[i].span.start, 'diagnostics in source order');
  }
}

/** Splits into tokens-ish pieces (words, numbers, symbols, whitespace) for token-level mutations. */
function pieces(text: string): string[] {
  return text.match(/[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_]*|\s+|"[^"\n]*"|./g) ?? [];
}

describe('analyze never throws (fast-check)', function () {
  this.timeout(60000);

  it('on random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 120 }), fc.array(fc.constantFrom(' ', '', '\n'), { minLength: 120, maxLength: 120 }), (tokens, separators) => {
        const text = tokens.map((token, i) => token + separators[i]).join('');
        wellFormed(analyze(text), text);
      }),
      { numRuns: 400, seed: 1 },
    );
  });

  it('on valid programs with characters deleted, inserted or swapped', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROGRAMS),
        fc.array(fc.tuple(fc.constantFrom('delete', 'insert', 'swap'), fc.nat(), fc.nat(), fc.constantFrom(...'{}();,.=&|"/*\n xa0')), { minLength: 1, maxLength: 6 }),
        (program, mutations) => {
          let text = program;
          for (const [kind, a, b, character] of mutations) {
            const i = text.length === 0 ? 0 : a % text.length;
            const j = text.length === 0 ? 0 : b % text.length;
            if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1);
            else if (kind === 'insert') text = text.slice(0, i) + character + text.slice(i);
            else if (text.length > 1) {
              const chars = [...text];
              [chars[i], chars[j]] = [chars[j], chars[i]];
              text = chars.join('');
            }
          }
          wellFormed(analyze(text), text);
        },
      ),
      { numRuns: 400, seed: 2 },
    );
  });

  it('on valid programs with tokens deleted, duplicated or swapped', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROGRAMS),
        fc.array(fc.tuple(fc.constantFrom('delete', 'duplicate', 'swap'), fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        (program, mutations) => {
          const parts = pieces(program);
          for (const [kind, a, b] of mutations) {
            if (parts.length < 2) break;
            const i = a % parts.length;
            const j = b % parts.length;
            if (kind === 'delete') parts.splice(i, 1);
            else if (kind === 'duplicate') parts.splice(i, 0, parts[j]);
            else [parts[i], parts[j]] = [parts[j], parts[i]];
          }
          const text = parts.join('');
          wellFormed(analyze(text), text);
        },
      ),
      { numRuns: 400, seed: 3 },
    );
  });

  it('the unmutated valid programs analyse without internal errors', () => {
    for (const program of PROGRAMS) wellFormed(analyze(program), program);
    const fallback = analyze(FALLBACK_PROGRAM);
    assert.deepEqual(fallback.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  });
});

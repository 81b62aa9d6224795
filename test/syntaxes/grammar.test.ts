// The TextMate grammar (syntaxes/dipc.tmLanguage.json) against annotated samples in this folder,
// run through vscode-tmgrammar-test's API so each sample is a mocha test; plus checks that the
// grammar's assembly patterns cover the instruction-set table, so a new instruction is not missed.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IGrammar, IToken } from 'vscode-textmate';
import { createRegistry } from 'vscode-tmgrammar-test/dist/common/index';
import { parseGrammarTestCase, runGrammarTestCase } from 'vscode-tmgrammar-test/dist/unit/index';
import { Csr, INSTRUCTIONS, INTEGER_REGISTER_NAMES, CAPABILITY_REGISTER_COUNT } from '../../simulator/machine/instruction-set';
import { ISOLATION_PROPERTIES } from '../../simulator/kernel/isolation';
import { BUILTINS } from '../../simulator/toolchain/language/builtins';
import { KEYWORDS } from '../../simulator/toolchain/language/lexer';

const root = join(__dirname, '..', '..');
const grammarPath = join(root, 'syntaxes', 'dipc.tmLanguage.json');
const samplesFolder = __dirname;
const registry = createRegistry([{ path: grammarPath, scopeName: 'source.dipc', language: 'dipc' }]);

async function loadGrammar(): Promise<IGrammar> {
  const grammar = await registry.loadGrammar('source.dipc');
  assert.ok(grammar, 'source.dipc grammar loads');
  return grammar;
}

/** Scopes of the token covering `column` on the last line of `lines`. */
async function scopesAt(lines: string[], lineIndex: number, column: number): Promise<string[]> {
  const grammar = await loadGrammar();
  let ruleStack = null;
  let tokens: IToken[] = [];
  for (let index = 0; index <= lineIndex; index++) {
    const result = grammar.tokenizeLine(lines[index], ruleStack);
    ruleStack = result.ruleStack;
    tokens = result.tokens;
  }
  const token = tokens.find((candidate) => candidate.startIndex <= column && column < candidate.endIndex);
  return token ? token.scopes : [];
}

describe('TextMate grammar (source.dipc)', () => {
  it('is valid JSON with the scope name the extension contributes', () => {
    const grammar = JSON.parse(readFileSync(grammarPath, 'utf8')) as { scopeName: string };
    assert.equal(grammar.scopeName, 'source.dipc');
  });

  const samples = readdirSync(samplesFolder).filter((name) => name.endsWith('.dipc')).sort();
  it('has annotated samples', () => assert.ok(samples.length >= 3, samples.join(', ')));
  for (const sample of samples) {
    it(`sample ${sample}`, async () => {
      const testCase = parseGrammarTestCase(readFileSync(join(samplesFolder, sample), 'utf8'));
      assert.ok(testCase.assertions.length > 0, 'the sample has assertions');
      const failures = await runGrammarTestCase(registry, testCase);
      const report = failures.map(
        (failure) =>
          `line ${failure.srcLine + 1} [${failure.start}, ${failure.end}): missing ${failure.missing.join(' ')}` +
          `${failure.unexpected.length > 0 ? `, unexpected ${failure.unexpected.join(' ')}` : ''}; actual ${failure.actual.join(' ')}`,
      );
      assert.deepEqual(report, []);
    });
  }

  it('highlights every mnemonic of the instruction-set table inside asm', async () => {
    for (const instruction of INSTRUCTIONS) {
      const scopes = await scopesAt(['asm {', `    ${instruction.mnemonic} a0, a1`, '}'], 1, 4);
      assert.ok(
        scopes.some((scope) => scope.startsWith('keyword.other.instruction.')),
        `${instruction.mnemonic}: ${scopes.join(' ')}`,
      );
    }
  });

  it('highlights every register and CSR inside asm', async () => {
    const registers = [...INTEGER_REGISTER_NAMES, ...Array.from({ length: 32 }, (_, index) => `x${index}`)];
    for (const register of registers) {
      const scopes = await scopesAt(['asm {', `    mv ${register}, a0`, '}'], 1, 7);
      assert.ok(scopes.includes('variable.language.register.riscv.dipc'), `${register}: ${scopes.join(' ')}`);
    }
    for (let index = 0; index < CAPABILITY_REGISTER_COUNT; index++) {
      const scopes = await scopesAt(['asm {', `    cap.clr cr${index}`, '}'], 1, 12);
      assert.ok(scopes.includes('variable.language.register.capability.riscv.dipc'), `cr${index}: ${scopes.join(' ')}`);
    }
    for (const csr of Object.keys(Csr)) {
      const scopes = await scopesAt(['asm {', `    csrr a0, ${csr}`, '}'], 1, 13);
      assert.ok(scopes.includes('support.constant.csr.riscv.dipc'), `${csr}: ${scopes.join(' ')}`);
    }
  });

  it('highlights every built-in of the front end as a built-in call', async () => {
    for (const builtin of BUILTINS) {
      const scopes = await scopesAt([`    ${builtin.name}(x);`], 0, 4);
      assert.ok(scopes.some((scope) => scope.startsWith('support.function.builtin')), `${builtin.name}: ${scopes.join(' ')}`);
    }
  });

  it('never colours a keyword of the language as a plain identifier', async () => {
    for (const keyword of KEYWORDS) {
      const scopes = await scopesAt([`    ${keyword} `], 0, 4);
      assert.ok(!scopes.includes('variable.other.dipc') && scopes.length > 1, `${keyword}: ${scopes.join(' ')}`);
    }
  });

  it('knows the six isolation properties and flags anything else', async () => {
    for (const property of ISOLATION_PROPERTIES) {
      const scopes = await scopesAt([`entry e() isolate(${property}) { }`], 0, 18);
      assert.ok(scopes.includes('support.constant.isolation.dipc'), `${property}: ${scopes.join(' ')}`);
    }
    const misspelled = await scopesAt(['import P.e isolate(reg_integrty);'], 0, 20);
    assert.ok(misspelled.includes('invalid.illegal.isolation.dipc'), misspelled.join(' '));
  });
});

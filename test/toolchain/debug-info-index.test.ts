// The debugger's lookups over a compiled program's DebugInfo: breakpoint lines move to the next
// statement, statements belong to their function, shadowed locals resolve to the innermost, globals
// resolve from the right process, and programs without debug information are named by labels.
import { strict as assert } from 'node:assert';
import { compileSource } from '../../simulator/toolchain/compiler';
import { emptyDebugInfo } from '../../simulator/toolchain/debug-info';
import { DebugInfoIndex, byteSizeOf } from '../../simulator/toolchain/debug-info-index';

const PROGRAM = `process Store {
    var table: [int; 4];
    var hits: int;
    entry get(k: int) -> int {
        hits = hits + 1;
        return table[k % 4];
    }
}

process App {
    import Store.get;
    var hits: int;

    fn twice(a: int) -> int {
        let x = a;
        {
            let x = a * 2;

            return x;
        }
    }

    fn main() {
        hits = twice(3);
        print(Store.get(1) else -1);
    }
}
`;

function lineOf(text: string): number {
  return PROGRAM.split('\n').findIndex((line) => line.includes(text)) + 1;
}

describe('debug info index', () => {
  const compiled = compileSource(PROGRAM, '/programs/index.dipc');
  assert.deepEqual(compiled.errors, []);
  const index = new DebugInfoIndex(compiled.debugInfo);

  it('moves a breakpoint on a blank line to the next statement, and maps it back to its line', () => {
    const blank = lineOf('let x = a * 2;') + 1;
    const statement = index.statementAtOrAfter(blank);
    assert.equal(statement?.line, lineOf('return x;'));
    assert.equal(index.lineAt(statement!.address)?.line, lineOf('return x;'));
    assert.ok(index.statementStarts.has(statement!.address));
    assert.equal(index.statementAtOrAfter(PROGRAM.split('\n').length + 5), undefined, 'no statement after the last line');
  });

  it('finds user functions by qualified name, with their body start past the prologue', () => {
    const twice = index.userFunctionNamed('App.twice')!;
    assert.equal(twice.kind, 'function');
    const body = index.bodyStartOf(twice);
    assert.ok(body > twice.start && body < twice.end);
    assert.equal(index.lineAt(body)?.line, lineOf('let x = a;'));
    assert.ok([...index.statementStartsOf(twice)].every((address) => index.functionAt(address) === twice));
    assert.equal(index.userFunctionNamed('Store.get')?.kind, 'entry');
    assert.equal(index.userFunctionNamed('App.nothing'), undefined);
  });

  it('keeps generated code out of the statements and the lines', () => {
    const startup = compiled.debugInfo.functions.find((fn) => fn.generated)!;
    assert.equal(index.isUserCode(startup.start), false);
    assert.equal(index.lineAt(startup.start), undefined);
    assert.ok(![...index.statementStarts].some((address) => index.functionAt(address)?.generated));
  });

  it('resolves a shadowed local to the innermost declaration', () => {
    const twice = index.userFunctionNamed('App.twice')!;
    const returnAddress = index.statementAtOrAfter(lineOf('return x;'))!.address;
    const live = index.variablesLiveAt(twice, returnAddress);
    assert.deepEqual(live.map((variable) => variable.name).sort(), ['a', 'x']);
    const x = live.find((variable) => variable.name === 'x')!;
    assert.equal(x.line, lineOf('let x = a * 2;'));
  });

  it('resolves globals from the asking process, by qualified name, and names addresses inside them', () => {
    assert.equal(index.globalNamed('hits', { process: 'App', domain: 'App' })?.qualifiedName, 'App.hits');
    assert.equal(index.globalNamed('hits', { process: 'Store', domain: 'Store' })?.qualifiedName, 'Store.hits');
    assert.equal(index.globalNamed('Store.table')?.qualifiedName, 'Store.table');
    const table = index.globalNamed('Store.table')!;
    assert.equal(byteSizeOf(table.type), 16);
    assert.equal(index.describeAddress(table.address + 8), 'Store.table[2]');
    assert.deepEqual(index.globalsOf('Store').map((global) => global.name).sort(), ['hits', 'table']);
  });

  it('names code of a program without debug information by its nearest label', () => {
    const plain = new DebugInfoIndex(emptyDebugInfo('/programs/plain.s'), new Map([['_start', 0x1000], ['loop', 0x1010]]));
    assert.equal(plain.hasSourceLines(), false);
    assert.equal(plain.labelOf(0x1000), '_start');
    assert.equal(plain.labelOf(0x1008), '_start+0x8');
    assert.equal(plain.labelOf(0x1014), 'loop+0x4');
    assert.equal(plain.labelOf(0xfff), undefined);
    assert.equal(plain.functionAt(0x1000), undefined);
  });
});

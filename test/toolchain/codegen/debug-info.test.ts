// Debug information checked against the running machine: the line table maps every statement
// line to code and back, and reading each live variable at its recorded frame offset (s0-relative)
// while stopped at a line gives the value the program computed.
import { strict as assert } from 'node:assert';
import type { Statement } from '../../../simulator/toolchain/language/ast';
import { Kernel } from '../../../simulator/kernel/kernel';
import { PROXY_REGION } from '../../../simulator/kernel/address-space';
import { ENTRY_DESCRIPTOR_BYTES } from '../../../simulator/kernel/abi';
import { compileOrFail } from './run-program';

const PROGRAM = `process Store {
    var table: [int; 4];
    var hits: int = 3;
    entry get(k: int) -> int {
        hits = hits + 1;
        return table[k % 4];
    }
}

process App {
    import Store.get;

    fn f(a: int, b: int) -> int {
        let x = a * 10;
        let arr: [int; 3];
        arr[1] = b;

        let y = x + arr[1];
        return y; // #stop
    }

    fn main() {
        let total = 0;
        for i in 0..3 {
            total = total + f(i, 7);
        }
        if total > 0 { print(total); } else { print("none"); }
        while total > 100 { total = total - 100; }
        print(Store.get(1) else -1);
    }
}
`;

const lineOf = (marker: string): number => PROGRAM.split('\n').findIndex((line) => line.includes(marker)) + 1;

function statementLines(statements: Statement[], lines: Set<number>, lineAt: (offset: number) => number): void {
  for (const statement of statements) {
    if (statement.kind !== 'Block') lines.add(lineAt(statement.span.start));
    if (statement.kind === 'Block') statementLines(statement.statements, lines, lineAt);
    if (statement.kind === 'If') {
      statementLines(statement.thenBlock.statements, lines, lineAt);
      if (statement.elseBranch?.kind === 'Block') statementLines(statement.elseBranch.statements, lines, lineAt);
    }
    if (statement.kind === 'While' || statement.kind === 'For') statementLines(statement.body.statements, lines, lineAt);
  }
}

describe('codegen: debug information', () => {
  const compiled = compileOrFail(PROGRAM, 'debug.dipc');
  const debug = compiled.debugInfo;

  it('maps every statement line to code and that code back to its line', () => {
    const { analysis } = compileOrFailWithAnalysis();
    const lines = new Set<number>();
    const lineAt = (offset: number): number => analysis.lineMap.positionAt(offset).line + 1;
    for (const item of analysis.program.items) {
      if (item.kind !== 'Process') continue;
      for (const member of item.members) if (member.kind === 'Function') statementLines(member.body.statements, lines, lineAt);
    }
    assert.ok(lines.size >= 12);
    for (const line of lines) {
      const addresses = debug.addressesForLine(line);
      assert.ok(addresses.length > 0, `line ${line} has no code`);
      for (const address of addresses) {
        assert.equal(debug.lineForAddress(address)?.line, line, `0x${address.toString(16)} maps back to line ${line}`);
        assert.equal(debug.lineForAddress(address)?.isStatement, true);
      }
    }
  });

  it('moves a breakpoint on a blank line to the next statement', () => {
    const blank = lineOf('arr[1] = b;') + 1;
    assert.equal(PROGRAM.split('\n')[blank - 1].trim(), '');
    assert.equal(debug.nearestStatementLine(blank), blank + 1);
    assert.equal(debug.nearestStatementLine(lineOf('fn f(')), lineOf('let x = a * 10;'));
  });

  it('stops once per iteration on a for line', () => {
    const addresses = debug.addressesForLine(lineOf('for i in 0..3'));
    assert.equal(addresses.length, 1);
    const kernel = new Kernel({});
    kernel.load(compiled.image);
    kernel.machine.addBreakpoint(addresses[0]);
    let hits = 0;
    while (kernel.run(1_000_000).kind === 'breakpoint') hits += 1;
    assert.equal(hits, 4); // three iterations and the check that ends the loop
  });

  it('names functions by process and marks generated code', () => {
    const f = debug.functionNamed('App.f');
    assert.ok(f && !f.generated && f.kind === 'function' && f.process === 'App' && f.domain === 'App');
    assert.equal(debug.functionAt(f.start)?.qualifiedName, 'App.f');
    assert.equal(debug.functionAt(f.end - 4)?.qualifiedName, 'App.f');
    assert.equal(f.line, lineOf('fn f('));
    const start = debug.functionNamed('App.<start>');
    assert.ok(start?.generated && start.kind === 'startup');
    assert.equal(debug.processes.find((p) => p.name === 'App')?.startAddress, start.start);
    assert.equal(debug.lineForAddress(start.start), undefined);
    const formatter = debug.functions.find((fn) => fn.kind === 'runtime' && fn.process === 'App');
    assert.ok(formatter && debug.isGeneratedCode(formatter.start));
  });

  it('describes entries, imports and globals', () => {
    const store = debug.processes.find((p) => p.name === 'Store');
    const get = store?.entries[0];
    assert.equal(get?.qualifiedName, 'Store.get');
    assert.equal((get?.address ?? 1) % 64, 0);
    assert.equal(get?.address, debug.functionNamed('Store.get')?.start);
    const app = debug.processes.find((p) => p.name === 'App');
    assert.deepEqual(app?.imports.map((i) => [i.target, i.localName]), [['Store.get', 'get']]);
    const hits = debug.globalNamed('Store.hits');
    assert.equal(hits?.type.kind, 'int');
    assert.equal(hits?.line, 3);
    assert.equal(compiled.image.symbols.get('Store.hits'), hits?.address);
  });

  it('gives frame offsets at which the machine holds each live variable', () => {
    const kernel = new Kernel({});
    kernel.load(compiled.image);
    const [stopAt] = debug.addressesForLine(lineOf('#stop'));
    kernel.machine.addBreakpoint(stopAt);
    const stop = kernel.run(1_000_000);
    assert.equal(stop.kind, 'breakpoint');
    const thread = kernel.state.threads.find((t) => stop.kind === 'breakpoint' && t.tid === stop.thread);
    const framePointer = (thread?.context.registers[8] ?? 0) >>> 0;
    const word = (offset: number): number => (kernel.machine.readWord(framePointer + offset) ?? NaN) | 0;
    const variables = new Map(debug.variablesAt(stopAt).map((variable) => [variable.name, variable]));
    assert.deepEqual([...variables.keys()].sort(), ['a', 'arr', 'b', 'x', 'y']);
    const valueOf = (name: string, index = 0): number => {
      const location = variables.get(name)?.location;
      assert.equal(location?.kind, 'frame');
      return word((location?.kind === 'frame' ? location.offset : 0) + 4 * index);
    };
    // First call: f(0, 7).
    assert.deepEqual([valueOf('a'), valueOf('b'), valueOf('x'), valueOf('arr', 1), valueOf('y')], [0, 7, 0, 7, 7]);
    assert.equal(variables.get('arr')?.type.kind, 'array');
    kernel.machine.removeBreakpoint(stopAt);
    kernel.machine.addBreakpoint(stopAt);
    kernel.run(1_000_000);
    assert.deepEqual([valueOf('a'), valueOf('b'), valueOf('x'), valueOf('y')], [1, 7, 10, 17]);
    // After start-up the import descriptor's word 3 holds the proxy the kernel generated.
    const descriptor = debug.processes.find((p) => p.name === 'App')?.imports[0].descriptorAddress ?? 0;
    const proxy = kernel.machine.readWord(descriptor + ENTRY_DESCRIPTOR_BYTES - 4) ?? 0;
    assert.ok(proxy >= PROXY_REGION.base && proxy < PROXY_REGION.base + PROXY_REGION.size, `proxy at 0x${proxy.toString(16)}`);
  });

  it('places loop variables and block locals only where they are live', () => {
    const main = debug.functionNamed('App.main');
    const i = main?.variables.find((variable) => variable.name === 'i');
    const total = main?.variables.find((variable) => variable.name === 'total');
    assert.ok(i && total && main);
    assert.ok(i.liveStart > total.liveStart && i.liveEnd < main.end);
    const [afterLoop] = debug.addressesForLine(lineOf('if total > 0'));
    assert.ok(!debug.variablesAt(afterLoop).some((variable) => variable.name === 'i'));
    assert.ok(debug.variablesAt(afterLoop).some((variable) => variable.name === 'total'));
  });

  it('records capability variables by register', () => {
    const capabilities = compileOrFail(`process S { entry sum(c: cap) -> int { let d = c; return d[0] + c[1]; } }
      process C { import S.sum; var a: [int; 2]; fn main() { print(S.sum(cap(a, read)) else 0); } }`);
    const sum = capabilities.debugInfo.functionNamed('S.sum');
    assert.deepEqual(sum?.variables.map((v) => [v.name, v.location.kind === 'capabilityRegister' ? v.location.register : v.location.kind]), [
      ['c', 'cr6'],
      ['d', 'cr5'],
    ]);
  });

  function compileOrFailWithAnalysis() {
    // compileSource also returns the analysis it compiled.
    return compiled as typeof compiled & { analysis: import('../../../simulator/toolchain/language/analysis').Analysis };
  }
});

// What the generated image and assembly look like: where sections land in the address space,
// which pages carry the C bit, entry alignment, one `write` per print, the start-up sequence of
// system calls, and refusals (analyses with errors, unsupported constructs) as clear errors.
import { strict as assert } from 'node:assert';
import { ProcessRegion, processRegionBase } from '../../../simulator/kernel/address-space';
import { Syscall } from '../../../simulator/kernel/abi';
import { compileSource } from '../../../simulator/toolchain/compiler';
import { compileOrFail, mainProgram, outputLines, runCompiled } from './run-program';

const SERVER_AND_CLIENT = `process Server {
  var keep: acap;
  entry one() -> int { return 1; }
  entry two(c: cap) -> int { return c[0]; }
  domain Helper { var scratch: int; entry help() -> int { scratch = 2; return scratch; } }
  grant Helper read Server;
  fn main() { print(Helper.help()); }
}
process Client {
  import Server.one;
  import Server.two isolate(reg_confidentiality);
  var data: [int; 1];
  fn main() { print(Server.one() else 0); print(Server.two(cap(data, read)) else 0); }
}`;

/** The syscall numbers a function's code loads into a7, in order. */
function syscallsIn(assembly: string, label: string): number[] {
  const lines = assembly.split('\n');
  const start = lines.findIndex((line) => line === `${label}:`);
  const numbers: number[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith(`__end${label}:`)) break;
    const match = /^\s+li a7, (\d+)$/.exec(line);
    if (match) numbers.push(Number(match[1]));
  }
  return numbers;
}

describe('codegen: image layout and generated code', () => {
  it('places each process in its region and each domain on its own pages', () => {
    const { image } = compileOrFail(SERVER_AND_CLIENT);
    const [server, client] = image.processes;
    assert.deepEqual([server.name, server.regionIndex, client.name, client.regionIndex], ['Server', 0, 'Client', 1]);
    const segment = (name: string) => [...server.segments, ...client.segments].find((s) => s.name === name);
    assert.equal(segment('Server .text')?.address, processRegionBase(0) + ProcessRegion.code);
    assert.equal(segment('Client .text')?.address, processRegionBase(1) + ProcessRegion.code);
    assert.equal(segment('Server .data')?.address, processRegionBase(0) + ProcessRegion.data);
    const helperText = segment('Server.Helper .text');
    const helperData = segment('Server.Helper .data');
    assert.ok(helperText && helperData);
    assert.equal(helperText.address % 4096, 0);
    assert.ok(helperText.address > processRegionBase(0) && helperText.address < processRegionBase(0) + ProcessRegion.rodata);
    assert.deepEqual(helperText.permissions, { read: true, write: false, execute: true });
    const capabilities = segment('Server capability storage');
    assert.equal(capabilities?.address, processRegionBase(0) + ProcessRegion.capabilityStorage);
    assert.equal(capabilities?.capabilityStorage, true);
    assert.ok(server.segments.filter((s) => s.capabilityStorage).length === 1);
    assert.ok(!client.segments.some((s) => s.capabilityStorage));
    assert.equal(image.symbols.get('Server.keep'), capabilities?.address);
    for (const process of image.processes) {
      for (const s of process.segments) assert.ok(s.address >= processRegionBase(process.regionIndex) && s.address < processRegionBase(process.regionIndex + 1));
    }
  });

  it('aligns entries to 64 bytes and starts each process at its start-up code', () => {
    const { image, debugInfo } = compileOrFail(SERVER_AND_CLIENT);
    for (const name of ['Server.one', 'Server.two', 'Server.Helper.help']) assert.equal((image.symbols.get(name) ?? 1) % 64, 0, name);
    for (const process of image.processes) assert.equal(process.startAddress, debugInfo.functionNamed(`${process.name}.<start>`)?.start);
  });

  it('starts a process with the system calls of its declarations, in order', () => {
    const { assembly } = compileOrFail(SERVER_AND_CLIENT);
    const S = Syscall;
    assert.deepEqual(syscallsIn(assembly, '__start.Server'), [
      S.domDefault,
      S.domCreate, S.domMmap, S.domMmap, // Helper's code and data
      S.domCopy, S.grantCreate, // main domain gets call on Helper
      S.domCopy, S.grantCreate, // grant Helper read Server
      S.entryRegister, S.handlePublish,
      S.initBarrier, S.threadExit, S.assertFail,
    ]);
    assert.deepEqual(syscallsIn(assembly, '__start.Client'), [
      S.domDefault, S.handleLookup, S.yield, S.entryRequest, S.initBarrier, S.threadExit, S.assertFail,
    ]);
    const result = runCompiled(compileOrFail(SERVER_AND_CLIENT));
    assert.deepEqual(outputLines(result).sort(), ['0', '1', '2']);
  });

  it('calls another process through the proxy address in its import descriptor and tests a1', () => {
    const { assembly } = compileOrFail(SERVER_AND_CLIENT);
    const main = assembly.slice(assembly.indexOf('Client.main:'), assembly.indexOf('__end.Client.main:'));
    assert.match(main, /lw t0, __import\.Client\.Server\.one \+ 12\n\s+jalr ra, 0\(t0\)\n\s+addi s0, sp, \d+\n\s+beq a1, zero, (__call_ok\d+)\n\s+li a0, 0\n\1:/);
    // The capability argument is created in cr0 right before the call.
    assert.match(main, /cap\.create cr0, t0, t1, r\n\s+lw t0, __import\.Client\.Server\.two \+ 12/);
    const server = assembly.slice(assembly.indexOf('Server.main:'), assembly.indexOf('__end.Server.main:'));
    assert.match(server, /cap\.create cr7, t0, t1, rw\n\s+jal ra, Server\.Helper\.help\n/);
  });

  it('emits one write system call per print', () => {
    const { assembly } = compileOrFail(mainProgram('print("a", 1, true); print(); let x = 2; print(x, x, x, "b");'));
    assert.equal(assembly.match(new RegExp(`li a7, ${Syscall.write}\\b`, 'g'))?.length, 3);
  });

  it('inserts asm blocks as written', () => {
    const { assembly } = compileOrFail(mainProgram('asm {\n  addi t3, zero, 5\n  mv t4, t3\n}'));
    // In order, each after its own line-table label.
    assert.match(assembly, /^\s+addi t3, zero, 5 +# dipc offset \d+\n__line\d+:\n\s+mv t4, t3 +# dipc offset \d+$/m);
  });

  it('switches to long branches when a function outgrows 12-bit branch offsets', () => {
    const body = Array.from({ length: 400 }, (_, index) => `print(${index} + x);`).join('\n');
    const compiled = compileOrFail(mainProgram(`let x = 1; if x == 1 { ${body} } print("end");`));
    assert.match(compiled.assembly, /\bj __else\d+/);
    const lines = outputLines(runCompiled(compiled));
    assert.equal(lines.length, 401);
    assert.equal(lines[399], '400');
    assert.equal(lines[400], 'end');
  });

  it('refuses analyses with errors, and reports unsupported code at its source position', () => {
    const broken = compileSource(mainProgram('let x: int = true;'), 'broken.dipc');
    assert.ok(broken.errors.length > 0 && broken.errors.every((e) => e.startsWith('broken.dipc:')));
    assert.equal(broken.image.processes.length, 0);
    const unsupported = compileSource(
      'process P { fn w(a: int, b: int, c: int, d: int, e: int, f: int) { } fn main() { spawn w(1, 2, 3, 4, 5, 6); } }',
      'spawn.dipc',
    );
    assert.deepEqual(unsupported.errors, ['spawn.dipc:1:82: error E114: spawn takes at most 5 integer arguments']);
    const badAsm = compileSource(mainProgram('asm {\n  frobnicate a0\n}'), 'asm.dipc');
    assert.equal(badAsm.errors.length, 1);
    assert.match(badAsm.errors[0], /^asm\.dipc:5:3: error E001: in `asm`: /);
    assert.match(badAsm.errors[0], /frobnicate/);
  });
});

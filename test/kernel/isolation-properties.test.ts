// Each isolation property's observable effect, with and without it (os.md §3.1): what the callee
// can see and do to the caller's registers and stack, what the caller sees afterwards, and that a
// proxy's cost grows with the properties it implements.
import { strict as assert } from 'node:assert';
import { runProgram } from '../../simulator/kernel/run-program';
import { Kernel } from '../../simulator/kernel/kernel';
import { ProcessRegion, processRegionBase, stackTop } from '../../simulator/kernel/address-space';
import { ISOLATION_PROPERTIES, type IsolationProperty } from '../../simulator/kernel/isolation';
import { buildImage } from './program-builder';
import { EXIT, PRINT_INT, callThrough, clientStartup, policy, serverStartup, signature } from './asm-library';

/**
 * Server entry `probe` (2 arguments, a result) with body `calleeBody`; Client's main runs
 * `before`, calls probe(a0, a1) and prints a0 (result), a1 (status), then runs `after`.
 */
function probeProgram(calleeBody: string, callerProperties: IsolationProperty[], calleeProperties: IsolationProperty[], before: string, after = '') {
  return buildImage([
    { name: 'Server', source: `${serverStartup('server', [{ label: 'probe', signature: signature(2), policy: policy(...calleeProperties) }])}
  .balign 64
probe:
${calleeBody}
` },
    { name: 'Client', source: `${clientStartup('server', [{ slot: 'probe_proxy', index: 0, signature: signature(2), policy: policy(...callerProperties) }])}
main:
${before}
${callThrough('probe_proxy')}
  mv s11, a1
  call print_int
  mv a0, s11
  call print_int
${after}
${EXIT(0)}
${PRINT_INT}
` },
  ]);
}

const lines = (stdout: string): string[] => stdout.replace(/\n$/, '').split('\n');

describe('kernel: isolation properties', () => {
  describe('stack properties (caller side)', () => {
    const before = `
  addi sp, sp, -16
  li t0, 4242
  sw t0, 0(sp)
  mv a0, sp
  li a1, 7`;
    const after = `
  lw a0, 0(sp)
  call print_int`;
    const read = '  lw a0, 0(a0)\n  ret';
    const write = '  sw a1, 0(a0)\n  li a0, 1\n  ret';

    it('without a stack property the callee reads and writes the caller\'s stack through the stack capability', () => {
      assert.deepEqual(lines(runProgram(probeProgram(read, [], [], before, after)).stdout), ['4242', '0', '4242']);
      const result = runProgram(probeProgram(write, [], [], before, after));
      assert.deepEqual(lines(result.stdout), ['1', '0', '7']);
      assert.deepEqual(result.faults, []);
    });

    it('stack_integrity: the callee may read the caller\'s stack but a write faults (callee killed, call fails)', () => {
      assert.deepEqual(lines(runProgram(probeProgram(read, ['stack_integrity'], [], before, after)).stdout), ['4242', '0', '4242']);
      const result = runProgram(probeProgram(write, ['stack_integrity'], [], before, after));
      assert.deepEqual(lines(result.stdout), ['0', '1', '4242']);
      assert.deepEqual(result.faults.map((f) => [f.kind, f.process]), [['store-denied', 'Server']]);
    });

    it('stack_confidentiality: even reading the caller\'s stack faults', () => {
      const result = runProgram(probeProgram(read, ['stack_confidentiality'], [], before, after));
      assert.deepEqual(lines(result.stdout), ['0', '1', '4242']);
      assert.deepEqual(result.faults.map((f) => [f.kind, f.process]), [['load-denied', 'Server']]);
      assert.equal(result.exitCode, 70);
    });
  });

  describe('register properties', () => {
    const leakS5 = '  mv a0, s5\n  ret';
    const setS5 = '  li s5, 1234';
    it('reg_confidentiality (caller): the callee sees zero in registers that carry no argument', () => {
      assert.deepEqual(lines(runProgram(probeProgram(leakS5, [], [], setS5)).stdout), ['1234', '0']);
      assert.deepEqual(lines(runProgram(probeProgram(leakS5, ['reg_confidentiality'], [], setS5)).stdout), ['0', '0']);
    });

    it('reg_confidentiality (caller) still restores the caller\'s own s-registers', () => {
      const result = runProgram(probeProgram('  ret', ['reg_confidentiality'], [], setS5, '  mv a0, s5\n  call print_int'));
      assert.deepEqual(lines(result.stdout), ['0', '0', '1234']);
    });

    it('reg_confidentiality (callee): the caller sees only a0 and a1 after the return', () => {
      const body = '  li a5, 555\n  li a0, 1\n  ret';
      const after = '  mv a0, a5\n  call print_int';
      assert.deepEqual(lines(runProgram(probeProgram(body, [], [], '', after)).stdout), ['1', '0', '555']);
      assert.deepEqual(lines(runProgram(probeProgram(body, [], ['reg_confidentiality'], '', after)).stdout), ['1', '0', '0']);
    });

    it('reg_integrity (caller): s-registers the callee clobbered are restored', () => {
      const body = '  li s0, 99\n  li s4, 98\n  ret';
      const after = '  add a0, s0, s4\n  call print_int';
      const setup = '  li s0, 5\n  li s4, 6';
      assert.deepEqual(lines(runProgram(probeProgram(body, [], [], setup, after)).stdout), ['0', '0', '197']);
      assert.deepEqual(lines(runProgram(probeProgram(body, ['reg_integrity'], [], setup, after)).stdout), ['0', '0', '11']);
    });

    it('reg_integrity (callee): the callee starts with the proxy\'s gp, not the caller\'s', () => {
      const body = '  mv a0, gp\n  ret';
      const setup = '  li gp, 77';
      assert.deepEqual(lines(runProgram(probeProgram(body, [], [], setup)).stdout), ['77', '0']);
      const trusted = processRegionBase(0) + ProcessRegion.data;
      assert.deepEqual(lines(runProgram(probeProgram(body, [], ['reg_integrity'], setup, '  mv a0, gp\n  call print_int')).stdout),
        [String(trusted), '0', '77'], 'and the caller gets its gp back');
    });
  });

  describe('DCS properties', () => {
    // The callee "returns" straight into the caller's code instead of to its proxy.
    const returnPastFrame = '  mv ra, a0\n  ret';
    for (const properties of [[], ['dcs_integrity']] as IsolationProperty[][]) {
      it(`a callee that returns past its own frame faults (dcs-violation) and the call fails [${properties.join(',') || 'none'}]`, () => {
        const result = runProgram(probeProgram(returnPastFrame, properties, [], '  la a0, main'));
        assert.deepEqual(lines(result.stdout), ['0', '1']);
        assert.deepEqual(result.faults.map((f) => [f.kind, f.process]), [['dcs-violation', 'Server']]);
      });
    }

    it('dcs_integrity raises the DCS base while the callee runs', () => {
      for (const [properties, expected] of [[[], 0], [['dcs_integrity'], 1], [['dcs_confidentiality'], 1]] as [IsolationProperty[], number][]) {
        const image = probeProgram('  ret', properties, [], '');
        const kernel = new Kernel();
        kernel.load(image);
        kernel.machine.addBreakpoint(image.symbols.get('Server.probe')!);
        const stop = kernel.run(1_000_000);
        assert.equal(stop.kind, 'breakpoint');
        assert.equal(kernel.machine.context.dcsBase, expected, properties.join(','));
        assert.equal(kernel.machine.context.dcs.length, 2, 'caller -> proxy -> callee');
      }
    });
  });

  describe('stack_confidentiality (callee side)', () => {
    const body = `
  addi sp, sp, -16
  li t0, 31337
  sw t0, 4(sp)
  addi sp, sp, 16
  ret`;
    for (const [properties, expected] of [[['stack_integrity'], 31337], [['stack_confidentiality'], 0]] as [IsolationProperty[], number][]) {
      it(`the callee runs on its own stack, ${expected === 0 ? 'cleared' : 'not cleared'} before return [${properties.join(',')}]`, () => {
        const kernel = new Kernel();
        kernel.load(probeProgram(body, [], properties, ''));
        assert.equal(kernel.run(1_000_000).kind, 'finished');
        // The Server's stack for the client's thread is its second stack (the first is its own thread's).
        assert.equal(kernel.machine.readWord(stackTop(0, 1) - 12), expected);
      });
    }
  });

  describe('cost', () => {
    const cyclesWith = (caller: IsolationProperty[], callee: IsolationProperty[]): { cycles: number; instructions: number; proxyLength: number } => {
      const kernel = new Kernel();
      kernel.load(probeProgram('  ret', caller, callee, ''));
      kernel.run(1_000_000);
      const { cycles, instructions } = kernel.stats();
      return { cycles, instructions, proxyLength: kernel.proxies()[0].listing.length };
    };

    it('a proxy has more instructions, and a call costs more, with every property added', () => {
      const none = cyclesWith([], []);
      const all = cyclesWith([...ISOLATION_PROPERTIES], [...ISOLATION_PROPERTIES]);
      for (const property of ISOLATION_PROPERTIES) {
        const one = cyclesWith([property], []);
        assert.ok(one.proxyLength > none.proxyLength, `${property} adds instructions`);
        assert.ok(one.cycles < all.cycles, `${property} alone costs less than all`);
      }
      assert.ok(all.instructions > none.instructions + 60, `${all.instructions} vs ${none.instructions}`);
      assert.ok(all.cycles > none.cycles);
    });
  });
});

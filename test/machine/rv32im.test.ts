// RV32IM semantics of the interpreter: every arithmetic, memory, control and CSR instruction,
// including the corner cases RISC-V defines exactly (division by zero and overflow, shift amounts
// taken from the low five bits, sign extension of loads, misaligned accesses, illegal encodings).
import { strict as assert } from 'node:assert';
import { Machine } from '../../simulator/machine/machine';
import { CODE, DATA, assemble, ins, machineWith, register, runToStop, rx } from './program';

const INT_MIN = -0x8000_0000;
const INT_MAX = 0x7fff_ffff;

/** Runs one instruction with a1 = a, a2 = b and returns a0. */
function registerOp(mnemonic: string, a: number, b: number): number {
  const machine = machineWith([ins(mnemonic, 'a0', 'a1', 'a2')]);
  machine.setRegister(register('a1'), a);
  machine.setRegister(register('a2'), b);
  assert.equal(machine.step(), undefined);
  return machine.getRegister(register('a0'));
}

function immediateOp(mnemonic: string, a: number, imm: number): number {
  const machine = machineWith([ins(mnemonic, 'a0', 'a1', imm)]);
  machine.setRegister(register('a1'), a);
  assert.equal(machine.step(), undefined);
  return machine.getRegister(register('a0'));
}

describe('machine: RV32IM instructions', () => {
  const registerCases: [string, number, number, number][] = [
    ['add', 5, 7, 12], ['add', INT_MAX, 1, INT_MIN], ['add', -1, 1, 0],
    ['sub', 5, 7, -2], ['sub', INT_MIN, 1, INT_MAX],
    ['sll', 1, 31, INT_MIN], ['sll', 1, 33, 2], ['sll', 3, -1, INT_MIN],
    ['srl', INT_MIN, 31, 1], ['srl', -1, 36, 0x0fff_ffff],
    ['sra', INT_MIN, 31, -1], ['sra', -16, 34, -4],
    ['slt', -1, 0, 1], ['slt', 0, -1, 0], ['sltu', -1, 0, 0], ['sltu', 0, -1, 1],
    ['xor', 0x0f0f, 0x00ff, 0x0ff0], ['or', 0x0f00, 0x00f0, 0x0ff0], ['and', 0x0ff0, 0x00ff, 0x00f0],
    ['mul', 7, -3, -21], ['mul', 0x10000, 0x10000, 0], ['mul', INT_MIN, -1, INT_MIN],
    ['mulh', -1, -1, 0], ['mulh', INT_MIN, INT_MIN, 0x4000_0000], ['mulh', INT_MAX, INT_MAX, 0x3fff_ffff], ['mulh', -2, 3, -1],
    ['mulhu', -1, -1, -2], ['mulhu', INT_MIN, 2, 1], ['mulhu', 0x10000, 0x10000, 1],
    ['mulhsu', -1, -1, -1], ['mulhsu', 2, -1, 1], ['mulhsu', INT_MIN, -1, INT_MIN],
    ['div', 20, -3, -6], ['div', -20, 3, -6], ['div', 7, 0, -1], ['div', INT_MIN, -1, INT_MIN],
    ['divu', 20, 3, 6], ['divu', -1, 2, INT_MAX], ['divu', 7, 0, -1],
    ['rem', 20, -3, 2], ['rem', -20, 3, -2], ['rem', 7, 0, 7], ['rem', INT_MIN, -1, 0],
    ['remu', 20, 3, 2], ['remu', -1, 10, 5], ['remu', 7, 0, 7],
  ];
  for (const [mnemonic, a, b, expected] of registerCases) {
    it(`${mnemonic} ${a}, ${b} = ${expected}`, () => assert.equal(registerOp(mnemonic, a, b), expected));
  }

  const immediateCases: [string, number, number, number][] = [
    ['addi', 5, -7, -2], ['addi', INT_MAX, 1, INT_MIN], ['slti', -5, -4, 1], ['slti', 5, -4, 0],
    ['sltiu', 5, -1, 1], ['sltiu', -1, -1, 0], ['xori', 0x0f, -1, ~0x0f], ['ori', 0x100, 0x0f, 0x10f],
    ['andi', -1, 0x7ff, 0x7ff], ['andi', 0x1234, -16, 0x1230],
    ['slli', 3, 31, INT_MIN], ['srli', -1, 28, 15], ['srai', -1024, 4, -64], ['srai', INT_MIN, 0, INT_MIN],
  ];
  for (const [mnemonic, a, imm, expected] of immediateCases) {
    it(`${mnemonic} ${a}, ${imm} = ${expected}`, () => assert.equal(immediateOp(mnemonic, a, imm), expected));
  }

  it('lui and auipc place the 20-bit immediate in the upper bits', () => {
    const machine = machineWith([ins('lui', 'a0', 0xfffff), ins('auipc', 'a1', 1), ins('ebreak')]);
    runToStop(machine);
    assert.equal(machine.getRegister(register('a0')), -4096);
    assert.equal(machine.getRegister(register('a1')), CODE + 4 + 0x1000);
  });

  it('writes to x0 are discarded', () => {
    const machine = machineWith([ins('addi', 'zero', 'zero', 5), ins('lw', 'zero', 0, 'a0'), ins('add', 'a1', 'zero', 'zero'), ins('ebreak')]);
    machine.setRegister(register('a0'), DATA);
    machine.writeWord(DATA, 99);
    runToStop(machine);
    assert.equal(machine.getRegister(0), 0);
    assert.equal(machine.registers[0], 0);
    assert.equal(machine.getRegister(register('a1')), 0);
  });

  describe('loads and stores', () => {
    const loadCases: [string, number, number][] = [
      ['lb', 0, -128], ['lbu', 0, 128], ['lb', 1, 0x7f], ['lh', 0, 0x7f80],
      ['lh', 2, -2], ['lhu', 2, 0xfffe], ['lw', 0, -0x18080],
    ];
    for (const [mnemonic, offset, expected] of loadCases) {
      it(`${mnemonic} at +${offset} sign/zero-extends to ${expected}`, () => {
        const machine = machineWith([ins(mnemonic, 'a0', offset, 'a1')]);
        machine.loadBytes(DATA, new Uint8Array([0x80, 0x7f, 0xfe, 0xff]));
        machine.setRegister(register('a1'), DATA);
        assert.equal(machine.step(), undefined);
        assert.equal(machine.getRegister(register('a0')), expected);
      });
    }

    it('sb, sh and sw store the low bytes little-endian', () => {
      const machine = machineWith([ins('sw', 'a0', 0, 'a1'), ins('sh', 'a0', 4, 'a1'), ins('sb', 'a0', 7, 'a1'), ins('ebreak')]);
      machine.setRegister(register('a0'), 0x11223344);
      machine.setRegister(register('a1'), DATA);
      runToStop(machine);
      assert.deepEqual([...machine.readMemory(DATA, 8)!], [0x44, 0x33, 0x22, 0x11, 0x44, 0x33, 0, 0x44]);
    });

    for (const [mnemonic, offset] of [['lw', 2], ['lh', 1], ['lhu', 3], ['sw', 1], ['sh', 1]] as const) {
      it(`${mnemonic} at a misaligned address faults misaligned-access and leaves pc on it`, () => {
        const machine = machineWith([ins(mnemonic, 'a0', offset, 'a1')]);
        machine.setRegister(register('a1'), DATA);
        const event = machine.step();
        assert.equal(event?.kind, 'fault');
        assert.equal(event.kind === 'fault' && event.fault.kind, 'misaligned-access');
        assert.equal(event.kind === 'fault' && event.fault.address, DATA + offset);
        assert.equal(machine.pc, CODE);
        assert.equal(machine.stats.instructions, 0);
      });
    }

    it('a load from an unmapped address faults unmapped', () => {
      const machine = machineWith([ins('lw', 'a0', 0, 'a1')]);
      machine.setRegister(register('a1'), 0x50_0000);
      const event = machine.step();
      assert.equal(event?.kind === 'fault' && event.fault.kind, 'unmapped');
    });
  });

  describe('control transfer', () => {
    const branchCases: [string, number, number, boolean][] = [
      ['beq', 3, 3, true], ['beq', 3, 4, false], ['bne', 3, 4, true], ['bne', 3, 3, false],
      ['blt', -1, 0, true], ['blt', 0, -1, false], ['bge', 0, -1, true], ['bge', -1, 0, false], ['bge', 5, 5, true],
      ['bltu', 0, -1, true], ['bltu', -1, 0, false], ['bgeu', -1, 0, true], ['bgeu', 0, -1, false],
    ];
    for (const [mnemonic, a, b, taken] of branchCases) {
      it(`${mnemonic} ${a}, ${b} is ${taken ? 'taken' : 'not taken'}`, () => {
        const machine = machineWith([ins(mnemonic, 'a1', 'a2', 12)]);
        machine.setRegister(register('a1'), a);
        machine.setRegister(register('a2'), b);
        machine.step();
        assert.equal(machine.pc, taken ? CODE + 12 : CODE + 4);
      });
    }

    it('jal links pc + 4 and jalr clears bit 0 of the target', () => {
      const machine = machineWith([ins('jal', 'ra', 8), ins('ebreak'), ins('jalr', 't0', 1, 'a0'), ins('ebreak')]);
      machine.setRegister(register('a0'), CODE + 4);
      machine.step();
      assert.equal(machine.getRegister(register('ra')), CODE + 4);
      assert.equal(machine.pc, CODE + 8);
      machine.step();
      assert.equal(machine.getRegister(register('t0')), CODE + 12);
      assert.equal(machine.pc, CODE + 4);
    });

    it('jalr to a target that is not 4-byte aligned faults misaligned-access without linking', () => {
      const machine = machineWith([ins('jalr', 'ra', 2, 'a0')]);
      machine.setRegister(register('a0'), CODE);
      const event = machine.step();
      assert.equal(event?.kind === 'fault' && event.fault.kind, 'misaligned-access');
      assert.equal(machine.getRegister(register('ra')), 0);
      assert.equal(machine.pc, CODE);
    });

    it('a taken branch to a misaligned target faults; not taken it does not', () => {
      const machine = machineWith([ins('beq', 'zero', 'a0', 6), ins('beq', 'zero', 'zero', 6)]);
      machine.setRegister(register('a0'), 1);
      assert.equal(machine.step(), undefined);
      const event = machine.step();
      assert.equal(event?.kind === 'fault' && event.fault.kind, 'misaligned-access');
    });

    it('executing a page without X faults page-permission', () => {
      const machine = machineWith([ins('jal', 'zero', DATA - CODE)]);
      const event = machine.step();
      assert.equal(event?.kind === 'fault' && event.fault.kind, 'page-permission');
      assert.equal(event?.kind === 'fault' && event.fault.missingPermission, 'execute');
    });
  });

  describe('system instructions', () => {
    it('ecall stops with pc after the ecall; resuming continues there', () => {
      const machine = machineWith([ins('ecall'), ins('addi', 'a0', 'zero', 7), ins('ebreak')]);
      assert.deepEqual(machine.run(100), { kind: 'ecall', pc: CODE });
      assert.equal(machine.pc, CODE + 4);
      assert.deepEqual(machine.run(100), { kind: 'ebreak', pc: CODE + 8 });
      assert.equal(machine.getRegister(register('a0')), 7);
      assert.equal(machine.pc, CODE + 12);
      assert.equal(machine.stats.instructions, 3);
    });

    it('rdcycle and rdinstret read the counters before the instruction', () => {
      const machine = machineWith([ins('addi', 'a0', 'zero', 1), ins('mul', 'a0', 'a0', 'a0'), ins('csrrs', 'a1', 'cycle', 'zero'), ins('csrrs', 'a2', 'instret', 'zero'), ins('ebreak')]);
      runToStop(machine);
      assert.equal(machine.getRegister(register('a1')), 1 + 3);
      assert.equal(machine.getRegister(register('a2')), 3);
    });

    it('writing a read-only counter CSR is illegal', () => {
      const machine = machineWith([ins('csrrw', 'zero', 'cycle', 'a0')]);
      const event = machine.step();
      assert.equal(event?.kind === 'fault' && event.fault.kind, 'illegal-instruction');
    });

    it('an unknown CSR is illegal, and the explanation gives its number in hex with 0x', () => {
      const machine = machineWith([ins('csrrs', 'a0', 0x7c0, 'zero')]);
      const event = machine.step();
      assert.equal(event?.kind === 'fault' && event.fault.kind, 'illegal-instruction');
      assert.match(event?.kind === 'fault' ? event.fault.message : '', /^CSR 0x7c0 at 0x[0-9a-f]{8} does not exist/);
      const low = machineWith([ins('csrrs', 'a0', 0x12, 'zero')]).step();
      assert.match(low?.kind === 'fault' ? low.fault.message : '', /^CSR 0x012 /);
    });

    it('fence is a no-op', () => {
      const machine = machineWith([ins('fence'), ins('ebreak')]);
      assert.equal(runToStop(machine).kind, 'ebreak');
    });
  });

  describe('illegal encodings', () => {
    const illegalWords: [string, number][] = [
      ['all zeros', 0x0000_0000], ['all ones', 0xffff_ffff], ['compressed (low bits 01)', 0x0000_0001],
      ['load funct3 3 (ld)', 0x0000_3503], ['store funct3 3 (sd)', 0x00a0_3023], ['branch funct3 2', 0x0000_2063],
      ['jalr funct3 1', 0x0000_1067], ['slli with funct7 0x20', 0x4005_1513], ['add with funct7 0x02', 0x04b5_0533],
      ['mret', 0x3020_0073], ['wfi', 0x1050_0073], ['cap.create with perm 0', 0x0005_050b], ['cap.create into cr8', 0x0605_040b],
      ['cap.clr with a source field', 0x0000_d00b | (1 << 15)], ['custom-2 opcode', 0x0000_005b],
    ];
    for (const [name, word] of illegalWords) {
      it(`${name} faults illegal-instruction`, () => {
        const machine = new Machine();
        machine.mapPages(CODE, 4096, rx(1));
        machine.loadBytes(CODE, assemble([word]));
        machine.pc = CODE;
        const event = machine.step();
        assert.equal(event?.kind, 'fault');
        assert.equal(event.kind === 'fault' && event.fault.kind, 'illegal-instruction');
        assert.match(event.kind === 'fault' ? event.fault.message : '', /is not an RV32IM, Zicsr or CODOMs instruction|does not exist/);
      });
    }
  });

  it('runs a loop to the right result (sum 1..100)', () => {
    const machine = machineWith([
      ins('addi', 'a0', 'zero', 0), ins('addi', 't0', 'zero', 100),
      ins('add', 'a0', 'a0', 't0'), ins('addi', 't0', 't0', -1), ins('bne', 't0', 'zero', -8), ins('ebreak'),
    ]);
    runToStop(machine);
    assert.equal(machine.getRegister(register('a0')), 5050);
    assert.equal(machine.stats.instructions, 2 + 300 + 1);
  });

  it('falls through from one code page into the next of the same domain', () => {
    const machine = new Machine();
    machine.mapPages(CODE, 8192, rx(1));
    const words = new Array<number>(1024).fill(ins('addi', 'a0', 'a0', 1));
    words.push(ins('ebreak'));
    machine.loadBytes(CODE, assemble(words));
    machine.pc = CODE;
    assert.equal(runToStop(machine).kind, 'ebreak');
    assert.equal(machine.getRegister(register('a0')), 1024);
    assert.equal(machine.stats.domainSwitches, 0);
  });

  it('self-modifying code: a store into a decoded code page is seen by the next fetch', () => {
    const machine = new Machine();
    machine.mapPages(CODE, 4096, { read: true, write: true, execute: true, tag: 1 });
    machine.loadBytes(CODE, assemble([ins('sw', 'a1', 8, 'a0'), ins('beq', 'zero', 'zero', 4), ins('addi', 'a2', 'zero', 1), ins('ebreak')]));
    machine.pc = CODE + 8;
    machine.step(); // decode the addi once
    machine.pc = CODE;
    machine.setRegister(register('a0'), CODE);
    machine.setRegister(register('a1'), ins('addi', 'a2', 'zero', 42));
    machine.setRegister(register('a2'), 0);
    runToStop(machine);
    assert.equal(machine.getRegister(register('a2')), 42);
  });
});

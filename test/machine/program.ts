// A tiny assembler for machine tests and benchmarks: one instruction per call, operands in the
// order of instruction-set.ts's syntax (a memory operand `off(rs1)` is given as offset, base).
// The real assembler lives in simulator/toolchain; this only packs fields through encoder.ts.
import { encode, type Operands } from '../../simulator/machine/encoder';
import { Csr, INSTRUCTION_BY_MNEMONIC, INTEGER_REGISTER_NAMES, type CsrName } from '../../simulator/machine/instruction-set';
import { Machine, type MachineConfig } from '../../simulator/machine/machine';
import type { MachineCosts } from '../../simulator/machine/cost-model';
import type { PageAttributes } from '../../simulator/machine/page-table';

export type Operand = string | number;

export function register(name: Operand): number {
  if (typeof name === 'number') return name;
  const abi = (INTEGER_REGISTER_NAMES as readonly string[]).indexOf(name);
  if (abi >= 0) return abi;
  if (name === 'fp') return 8;
  const match = /^(?:x|cr)(\d+)$/.exec(name);
  if (match === null) throw new Error(`unknown register ${name}`);
  return Number(match[1]);
}

export function ins(mnemonic: string, ...args: Operand[]): number {
  const spec = INSTRUCTION_BY_MNEMONIC.get(mnemonic);
  if (spec === undefined) throw new Error(`unknown instruction ${mnemonic}`);
  const operands: Operands = {};
  let next = 0;
  const take = (): Operand => {
    if (next >= args.length) throw new Error(`${mnemonic}: missing operand`);
    return args[next++];
  };
  for (const token of spec.syntax) {
    switch (token) {
      case 'rd': case 'crd': operands.rd = register(take()); break;
      case 'rs1': operands.rs1 = register(take()); break;
      case 'rs2': operands.rs2 = register(take()); break;
      case 'rs3': operands.rs3 = register(take()); break;
      case 'crs': if (spec.format === 'S') operands.rs2 = register(take()); else operands.rs1 = register(take()); break;
      case 'off(rs1)': operands.imm = Number(take()); operands.rs1 = register(take()); break;
      case 'csr': { const csr = take(); operands.csr = typeof csr === 'number' ? csr : Csr[csr as CsrName]; break; }
      case 'perm': operands.perm = take() as 'r' | 'rw'; break;
      default: operands.imm = Number(take());
    }
  }
  if (next !== args.length) throw new Error(`${mnemonic}: too many operands`);
  return encode(mnemonic, operands);
}

/** Little-endian bytes of instruction words. */
export function assemble(words: number[]): Uint8Array {
  const bytes = new Uint8Array(words.length * 4);
  const view = new DataView(bytes.buffer);
  words.forEach((word, index) => view.setUint32(index * 4, word >>> 0, true));
  return bytes;
}

export const CODE = 0x0001_0000;
export const DATA = 0x0002_0000;

export const rx = (tag: number, extra: Partial<PageAttributes> = {}): PageAttributes => ({ read: true, write: false, execute: true, tag, ...extra });
export const rw = (tag: number, extra: Partial<PageAttributes> = {}): PageAttributes => ({ read: true, write: true, execute: false, tag, ...extra });

/** A machine with `words` at CODE (domain 1, R-X) and one R-W data page at DATA (domain 1); pc = CODE. */
export function machineWith(words: number[], config: Partial<MachineConfig> = {}, costs: Partial<MachineCosts> = {}): Machine {
  const machine = new Machine(config, costs);
  machine.mapPages(CODE, Math.max(4096, words.length * 4), rx(1));
  machine.mapPages(DATA, 4096, rw(1));
  machine.loadBytes(CODE, assemble(words));
  machine.pc = CODE;
  return machine;
}

/** Runs until the first stop other than the limit; fails the test after `limit` instructions. */
export function runToStop(machine: Machine, limit = 1_000_000): ReturnType<Machine['run']> {
  const event = machine.run(limit);
  if (event.kind === 'limit') throw new Error(`program did not stop within ${limit} instructions`);
  return event;
}

/**
 * Two domains for protection tests: 1 "Client" (code D1_CODE, data D1_DATA, C page D1_CAPS) and
 * 2 "Store" (code D2_CODE, data D2_DATA). No APL entries; pc = D1_CODE.
 */
export const D1_CODE = 0x0001_0000;
export const D1_DATA = 0x0002_0000;
export const D1_CAPS = 0x0002_1000;
export const D2_CODE = 0x0003_0000;
export const D2_DATA = 0x0004_0000;

export function twoDomains(config: Partial<MachineConfig> = {}, costs: Partial<MachineCosts> = {}): Machine {
  const machine = new Machine(config, costs);
  machine.mapPages(D1_CODE, 4096, rx(1));
  machine.mapPages(D1_DATA, 4096, rw(1));
  machine.mapPages(D1_CAPS, 4096, rw(1, { capabilityStorage: true }));
  machine.mapPages(D2_CODE, 4096, rx(2));
  machine.mapPages(D2_DATA, 4096, rw(2));
  machine.setDomainName(1, 'Client');
  machine.setDomainName(2, 'Store');
  machine.pc = D1_CODE;
  return machine;
}

/** Writes instruction words at an address (no checks). */
export function place(machine: Machine, address: number, words: number[]): void {
  machine.loadBytes(address, assemble(words));
}

/** `li rd, value` as lui + addi. */
export function li(rd: Operand, value: number): number[] {
  const low = (value << 20) >> 20;
  const high = ((value - low) >>> 12) & 0xfffff;
  return [ins('lui', rd, high), ins('addi', rd, rd, low)];
}

export function faultOf(event: ReturnType<Machine['run']> | undefined): import('../../simulator/machine/faults').Fault {
  if (event?.kind !== 'fault') throw new Error(`expected a fault, got ${JSON.stringify(event)}`);
  return event.fault;
}

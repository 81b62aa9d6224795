// The C and assembly programs of test/fixtures/riscv, and how to build each with the GNU
// toolchain into a static RV32 executable (in a temporary directory, at test time).
import { join } from 'node:path';
import { GNU_TOOLS, runToolOrFail } from './gnu-tools';

export const FIXTURE_DIRECTORY = join(__dirname, '..', '..', 'fixtures', 'riscv');

export interface RiscvFixture {
  name: string;
  /** Source files in FIXTURE_DIRECTORY, linked together. */
  sources: string[];
}

export const RISCV_FIXTURES: readonly RiscvFixture[] = [
  { name: 'fib', sources: ['fib.c', 'start.s'] },
  { name: 'sort', sources: ['sort.c', 'start.s'] },
  { name: 'sieve', sources: ['sieve.c', 'start.s'] },
  { name: 'muldiv', sources: ['muldiv.c', 'start.s'] },
  { name: 'format', sources: ['format.c', 'start.s'] },
  { name: 'hello', sources: ['hello.s'] },
  { name: 'jump-table', sources: ['jump-table.s'] },
  { name: 'recursion', sources: ['recursion.s'] },
  { name: 'bytes', sources: ['bytes.s'] },
  { name: 'alu-edges', sources: ['alu-edges.s'] },
  { name: 'syscall-errors', sources: ['syscall-errors.s'] },
];

/**
 * The brief's command line (-march=rv32im -mabi=ilp32 -nostdlib -static -O2), plus
 * -fno-tree-loop-distribute-patterns so that gcc does not turn loops into memset calls (there
 * is no libc) and -lgcc for its helper routines.
 */
export const FIXTURE_C_FLAGS = ['-march=rv32im', '-mabi=ilp32', '-O2', '-fno-tree-loop-distribute-patterns'];

export function buildFixture(fixture: RiscvFixture, directory: string): string {
  const output = join(directory, `${fixture.name}.elf`);
  runToolOrFail(GNU_TOOLS.gcc, [
    ...FIXTURE_C_FLAGS, '-nostdlib', '-static', '-o', output, ...fixture.sources.map((source) => join(FIXTURE_DIRECTORY, source)), '-lgcc',
  ], directory);
  return output;
}

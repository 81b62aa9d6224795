// Generates assembly that uses every RV32IM and Zicsr instruction of the table several times,
// with random (seeded, so reproducible) registers, immediates at and inside their limits, and
// branch targets both backward and forward. Used by the GNU differential and round-trip tests.
import { INSTRUCTIONS, INTEGER_REGISTER_NAMES, Opcode, type InstructionSpec } from '../../../simulator/machine/instruction-set';

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CSRs both GNU as and our assembler accept by this spelling (numbers for the dIPC ones). */
const GNU_CSR_SPELLINGS = ['cycle', 'time', 'instret', 'cycleh', 'timeh', 'instreth', '0x800', '0x801', '0x802', '0x7c0', '0xbc0'];

export const isCodomsInstruction = (spec: InstructionSpec): boolean => spec.opcode === Opcode.CUSTOM0 || spec.opcode === Opcode.CUSTOM1;

export const STANDARD_INSTRUCTIONS = INSTRUCTIONS.filter((spec) => !isCodomsInstruction(spec));

/** One line per sample, each with its own label `L<n>:` so branches have targets to choose from. */
export function standardInstructionSamples(seed: number, perInstruction: number): string {
  const random = seededRandom(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const integer = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const withEdges = (min: number, max: number): number => pick([min, max, 0, 1, -1, integer(min, max), integer(min, max)].filter((v) => v >= min && v <= max));
  const register = (): string => (random() < 0.3 ? `x${integer(0, 31)}` : pick(INTEGER_REGISTER_NAMES));
  const total = STANDARD_INSTRUCTIONS.length * perInstruction;
  const lines: string[] = ['  .text'];
  let index = 0;
  for (const spec of STANDARD_INSTRUCTIONS) {
    for (let sample = 0; sample < perInstruction; sample += 1) {
      const operands = spec.syntax.map((token) => {
        switch (token) {
          case 'rd': case 'rs1': case 'rs2': return register();
          case 'imm': return `${withEdges(-2048, 2047)}`;
          case 'off(rs1)': return `${withEdges(-2048, 2047)}(${register()})`;
          case 'target': {
            const reach = spec.format === 'B' ? 500 : 2000;
            return `L${integer(Math.max(0, index - reach), Math.min(total - 1, index + reach))}`;
          }
          case 'uimm20': return `0x${withEdges(0, 0xfffff).toString(16)}`;
          case 'shamt': return `${withEdges(0, 31)}`;
          case 'csr': return pick(GNU_CSR_SPELLINGS);
          case 'zimm': return `${withEdges(0, 31)}`;
          default: throw new Error(`no sample for operand ${token}`);
        }
      });
      lines.push(`L${index}: ${spec.mnemonic}${operands.length ? ' ' : ''}${operands.join(', ')}`);
      index += 1;
    }
  }
  return `${lines.join('\n')}\n`;
}

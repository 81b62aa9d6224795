// A `.s` file run as one plain process (no dIPC layout): its sections become the segments of a
// ProgramImage, and it starts at `_start` (or the start of `.text`), like a GNU-ld static binary.

import { type ProgramImage } from '../../kernel/program-image';
import { type AssemblerError, type AssemblyResult, assemble } from './assembler';

export const PLAIN_PROGRAM_ENTRY_SYMBOL = '_start';

export function processNameOf(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'program';
}

export function assemblePlainProgram(
  source: string,
  fileName: string,
): { errors: AssemblerError[]; image?: ProgramImage; lineAddresses?: AssemblyResult['lineAddresses'] } {
  const result = assemble(source, { fileName });
  if (result.errors.length > 0) return { errors: result.errors };
  const name = processNameOf(fileName);
  const text = result.sections.find((section) => section.permissions.execute);
  const startAddress = result.symbols.get(PLAIN_PROGRAM_ENTRY_SYMBOL) ?? text?.address;
  if (startAddress === undefined) {
    return { errors: [{ line: 1, column: 1, message: `no code to run: define ${PLAIN_PROGRAM_ENTRY_SYMBOL} or put instructions in .text`, file: fileName }] };
  }
  return {
    errors: [],
    image: {
      processes: [{
        name,
        regionIndex: 0,
        segments: result.sections.map((section) => ({
          address: section.address,
          bytes: section.bytes,
          size: section.size,
          permissions: section.permissions,
          name: `${name} ${section.name}`,
        })),
        startAddress,
        plain: true,
      }],
      symbols: result.symbols,
    },
    lineAddresses: result.lineAddresses,
  };
}

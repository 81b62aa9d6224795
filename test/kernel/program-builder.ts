// Builds ProgramImages for kernel tests from assembly: one source per process, each assembled at
// its process region (address-space.ts), or one plain `.s` program. Symbols are prefixed with the
// process name (`Server.get`) so tests and proxy names can refer to them.
import { assemble, assemblePlainProgram, formatAssemblerError } from '../../simulator/toolchain/assembler';
import { ProcessRegion, processRegionBase } from '../../simulator/kernel/address-space';
import type { ProgramImage, ProcessImage } from '../../simulator/kernel/program-image';

export interface ProcessSource {
  name: string;
  source: string;
  /** Further sections, as offsets inside the process region (e.g. a second domain's code page). */
  sectionOffsets?: Record<string, number>;
}

export function buildImage(processes: ProcessSource[]): ProgramImage {
  const symbols = new Map<string, number>();
  const images: ProcessImage[] = processes.map(({ name, source, sectionOffsets = {} }, regionIndex) => {
    const base = processRegionBase(regionIndex);
    const result = assemble(source, {
      fileName: `${name}.s`,
      sectionBases: {
        '.text': base + ProcessRegion.code, '.rodata': base + ProcessRegion.rodata, '.data': base + ProcessRegion.data,
        ...Object.fromEntries(Object.entries(sectionOffsets).map(([section, offset]) => [section, base + offset])),
      },
    });
    if (result.errors.length > 0) throw new Error(result.errors.map(formatAssemblerError).join('\n'));
    for (const [symbol, address] of result.symbols) symbols.set(`${name}.${symbol}`, address);
    const start = result.symbols.get('_start');
    if (start === undefined) throw new Error(`${name}: no _start`);
    return {
      name,
      regionIndex,
      startAddress: start,
      segments: result.sections.map((section) => ({
        address: section.address, bytes: section.bytes, size: section.size, permissions: section.permissions, name: `${name} ${section.name}`,
      })),
    };
  });
  return { processes: images, symbols };
}

export function buildPlain(source: string): ProgramImage {
  const { errors, image } = assemblePlainProgram(source, 'plain.s');
  if (image === undefined) throw new Error(errors.map(formatAssemblerError).join('\n'));
  return image;
}

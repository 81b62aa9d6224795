// Turns a file a user names into something the kernel can run: a `.dipc` program (compiled, with
// debug information), an assembly file (one plain process) or a static RV32 ELF executable. The
// CLI and the debug adapter both start here, so they accept the same files with the same errors.

import { readFileSync, statSync } from 'node:fs';
import type { ProgramImage } from '../kernel/program-image';
import { plainProgramMemory } from '../kernel/program-loader';
import { assemblePlainProgram, formatAssemblerError } from './assembler';
import { ElfError, loadElf } from './assembler/elf-loader';
import { processNameOf } from './assembler/plain-program';
import { compile } from './compiler';
import type { DebugInfo } from './debug-info';
import { analyze, formatDiagnostic, type Analysis } from './language';

export type ProgramKind = 'dipc' | 'assembly' | 'elf';

export interface LoadedProgram {
  kind: ProgramKind;
  fileName: string;
  image: ProgramImage;
  /** Present for `.dipc` programs. */
  analysis?: Analysis;
  debugInfo?: DebugInfo;
  /** The generated assembly of a `.dipc` program, or the source of a `.s` file. */
  assembly?: string;
  /** For `.s` files: the address of the first instruction of each source line, by address. */
  assemblyLines?: { line: number; address: number }[];
}

/** Longest expansion of one assembly line (`li`/`la`/`call` become two instructions). */
const MAXIMUM_LINE_BYTES = 8;

/** The source line of `pc`: from the debug information of a `.dipc` program, the line table of a `.s` file. */
export function sourceLineAt(program: LoadedProgram, pc: number): number | undefined {
  if (program.debugInfo) return program.debugInfo.lineForAddress(pc)?.line;
  let found: { line: number; address: number } | undefined;
  for (const entry of program.assemblyLines ?? []) {
    if (entry.address <= pc && (found === undefined || entry.address >= found.address)) found = entry;
  }
  return found !== undefined && pc - found.address < MAXIMUM_LINE_BYTES ? found.line : undefined;
}

/** The program does not build: its diagnostics, formatted `file:line:col: severity CODE: message`. */
export class ProgramBuildError extends Error {
  constructor(readonly diagnostics: string[], readonly analysis?: Analysis) {
    super(diagnostics.join('\n'));
  }
}

/** Bad input that is not a program at all (missing file, unreadable, broken ELF): one clear line. */
export class ProgramInputError extends Error {}

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

export function programKindOf(fileName: string, bytes: Uint8Array): ProgramKind {
  if (ELF_MAGIC.every((byte, index) => bytes[index] === byte)) return 'elf';
  if (/\.dipc$/i.test(fileName)) return 'dipc';
  if (/\.(s|asm)$/i.test(fileName)) return 'assembly';
  if (/\.elf$/i.test(fileName)) return 'elf';
  throw new ProgramInputError(`${fileName}: not a .dipc program, an assembly file (.s) or an RV32 ELF executable`);
}

export function readProgramFile(fileName: string): Uint8Array {
  try {
    if (statSync(fileName).isDirectory()) throw new ProgramInputError(`${fileName}: is a directory, not a program`);
    return readFileSync(fileName);
  } catch (error) {
    if (error instanceof ProgramInputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ProgramInputError(`${fileName}: ${reason}`);
  }
}

/** Loads and builds the program in `fileName`; throws ProgramInputError or ProgramBuildError. */
export function loadProgram(fileName: string): LoadedProgram {
  const bytes = readProgramFile(fileName);
  const kind = programKindOf(fileName, bytes);
  if (kind === 'elf') {
    let image: ProgramImage;
    try {
      image = loadElf(bytes, processNameOf(fileName));
    } catch (error) {
      if (error instanceof ElfError) throw new ProgramInputError(`${fileName}: ${error.message}`);
      throw error;
    }
    checkPlainPlacement(fileName, image);
    return { kind, fileName, image };
  }
  const text = Buffer.from(bytes).toString('utf8');
  return kind === 'dipc' ? buildDipcProgram(text, fileName) : buildAssemblyProgram(text, fileName);
}

export function buildDipcProgram(text: string, fileName: string): LoadedProgram {
  const analysis = analyze(text, fileName);
  if (analysis.hasErrors) {
    const errors = analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    throw new ProgramBuildError(errors.map((diagnostic) => formatDiagnostic(diagnostic, analysis)), analysis);
  }
  const compiled = compile(analysis);
  if (compiled.errors.length > 0) {
    throw new ProgramBuildError(compiled.errors, analysis);
  }
  return { kind: 'dipc', fileName, image: compiled.image, analysis, debugInfo: compiled.debugInfo, assembly: compiled.assembly };
}

/** A plain program linked where the machine gives it no memory is bad input, said with the range it must use. */
function checkPlainPlacement(fileName: string, image: ProgramImage): void {
  const { low, high } = plainProgramMemory();
  const hex = (value: number): string => `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
  for (const process of image.processes) {
    for (const segment of process.segments) {
      const end = segment.address + segment.size;
      if (segment.address >= low && end <= high) continue;
      throw new ProgramInputError(
        `${fileName}: segment ${segment.name} at [${hex(segment.address)}, ${hex(end)}) lies outside the memory a plain program may use, ` +
          `[${hex(low)}, ${hex(high)}): link it there (e.g. -Ttext=0x10000)`,
      );
    }
  }
}

export function buildAssemblyProgram(text: string, fileName: string): LoadedProgram {
  const result = assemblePlainProgram(text, fileName);
  if (!result.image) throw new ProgramBuildError(result.errors.map((error) => formatAssemblerError(error)));
  checkPlainPlacement(fileName, result.image);
  return { kind: 'assembly', fileName, image: result.image, assembly: text, assemblyLines: result.lineAddresses };
}

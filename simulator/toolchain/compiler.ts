// The `.dipc` compiler's public API: analysis in, a loadable ProgramImage out, with the generated
// assembly (for `disasm` and curiosity) and debug information. The code generator writes one
// assembly text for the whole program and the project's assembler turns it into placed sections;
// each process's sections become its image segments.

import type { Analysis, Diagnostic } from './language/analysis';
import { analyze, DIAGNOSTIC_CODES, formatDiagnostic } from './language';
import { assemble, type AssemblyResult } from './assembler';
import type { ProcessImage, ProgramImage, Segment } from '../kernel/program-image';
import { MAX_PROCESSES } from '../kernel/kernel-memory';
import { generateProgram, type GeneratedProgram } from './codegen/program-generator';
import type { SectionKind } from './codegen/names';
import { SOURCE_MARKER } from './codegen/statements';
import { DebugInfo, emptyDebugInfo, type FunctionInfo, type LineTableEntry, type ProcessDebugInfo } from './debug-info';

export interface CompileResult {
  image: ProgramImage;
  debugInfo: DebugInfo;
  /** The generated assembly (empty when the analysis had errors). */
  assembly: string;
  /** `file:line:col: error CODE: message` lines; when not empty the image is empty and must not be run. */
  errors: string[];
  /**
   * The errors found while compiling an analysis without errors, as diagnostics: E114 where the
   * program exceeds a limit of the code generator or the machine, E001 for a line of an `asm`
   * block the assembler cannot read. `dipc check` and the language server report them too, so
   * they agree with `dipc run`. (A bug of the compiler itself is in `errors` only.)
   */
  diagnostics: Diagnostic[];
}

/** Where a compile's time went (benchmarks fill one in; the compiler only records). */
export interface CompilePhaseTimes {
  codegenMs: number;
  assembleMs: number;
  /** Segments of the image and the debug information, from the assembled sections and labels. */
  imageAndDebugInfoMs: number;
}

const PERMISSIONS: Record<SectionKind, Segment['permissions']> = {
  text: { read: true, write: false, execute: true },
  rodata: { read: true, write: false, execute: false },
  data: { read: true, write: true, execute: false },
  capabilityStorage: { read: true, write: true, execute: false },
};

const SEGMENT_NAME_SUFFIX: Record<SectionKind, string> = {
  text: '.text', rodata: '.rodata', data: '.data', capabilityStorage: 'capability storage',
};

function failed(analysis: Pick<Analysis, 'fileName'>, errors: string[], assembly = '', diagnostics: Diagnostic[] = []): CompileResult {
  return { image: { processes: [], symbols: new Map() }, debugInfo: emptyDebugInfo(analysis.fileName), assembly, errors, diagnostics };
}

/** Build diagnostics, and the `file:line:col: error CODE: message` lines `run` prints for them. */
function failedWith(analysis: Analysis, diagnostics: Diagnostic[], internal: string[] = [], assembly = ''): CompileResult {
  return failed(analysis, [...diagnostics.map((d) => formatDiagnostic(d, analysis)), ...internal], assembly, diagnostics);
}

function buildError(code: 'E001' | 'E114', message: string, span: { start: number; end: number } | undefined): Diagnostic {
  return { code, severity: DIAGNOSTIC_CODES[code].severity, message, span: span ?? { start: 0, end: 0 } };
}

/**
 * What compiling finds beyond the front end's checks (E114 limits, E001 in `asm` blocks), for
 * `dipc check` and the language server. Empty for an analysis with errors: it is never compiled.
 */
export function buildDiagnostics(analysis: Analysis): Diagnostic[] {
  if (analysis.hasErrors) return [];
  return compile(analysis).diagnostics;
}

/** The analysis's diagnostics and the compiler's (`build`) in one list, in source order. */
export function withBuildDiagnostics(analysis: Analysis, build: readonly Diagnostic[]): Diagnostic[] {
  if (build.length === 0) return analysis.diagnostics;
  return [...analysis.diagnostics, ...build].sort((a, b) => a.span.start - b.span.start);
}

/** Compiles an analysed program. An analysis with errors is refused with its diagnostics. */
export function compile(analysis: Analysis, phases?: CompilePhaseTimes): CompileResult {
  if (analysis.hasErrors) {
    return failed(analysis, analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, analysis)));
  }
  const processes = analysis.program.items.filter((item) => item.kind === 'Process');
  // language.md §3 allows a program of no process (an empty file, only `const`s): an empty image, no errors.
  if (processes.length === 0) return failed(analysis, []);
  if (processes.length > MAX_PROCESSES) {
    const extra = processes[MAX_PROCESSES];
    const span = extra.kind === 'Process' ? extra.name.span : undefined;
    return failedWith(analysis, [buildError('E114', `the program declares ${processes.length} processes; the kernel runs at most ${MAX_PROCESSES}`, span)]);
  }
  let started = performance.now();
  let generated = generateProgram(analysis, { longBranches: false });
  if (phases) phases.codegenMs = performance.now() - started;
  started = performance.now();
  let assembled = assembleGenerated(analysis, generated);
  if (phases) phases.assembleMs = performance.now() - started;
  if (assembled.errors.some((error) => /range/i.test(error.message))) {
    // A function too long for 12-bit branch offsets: every conditional branch becomes branch-over-jump.
    generated = generateProgram(analysis, { longBranches: true });
    assembled = assembleGenerated(analysis, generated);
  }
  if (generated.errors.length > 0) {
    return failedWith(analysis, generated.errors.map((error) => buildError('E114', error.message, error.span)), [], generated.assembly);
  }
  if (assembled.errors.length > 0) {
    const lines = generated.assembly.split('\n');
    const diagnostics: Diagnostic[] = [];
    const internal: string[] = [];
    for (const error of assembled.errors) {
      const line = lines[error.line - 1] ?? '';
      const fromAsmBlock = SOURCE_MARKER.exec(line);
      // Errors in `asm { }` lines point at the .dipc source; others are the compiler's own fault.
      if (fromAsmBlock) {
        const start = Number(fromAsmBlock[1]);
        const lineEnd = analysis.text.indexOf('\n', start);
        diagnostics.push(buildError('E001', `in \`asm\`: ${error.message}`, { start, end: lineEnd < 0 ? analysis.text.length : lineEnd }));
      } else {
        internal.push(`${analysis.fileName}: error: internal: generated assembly line ${error.line} \`${line.trim()}\`: ${error.message}`);
      }
    }
    return failedWith(analysis, diagnostics, internal, generated.assembly);
  }
  started = performance.now();
  const result = {
    image: buildImage(generated, assembled),
    debugInfo: buildDebugInfo(analysis, generated, assembled),
    assembly: generated.assembly,
    errors: [],
    diagnostics: [],
  };
  if (phases) phases.imageAndDebugInfoMs = performance.now() - started;
  return result;
}

/** Analyses and compiles a source text; analysis errors come back as `errors`. */
export function compileSource(text: string, fileName: string): CompileResult & { analysis: Analysis } {
  const analysis = analyze(text, fileName);
  return { ...compile(analysis), analysis };
}

function assembleGenerated(analysis: Analysis, generated: GeneratedProgram): AssemblyResult {
  return assemble(generated.assembly, { fileName: `${analysis.fileName}.s`, sectionBases: generated.sectionBases });
}

function buildImage(generated: GeneratedProgram, assembled: AssemblyResult): ProgramImage {
  const sections = new Map(assembled.sections.map((section) => [section.name, section]));
  const processes: ProcessImage[] = generated.processes.map((process) => {
    const segments: Segment[] = [];
    for (const placement of process.placements) {
      const section = sections.get(placement.name);
      if (!section || section.size === 0) continue;
      const owner = placement.owner.domain ? `${placement.owner.process}.${placement.owner.domain}` : placement.owner.process;
      const segment: Segment = {
        address: section.address,
        bytes: section.bytes,
        size: section.size,
        permissions: PERMISSIONS[placement.kind],
        name: `${owner} ${SEGMENT_NAME_SUFFIX[placement.kind]}`,
      };
      if (placement.kind === 'capabilityStorage') segment.capabilityStorage = true;
      if (placement.owner.domain) segment.domain = owner;
      segments.push(segment);
    }
    return { name: process.name, regionIndex: process.index, segments, startAddress: assembled.symbols.get(process.startLabel) ?? 0 };
  });
  return { processes, symbols: assembled.symbols };
}

function buildDebugInfo(analysis: Analysis, generated: GeneratedProgram, assembled: AssemblyResult): DebugInfo {
  const symbols = assembled.symbols;
  const address = (label: string): number => {
    const value = symbols.get(label);
    if (value === undefined) throw new Error(`debug info: label ${label} missing from the assembly`);
    return value;
  };
  const lineOf = (offset: number): number => analysis.lineMap.positionAt(offset).line + 1;
  const debug = generated.debug;

  // One line-table entry per address: a statement start wins over other marks at the same place.
  const byAddress = new Map<number, LineTableEntry>();
  for (const record of debug.lines) {
    const position = analysis.lineMap.positionAt(record.offset);
    const entry: LineTableEntry = { address: address(record.label), line: position.line + 1, column: position.column + 1, isStatement: record.isStatement };
    const existing = byAddress.get(entry.address);
    if (!existing || entry.isStatement || !existing.isStatement) byAddress.set(entry.address, entry);
  }

  const functions: FunctionInfo[] = debug.functions.map((record) => ({
    kind: record.kind,
    qualifiedName: record.qualifiedName,
    name: record.name,
    process: record.process,
    domain: record.domain,
    start: address(record.startLabel),
    end: address(record.endLabel),
    generated: record.kind !== 'function' && record.kind !== 'entry',
    line: record.declarationOffset === undefined ? undefined : lineOf(record.declarationOffset),
    endLine: record.endOffset === undefined ? undefined : lineOf(Math.max(record.endOffset - 1, 0)),
    frameSize: record.frameSize,
    variables: record.variables.map((variable) => ({
      name: variable.name,
      kind: variable.kind,
      type: variable.type,
      location: variable.location,
      line: lineOf(variable.declarationOffset),
      liveStart: address(variable.liveStartLabel),
      liveEnd: address(variable.liveEndLabel),
    })),
  }));

  const globals = debug.globals.map((record) => ({
    qualifiedName: record.qualifiedName,
    name: record.name,
    process: record.process,
    domain: record.domain,
    address: address(record.label),
    type: record.type,
    storage: record.storage,
    line: lineOf(record.declarationOffset),
  }));

  const processes: ProcessDebugInfo[] = generated.processes.map((process) => ({
    name: process.name,
    index: process.index,
    startAddress: address(process.startLabel),
    entries: debug.entries
      .filter((entry) => entry.process === process.name)
      .map((entry) => ({
        qualifiedName: entry.qualifiedName,
        address: address(entry.label),
        isolation: entry.isolation,
        signature: entry.signature,
        descriptorAddress: address(entry.descriptorLabel),
      })),
    imports: debug.imports
      .filter((record) => record.process === process.name)
      .map((record) => ({
        target: record.target,
        localName: record.localName,
        callerIsolation: record.callerIsolation,
        descriptorAddress: address(record.descriptorLabel),
      })),
  }));
  return new DebugInfo(analysis.fileName, [...byAddress.values()], functions, globals, processes);
}

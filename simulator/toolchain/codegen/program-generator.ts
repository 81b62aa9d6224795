// Generates the whole program's assembly: for every process (in program order) and every domain
// of it, globals, functions, spawn wrappers, runtime routines and capability spill areas in the
// domain's own sections; then entry and import descriptors and the start-up code. Returns the text
// with the section bases it must be assembled at and the label-keyed debug records.

import type { Analysis, Type } from '../language/analysis';
import { encodeSignature, Syscall } from '../../kernel/abi';
import { isIsolationProperty, isolationMask } from '../../kernel/isolation';
import { CAPABILITY_SLOT_BYTES } from '../../machine/instruction-set';
import { AssemblyWriter } from './assembly-writer';
import { ProgramContext } from './context';
import type { DebugRecords } from './debug-records';
import { FunctionGenerator, isCapabilityType, sizeOf } from './function-generator';
import { CAPABILITY_SPILL_BYTES_PER_STACK, CAPABILITY_SPILL_STACKS, dataSectionLimit, placeProcessSections, type SectionPlacement } from './layout';
import { PAGE_SIZE } from '../../kernel/address-space';
import { type DomainName, generatedLabel, sectionName } from './names';
import { CodegenError, type DomainModel, type FunctionModel, ProgramModel, type ProcessModel } from './program-model';
import { emitRuntimeRoutines } from './runtime';
import { emitStartup, sectionEndLabel } from './startup';

export interface GenerationError {
  message: string;
  /** Source offsets, when the error is about a piece of the program. */
  span?: { start: number; end: number };
}

export interface GeneratedProcess {
  name: string;
  index: number;
  startLabel: string;
  placements: SectionPlacement[];
}

export interface GeneratedProgram {
  assembly: string;
  sectionBases: Record<string, number>;
  processes: GeneratedProcess[];
  debug: DebugRecords;
  errors: GenerationError[];
}

export function generateProgram(analysis: Analysis, options: { longBranches: boolean }): GeneratedProgram {
  const errors: GenerationError[] = [];
  const guard = (work: () => void): void => {
    try {
      work();
    } catch (error) {
      if (!(error instanceof CodegenError)) throw error;
      errors.push({ message: error.message, span: error.node?.span });
    }
  };
  const writer = new AssemblyWriter(options.longBranches);
  let model: ProgramModel | undefined;
  guard(() => {
    model = new ProgramModel(analysis);
  });
  const context = new ProgramContext(model ?? ({} as ProgramModel), writer);
  if (!model) return { assembly: '', sectionBases: {}, processes: [], debug: context.debug, errors };

  const capabilityBytes = new Map<string, number>();
  for (const process of model.processes) {
    for (const domain of [process.main, ...process.domains]) {
      guard(() => emitGlobals(context, domain));
      for (const fn of domain.functions) guard(() => new FunctionGenerator(context, fn).generate());
      emitSpawnWrappers(context, domain);
      emitRuntimeRoutines(context, domain);
      capabilityBytes.set(domain.path, emitCapabilityStorage(context, domain));
    }
    guard(() => emitDescriptors(context, process));
  }

  const sectionBases: Record<string, number> = {};
  const processes: GeneratedProcess[] = [];
  for (const process of model.processes) {
    const { placements, errors: layoutErrors } = placeProcessSections(
      process.index,
      process.name,
      process.domains.map((domain) => domain.domain as string),
      (owner: DomainName) => capabilityBytes.get(owner.domain ? `${owner.process}.${owner.domain}` : owner.process) ?? 0,
    );
    errors.push(...layoutErrors.map((message) => ({ message })));
    const isUsed = (placement: SectionPlacement): boolean => writer.hasLines(placement.name);
    // Domains' sections are complete here; the main domain's gain the start-up code and its strings.
    const startLabel = emitStartup(context, process, placements.filter((placement) => placement.owner.domain !== undefined && isUsed(placement)));
    const used = placements.filter(isUsed);
    for (const placement of used) sectionBases[placement.name] = placement.base;
    processes.push({ name: process.name, index: process.index, startLabel, placements: used });
  }
  for (const name of writer.nonEmptySections()) {
    writer.inSection(name, () => writer.label(sectionEndLabel(name)));
  }
  return { assembly: writer.text(), sectionBases, processes, debug: context.debug, errors };
}

function wordOf(value: number | boolean): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function emitGlobals(context: ProgramContext, domain: DomainModel): void {
  const writer = context.writer;
  // A page of the data section stays free for the compiler's own words (revocation counters, spill depths).
  const limit = dataSectionLimit(domain.domain === undefined, domain.processModel.domains.length) - PAGE_SIZE;
  let bytes = 0;
  for (const global of domain.globals) {
    bytes += global.storage === 'capabilityStorage' ? 4 : Math.ceil(sizeOf(global.type) / 4) * 4;
    if (bytes > limit) {
      const owner = domain.domain === undefined ? `process ${domain.processModel.name}` : `domain ${domain.path}`;
      throw new CodegenError(`the globals of ${owner} take more than the ${limit} bytes its data section holds (up to \`${global.declaration.name.name}\`)`, global.declaration.name);
    }
    context.debug.globals.push({
      qualifiedName: global.label,
      name: global.declaration.name.name,
      process: domain.processModel.name,
      domain: domain.domain ?? domain.processModel.name,
      label: global.label,
      type: global.type,
      storage: global.storage,
      declarationOffset: global.declaration.name.span.start,
    });
    if (global.storage === 'capabilityStorage') {
      if (global.declaration.initializer) {
        throw new CodegenError('an `acap` global starts invalid; assign it in code', global.declaration.initializer);
      }
      writer.inSection(sectionName(domain, 'capabilityStorage'), () => {
        writer.line(`.balign ${CAPABILITY_SLOT_BYTES}`);
        writer.label(global.label);
        writer.line(`.zero ${CAPABILITY_SLOT_BYTES}`);
      });
      writer.inSection(sectionName(domain, 'data'), () => {
        writer.line('.balign 4');
        writer.label(global.counterAddressLabel as string);
        writer.line('.word 0');
      });
      continue;
    }
    const words = initialWords(context, global.type, global.declaration.initializer);
    writer.inSection(sectionName(domain, 'data'), () => {
      writer.line('.balign 4');
      writer.label(global.label);
      if (words) writer.line(`.word ${words.join(', ')}`);
      else writer.line(`.zero ${sizeOf(global.type)}`);
    });
  }
}

/** The words of a global's initial value, or undefined for all zeros. */
function initialWords(context: ProgramContext, type: Type, initializer: import('../language/ast').Expr | undefined): number[] | undefined {
  if (!initializer) return undefined;
  if (type.kind === 'array') throw new CodegenError('array globals start zeroed; they take no initializer', initializer);
  const value = context.model.constantValue(initializer);
  if (value === undefined) throw new CodegenError('a global initializer must be a constant expression', initializer);
  return [wordOf(value)];
}

function emitSpawnWrappers(context: ProgramContext, domain: DomainModel): void {
  const writer = context.writer;
  for (const [target, label] of context.spawnWrappersOf(domain)) {
    const end = `__end${label}`;
    writer.inSection(sectionName(domain, 'text'), () => {
      writer.line('.balign 4');
      writer.label(label);
      writer.line(`jal ra, ${target.label}`);
      writer.line(`li a7, ${Syscall.threadExit}`);
      writer.line('ecall');
      writer.label(end);
    });
    context.debug.functions.push({
      kind: 'spawnWrapper',
      qualifiedName: `${target.qualifiedName}.<spawn>`,
      name: '<spawn>',
      process: domain.processModel.name,
      domain: domain.domain ?? domain.processModel.name,
      startLabel: label,
      endLabel: end,
      frameSize: 0,
      variables: [],
    });
  }
}

/** C-page contents beyond the acap globals: per-stack spill areas and their depth words. Returns the section's size. */
function emitCapabilityStorage(context: ProgramContext, domain: DomainModel): number {
  const writer = context.writer;
  let bytes = domain.globals.filter((global) => global.storage === 'capabilityStorage').length * CAPABILITY_SLOT_BYTES;
  if (!context.usesCapabilitySpill(domain)) return bytes;
  const spillBytes = CAPABILITY_SPILL_BYTES_PER_STACK * CAPABILITY_SPILL_STACKS;
  writer.inSection(sectionName(domain, 'capabilityStorage'), () => {
    writer.line(`.balign ${CAPABILITY_SPILL_BYTES_PER_STACK}`);
    writer.label(generatedLabel('capability_spill', domain));
    writer.line(`.zero ${spillBytes}`);
  });
  writer.inSection(sectionName(domain, 'data'), () => {
    writer.line('.balign 4');
    writer.label(generatedLabel('capability_spill_depth', domain));
    writer.line(`.zero ${4 * CAPABILITY_SPILL_STACKS}`);
  });
  bytes = Math.ceil(bytes / CAPABILITY_SPILL_BYTES_PER_STACK) * CAPABILITY_SPILL_BYTES_PER_STACK + spillBytes;
  return bytes;
}

/** The signature word of abi.ts for a function's parameters and result. */
function signatureOf(fn: FunctionModel, parameterType: (index: number) => Type): number {
  const parameters = fn.declaration.parameters;
  return encodeSignature({
    argumentCount: parameters.length,
    capabilityArguments: parameters.map((_, index) => isCapabilityType(parameterType(index))),
    hasResult: (fn.symbol?.signature?.result.kind ?? (fn.declaration.returnType ? 'int' : 'void')) !== 'void',
  });
}

function parameterTypes(context: ProgramContext, fn: FunctionModel): (index: number) => Type {
  return (index) =>
    fn.symbol?.signature?.parameters[index]?.type ??
    context.model.analysis.resolutions.get(fn.declaration.parameters[index].name)?.type ?? { kind: 'error' };
}

function validIsolation(names: readonly string[]): string[] {
  return names.filter(isIsolationProperty);
}

function emitDescriptors(context: ProgramContext, process: ProcessModel): void {
  const writer = context.writer;
  const main = process.main;
  if (process.entries.length > 0) {
    writer.inSection(sectionName(main, 'data'), () => {
      writer.line('.balign 4');
      writer.label(generatedLabel('entry_descriptors', main));
      process.entries.forEach((entry, index) => {
        const isolation = validIsolation(entry.declaration.isolation?.properties.map((p) => p.name) ?? []);
        const signature = signatureOf(entry, parameterTypes(context, entry));
        const descriptorLabel = generatedLabel('entry_descriptor', main, index);
        writer.label(descriptorLabel);
        writer.line(`.word ${entry.label}, ${signature}, ${isolationMask(isolation.filter(isIsolationProperty))}, 0`);
        context.debug.entries.push({ process: process.name, qualifiedName: entry.qualifiedName, label: entry.label, isolation, signature, descriptorLabel });
      });
    });
  }
  const targets = [...new Set(process.imports.map((i) => i.targetProcess))];
  writer.inSection(sectionName(main, 'data'), () => {
    for (const target of targets) {
      writer.line('.balign 4');
      for (const importModel of process.imports.filter((i) => i.targetProcess === target)) {
        const isolation = validIsolation(importModel.callerIsolation);
        const signature = signatureOf(importModel.target, parameterTypes(context, importModel.target));
        writer.label(importModel.descriptorLabel);
        writer.line(`.word ${importModel.targetIndex}, ${signature}, ${isolationMask(isolation.filter(isIsolationProperty))}, 0`);
        context.debug.imports.push({
          process: process.name,
          target: importModel.target.qualifiedName,
          localName: importModel.declaration.alias?.name ?? importModel.declaration.entry.name,
          callerIsolation: isolation,
          descriptorLabel: importModel.descriptorLabel,
        });
      }
    }
  });
}


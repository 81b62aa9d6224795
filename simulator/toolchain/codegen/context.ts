// State shared by all generators of one compilation: the model, the assembly being written, the
// debug records, and per-domain side tables (string literals, revocation counters, runtime
// routines and spawn wrappers in use, capability spill areas), each kept per domain because a
// domain may only touch its own pages.

import { AssemblyWriter } from './assembly-writer';
import { DebugRecords } from './debug-records';
import { type DomainName, generatedLabel, sectionName } from './names';
import type { DomainModel, FunctionModel, ProgramModel } from './program-model';

export type RuntimeRoutine = 'formatInteger' | 'formatBool' | 'copyBytes';

interface DomainTables {
  strings: Map<string, string>;
  counters: number;
  routines: Set<RuntimeRoutine>;
  spawnWrappers: Map<FunctionModel, string>;
  capabilitySpill: boolean;
}

export class ProgramContext {
  readonly debug = new DebugRecords();
  private readonly tables = new Map<string, DomainTables>();

  constructor(readonly model: ProgramModel, readonly writer: AssemblyWriter) {}

  private tablesOf(owner: DomainName & { path?: string }): DomainTables {
    const key = `${owner.process}/${owner.domain ?? ''}`;
    let tables = this.tables.get(key);
    if (!tables) {
      tables = { strings: new Map(), counters: 0, routines: new Set(), spawnWrappers: new Map(), capabilitySpill: false };
      this.tables.set(key, tables);
    }
    return tables;
  }

  /** Label of a string's bytes in the domain's read-only data (emitted once per domain). */
  stringLabel(owner: DomainName, text: string, terminated = false): string {
    const tables = this.tablesOf(owner);
    const key = terminated ? `${text}\0` : text;
    let label = tables.strings.get(key);
    if (!label) {
      label = generatedLabel('string', owner, tables.strings.size);
      tables.strings.set(key, label);
      const bytes = [...Buffer.from(key, 'utf8')];
      this.writer.inSection(sectionName(owner, 'rodata'), () => {
        this.writer.label(label as string);
        if (bytes.length > 0) this.writer.line(`.byte ${bytes.join(', ')}`);
      });
    }
    return label;
  }

  /** A new revocation counter word in the domain's data (one per `acap(...)` creation site). */
  newRevocationCounter(owner: DomainName): string {
    const tables = this.tablesOf(owner);
    const label = generatedLabel('revocation_counter', owner, tables.counters);
    tables.counters += 1;
    this.writer.inSection(sectionName(owner, 'data'), () => {
      this.writer.line('.balign 4');
      this.writer.label(label);
      this.writer.line('.word 0');
    });
    return label;
  }

  /** Marks a runtime routine as used by the domain and returns its label. */
  routine(owner: DomainName, routine: RuntimeRoutine): string {
    this.tablesOf(owner).routines.add(routine);
    return generatedLabel(routine, owner);
  }

  routinesUsed(owner: DomainName): RuntimeRoutine[] {
    return [...this.tablesOf(owner).routines];
  }

  spawnWrapper(target: FunctionModel): string {
    const tables = this.tablesOf(target.owner);
    let label = tables.spawnWrappers.get(target);
    if (!label) {
      label = `__spawn.${target.qualifiedName}`;
      tables.spawnWrappers.set(target, label);
    }
    return label;
  }

  spawnWrappersOf(owner: DomainName): [FunctionModel, string][] {
    return [...this.tablesOf(owner).spawnWrappers];
  }

  /** The domain keeps capability registers across calls in C-page spill areas (one per stack). */
  useCapabilitySpill(owner: DomainModel): void {
    this.tablesOf(owner).capabilitySpill = true;
  }

  usesCapabilitySpill(owner: DomainName): boolean {
    return this.tablesOf(owner).capabilitySpill;
  }
}

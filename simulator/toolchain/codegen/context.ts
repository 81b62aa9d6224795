// State shared by all generators of one compilation: the model, the assembly being written, the
// debug records, and per-domain side tables (string literals, revocation counters, runtime
// routines and spawn wrappers in use, capability spill areas), each kept per domain because a
// domain may only touch its own pages.

import { AssemblyWriter } from './assembly-writer';
import { DebugRecords } from './debug-records';
import { type DomainName, generatedLabel, sectionName } from './names';
import type { DomainModel, FunctionModel, ProgramModel } from './program-model';

/**
 * Bytes of revocation counters per domain (512 words, a power of two so the next offset wraps with
 * one `andi`). After 512 `acap(...)` evaluations counters are reused: a capability made long ago
 * and one made now may then share one, and revoking either revokes both.
 */
export const REVOCATION_POOL_BYTES = 2048;

export type RuntimeRoutine = 'formatInteger' | 'formatBool' | 'copyBytes';

interface DomainTables {
  strings: Map<string, string>;
  revocationPool: boolean;
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
      tables = { strings: new Map(), revocationPool: false, routines: new Set(), spawnWrappers: new Map(), capabilitySpill: false };
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

  /**
   * The domain's pool of revocation counters (REVOCATION_POOL_BYTES of words, emitted once) and the
   * word holding the byte offset of the next one to hand out: every `acap(...)` evaluation takes
   * its own counter, so revoking one capability leaves the others made at the same place valid.
   */
  revocationCounters(owner: DomainName): { pool: string; next: string } {
    const tables = this.tablesOf(owner);
    const labels = { pool: generatedLabel('revocation_counters', owner), next: generatedLabel('revocation_next', owner) };
    if (!tables.revocationPool) {
      tables.revocationPool = true;
      this.writer.inSection(sectionName(owner, 'data'), () => {
        this.writer.line('.balign 4');
        this.writer.label(labels.next);
        this.writer.line('.word 0');
        this.writer.label(labels.pool);
        this.writer.line(`.zero ${REVOCATION_POOL_BYTES}`);
      });
    }
    return labels;
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

// The cost model (machine.md §9): one table of cycle costs, keyed by the cost classes of
// instruction-set.ts plus the hardware events that are not instructions. A cost-model JSON file is
// an object of sections; this file owns the `"machine"` section and the validator other sections
// (such as the classic-IPC components, `"ipc"`) reuse by passing their own table.
import { readFileSync } from 'node:fs';
import type { CostClass } from './instruction-set';

export interface CostEntry {
  default: number;
  description: string;
  /** When set, 0 is rejected as well (a clock rate or a divisor). */
  strictlyPositive?: boolean;
}
export type CostTable = Readonly<Record<string, CostEntry>>;

/**
 * The machine section. Instruction classes cost their cycles per executed instruction; the event
 * entries are added on top (crossDomainCall, crossDomainReturn, aplMiss) or replace the class cost
 * (branchTaken replaces branch, privilegedCsrWrite replaces csr).
 */
export const MACHINE_COST_TABLE = {
  alu: { default: 1, description: 'simple integer instruction (add, shifts, lui, fence, ...)' },
  multiply: { default: 3, description: 'mul, mulh, mulhsu, mulhu' },
  divide: { default: 20, description: 'div, divu, rem, remu' },
  load: { default: 1, description: 'lb/lh/lw/lbu/lhu (cache hit assumed)' },
  store: { default: 1, description: 'sb/sh/sw (cache hit assumed)' },
  branch: { default: 1, description: 'conditional branch that is not taken' },
  branchTaken: { default: 1, description: 'conditional branch that is taken (instead of `branch`)' },
  jump: { default: 1, description: 'jal, jalr' },
  system: { default: 1, description: 'ecall, ebreak (the kernel work behind an ecall is charged by the kernel)' },
  csr: { default: 1, description: 'CSR read or unprivileged CSR instruction' },
  privilegedCsrWrite: { default: 5, description: 'CSR instruction that writes dipc.proc, dipc.kcs or dipc.dcsbase (instead of `csr`)' },
  capability: { default: 1, description: 'cap.clr, cap.mv, cap.base, cap.len' },
  capabilityCreate: { default: 2, description: 'cap.create, cap.createa, cap.restrict' },
  capabilityMemory: { default: 1, description: 'cap.ld, cap.st' },
  crossDomainCall: { default: 2, description: 'extra cycles of a call that lands in another domain (DCS push)' },
  crossDomainReturn: { default: 2, description: 'extra cycles of a return that lands in another domain (DCS pop)' },
  aplMiss: { default: 30, description: 'APL_MISS_CYCLES: extra cycles of an APL cache miss (software refill)' },
  clockGhz: { default: 2.5, description: 'CLOCK_GHZ: clock rate used to turn cycles into time', strictlyPositive: true },
} as const satisfies CostTable;

export type MachineCostKey = keyof typeof MACHINE_COST_TABLE;
export type MachineCosts = Record<MachineCostKey, number>;

/** Every instruction cost class of instruction-set.ts has an entry (checked by the type). */
const classCoverage: Record<CostClass, MachineCostKey> = {
  alu: 'alu', multiply: 'multiply', divide: 'divide', load: 'load', store: 'store', branch: 'branch',
  jump: 'jump', system: 'system', csr: 'csr', capability: 'capability',
  capabilityCreate: 'capabilityCreate', capabilityMemory: 'capabilityMemory',
};
export function costKeyOfClass(costClass: CostClass): MachineCostKey {
  return classCoverage[costClass];
}

export class CostModelError extends Error {
  constructor(message: string) {
    super(`cost model: ${message}`);
    this.name = 'CostModelError';
  }
}

export function defaultCosts<T extends CostTable>(table: T): Record<keyof T, number> {
  const result = {} as Record<keyof T, number>;
  for (const key of Object.keys(table) as (keyof T)[]) result[key] = table[key].default;
  return result;
}

export function defaultMachineCosts(): MachineCosts {
  return defaultCosts(MACHINE_COST_TABLE);
}

/**
 * Checks one section of a cost-model file (partial overrides allowed) and returns the defaults
 * with the overrides applied. Unknown keys, non-numbers and negative values are rejected with an
 * error naming `section.key`.
 */
export function validateCostSection<T extends CostTable>(section: string, table: T, value: unknown): Record<keyof T, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CostModelError(`section "${section}" must be an object of numbers`);
  }
  const result = defaultCosts(table);
  for (const [key, cost] of Object.entries(value as Record<string, unknown>)) {
    const entry = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
    if (entry === undefined) {
      throw new CostModelError(`unknown key "${section}.${key}" (known keys: ${Object.keys(table).join(', ')})`);
    }
    if (typeof cost !== 'number' || !Number.isFinite(cost)) {
      throw new CostModelError(`"${section}.${key}" must be a number, got ${JSON.stringify(cost)}`);
    }
    if (cost < 0 || (entry.strictlyPositive === true && cost === 0)) {
      throw new CostModelError(`"${section}.${key}" must be ${entry.strictlyPositive === true ? 'greater than 0' : 'non-negative'}, got ${cost}`);
    }
    (result as Record<string, number>)[key] = cost;
  }
  return result;
}

/**
 * Validates a whole cost-model document against the given sections (default: only `machine`).
 * Missing sections get their defaults; unknown sections are rejected.
 */
export function parseCostModel<S extends Record<string, CostTable>>(
  document: unknown,
  sections: S = { machine: MACHINE_COST_TABLE } as unknown as S,
): { [K in keyof S]: Record<keyof S[K], number> } {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new CostModelError(`the file must hold a JSON object with sections (${Object.keys(sections).join(', ')})`);
  }
  for (const name of Object.keys(document)) {
    if (!Object.prototype.hasOwnProperty.call(sections, name)) {
      throw new CostModelError(`unknown section "${name}" (known sections: ${Object.keys(sections).join(', ')})`);
    }
  }
  const result = {} as { [K in keyof S]: Record<keyof S[K], number> };
  for (const name of Object.keys(sections) as (keyof S & string)[]) {
    const given = (document as Record<string, unknown>)[name];
    result[name] = given === undefined ? defaultCosts(sections[name]) : validateCostSection(name, sections[name], given);
  }
  return result;
}

/** Reads and validates a cost-model JSON file; every problem becomes one CostModelError line. */
export function loadCostModelFile<S extends Record<string, CostTable>>(
  path: string,
  sections: S = { machine: MACHINE_COST_TABLE } as unknown as S,
): { [K in keyof S]: Record<keyof S[K], number> } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CostModelError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CostModelError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseCostModel(document, sections);
}

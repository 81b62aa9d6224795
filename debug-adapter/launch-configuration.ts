// The launch attributes of the `dipc` debugger (tooling.md §3): the one definition of their
// names, types, defaults and descriptions. The adapter validates launch requests with it and
// scripts/generate-debugger-schema.ts writes package.json's configurationAttributes from it.

import { IPC_MODES, type IpcMode } from '../simulator/kernel/ipc-modes';

/** What a validated launch request carries. */
export interface LaunchConfiguration {
  /** Absolute or workspace-relative path of the program (.dipc, .s or static RV32 ELF). */
  program: string;
  stopOnEntry: boolean;
  ipc: IpcMode;
  /** Stop the run (as an `exited` with status 124) after this many instructions; undefined: no limit. */
  maxInstructions?: number;
  /** Path of a JSON cost-model file overriding the default cycle costs; undefined: defaults. */
  costModel?: string;
}

/** A JSON-schema fragment as VS Code reads it in `configurationAttributes`. */
export interface AttributeSchema {
  type: 'string' | 'boolean' | 'integer';
  description: string;
  default?: string | boolean | number;
  enum?: readonly string[];
  enumDescriptions?: readonly string[];
  minimum?: number;
}

interface AttributeDefinition {
  schema: AttributeSchema;
  required: boolean;
}

const IPC_MODE_DESCRIPTIONS: Record<IpcMode, string> = {
  dipc: 'cross-process calls through dIPC trusted proxies in one shared address space',
  l4: 'synchronous call/reply IPC of an L4-family microkernel',
  rpc: 'local RPC over a UNIX socket (marshalling plus two socket round trips)',
  pipe: 'request and reply over two pipes',
  sem: 'shared buffer plus two semaphores',
};

/** The table: attribute name -> schema. Order is the order shown in the editor's completion. */
export const LAUNCH_ATTRIBUTES: Readonly<Record<keyof LaunchConfiguration, AttributeDefinition>> = {
  program: {
    required: true,
    schema: {
      type: 'string',
      description: 'The program to debug: a .dipc source file, a .s assembly file or a static RV32 ELF executable.',
      default: '${file}',
    },
  },
  stopOnEntry: {
    required: false,
    schema: {
      type: 'boolean',
      description: 'Stop at the first line of the first `main` before running anything of the program.',
      default: false,
    },
  },
  ipc: {
    required: false,
    schema: {
      type: 'string',
      description: 'How cross-process calls are carried: dIPC proxies, or a classic kernel IPC primitive for comparison.',
      default: 'dipc',
      enum: IPC_MODES,
      enumDescriptions: IPC_MODES.map((mode) => IPC_MODE_DESCRIPTIONS[mode]),
    },
  },
  maxInstructions: {
    required: false,
    schema: {
      type: 'integer',
      description: 'End the run after this many simulated instructions (exit status 124). Leave out for no limit.',
      minimum: 1,
    },
  },
  costModel: {
    required: false,
    schema: {
      type: 'string',
      description: 'A JSON file overriding cycle costs of the default cost model (machine.md §9). Leave out for the defaults.',
    },
  },
};

/** `configurationAttributes` of package.json's `contributes.debuggers[0]`. */
export function debuggerConfigurationAttributes(): { launch: { required: string[]; properties: Record<string, AttributeSchema> } } {
  const properties: Record<string, AttributeSchema> = {};
  const required: string[] = [];
  for (const [name, definition] of Object.entries(LAUNCH_ATTRIBUTES)) {
    properties[name] = definition.schema;
    if (definition.required) required.push(name);
  }
  return { launch: { required, properties } };
}

export class LaunchConfigurationError extends Error {}

/**
 * Checks a launch request's arguments against the table. Throws LaunchConfigurationError with a
 * message naming the attribute (the adapter shows it as the launch's error response).
 */
export function validateLaunchConfiguration(raw: Record<string, unknown>): LaunchConfiguration {
  const program = raw.program;
  if (program === undefined || program === null || program === '') {
    throw new LaunchConfigurationError('launch attribute `program` is required: the path of the .dipc, .s or ELF file to debug');
  }
  if (typeof program !== 'string') throw new LaunchConfigurationError('launch attribute `program` must be a string (a file path)');
  const stopOnEntry = optional(raw, 'stopOnEntry', 'boolean') ?? false;
  const ipc = optional(raw, 'ipc', 'string') ?? 'dipc';
  if (!(IPC_MODES as readonly string[]).includes(ipc)) {
    throw new LaunchConfigurationError(`launch attribute \`ipc\` must be one of ${IPC_MODES.join(', ')}, not \`${ipc}\``);
  }
  const maxInstructions = optional(raw, 'maxInstructions', 'number');
  if (maxInstructions !== undefined && (!Number.isSafeInteger(maxInstructions) || maxInstructions < 1)) {
    throw new LaunchConfigurationError(`launch attribute \`maxInstructions\` must be a positive whole number, not ${maxInstructions}`);
  }
  const costModel = optional(raw, 'costModel', 'string');
  return { program, stopOnEntry, ipc: ipc as IpcMode, maxInstructions, costModel: costModel || undefined };
}

function optional<T extends 'string' | 'boolean' | 'number'>(
  raw: Record<string, unknown>,
  name: keyof LaunchConfiguration,
  type: T,
): (T extends 'string' ? string : T extends 'boolean' ? boolean : number) | undefined {
  const value = raw[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type) {
    const expected = type === 'number' ? 'a number' : type === 'boolean' ? 'true or false' : 'a string';
    throw new LaunchConfigurationError(`launch attribute \`${name}\` must be ${expected}, not ${JSON.stringify(value)}`);
  }
  return value as never;
}

// The table of `dipc` commands: each module exports its argument spec and what it does.
import type { CommandSpec } from '../arguments';
import { benchCommand } from './bench';
import { checkCommand } from './check';
import { disasmCommand } from './disasm';
import { pagemapCommand } from './pagemap';
import { runCommand } from './run';
import { traceCommand } from './trace';

export interface Command {
  spec: CommandSpec;
  /** Returns the exit status. */
  execute(argv: string[]): Promise<number> | number;
}

export const COMMANDS: readonly Command[] = [runCommand, checkCommand, benchCommand, disasmCommand, traceCommand, pagemapCommand];

// The `dipc` command (tooling.md §2): dispatches to one module per command. Every failure a user
// can cause (bad flags, missing or broken files) ends as one line on stderr and exit status 2;
// anything else is a bug in dIPC Studio and is reported as such, still without a stack trace.

import { UsageError } from './arguments';
import { COMMANDS } from './commands';
import { ProgramBuildError, ProgramInputError } from '../simulator/toolchain/program-loader';
import { CostModelError } from '../simulator/machine/cost-model';

export const EXIT_BAD_INPUT = 2;
/** A program that does not compile (tooling.md §2): its diagnostics on stderr. */
export const EXIT_BUILD_FAILED = 1;

const HELP = `usage: dipc <command> [options]

commands:
${COMMANDS.map((command) => `  ${command.spec.usage}`).join('\n')}

Exit status: the program's own (70 when a fault killed a process), 1 when it does not compile
(or \`check\` found errors), 124 when --max-instructions stopped it, 2 for bad input.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP);
    return name === undefined ? EXIT_BAD_INPUT : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.spec.name === name);
  if (!command) throw new UsageError(`unknown command \`${name}\` (commands: ${COMMANDS.map((c) => c.spec.name).join(', ')})`);
  return command.execute(rest);
}

// `dipc trace FILE | head`: a reader that stops early closes the pipe; that ends the command
// quietly, as it does for other Unix tools, instead of an EPIPE stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof ProgramBuildError) {
      for (const line of error.diagnostics) process.stderr.write(`${line}\n`);
      process.exitCode = EXIT_BUILD_FAILED;
      return;
    }
    if (error instanceof UsageError || error instanceof ProgramInputError || error instanceof CostModelError) {
      process.stderr.write(`dipc: ${error.message}\n`);
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`dipc: internal error (please report it): ${message}\n`);
    }
    process.exitCode = EXIT_BAD_INPUT;
  },
);

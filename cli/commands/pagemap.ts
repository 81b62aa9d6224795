// `dipc pagemap FILE [--json]`: the address space of a program once its start-up code has run
// (domains created, proxies generated): every page with its domain, owner and R/W/X/P/C bits.
import { parseArguments, type CommandSpec } from '../arguments';
import { execute } from '../execution';
import { hex } from '../../simulator/machine/faults';
import { pageMap } from '../../simulator/kernel/page-map';
import { loadProgram } from '../../simulator/toolchain/program-loader';
import type { Command } from '.';

/** Enough for every program's start-up code to create its domains and request its proxies. */
export const STARTUP_BUDGET = 2_000_000;

const spec: CommandSpec = {
  name: 'pagemap',
  usage: 'dipc pagemap FILE [--json]',
  flags: [{ name: 'json' }],
  positionals: { min: 1, max: 1, name: 'FILE' },
};

export const pagemapCommand: Command = {
  spec,
  execute(argv) {
    const { flags, positionals } = parseArguments(spec, argv);
    const program = loadProgram(positionals[0]);
    const { kernel } = execute(program.image, { maxInstructions: STARTUP_BUDGET });
    const pages = pageMap(kernel, program.image);
    if (flags.has('json')) {
      console.log(JSON.stringify({ pages }, null, 2));
      return 0;
    }
    for (const page of pages) {
      const flagsText = `${page.read ? 'R' : '-'}${page.write ? 'W' : '-'}${page.execute ? 'X' : '-'}${page.privileged ? 'P' : '-'}${page.capabilityStorage ? 'C' : '-'}`;
      console.log(`${hex(page.address)}  ${flagsText}  tag ${String(page.tag).padEnd(3)} ${page.domain.padEnd(20)} ${page.process.padEnd(12)} ${page.region ?? ''}`);
    }
    return 0;
  },
};

// `dipc trace FILE [--json]`: every domain switch and process switch in order, with the thread,
// from/to, the proxy it happened in, the switch's own cost (`switchCycles`, docs/cli.md) and the
// cycles spent since the previous switch.
import { parseArguments, type CommandSpec } from '../arguments';
import { EXECUTION_FLAGS, execute, executionOptions } from '../execution';
import { hex } from '../../simulator/machine/faults';
import { loadProgram } from '../../simulator/toolchain/program-loader';
import type { Command } from '.';

const spec: CommandSpec = {
  name: 'trace',
  usage: 'dipc trace FILE [--ipc dipc|l4|rpc|pipe|sem] [--json] [--max-instructions N] [--cost-model F]',
  flags: [{ name: 'json' }, ...EXECUTION_FLAGS],
  positionals: { min: 1, max: 1, name: 'FILE' },
};

export const traceCommand: Command = {
  spec,
  execute(argv) {
    const { flags, positionals } = parseArguments(spec, argv);
    const options = executionOptions(flags);
    const program = loadProgram(positionals[0]);
    const { result } = execute(program.image, { ...options, trace: true });
    const events = (result.trace ?? []).map((event) => ({
      ...event,
      line: program.debugInfo?.lineForAddress(event.pc)?.line ?? null,
    }));
    if (flags.has('json')) {
      console.log(JSON.stringify({ events, stats: result.stats }, null, 2));
      return 0;
    }
    for (const event of events) {
      const what = event.kind === 'domainSwitch' ? 'domain ' : 'process';
      const proxy = event.proxy === undefined ? '' : `  via proxy ${hex(event.proxy)}`;
      const line = event.line === null ? '' : `  line ${event.line}`;
      console.log(
        `${String(event.cycle).padStart(10)}  +${String(event.cycles).padEnd(8)} cost ${String(event.switchCycles).padEnd(6)} thread ${event.thread}  ${what} ${event.fromName} -> ${event.toName}  pc ${hex(event.pc)}${proxy}${line}`,
      );
    }
    const { stats } = result;
    console.log(`${events.length} switches; ${stats.domainSwitches} domain switches, ${stats.processSwitches} process switches, ${stats.cycles} cycles`);
    return 0;
  },
};

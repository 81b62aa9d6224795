// `dipc disasm FILE`: every instruction of the program with its address, domain, encoding,
// assembly and source line; then the trusted proxies its start-up code made the kernel generate,
// each instruction commented with the proxy step it belongs to (os.md §3).
import { parseArguments, type CommandSpec } from '../arguments';
import { execute } from '../execution';
import { hex } from '../../simulator/machine/faults';
import { disassembleWord } from '../../simulator/toolchain/assembler/disassembler';
import type { LoadedProgram } from '../../simulator/toolchain/program-loader';
import { loadRunnableProgram } from '../program-file';
import { STARTUP_BUDGET } from './pagemap';
import type { Command } from '.';


const spec: CommandSpec = {
  name: 'disasm',
  usage: 'dipc disasm FILE',
  flags: [],
  positionals: { min: 1, max: 1, name: 'FILE' },
};

export const disasmCommand: Command = {
  spec,
  execute(argv) {
    const { positionals } = parseArguments(spec, argv);
    const program = loadRunnableProgram(positionals[0]);
    for (const line of listProgram(program)) console.log(line);
    if (program.kind === 'dipc') {
      for (const line of listProxies(program)) console.log(line);
    }
    return 0;
  },
};

export function listProgram(program: LoadedProgram): string[] {
  const symbolsByAddress = new Map<number, string>();
  for (const [name, address] of program.image.symbols) if (!symbolsByAddress.has(address)) symbolsByAddress.set(address, name);
  const sourceLines = program.analysis?.text.split('\n');
  const lines: string[] = [];
  for (const process of program.image.processes) {
    for (const segment of process.segments) {
      if (!segment.permissions.execute) continue;
      lines.push('', `${segment.name} (${hex(segment.address)}):`);
      let lastFunction: string | undefined;
      for (let offset = 0; offset + 4 <= segment.bytes.length; offset += 4) {
        const address = segment.address + offset;
        const word = (segment.bytes[offset] | (segment.bytes[offset + 1] << 8) | (segment.bytes[offset + 2] << 16) | (segment.bytes[offset + 3] << 24)) >>> 0;
        const fn = program.debugInfo?.functionAt(address);
        const label = fn?.qualifiedName ?? symbolsByAddress.get(address);
        if (label !== undefined && label !== lastFunction && (fn === undefined || fn.start === address || lastFunction === undefined)) {
          lines.push(`${hex(address)} <${label}>:`);
          lastFunction = label;
        }
        const domain = fn ? (fn.domain === fn.process ? fn.process : `${fn.process}.${fn.domain}`) : process.name;
        const source = program.debugInfo?.lineForAddress(address);
        const sourceText = source && source.isStatement && sourceLines ? `  ; ${source.line}: ${sourceLines[source.line - 1]?.trim() ?? ''}` : '';
        const { text } = disassembleWord(word, address, symbolsByAddress);
        lines.push(`  ${hex(address)}  ${domain.padEnd(16)} ${word.toString(16).padStart(8, '0')}  ${text.padEnd(32)}${sourceText}`);
      }
    }
  }
  return lines;
}

export function listProxies(program: LoadedProgram): string[] {
  const { kernel } = execute(program.image, { maxInstructions: STARTUP_BUDGET });
  const lines: string[] = [];
  for (const proxy of kernel.proxies()) {
    const properties = proxy.properties.length > 0 ? proxy.properties.join(', ') : 'no isolation properties';
    lines.push('', `proxy ${proxy.callerName} -> ${proxy.calleeName}.${proxy.entryName} [${properties}] (${hex(proxy.address)}):`);
    for (const entry of proxy.listing) {
      if (entry.label !== undefined) lines.push(`${entry.label}:`);
      lines.push(`  ${hex(entry.address)}  ${'proxies'.padEnd(16)} ${entry.word.toString(16).padStart(8, '0')}  ${entry.text.padEnd(32)}  # ${entry.step}: ${entry.comment}`);
    }
  }
  return lines;
}

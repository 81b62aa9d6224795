// `dipc disasm FILE`: every instruction of the program with its address, domain, encoding,
// assembly and source line; then the trusted proxies its start-up code made the kernel generate,
// each instruction commented with the proxy step it belongs to (os.md §3).
import { parseArguments, type CommandSpec } from '../arguments';
import { execute } from '../execution';
import { hex } from '../../simulator/machine/faults';
import { disassembleWord } from '../../simulator/toolchain/assembler/disassembler';
import { loadProgram, type LoadedProgram } from '../../simulator/toolchain/program-loader';
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
    const program = loadProgram(positionals[0]);
    for (const line of listProgram(program)) console.log(line);
    if (program.kind === 'dipc') {
      for (const line of listProxies(program)) console.log(line);
    }
    return 0;
  },
};

export function listProgram(program: LoadedProgram): string[] {
  const symbolsByAddress = new Map<number, string>();
  // Where a function's end label and the next function's start share an address, the start names it.
  for (const [name, address] of program.image.symbols) {
    const current = symbolsByAddress.get(address);
    if (current === undefined || (isEndLabel(current) && !isEndLabel(name))) symbolsByAddress.set(address, name);
  }
  const sourceText = program.analysis?.text ?? (program.kind === 'assembly' ? program.assembly : undefined);
  const sourceLines = sourceText?.split('\n');
  // `.s` programs: the first address of each source line (the assembler's line table).
  const assemblyLineAt = new Map<number, number>();
  for (const entry of program.assemblyLines ?? []) if (!assemblyLineAt.has(entry.address)) assemblyLineAt.set(entry.address, entry.line);
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
        const line = source ? (source.isStatement ? source.line : undefined) : assemblyLineAt.get(address);
        const shown = line !== undefined && sourceLines ? `  ; ${line}: ${sourceLines[line - 1]?.trim() ?? ''}` : '';
        const { text } = disassembleWord(word, address, symbolsByAddress);
        lines.push(`  ${hex(address)}  ${domain.padEnd(16)} ${word.toString(16).padStart(8, '0')}  ${text.padEnd(32)}${shown}`);
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
    const entry = proxy.entryName.startsWith(`${proxy.calleeName}.`) ? proxy.entryName : `${proxy.calleeName}.${proxy.entryName}`;
    lines.push('', `proxy ${proxy.callerName} -> ${entry} [${properties}] (${hex(proxy.address)}):`);
    for (const entry of proxy.listing) {
      if (entry.label !== undefined) lines.push(`${entry.label}:`);
      lines.push(`  ${hex(entry.address)}  ${'proxies'.padEnd(16)} ${entry.word.toString(16).padStart(8, '0')}  ${entry.text.padEnd(32)}  # ${entry.step}: ${entry.comment}`);
    }
  }
  return lines;
}

/** Labels the code generator puts after a function's last instruction (`__end.P.f`). */
function isEndLabel(name: string): boolean {
  return name.startsWith('__end.');
}

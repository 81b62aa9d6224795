// Runtime routines that generated code calls for `print`: leaf routines using only a0-a2 and
// t0-t4, no stack, no capability registers. Each domain gets its own copy of the ones it uses,
// because a domain may not execute (or even call into) another domain's code without a grant.

import type { ProgramContext, RuntimeRoutine } from './context';
import { type DomainName, generatedLabel, sectionName } from './names';

const ROUTINES: Record<RuntimeRoutine, (label: (name: string) => string) => string[]> = {
  // a0 = destination, a1 = value -> a0 = end of the decimal text. The magnitude is handled as an
  // unsigned number so that -2147483648 prints correctly.
  formatInteger: (label) => [
    `bge a1, zero, ${label('positive')}`,
    'li t0, 45',
    'sb t0, 0(a0)',
    'addi a0, a0, 1',
    'sub a1, zero, a1',
    `${label('positive')}:`,
    'mv t1, a1',
    'li t2, 10',
    'mv t3, a0',
    `${label('count')}:`,
    'addi t3, t3, 1',
    'divu t1, t1, t2',
    `bne t1, zero, ${label('count')}`,
    'mv t1, t3',
    `${label('digit')}:`,
    'remu t4, a1, t2',
    'addi t4, t4, 48',
    'addi t1, t1, -1',
    'sb t4, 0(t1)',
    'divu a1, a1, t2',
    `bne a1, zero, ${label('digit')}`,
    'mv a0, t3',
    'jalr zero, 0(ra)',
  ],
  // a0 = destination, a1 = bool (0/1) -> a0 = end of `true` / `false`.
  formatBool: (label) => [
    `beq a1, zero, ${label('false')}`,
    'li t0, 116', 'sb t0, 0(a0)', 'li t0, 114', 'sb t0, 1(a0)', 'li t0, 117', 'sb t0, 2(a0)', 'li t0, 101', 'sb t0, 3(a0)',
    'addi a0, a0, 4',
    'jalr zero, 0(ra)',
    `${label('false')}:`,
    'li t0, 102', 'sb t0, 0(a0)', 'li t0, 97', 'sb t0, 1(a0)', 'li t0, 108', 'sb t0, 2(a0)', 'li t0, 115', 'sb t0, 3(a0)',
    'li t0, 101', 'sb t0, 4(a0)',
    'addi a0, a0, 5',
    'jalr zero, 0(ra)',
  ],
  // a0 = destination, a1 = source, a2 = length > 0 -> a0 = destination + length.
  copyBytes: (label) => [
    `${label('loop')}:`,
    'lbu t0, 0(a1)',
    'sb t0, 0(a0)',
    'addi a0, a0, 1',
    'addi a1, a1, 1',
    'addi a2, a2, -1',
    `bne a2, zero, ${label('loop')}`,
    'jalr zero, 0(ra)',
  ],
};

/** Emits the routines a domain used into its code section and records them as generated code. */
export function emitRuntimeRoutines(context: ProgramContext, owner: DomainName): void {
  const writer = context.writer;
  for (const routine of context.routinesUsed(owner)) {
    const entry = generatedLabel(routine, owner);
    const end = `__end${entry}`;
    writer.inSection(sectionName(owner, 'text'), () => {
      writer.line('.balign 4');
      writer.label(entry);
      for (const line of ROUTINES[routine]((name) => `${entry}.${name}`)) {
        if (line.endsWith(':')) writer.label(line.slice(0, -1));
        else writer.line(line);
      }
      writer.label(end);
    });
    context.debug.functions.push({
      kind: 'runtime',
      qualifiedName: `${owner.domain ? `${owner.process}.${owner.domain}` : owner.process}.<${routine}>`,
      name: routine,
      process: owner.process,
      domain: owner.domain ?? owner.process,
      startLabel: entry,
      endLabel: end,
      frameSize: 0,
      variables: [],
    });
  }
}

// Compile speed, phase by phase: analysis (parse + check), code generation and assembly of a
// generated 1,000-line and 6,000-line program (the debugger compiles before its first stop: its
// target is launch-to-first-stop under 300 ms for a 1,000-line program). Wall and CPU time are
// both reported: CPU time of this process is less disturbed by other load on the machine.
import { loadavg } from 'node:os';
import { analyze } from '../simulator/toolchain/language';
import { generateProgram } from '../simulator/toolchain/codegen/program-generator';
import { assemble } from '../simulator/toolchain/assembler';

/** Processes stay within the kernel's limit (64); larger programs get more functions per process. */
const PROGRAMS = [
  { name: 'lines1000', processes: 50, helpers: 0, runs: 12 },
  { name: 'lines6000', processes: 60, helpers: 16, runs: 6 },
];
const DEBUGGER_BUDGET_MS = 300;

/** One process: imports from the previous one, a domain, entries, `helpers` extra functions of 5 lines. */
function processSource(index: number, helpers: number): string {
  const previous = `P${index - 1}`;
  const imports = index === 0 ? ['    // first process: nothing to import', '    // (it only serves)'] : [
    `    import ${previous}.get isolate(reg_confidentiality);`,
    `    import ${previous}.fill;`,
  ];
  const calls = index === 0 ? ['        let r = 0;', '        total = total + r;'] : [
    `        let r = ${previous}.get(k) else -1;`,
    `        ${previous}.fill(cap(buffer[0..4], write), r) ;`,
  ];
  const extra: string[] = [];
  for (let helper = 0; helper < helpers; helper++) {
    extra.push(
      `    fn h${helper}(x: int) -> int {`,
      `        let y = x * ${helper + 3} + table[x % SIZE];`,
      '        if y > 100 { y = y - 100; } else { y = y + 1; }',
      '        while y > 7 { y = y - 7; }',
      `        return y + ${helper === 0 ? 0 : `h${helper - 1}(y)`}; }`,
    );
  }
  return [
    `process P${index} {`,
    '    var table: [int; SIZE];',
    '    var total: int = 0;',
    ...imports,
    '    domain Helper {',
    '        entry twice(x: int) -> int { return x * 2 + (x >> 1) % 7; }',
    '    }',
    '    entry get(k: int) -> int isolate(reg_integrity) { return table[k % SIZE] + Helper.twice(k); }',
    '    entry fill(out: cap, v: int) { for i in 0..len(out) { out[i] = v + i; } }',
    ...extra,
    '    fn work(k: int) -> int {',
    '        let buffer: [int; 8];',
    ...calls,
    '        if k > 3 && total != 0x7fff_ffff { total = total ^ buffer[k % 8]; }',
    '        while k < 0 { k = k + 1; }',
    `        return total${helpers > 0 ? ` + h${helpers - 1}(k)` : ''};`,
    '    }',
    `    fn main() { print("process", ${index}, work(${index})); }`,
    '}',
  ].join('\n');
}

function programSource(processes: number, helpers: number): string {
  const parts = ['const SIZE = 16;'];
  for (let index = 0; index < processes; index++) parts.push(processSource(index, helpers));
  return parts.join('\n') + '\n';
}

interface Sample {
  wall: number;
  cpu: number;
}

function timed<T>(work: () => T): { value: T; sample: Sample } {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const value = work();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  return { value, sample: { wall, cpu: (cpu.user + cpu.system) / 1000 } };
}

function measure(processes: number, helpers: number, runs: number): Record<string, unknown> {
  const text = programSource(processes, helpers);
  const phases: Record<'analyze' | 'codegen' | 'assemble' | 'total', Sample[]> = { analyze: [], codegen: [], assemble: [], total: [] };
  let assemblyLines = 0;
  // The first run warms the JIT up and is not counted.
  for (let run = 0; run <= runs; run++) {
    const analysis = timed(() => analyze(text, 'generated.dipc'));
    const errors = analysis.value.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`generated program has errors: ${errors[0].code} ${errors[0].message}`);
    // The first read of the analysis's side tables (expression types) is part of code generation.
    const generated = timed(() => generateProgram(analysis.value, { longBranches: false }));
    if (generated.value.errors.length > 0) throw new Error(`code generation failed: ${generated.value.errors[0].message}`);
    const assembled = timed(() => assemble(generated.value.assembly, { fileName: 'generated.dipc.s', sectionBases: generated.value.sectionBases }));
    if (assembled.value.errors.length > 0) throw new Error(`assembly failed: line ${assembled.value.errors[0].line}: ${assembled.value.errors[0].message}`);
    if (run === 0) {
      assemblyLines = generated.value.assembly.split('\n').length;
      continue;
    }
    phases.analyze.push(analysis.sample);
    phases.codegen.push(generated.sample);
    phases.assemble.push(assembled.sample);
    phases.total.push({
      wall: analysis.sample.wall + generated.sample.wall + assembled.sample.wall,
      cpu: analysis.sample.cpu + generated.sample.cpu + assembled.sample.cpu,
    });
  }
  const figures: Record<string, unknown> = { lines: text.split('\n').length, processes, assemblyLines, runs };
  for (const [phase, samples] of Object.entries(phases)) {
    const walls = samples.map((sample) => sample.wall);
    const cpus = samples.map((sample) => sample.cpu);
    figures[phase] = {
      medianMs: round(percentile(walls, 0.5)), minMs: round(percentile(walls, 0)),
      cpuMedianMs: round(percentile(cpus, 0.5)), cpuMinMs: round(percentile(cpus, 0)),
    };
  }
  return figures;
}

export async function run(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  for (const program of PROGRAMS) results[program.name] = measure(program.processes, program.helpers, program.runs);
  return {
    ...results,
    loadAverage1m: round(loadavg()[0]),
    target: `analyze + codegen + assemble of the 1,000-line program well inside the debugger's ${DEBUGGER_BUDGET_MS} ms launch-to-first-stop budget`,
  };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1))];
}

function round(value: number): number {
  return Number(value.toFixed(2));
}

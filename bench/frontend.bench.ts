// Front-end speed: parse + check (`analyze`) of a generated 6,000-line program with 300 processes
// that call each other through imports, domains and capabilities. Target: median under 50 ms.
import { analyze } from '../simulator/toolchain/language';

const PROCESSES = 300;
const TARGET_MS = 50;
const RUNS = 30;

/** One process of exactly 20 lines; process i imports two entries of process i-1. */
function processSource(index: number): string {
  const previous = `P${index - 1}`;
  const imports = index === 0 ? ['    // first process: nothing to import', '    // (it only serves)'] : [
    `    import ${previous}.get isolate(reg_confidentiality);`,
    `    import ${previous}.fill;`,
  ];
  const calls = index === 0 ? ['        let r = 0;', '        total = total + r;'] : [
    `        let r = ${previous}.get(k) else -1;`,
    `        ${previous}.fill(cap(buffer[0..4], write), r) ;`,
  ];
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
    '    fn work(k: int) -> int {',
    '        let buffer: [int; 8];',
    ...calls,
    '        if k > 3 && total != 0x7fff_ffff { total = total ^ buffer[k % 8]; }',
    '        while k < 0 { k = k + 1; }',
    '        return total;',
    '    }',
    `    fn main() { print("process", ${index}, work(${index})); }`,
    '}',
  ].join('\n');
}

export function generateProgram(processes = PROCESSES): string {
  const parts = ['const SIZE = 16;'];
  for (let index = 0; index < processes; index++) parts.push(processSource(index));
  return parts.join('\n') + '\n';
}

export async function run(): Promise<Record<string, unknown>> {
  const text = generateProgram();
  const lines = text.split('\n').length;
  const warmup = analyze(text, 'generated.dipc');
  const errors = warmup.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`generated program has errors: ${errors[0].code} ${errors[0].message}`);
  for (let i = 0; i < 5; i++) analyze(text, 'generated.dipc');
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    analyze(text, 'generated.dipc');
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)];
  return {
    lines, processes: PROCESSES, runs: RUNS,
    medianMs: Number(median.toFixed(2)), p95Ms: Number(p95.toFixed(2)),
    targetMs: TARGET_MS, meetsTarget: median < TARGET_MS,
  };
}

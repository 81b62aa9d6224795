// Front-end speed: parse + check (`analyze`) of a generated 6,000-line program with 300 processes
// that call each other through imports, domains and capabilities. Target: median under 50 ms.
import { loadavg } from 'node:os';
import { GCProfiler, getHeapStatistics } from 'node:v8';
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
  const cpuTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    analyze(text, 'generated.dipc');
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  const median = percentile(times, 0.5);
  const memory = measureMemory(text);
  const reference: number[] = [];
  for (let i = 0; i < RUNS; i++) reference.push(referenceWorkload());
  return {
    lines, processes: PROCESSES, runs: RUNS,
    medianMs: round(median), p95Ms: round(percentile(times, 0.95)), minMs: round(percentile(times, 0)),
    // CPU time of this process (GC threads included): less sensitive than wall time to other load on the machine.
    cpuMedianMs: round(percentile(cpuTimes, 0.5)),
    loadAverage1m: round(loadavg()[0]),
    // Bytes allocated per analyze and the garbage collections they cost (over separate runs, after
    // the timed ones): allocation is what makes the collector run, and unlike time it does not
    // depend on what else the machine is doing.
    allocatedMbPerAnalyze: round(memory.allocatedBytes / 1e6), collectionsPerAnalyze: round(memory.collections),
    collectionMsPerAnalyze: round(memory.collectionMs),
    // A fixed workload (100,000 small objects allocated and put in a Map) timed alongside, so figures
    // taken on a busy machine can be compared with ones taken on an idle one.
    referenceWorkloadMedianMs: round(percentile(reference, 0.5)),
    targetMs: TARGET_MS, meetsTarget: median < TARGET_MS,
  };
}

const MEMORY_RUNS = 10;

/** Per analyze: bytes allocated (heap growth plus what each collection freed), collections and their time. */
function measureMemory(text: string): { allocatedBytes: number; collections: number; collectionMs: number } {
  const profiler = new GCProfiler();
  profiler.start();
  const usedBefore = getHeapStatistics().used_heap_size;
  for (let i = 0; i < MEMORY_RUNS; i++) analyze(text, 'generated.dipc');
  const usedAfter = getHeapStatistics().used_heap_size;
  const collections = profiler.stop()?.statistics ?? [];
  let freed = 0;
  let costMicroseconds = 0;
  for (const collection of collections) {
    freed += collection.beforeGC.heapStatistics.usedHeapSize - collection.afterGC.heapStatistics.usedHeapSize;
    costMicroseconds += collection.cost;
  }
  return {
    allocatedBytes: (usedAfter - usedBefore + freed) / MEMORY_RUNS,
    collections: collections.length / MEMORY_RUNS,
    collectionMs: costMicroseconds / 1000 / MEMORY_RUNS,
  };
}

function referenceWorkload(): number {
  const start = process.hrtime.bigint();
  const map = new Map<object, number>();
  for (let i = 0; i < 100_000; i++) map.set({ kind: 'Name', span: { start: i, end: i + 1 } }, i);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1))];
}

function round(value: number): number {
  return Number(value.toFixed(2));
}

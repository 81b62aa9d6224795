// The code generator: host time to compile (analysis excluded) every shared conformance program and
// a large generated one, and what compiled `.dipc` code costs on the simulated machine per loop
// iteration of a plain call, a domain-entry call and a cross-process call (difference of two
// loop lengths, so start-up cancels out). Figures are measured, not asserted.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { compile, compileSource } from '../simulator/toolchain/compiler';
import { analyze } from '../simulator/toolchain/language';
import { Kernel } from '../simulator/kernel/kernel';
import { conformancePrograms } from '../test/support/conformance';

const SHORT = 200;
const LONG = 2_200;

function cyclesOf(source: string): { cycles: number; instructions: number } {
  const compiled = compileSource(source, 'bench.dipc');
  if (compiled.errors.length > 0) throw new Error(compiled.errors.join('\n'));
  const kernel = new Kernel({});
  kernel.load(compiled.image);
  kernel.run(100_000_000);
  const stats = kernel.result(false).stats;
  return { cycles: stats.cycles, instructions: stats.instructions };
}

function perIteration(program: (iterations: number) => string): { cyclesPerIteration: number; instructionsPerIteration: number } {
  const short = cyclesOf(program(SHORT));
  const long = cyclesOf(program(LONG));
  return {
    cyclesPerIteration: (long.cycles - short.cycles) / (LONG - SHORT),
    instructionsPerIteration: (long.instructions - short.instructions) / (LONG - SHORT),
  };
}

const plainCall = (n: number): string => `process P {
  fn f(x: int) -> int { return x + 1; }
  fn main() { let t = 0; for i in 0..${n} { t = t + f(i); } print(t); }
}`;

const domainCall = (n: number): string => `process P {
  domain D { entry f(x: int) -> int { return x + 1; } }
  fn main() { let t = 0; for i in 0..${n} { t = t + D.f(i); } print(t); }
}`;

const crossProcessCall = (n: number): string => `process S { entry f(x: int) -> int { return x + 1; } }
process C {
  import S.f;
  fn main() { let t = 0; for i in 0..${n} { t = t + S.f(i) else 0; } print(t); }
}`;

function largeProgram(functions: number): string {
  const bodies = Array.from({ length: functions }, (_, index) => `fn f${index}(a: int, b: int) -> int {
    let s = 0;
    for i in 0..a { if i % 3 == 0 { s = s + i * b; } else { s = s - 1; } }
    print("f${index}", s, a < b);
    return s;
  }`).join('\n');
  return `process Big {\n${bodies}\nfn main() { print(f0(3, 4)); }\n}`;
}

export async function run(): Promise<Record<string, unknown>> {
  const analyses = conformancePrograms()
    .filter((program) => program.diagnostics.length === 0)
    .map((program) => analyze(readFileSync(program.path, 'utf8'), program.name));
  let started = performance.now();
  for (const analysis of analyses) compile(analysis);
  const conformanceMs = performance.now() - started;
  const big = analyze(largeProgram(300), 'big.dipc');
  started = performance.now();
  const bigResult = compile(big);
  const bigMs = performance.now() - started;
  return {
    compileConformanceProgramsMs: Number(conformanceMs.toFixed(1)),
    conformancePrograms: analyses.length,
    compileLargeProgramMs: Number(bigMs.toFixed(1)),
    largeProgramLines: big.lineMap.lineCount,
    largeProgramCodeBytes: bigResult.image.processes[0]?.segments.reduce((sum, segment) => sum + (segment.permissions.execute ? segment.size : 0), 0),
    plainCallLoop: perIteration(plainCall),
    domainEntryCallLoop: perIteration(domainCall),
    crossProcessCallLoop: perIteration(crossProcessCall),
    target: 'compile a 1000-line program in well under a second; per-iteration costs come from executed instructions only',
  };
}

// Cycles and host time per call: a cross-process dIPC call with no isolation property and with all
// six on both sides, an intra-process cross-domain call and a plain function call (assembly
// programs on the real kernel). Per-call figures are the difference between two loop lengths, so
// start-up and the loop's own instructions (identical in every variant) cancel out of the ratio
// only where stated.
import { performance } from 'node:perf_hooks';
import { runProgram } from '../simulator/kernel/run-program';
import { ISOLATION_PROPERTIES, type IsolationProperty } from '../simulator/kernel/isolation';
import type { ProgramImage } from '../simulator/kernel/program-image';
import { buildImage } from '../test/kernel/program-builder';
import { EXIT, callThrough, clientStartup, domainWithCallGrant, policy, serverStartup, signature } from '../test/kernel/asm-library';

const SHORT = 5_000;
const LONG = 55_000;

const loop = (iterations: number, call: string): string => `
main:
  li s0, ${iterations}
bench_loop:
  mv a0, s0
${call}
  addi s0, s0, -1
  bnez s0, bench_loop
${EXIT(0)}
`;

function crossProcess(iterations: number, properties: IsolationProperty[]): ProgramImage {
  return buildImage([
    { name: 'Server', source: `${serverStartup('server', [{ label: 'f', signature: signature(1), policy: policy(...properties) }])}
  .balign 64
f:
  addi a0, a0, 1
  ret
` },
    { name: 'Client', source: `${clientStartup('server', [{ slot: 'f_proxy', index: 0, signature: signature(1), policy: policy(...properties) }])}
${loop(iterations, callThrough('f_proxy'))}` },
  ]);
}

/** main calls f in a second domain of the same process (granted `call`): no proxy, no process switch. */
function intraProcess(iterations: number): ProgramImage {
  return buildImage([{ name: 'P', sectionOffsets: { '.text.d': 0x8_0000 }, source: `
  .text
_start:${domainWithCallGrant('f')}
  j main
${loop(iterations, '  la t6, f\n  jalr ra, 0(t6)')}
  .section .text.d, "ax"
f:
  addi a0, a0, 1
  ret
` }]);
}

function plainCall(iterations: number): ProgramImage {
  return buildImage([{ name: 'P', source: `
  .text
_start:
  j main
${loop(iterations, '  la t6, f\n  jalr ra, 0(t6)')}
f:
  addi a0, a0, 1
  ret
` }]);
}

interface Figures {
  cyclesPerCall: number;
  instructionsPerCall: number;
  hostNsPerCall: number;
}

function measure(build: (iterations: number) => ProgramImage): Figures {
  const run = (iterations: number): { cycles: number; instructions: number; ms: number } => {
    const image = build(iterations);
    const start = performance.now();
    const result = runProgram(image);
    const ms = performance.now() - start;
    if (result.exitCode !== 0 || result.faults.length > 0) throw new Error(`benchmark program failed: ${JSON.stringify(result.faults)}`);
    return { cycles: result.stats.cycles, instructions: result.stats.instructions, ms };
  };
  run(SHORT); // warm-up (JIT)
  const short = run(SHORT);
  const long = run(LONG);
  const calls = LONG - SHORT;
  return {
    cyclesPerCall: (long.cycles - short.cycles) / calls,
    instructionsPerCall: (long.instructions - short.instructions) / calls,
    hostNsPerCall: Math.round(((long.ms - short.ms) * 1e6) / calls),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const plain = measure(plainCall);
  const domain = measure(intraProcess);
  const none = measure((n) => crossProcess(n, []));
  const all = measure((n) => crossProcess(n, [...ISOLATION_PROPERTIES]));
  const perProperty: Record<string, number> = {};
  for (const property of ISOLATION_PROPERTIES) perProperty[property] = measure((n) => crossProcess(n, [property])).cyclesPerCall;
  return {
    note: 'per iteration of a loop around the call (the loop itself is 4 instructions in every variant)',
    plainCall: plain,
    intraProcessDomainCall: domain,
    crossProcessNoProperties: none,
    crossProcessAllProperties: all,
    crossProcessOneProperty: perProperty,
    ratios: {
      domainCallOverPlainCall: domain.cyclesPerCall / plain.cyclesPerCall,
      allPropertiesOverNone: all.cyclesPerCall / none.cyclesPerCall,
    },
    targets: {
      domainCallOverPlainCall: 'within 2x',
      allPropertiesOverNone: 'greater than 1 (cost grows with the properties)',
    },
  };
}

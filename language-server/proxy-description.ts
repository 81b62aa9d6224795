// What the trusted proxy will do for one cross-process call (os.md §3), told from the proxy the
// kernel would really generate for that pair of policies (simulator/kernel/proxy-generator.ts): its
// listing's steps say which registers are saved or zeroed, whether the stack is switched or shared
// and whether the DCS base is raised, so a hover cannot drift from the code that runs. Plain data
// and Markdown, no LSP types: the debugger can show the same text on a proxy frame.
import {
  ISOLATION_PROPERTIES,
  ISOLATION_PROPERTY_DESCRIPTIONS,
  isolationMask,
  type IsolationProperty,
} from '../simulator/kernel/isolation';
import { encodeSignature } from '../simulator/kernel/abi';
import { generateProxy, type ProxyStep } from '../simulator/kernel/proxy-generator';
import { PROXY_REGION } from '../simulator/kernel/address-space';
import type { Type } from '../simulator/toolchain/language/analysis';

export type PropertyRequester = 'caller' | 'callee' | 'both';

export interface ProxyStepDescription {
  step: ProxyStep;
  /** The generator's own comment for the step, e.g. "caller's reg_confidentiality: zero every register ...". */
  text: string;
  instructions: number;
}

export interface ProxyDescription {
  /** The union of both policies, in table order: what the proxy implements. */
  combined: IsolationProperty[];
  requestedBy: Partial<Record<IsolationProperty, PropertyRequester>>;
  /** The steps of a completed call, in order (failure paths left out). */
  steps: ProxyStepDescription[];
  /** Instructions on the path of a completed call (a loop body counted once). */
  instructionCount: number;
  registersSaved: boolean;
  registersZeroedOnCall: boolean;
  registersZeroedOnReturn: boolean;
  stack: 'switched' | 'shared';
  dcsBaseRaised: boolean;
}

/** Steps that only run when a call fails; a hover describes the call that completes. */
const FAILURE_STEPS: ReadonlySet<ProxyStep> = new Set<ProxyStep>(['unwind', 'fail-fast', 'caller-dead']);

// Placeholders for the parts of a real proxy request that do not change what the proxy does.
const DESCRIBED_PROXY_ADDRESS = PROXY_REGION.base;
const DESCRIBED_ENTRY_ADDRESS = 0x0040_0000;
const DESCRIBED_CALLER_PID = 1;
const DESCRIBED_CALLEE_PID = 2;

function isCapability(type: Type): boolean {
  return type.kind === 'cap' || type.kind === 'acap';
}

/** Generated proxies' steps by (caller policy, callee policy, signature): a document has many calls, few combinations. */
const stepsCache = new Map<string, readonly ProxyStepDescription[]>();

function generatedSteps(callerMask: number, calleeMask: number, signature: number): readonly ProxyStepDescription[] {
  const key = `${callerMask}/${calleeMask}/${signature}`;
  const cached = stepsCache.get(key);
  if (cached) return cached;
  const proxy = generateProxy({
    address: DESCRIBED_PROXY_ADDRESS,
    callerPid: DESCRIBED_CALLER_PID,
    calleePid: DESCRIBED_CALLEE_PID,
    entryAddress: DESCRIBED_ENTRY_ADDRESS,
    signature,
    callerPolicy: callerMask,
    calleePolicy: calleeMask,
    calleeGlobalPointer: 0,
  });
  const steps: ProxyStepDescription[] = [];
  for (const line of proxy.listing) {
    if (FAILURE_STEPS.has(line.step)) continue;
    const previous = steps[steps.length - 1];
    if (previous && previous.step === line.step && previous.text === line.comment) previous.instructions++;
    else steps.push({ step: line.step, text: line.comment, instructions: 1 });
  }
  stepsCache.set(key, steps);
  return steps;
}

export function describeProxy(
  callerPolicy: readonly IsolationProperty[],
  calleePolicy: readonly IsolationProperty[],
  entry: { parameters: readonly Type[]; result: Type },
  processes: { caller: string; callee: string } = { caller: 'caller', callee: 'callee' },
): ProxyDescription {
  const requestedBy: Partial<Record<IsolationProperty, PropertyRequester>> = {};
  for (const property of ISOLATION_PROPERTIES) {
    const byCaller = callerPolicy.includes(property);
    const byCallee = calleePolicy.includes(property);
    if (byCaller || byCallee) requestedBy[property] = byCaller && byCallee ? 'both' : byCaller ? 'caller' : 'callee';
  }
  const signature = encodeSignature({
    argumentCount: entry.parameters.length,
    capabilityArguments: entry.parameters.map(isCapability),
    hasResult: entry.result.kind !== 'void' && entry.result.kind !== 'error',
  });
  // The generator names processes by pid; the placeholders become the processes' names.
  const named = (comment: string): string =>
    comment
      .replace(`(pid ${DESCRIBED_CALLER_PID})`, `(${processes.caller})`)
      .replace(`(pid ${DESCRIBED_CALLEE_PID})`, `(${processes.callee})`);
  const steps = generatedSteps(isolationMask(callerPolicy), isolationMask(calleePolicy), signature).map((step) => ({
    ...step,
    text: named(step.text),
  }));
  const has = (step: ProxyStep): boolean => steps.some((candidate) => candidate.step === step);
  return {
    combined: ISOLATION_PROPERTIES.filter((property) => requestedBy[property] !== undefined),
    requestedBy,
    steps,
    instructionCount: steps.reduce((total, step) => total + step.instructions, 0),
    registersSaved: has('save-registers'),
    registersZeroedOnCall: has('zero-registers'),
    registersZeroedOnReturn: has('return-zero-registers'),
    stack: has('stack-switch') ? 'switched' : 'shared',
    dcsBaseRaised: has('dcs-base'),
  };
}

function requesterText(requester: PropertyRequester | undefined): string {
  return requester === 'both' ? 'caller and callee' : (requester ?? '');
}

/** One line naming the combined policy, e.g. "`reg_integrity` (callee), `stack_integrity` (caller)". */
export function formatPolicy(description: ProxyDescription): string {
  if (description.combined.length === 0) return 'no isolation properties';
  return description.combined
    .map((property) => `\`${property}\` (${requesterText(description.requestedBy[property])})`)
    .join(', ');
}

/** Markdown for hovers and inlay-hint tooltips. */
export function formatProxyDescription(description: ProxyDescription): string {
  const summary = [
    `registers ${description.registersSaved ? 'saved and restored' : 'not saved'}`,
    `zeroed on call: ${description.registersZeroedOnCall ? 'yes' : 'no'}`,
    `zeroed on return: ${description.registersZeroedOnReturn ? 'yes' : 'no'}`,
    `stack ${description.stack === 'switched' ? "switched to the callee's" : "shared (the caller's)"}`,
    `DCS base ${description.dcsBaseRaised ? 'raised' : 'not raised'}`,
  ].join('; ');
  const lines = [
    `**Proxy** (${description.instructionCount} instructions per call): ${formatPolicy(description)}`,
    '',
    summary,
    '',
    ...description.steps.map((step, index) => `${index + 1}. ${step.text}`),
  ];
  return lines.join('\n');
}

/** What one property guarantees to the side that lists it. */
export function describeProperty(property: IsolationProperty, side: 'caller' | 'callee' | 'either'): string {
  const meaning = ISOLATION_PROPERTY_DESCRIPTIONS[property];
  if (side === 'caller') return `Listed by the caller (on its \`import\`): ${meaning.caller}.`;
  if (side === 'callee') return `Listed by the callee (on its \`entry\`): ${meaning.callee}.`;
  return `Listed by the caller (on its \`import\`): ${meaning.caller}.\n\nListed by the callee (on its \`entry\`): ${meaning.callee}.`;
}

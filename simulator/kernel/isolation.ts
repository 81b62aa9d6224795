// The six dIPC isolation properties (os.md §3.1): one table for the language (E105 suggestions,
// completion), the proxy generator, the debugger and the statistics. The bit of each property is
// its position here; entry descriptors (abi.ts) carry policies as these bit masks.

export const ISOLATION_PROPERTIES = [
  'reg_integrity',
  'reg_confidentiality',
  'stack_integrity',
  'stack_confidentiality',
  'dcs_integrity',
  'dcs_confidentiality',
] as const;

export type IsolationProperty = (typeof ISOLATION_PROPERTIES)[number];

export const ISOLATION_PROPERTY_DESCRIPTIONS: Readonly<Record<IsolationProperty, { caller: string; callee: string }>> = {
  reg_integrity: {
    caller: "the caller's callee-saved registers (s0-s11, sp, gp, tp) are restored after the call whatever the callee did",
    callee: 'the callee starts with trusted sp, gp, tp set by the proxy, not the caller\'s values',
  },
  reg_confidentiality: {
    caller: 'the callee sees only the argument registers (all others zero)',
    callee: 'the caller sees only the result registers after return',
  },
  stack_integrity: {
    caller: "the callee runs on its own stack and can read but not write the caller's stack",
    callee: "the callee runs on its own stack, out of reach of the caller's other threads",
  },
  stack_confidentiality: {
    caller: "the callee runs on its own stack and can neither read nor write the caller's stack",
    callee: "the callee runs on its own stack, cleared of its data before return",
  },
  dcs_integrity: {
    caller: "the callee cannot pop or alter the caller's DCS frames (DCS base raised)",
    callee: "the callee's DCS frames are protected the same way during nested calls",
  },
  dcs_confidentiality: {
    caller: "the callee cannot read the caller's DCS frames",
    callee: "the caller cannot read the callee's DCS frames",
  },
};

export function isIsolationProperty(name: string): name is IsolationProperty {
  return (ISOLATION_PROPERTIES as readonly string[]).includes(name);
}

export function isolationMask(properties: Iterable<IsolationProperty>): number {
  let mask = 0;
  for (const property of properties) mask |= 1 << ISOLATION_PROPERTIES.indexOf(property);
  return mask;
}

export function isolationProperties(mask: number): IsolationProperty[] {
  return ISOLATION_PROPERTIES.filter((_, bit) => (mask & (1 << bit)) !== 0);
}

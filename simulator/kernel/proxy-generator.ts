// Generates a trusted proxy (os.md §3) as CODOMs machine code: the instruction words the kernel
// writes into a P page of the proxy domain, and a listing with one comment per step for
// `dipc disasm` and the debugger. Each isolation property adds the instructions that implement it
// (table in docs/kernel.md), so a call's cost comes only from executing them.
import { encode, type Operands } from '../machine/encoder';
import { Csr, INTEGER_REGISTER_NAMES } from '../machine/instruction-set';
import { decodeSignature } from './abi';
import { type IsolationProperty, isolationProperties } from './isolation';
import {
  KCS_CAPABILITY_SLOT_SHIFT,
  KCS_RECORD_BYTES,
  KcsRecord,
  LIVENESS_TABLE,
  PROXY_STACK_TABLE_OFFSET,
  ProxyRequest,
  THREAD_BLOCK_MASK,
  THREAD_INFO_TID_OFFSET,
} from './kernel-memory';

/** The capability register the proxy uses for the capability over the caller's stack. */
export const STACK_CAPABILITY_REGISTER = 7;

/** Default for ProxyRequest.stackClearBytes: the window below the entry sp a stack_confidentiality callee has cleared. */
export const DEFAULT_STACK_CLEAR_BYTES = 256;

export interface ProxyRequestSpec {
  /** Where the proxy's first instruction will live (ENTRY_ALIGN-aligned, in PROXY_REGION). */
  address: number;
  callerPid: number;
  calleePid: number;
  /** The registered entry point the proxy calls. */
  entryAddress: number;
  /** Signature word (abi.ts encodeSignature). */
  signature: number;
  /** isolationMask of the properties the caller listed on its import. */
  callerPolicy: number;
  /** isolationMask of the properties the callee listed on its entry. */
  calleePolicy: number;
  /** gp the callee receives under its reg_integrity. */
  calleeGlobalPointer: number;
  /** Bytes below the callee's entry sp cleared before return under the callee's stack_confidentiality. */
  stackClearBytes?: number;
}

/** Which part of os.md §3 an instruction implements; the listing prints it as a comment. */
export type ProxyStep =
  | 'liveness'
  | 'kcs-push'
  | 'save-registers'
  | 'save-capability'
  | 'identity'
  | 'stack-capability'
  | 'stack-switch'
  | 'trusted-registers'
  | 'dcs-base'
  | 'zero-registers'
  | 'call'
  | 'return-zero-registers'
  | 'status'
  | 'clear-stack'
  | 'restore-stack'
  | 'restore-dcs-base'
  | 'restore-identity'
  | 'caller-liveness'
  | 'restore-registers'
  | 'kcs-pop'
  | 'return'
  | 'unwind'
  | 'fail-fast'
  | 'caller-dead';

export interface ProxyListingLine {
  address: number;
  word: number;
  /** Assembly text, e.g. `csrw dipc.proc, t1`. */
  text: string;
  step: ProxyStep;
  comment: string;
  /** Label defined at this instruction, if any (`unwind`, `fail_fast`, ...). */
  label?: string;
}

export interface ProxyCode {
  words: number[];
  listing: ProxyListingLine[];
  /** Where the kernel resumes a thread it unwinds out of a faulted callee (a0 = 0, a1 = 1 from there). */
  unwindAddress: number;
  /** The instruction after the call of the entry: the return address of the proxy's DCS frame. */
  returnAddress: number;
  /** Union of both sides' properties, in table order. */
  properties: IsolationProperty[];
}

const register = (name: (typeof INTEGER_REGISTER_NAMES)[number]): number => INTEGER_REGISTER_NAMES.indexOf(name);
const ZERO = 0;
const RA = register('ra');
const SP = register('sp');
const GP = register('gp');
const TP = register('tp');
const T0 = register('t0');
const T1 = register('t1');
const T2 = register('t2');
const T3 = register('t3');
const T4 = register('t4');
const S_REGISTERS = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11'] as const;
const T_REGISTERS = ['t0', 't1', 't2', 't3', 't4', 't5', 't6'] as const;
const A_REGISTERS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'] as const;
const CSR_NAME_BY_NUMBER = new Map<number, string>(Object.entries(Csr).map(([name, number]) => [number, name]));

const has = (mask: number, property: IsolationProperty): boolean => isolationProperties(mask).includes(property);

/** Splits a 32-bit constant into lui/addi parts (addi sign-extends its 12 bits). */
function upperAndLower(value: number): { upper: number; lower: number } {
  const lower = ((value & 0xfff) << 20) >> 20;
  const upper = ((value - lower) >>> 12) & 0xfffff;
  return { upper, lower };
}

/** Collects instructions with their listing text, resolving branches to labels at the end. */
class ProxyBuilder {
  private readonly lines: (Omit<ProxyListingLine, 'address' | 'word'> & { mnemonic: string; operands: Operands; target?: string })[] = [];
  private readonly labels = new Map<string, number>();
  private pendingLabel: string | undefined;
  private step: ProxyStep = 'liveness';
  private comment = '';

  constructor(private readonly base: number) {}

  /** Starts a step: the following instructions carry its name and comment. */
  begin(step: ProxyStep, comment: string): void {
    this.step = step;
    this.comment = comment;
  }

  label(name: string): void {
    this.labels.set(name, this.lines.length);
    this.pendingLabel = name;
  }

  addressOf(label: string): number {
    const index = this.labels.get(label);
    if (index === undefined) throw new Error(`proxy generator: unknown label ${label}`);
    return this.base + index * 4;
  }

  get nextAddress(): number {
    return this.base + this.lines.length * 4;
  }

  emit(mnemonic: string, operands: Operands, text: string, target?: string): void {
    this.lines.push({ mnemonic, operands, text, step: this.step, comment: this.comment, label: this.pendingLabel, target });
    this.pendingLabel = undefined;
  }

  // The few instruction shapes a proxy needs, each with its assembly text.
  addi(rd: number, rs1: number, imm: number): void {
    this.emit('addi', { rd, rs1, imm }, `addi ${name(rd)}, ${name(rs1)}, ${imm}`);
  }
  li(rd: number, value: number): void {
    const { upper, lower } = upperAndLower(value >>> 0);
    if (upper === 0) {
      this.addi(rd, ZERO, lower);
      return;
    }
    this.emit('lui', { rd, imm: upper }, `lui ${name(rd)}, 0x${upper.toString(16)}`);
    if (lower !== 0) this.addi(rd, rd, lower);
  }
  mv(rd: number, rs: number): void {
    this.emit('addi', { rd, rs1: rs, imm: 0 }, `mv ${name(rd)}, ${name(rs)}`);
  }
  zero(rd: number): void {
    this.emit('addi', { rd, rs1: ZERO, imm: 0 }, `li ${name(rd)}, 0`);
  }
  rr(mnemonic: 'and' | 'add', rd: number, rs1: number, rs2: number): void {
    this.emit(mnemonic, { rd, rs1, rs2 }, `${mnemonic} ${name(rd)}, ${name(rs1)}, ${name(rs2)}`);
  }
  lui(rd: number, upper: number): void {
    this.emit('lui', { rd, imm: upper }, `lui ${name(rd)}, 0x${upper.toString(16)}`);
  }
  lw(rd: number, offset: number, base: number): void {
    this.emit('lw', { rd, rs1: base, imm: offset }, `lw ${name(rd)}, ${offset}(${name(base)})`);
  }
  sw(source: number, offset: number, base: number): void {
    this.emit('sw', { rs2: source, rs1: base, imm: offset }, `sw ${name(source)}, ${offset}(${name(base)})`);
  }
  csrr(rd: number, csr: number): void {
    this.emit('csrrs', { rd, rs1: ZERO, csr }, `csrr ${name(rd)}, ${CSR_NAME_BY_NUMBER.get(csr)}`);
  }
  csrw(csr: number, rs: number): void {
    this.emit('csrrw', { rd: ZERO, rs1: rs, csr }, `csrw ${CSR_NAME_BY_NUMBER.get(csr)}, ${name(rs)}`);
  }
  branch(mnemonic: 'beq' | 'bne' | 'bltu', rs1: number, rs2: number, target: string): void {
    const text = rs2 === ZERO && mnemonic !== 'bltu' ? `${mnemonic}z ${name(rs1)}, ${target}` : `${mnemonic} ${name(rs1)}, ${name(rs2)}, ${target}`;
    this.emit(mnemonic, { rs1, rs2 }, text, target);
  }
  jump(target: string): void {
    this.emit('jal', { rd: ZERO }, `j ${target}`, target);
  }
  jalr(rd: number, offset: number, base: number): void {
    const text = rd === ZERO && offset === 0 && base === RA ? 'ret' : `jalr ${name(rd)}, ${offset}(${name(base)})`;
    this.emit('jalr', { rd, rs1: base, imm: offset }, text);
  }
  ecall(): void {
    this.emit('ecall', {}, 'ecall');
  }
  capCreate(crd: number, base: number, length: number, perm: 'r' | 'rw'): void {
    this.emit('cap.create', { rd: crd, rs1: base, rs2: length, perm }, `cap.create cr${crd}, ${name(base)}, ${name(length)}, ${perm}`);
  }
  capClear(crd: number): void {
    this.emit('cap.clr', { rd: crd }, `cap.clr cr${crd}`);
  }

  finish(): { words: number[]; listing: ProxyListingLine[] } {
    const listing: ProxyListingLine[] = this.lines.map((line, index) => {
      const address = this.base + index * 4;
      const operands = { ...line.operands };
      if (line.target !== undefined) operands.imm = this.addressOf(line.target) - address;
      const entry: ProxyListingLine = { address, word: encode(line.mnemonic, operands), text: line.text, step: line.step, comment: line.comment };
      if (line.label !== undefined) entry.label = line.label;
      return entry;
    });
    return { words: listing.map((line) => line.word), listing };
  }
}

function name(register: number): string {
  return INTEGER_REGISTER_NAMES[register];
}

/** The proxy's code for one (caller process, entry, caller policy, callee policy). */
export function generateProxy(spec: ProxyRequestSpec): ProxyCode {
  const caller = spec.callerPolicy;
  const callee = spec.calleePolicy;
  const either = caller | callee;
  const signature = decodeSignature(spec.signature);
  const capabilityArguments = signature.capabilityArguments.filter(Boolean).length;
  const integerArguments = signature.argumentCount - capabilityArguments;
  const stackProperty = has(either, 'stack_integrity') || has(either, 'stack_confidentiality');
  // A trusted sp for the callee can only be a stack the callee owns, so its reg_integrity switches too.
  const switchStack = stackProperty || has(callee, 'reg_integrity');
  const stackCapability: 'r' | 'rw' | undefined = has(caller, 'stack_confidentiality') ? undefined : has(caller, 'stack_integrity') ? 'r' : 'rw';
  const saveCalleeSaved = has(caller, 'reg_integrity') || has(caller, 'reg_confidentiality') || has(callee, 'reg_confidentiality');
  const saveGlobalAndThreadPointer = saveCalleeSaved || has(callee, 'reg_integrity');
  const raiseDcsBase = has(either, 'dcs_integrity') || has(either, 'dcs_confidentiality');
  const callerSlot = PROXY_STACK_TABLE_OFFSET + spec.callerPid * 4;
  const calleeSlot = PROXY_STACK_TABLE_OFFSET + spec.calleePid * 4;
  const blockUpper = THREAD_BLOCK_MASK >>> 12;

  const b = new ProxyBuilder(spec.address);
  const threadBlockInto = (rd: number): void => {
    b.lui(rd, blockUpper);
    b.rr('and', rd, T0, rd);
  };

  b.begin('liveness', `fail at once if the callee process (pid ${spec.calleePid}) has died`);
  b.lui(T0, LIVENESS_TABLE >>> 12);
  b.lw(T1, spec.calleePid * 4, T0);
  b.branch('beq', T1, ZERO, 'fail_fast');

  b.begin('kcs-push', 'push a KCS record {caller pid, return address, caller sp, proxy} (kernel memory)');
  b.csrr(T0, Csr['dipc.kcs']);
  b.addi(T0, T0, -KCS_RECORD_BYTES);
  b.csrr(T1, Csr['dipc.proc']);
  b.sw(T1, KcsRecord.callerPid, T0);
  b.sw(RA, KcsRecord.returnAddress, T0);
  b.sw(SP, KcsRecord.callerSp, T0);
  b.li(T1, spec.address);
  b.sw(T1, KcsRecord.proxy, T0);
  if (saveGlobalAndThreadPointer) {
    b.begin('save-registers', saveCalleeSaved
      ? 'register integrity/confidentiality: save gp, tp, s0-s11 in the KCS record'
      : "the callee's reg_integrity replaces gp and tp: save the caller's");
    b.sw(GP, KcsRecord.gp, T0);
    b.sw(TP, KcsRecord.tp, T0);
    if (saveCalleeSaved) S_REGISTERS.forEach((s, index) => b.sw(register(s), KcsRecord.s0 + 4 * index, T0));
  }
  b.begin('save-capability', "save the caller's cr7 (it may hold the capability over the stack the caller runs on) in its C-page slot");
  threadBlockInto(T3);
  b.emit('slli', { rd: T4, rs1: T0, imm: 16 }, 'slli t4, t0, 16');
  b.emit('srli', { rd: T4, rs1: T4, imm: 16 + KCS_CAPABILITY_SLOT_SHIFT }, `srli t4, t4, ${16 + KCS_CAPABILITY_SLOT_SHIFT}`);
  b.rr('add', T4, T3, T4);
  b.emit('cap.st', { rs2: STACK_CAPABILITY_REGISTER, rs1: T4, imm: 0 }, `cap.st cr${STACK_CAPABILITY_REGISTER}, 0(t4)`);
  b.sw(T4, KcsRecord.capabilitySlot, T0);
  b.begin('kcs-push', 'commit the push: dipc.kcs points at the new record');
  b.csrw(Csr['dipc.kcs'], T0);

  if (stackCapability !== undefined) {
    b.begin('stack-capability', stackCapability === 'rw'
      ? "no stack property asked by the caller: synchronous read-write capability over the caller's stack (cr7)"
      : "caller's stack_integrity: synchronous read-only capability over the caller's stack (cr7)");
    // The stack slot of sp: slots are STACK_SIZE-aligned with a guard page at the bottom.
    b.addi(T2, SP, -1);
    b.lui(T3, 0xffff0);
    b.rr('and', T2, T2, T3);
    b.lui(T3, 0x1);
    b.rr('add', T2, T2, T3);
    b.lui(T3, 0xf);
    b.capCreate(STACK_CAPABILITY_REGISTER, T2, T3, stackCapability);
  }

  b.begin('identity', `switch process identity to the callee (pid ${spec.calleePid}); from here the callee is charged`);
  b.addi(T1, ZERO, spec.calleePid);
  b.csrw(Csr['dipc.proc'], T1);

  if (switchStack) {
    b.begin('stack-switch', "switch sp to this thread's stack in the callee process (the kernel creates it on first use)");
    threadBlockInto(T3);
    b.lw(T2, calleeSlot, T3);
    b.branch('bne', T2, ZERO, 'have_stack');
    b.addi(T1, ZERO, ProxyRequest.createStack);
    b.ecall();
    b.label('have_stack');
    b.lw(T4, callerSlot, T3);
    b.sw(T4, KcsRecord.savedCallerStackSlot, T0);
    b.sw(SP, callerSlot, T3);
    b.mv(SP, T2);
  }

  if (has(callee, 'reg_integrity')) {
    b.begin('trusted-registers', "callee's reg_integrity: trusted gp (callee's data) and tp (thread id)");
    b.li(GP, spec.calleeGlobalPointer);
    threadBlockInto(TP);
    b.lw(TP, THREAD_INFO_TID_OFFSET, TP);
  }

  if (raiseDcsBase) {
    b.begin('dcs-base', 'DCS integrity/confidentiality: save dipc.dcsbase, raise it to the current DCS depth');
    b.csrr(T1, Csr['dipc.dcsbase']);
    b.sw(T1, KcsRecord.savedDcsBase, T0);
    b.csrr(T1, Csr['dipc.dcsdepth']);
    b.csrw(Csr['dipc.dcsbase'], T1);
  }

  if (has(caller, 'reg_confidentiality')) {
    b.begin('zero-registers', `caller's reg_confidentiality: zero every register not carrying one of the ${integerArguments} integer / ${capabilityArguments} capability arguments`);
    for (const r of ['gp', 'tp', ...S_REGISTERS, ...T_REGISTERS, ...A_REGISTERS.slice(integerArguments)] as const) b.zero(register(r));
    for (let cr = capabilityArguments; cr < 8; cr++) if (cr !== STACK_CAPABILITY_REGISTER || stackCapability === undefined) b.capClear(cr);
  }

  b.begin('call', 'call the entry (cross-domain call: DCS push)');
  const entry = upperAndLower(spec.entryAddress >>> 0);
  b.lui(RA, entry.upper);
  b.jalr(RA, entry.lower, RA);
  const returnAddress = b.nextAddress;

  b.begin('status', 'the call completed: a1 = 0');
  b.zero(register('a1'));
  b.label('result_ready');
  if (has(callee, 'reg_confidentiality')) {
    b.begin('return-zero-registers', "callee's reg_confidentiality: the caller sees only a0 (result) and a1 (status)");
    const zeroed = [...T_REGISTERS, ...(signature.hasResult ? [] : ['a0' as const]), ...A_REGISTERS.slice(2)];
    for (const r of zeroed) b.zero(register(r));
    for (let cr = 0; cr < 8; cr++) b.capClear(cr);
  }
  b.begin('restore-stack', 'reload the KCS record pointer');
  b.csrr(T0, Csr['dipc.kcs']);
  if (switchStack) {
    threadBlockInto(T3);
    if (has(callee, 'stack_confidentiality')) {
      const clearBytes = spec.stackClearBytes ?? DEFAULT_STACK_CLEAR_BYTES;
      b.begin('clear-stack', `callee's stack_confidentiality: clear the ${clearBytes} bytes below its entry sp`);
      b.lw(T2, calleeSlot, T3);
      b.li(T4, clearBytes);
      b.emit('sub', { rd: T4, rs1: T2, rs2: T4 }, 'sub t4, t2, t4');
      b.label('clear_loop');
      b.sw(ZERO, 0, T4);
      b.addi(T4, T4, 4);
      b.branch('bltu', T4, T2, 'clear_loop');
    }
    b.begin('restore-stack', "restore the caller's proxy-stack table word");
    b.lw(T4, KcsRecord.savedCallerStackSlot, T0);
    b.sw(T4, callerSlot, T3);
  }
  if (raiseDcsBase) {
    b.begin('restore-dcs-base', 'restore dipc.dcsbase');
    b.lw(T1, KcsRecord.savedDcsBase, T0);
    b.csrw(Csr['dipc.dcsbase'], T1);
  }
  b.begin('restore-stack', "restore the caller's sp");
  b.lw(SP, KcsRecord.callerSp, T0);
  b.begin('restore-identity', `switch process identity back to the caller (pid ${spec.callerPid})`);
  b.lw(T1, KcsRecord.callerPid, T0);
  b.csrw(Csr['dipc.proc'], T1);
  b.begin('caller-liveness', 'if the caller process died meanwhile, the thread ends here');
  b.lui(T2, LIVENESS_TABLE >>> 12);
  b.lw(T2, spec.callerPid * 4, T2);
  b.branch('beq', T2, ZERO, 'caller_dead');
  b.begin('restore-registers', saveGlobalAndThreadPointer ? "restore the return address, the caller's cr7 and the saved registers" : "restore the return address and the caller's cr7");
  b.lw(RA, KcsRecord.returnAddress, T0);
  b.lw(T4, KcsRecord.capabilitySlot, T0);
  b.emit('cap.ld', { rd: STACK_CAPABILITY_REGISTER, rs1: T4, imm: 0 }, `cap.ld cr${STACK_CAPABILITY_REGISTER}, 0(t4)`);
  if (saveGlobalAndThreadPointer) {
    b.lw(GP, KcsRecord.gp, T0);
    b.lw(TP, KcsRecord.tp, T0);
    if (saveCalleeSaved) S_REGISTERS.forEach((s, index) => b.lw(register(s), KcsRecord.s0 + 4 * index, T0));
  }
  b.begin('kcs-pop', 'pop the KCS record');
  b.addi(T0, T0, KCS_RECORD_BYTES);
  b.csrw(Csr['dipc.kcs'], T0);
  if (has(callee, 'reg_confidentiality')) {
    b.begin('return-zero-registers', 'clear the scratch registers the return path used');
    for (const r of ['t0', 't1', 't2', 't3', 't4'] as const) b.zero(register(r));
  }
  b.begin('return', 'return to the caller (cross-domain return: DCS pop)');
  b.jalr(ZERO, 0, RA);

  b.begin('unwind', 'the kernel resumes here after killing a faulted callee: result 0, status 1');
  b.label('unwind');
  b.zero(register('a0'));
  b.addi(register('a1'), ZERO, 1);
  b.jump('result_ready');

  b.begin('fail-fast', 'the callee had died before the call: result 0, status 1, nothing pushed');
  b.label('fail_fast');
  b.zero(register('a0'));
  b.addi(register('a1'), ZERO, 1);
  b.jalr(ZERO, 0, RA);

  b.begin('caller-dead', 'ask the kernel to end this thread (its caller process is gone)');
  b.label('caller_dead');
  b.addi(T1, ZERO, ProxyRequest.endThread);
  b.ecall();

  const { words, listing } = b.finish();
  return { words, listing, unwindAddress: b.addressOf('unwind'), returnAddress, properties: isolationProperties(either) };
}

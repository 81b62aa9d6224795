// Assembly snippets the kernel tests share: printing a number, the start-up protocol of a server
// (register entries, publish, barrier) and of a client (barrier, look up, request proxies), all
// through the real system calls of abi.ts.
import { DomainPermission, Protection, Syscall, encodeSignature } from '../../simulator/kernel/abi';
import { isolationMask, type IsolationProperty } from '../../simulator/kernel/isolation';

/** `print_int`: writes a0 in decimal and a newline to stdout. Clobbers t0-t4, a0-a2, a7. */
export const PRINT_INT = `
print_int:
  addi sp, sp, -32
  addi t0, sp, 31
  li t1, 10
  sb t1, 0(t0)
  mv t2, a0
  li t3, 0
  li t4, 10
  bgez t2, 1f
  li t3, 1
  neg t2, t2
1:
  remu t1, t2, t4
  addi t1, t1, 48
  addi t0, t0, -1
  sb t1, 0(t0)
  divu t2, t2, t4
  bnez t2, 1b
  beqz t3, 2f
  addi t0, t0, -1
  li t1, 45
  sb t1, 0(t0)
2:
  li a0, 1
  mv a1, t0
  addi a2, sp, 32
  sub a2, a2, t0
  li a7, ${Syscall.write}
  ecall
  addi sp, sp, 32
  ret
`;

export function signature(argumentCount: number, hasResult = true, capabilityArguments: boolean[] = []): number {
  return encodeSignature({ argumentCount, capabilityArguments: capabilityArguments.length > 0 ? capabilityArguments : Array(argumentCount).fill(false), hasResult });
}

export const policy = (...properties: IsolationProperty[]): number => isolationMask(properties);

export interface ServerEntry {
  label: string;
  signature: number;
  policy: number;
}

/**
 * `_start` of a server: registers `entries` of its default domain and publishes the entry handle
 * as `name`; then either jumps to `after` (which resolves imports and waits at the barrier) or
 * waits at the barrier and ends its thread (a passive server).
 */
export function serverStartup(name: string, entries: ServerEntry[], after?: string): string {
  return `
  .text
_start:
  li a7, ${Syscall.domDefault}
  ecall
  li a1, ${entries.length}
  la a2, entry_descriptors
  li a7, ${Syscall.entryRegister}
  ecall
  mv a1, a0
  la a0, published_name
  li a7, ${Syscall.handlePublish}
  ecall
  ${after === undefined ? `li a7, ${Syscall.initBarrier}\n  ecall\n  li a7, ${Syscall.threadExit}\n  ecall` : `j ${after}`}
  .data
  .balign 4
entry_descriptors:
${entries.map((entry) => `  .word ${entry.label}, ${entry.signature}, ${entry.policy}, 0`).join('\n')}
  .rodata
published_name: .asciz "${name}"
  .text
`;
}

export interface ClientImport {
  /** Label of the word that receives the proxy address. */
  slot: string;
  index: number;
  signature: number;
  policy: number;
}

/**
 * Start-up of a client: look up `name` (yielding until it is published), entry_request the
 * imports (each proxy address lands in the word labelled `slot`), wait at the barrier (so every
 * process has resolved its imports before anyone calls), then jump to `main`.
 */
export function clientStartup(name: string, imports: ClientImport[], main = 'main', start = '_start'): string {
  return `
  .text
${start}:
  la a0, lookup_name_${name}
  li a7, ${Syscall.handleLookup}
  ecall
  bgtz a0, 1f
  li a7, ${Syscall.yield}
  ecall
  j ${start}
1:
  li a1, ${imports.length}
  la a2, request_${name}
  li a7, ${Syscall.entryRequest}
  ecall
  li a7, ${Syscall.initBarrier}
  ecall
  j ${main}
  .data
  .balign 4
request_${name}:
${imports.map((entry) => `  .word ${entry.index}, ${entry.signature}, ${entry.policy}\n${entry.slot}: .word 0`).join('\n')}
  .rodata
lookup_name_${name}: .asciz "${name}"
  .text
`;
}

/** Calls the proxy whose address is in the word `slot` (a0.. already set). */
export const callThrough = (slot: string): string => `
  la t6, ${slot}
  lw t6, 0(t6)
  jalr ra, 0(t6)
`;

export const EXIT = (code: number | string = 0): string => `
  li a0, ${code}
  li a7, ${Syscall.exit}
  ecall
`;

/**
 * Start-up lines that move the code page at `label` into a new domain of the process (its owner
 * handle left in s0) and give the process's own domain `call` on it (its handle left in s1).
 */
export const domainWithCallGrant = (label: string): string => `
  li a7, ${Syscall.domCreate}
  ecall
  mv s0, a0
  la a1, ${label}
  li a2, 4096
  li a3, ${Protection.read | Protection.execute}
  li a7, ${Syscall.domMmap}
  ecall
  mv a0, s0
  li a1, ${DomainPermission.call}
  li a7, ${Syscall.domCopy}
  ecall
  mv a1, a0
  li a7, ${Syscall.domDefault}
  ecall
  mv s1, a0
  li a7, ${Syscall.grantCreate}
  ecall`;

/**
 * Server.boom asserts; the client, seeing its call fail (a1 != 0), raises remote_fault itself.
 * The two process sources, for `buildImage`.
 */
export function remoteFaultProcesses(): { name: string; source: string }[] {
  return [
    { name: 'Server', source: `${serverStartup('server', [{ label: 'boom', signature: signature(0), policy: policy() }])}
  .balign 64
boom:
  li a7, ${Syscall.assertFail}
  ecall
` },
    { name: 'Client', source: `${clientStartup('server', [{ slot: 'boom_proxy', index: 0, signature: signature(0), policy: policy() }])}
main:
${callThrough('boom_proxy')}
  beqz a1, 1f
  li a7, ${Syscall.remoteFault}
  ecall
1:
${EXIT(0)}
` },
  ];
}

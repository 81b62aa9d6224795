// System-call argument checking (each error code, state unchanged afterwards) and domains/grants
// through the real calls: dom_create, dom_mmap, grant_create, grant_revoke taking effect while the
// granted domain runs (its APL cache entry is invalidated).
import { strict as assert } from 'node:assert';
import { runProgram } from '../../simulator/kernel/run-program';
import { DomainPermission, Protection, Syscall, SyscallError } from '../../simulator/kernel/abi';
import { buildImage } from './program-builder';
import { EXIT, PRINT_INT, callThrough, clientStartup, domainWithCallGrant, policy, serverStartup, signature } from './asm-library';

const lines = (stdout: string): string[] => (stdout === '' ? [] : stdout.replace(/\n$/, '').split('\n'));

/** Runs `a7 = number` with the given argument set-up and prints a0 (a0 survives the print). */
const check = (number: number, setup: string): string => `
${setup}
  li a7, ${number}
  ecall
  mv s10, a0
  call print_int
  mv a0, s10
`;

describe('kernel: system calls', () => {
  it('returns a clear error code for each bad argument and keeps working afterwards', () => {
    const image = buildImage([
      { name: 'Server', source: `${serverStartup('server', [{ label: 'twice', signature: signature(1), policy: policy() }])}
  .balign 64
twice:
  add a0, a0, a0
  ret
` },
      { name: 'Client', source: `${clientStartup('server', [{ slot: 'twice_proxy', index: 0, signature: signature(1), policy: policy() }])}
main:
${check(Syscall.domCopy, '  li a0, 999\n  li a1, 1')}
${check(Syscall.domDefault, '')}
  mv s0, a0
${check(Syscall.domCopy, `  mv a0, s0\n  li a1, 9`)}
${check(Syscall.domCopy, `  mv a0, s0\n  li a1, ${DomainPermission.call}`)}
  mv s1, a0
${check(Syscall.domCopy, `  mv a0, s1\n  li a1, ${DomainPermission.owner}`)}
${check(Syscall.domMmap, `  mv a0, s1\n  li a1, 0x01400000\n  li a2, 4096\n  li a3, ${Protection.read}`)}
${check(Syscall.domMmap, `  mv a0, s0\n  li a1, 0x01400010\n  li a2, 4096\n  li a3, ${Protection.read}`)}
${check(Syscall.domMmap, `  mv a0, s0\n  li a1, 0x01000000\n  li a2, 4096\n  li a3, ${Protection.read}`)}
${check(Syscall.entryRegister, `  mv a0, s0\n  li a1, 1\n  la a2, misaligned`)}
${check(Syscall.entryRegister, `  mv a0, s0\n  li a1, 1\n  la a2, foreign`)}
${check(Syscall.entryRegister, `  mv a0, s0\n  li a1, 1\n  li a2, 0x20`)}
${check(Syscall.handleLookup, '  la a0, server_name')}
  mv s2, a0
${check(Syscall.entryRequest, '  li a0, 77\n  li a1, 1\n  la a2, mismatch')}
${check(Syscall.entryRequest, '  mv a0, s2\n  li a1, 1\n  la a2, mismatch')}
${check(Syscall.entryRequest, '  mv a0, s2\n  li a1, 1\n  la a2, out_of_range')}
${check(Syscall.handleLookup, '  la a0, nobody')}
${check(Syscall.grantRevoke, '  mv a0, s0')}
${check(Syscall.handlePublish, '  la a0, server_name\n  mv a1, s0')}
${check(4000, '')}
  li a0, 21
${callThrough('twice_proxy')}
  call print_int
${EXIT(0)}
  .balign 64
local_entry:
  ret
  .data
misaligned: .word local_entry + 4, ${signature(0)}, 0, 0
foreign: .word 0x01000040, ${signature(0)}, 0, 0
mismatch: .word 0, ${signature(2)}, 0, 0
out_of_range: .word 5, ${signature(1)}, 0, 0
  .rodata
server_name: .asciz "server"
nobody: .asciz "nobody"
  .text
${PRINT_INT}
` },
    ]);
    const result = runProgram(image);
    const e = SyscallError;
    assert.deepEqual(lines(result.stdout).map(Number), [
      e.badHandle, // dom_copy of an unknown handle
      2, // dom_default (handle 1 is the start-up code's lookup)
      e.badArgument, // dom_copy with no such permission
      3, // dom_copy down to call
      e.notPermitted, // dom_copy up from call to owner
      e.notPermitted, // dom_mmap with a call handle
      e.badArgument, // dom_mmap of a misaligned address
      e.notPermitted, // dom_mmap into another process's region
      e.misalignedEntry, // entry_register of a misaligned entry
      e.badArgument, // entry_register of an address in another domain
      e.badArgument, // entry_register with an unreadable descriptor pointer
      4, // handle_lookup: failed calls allocated no handle
      e.badHandle, // entry_request with an unknown handle
      e.signatureMismatch, // entry_request with another signature
      e.badArgument, // entry_request of an entry index that does not exist
      e.notFound, // handle_lookup of an unpublished name
      e.badHandle, // grant_revoke of a domain handle
      e.notPermitted, // handle_publish of a taken name
      -38, // unknown system call: ENOSYS
      42, // and the import still works
    ]);
    assert.deepEqual(result.faults, []);
    assert.equal(result.stats.proxies, 1);
  });

  it('entry_request of a dead process fails with deadProcess', () => {
    const image = buildImage([
      { name: 'Doomed', source: `${serverStartup('doomed', [{ label: 'f', signature: signature(0), policy: policy() }], 'die')}
die:
  lw a0, 0(zero)
  .balign 64
f:
  ret
` },
      { name: 'Client', source: `
  .text
_start:
  la a0, name
  li a7, ${Syscall.handleLookup}
  ecall
  bgtz a0, 1f
  li a7, ${Syscall.yield}
  ecall
  j _start
1:
  mv s0, a0
  li a7, ${Syscall.yield}
  ecall
  mv a0, s0
  li a1, 1
  la a2, request
  li a7, ${Syscall.entryRequest}
  ecall
  call print_int
${EXIT(0)}
  .data
request: .word 0, ${signature(0)}, 0, 0
  .rodata
name: .asciz "doomed"
  .text
${PRINT_INT}
` },
    ]);
    const result = runProgram(image, { quantum: 1000 });
    assert.deepEqual(lines(result.stdout), [String(SyscallError.deadProcess)]);
  });

  it('a grant revoked while the granted domain runs takes effect at once (APL cache entry invalidated)', () => {
    // Process P: domain D (its code on its own page) reads P's `value` in a loop through a read
    // grant; a second thread of P revokes the grant while D is still looping.
    const image = buildImage([{ name: 'P', sectionOffsets: { '.text.d': 0x8_0000 }, source: `
  .text
_start:${domainWithCallGrant('d_loop')}
  mv a0, s1
  li a1, ${DomainPermission.read}
  li a7, ${Syscall.domCopy}
  ecall
  mv a1, a0
  mv a0, s0
  li a7, ${Syscall.grantCreate}
  ecall
  la t0, grant
  sw a0, 0(t0)
  la a0, revoker
  li a7, ${Syscall.threadSpawn}
  ecall
  la a0, value
  li a1, 300
  call d_loop
  call print_int
${EXIT(0)}
revoker:
  li t5, 60
1:
  addi t5, t5, -1
  bnez t5, 1b
  la t0, grant
  lw a0, 0(t0)
  li a7, ${Syscall.grantRevoke}
  ecall
  call print_int
  li a7, ${Syscall.threadExit}
  ecall
  .data
value: .word 3
grant: .word 0
  .text
${PRINT_INT}
  .section .text.d, "ax"
d_loop:
  li t1, 0
2:
  lw t0, 0(a0)
  add t1, t1, t0
  addi a1, a1, -1
  bnez a1, 2b
  mv a0, t1
  ret
` }]);
    const result = runProgram(image, { quantum: 100 });
    assert.deepEqual(lines(result.stdout), ['0'], 'the revoke returned 0; D never finished its loop');
    assert.deepEqual(result.faults.map((f) => [f.kind, f.process, f.domain]), [['load-denied', 'P', 'P#3']]);
    assert.equal(result.exitCode, 70);
    assert.ok(result.stats.aplCache.misses >= 2, 'the revoke invalidated the cached APL of D');
  });
});

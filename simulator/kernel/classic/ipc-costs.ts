// The `"ipc"` section of the cost model (os.md §5): what the kernel charges for the work a classic
// IPC primitive does outside user code, as the dIPC paper breaks a synchronous IPC down. User code
// (the marshalling stubs, the entry) is simulated instruction by instruction and never appears here.
// Defaults are cycles of the 2.5 GHz reference core; each cites the published figure it comes from
// (docs/cost-model.md discusses the sources and the ranges they give).
import type { CostTable } from '../../machine/cost-model';

export const IPC_COST_TABLE = {
  syscall: {
    default: 100,
    description: 'one system call: entry, dispatch trampoline and exit (syscall/sysret plus register save/restore). '
      + 'Source: L4Re reports a null syscall at 95-160 cycles on Intel N100 / Xeon 8352S (l4re.org/perf); '
      + 'Linux getpid is 40-100 ns on current x86 without KPTI',
  },
  l4Ipc: {
    default: 60,
    description: 'L4 kernel IPC path, one direction (capability lookup, message-register transfer, direct '
      + 'thread switch without the scheduler). Source: seL4 fastpath (Blackham & Heiser, APSys 2012; sel4.systems/performance): '
      + 'one-way IPC of a few hundred cycles all included, of which ~60 are the fastpath proper',
  },
  pipeOp: {
    default: 350,
    description: 'Linux pipe_write or pipe_read (pipe lock, ring buffer, wait queue), per operation. '
      + 'Source: lmbench lat_pipe round trip (4 pipe operations + 2 context switches) of 1.5-5 us on current x86 Linux',
  },
  socketOp: {
    default: 600,
    description: 'Linux UNIX-socket sendmsg or recvmsg (skb allocation, queueing, credentials), per operation. '
      + 'Source: lmbench lat_unix round trip, typically 1.3-1.5x lat_pipe',
  },
  futexOp: {
    default: 250,
    description: 'futex wake or wait behind sem_post/sem_wait when the other side sleeps, per operation. '
      + 'Source: futex slow path of ~100 ns (futex hash, wait queue), Drepper "Futexes Are Tricky"; perf bench futex',
  },
  schedule: {
    default: 500,
    description: 'the scheduler picking the next thread when the current one blocks (dequeue, pick_next_task, '
      + 'enqueue), Linux only (L4 switches directly). Source: lmbench lat_ctx (2 processes, 0 KiB) of 1-2 us minus the pipe work it includes',
  },
  contextSwitch: {
    default: 40,
    description: 'saving the user registers of one thread and loading another\'s (the switch itself, not the scheduler). '
      + 'Source: ~32 register moves and an FS-base write; part of the seL4 fastpath budget',
  },
  pageTableSwitch: {
    default: 80,
    description: 'writing the page-table base register when the CPU moves to another process (CR3 with PCID, no flush). '
      + 'Source: dIPC paper IPC breakdown (page-table switch bar); mov-to-CR3 measured at 100-250 cycles on Skylake-era cores',
  },
  tlbRefill: {
    default: 100,
    description: 'TLB misses after a page-table switch (a handful of page walks for the working set of a call). '
      + 'Source: dIPC paper IPC breakdown (TLB misses follow every switch); a page walk hitting the caches is ~20-30 cycles',
  },
  copyPerByte: {
    default: 0.125,
    description: 'copying one byte of a message or a capability\'s buffer through the kernel (copy_from_user / copy_to_user), '
      + 'charged per kernel copy. Source: 8 bytes per cycle for a cache-resident memcpy (lmbench bw_mem cp)',
  },
  wakeup: {
    default: 300,
    description: 'waking a thread blocked on the primitive, same core (try_to_wake_up: enqueue, preemption check). '
      + 'Source: dIPC paper IPC breakdown (wake-up bar); perf sched measurements of ~100-150 ns',
  },
  crossCoreWakeup: {
    default: 4000,
    description: 'cross-core variant: the hand-off to a thread waiting on another core (inter-processor interrupt and '
      + 'the remote core leaving idle), replacing wake-up, scheduling, context and page-table switch on the critical path. '
      + 'Source: IPI round trips of 1-2 us on x86 servers (lmbench lat_pipe run across cores is 2-3x the same-core figure)',
  },
  crossCore: {
    default: 0,
    description: 'setting, not a cost: 0 = caller and server share one core (the default, like lat_pipe pinned to a core); '
      + '1 = they run on different cores (every hand-off is charged crossCoreWakeup)',
  },
} as const satisfies CostTable;

export type IpcCostKey = keyof typeof IPC_COST_TABLE;
export type IpcCosts = Record<IpcCostKey, number>;

/**
 * The components a classic call's kernel-side cycles are reported under (`dipc bench` breakdown).
 * `primitive` is the mode's own kernel code (l4Ipc, pipeOp, socketOp or futexOp).
 */
export const IPC_COMPONENTS = ['syscall', 'primitive', 'schedule', 'contextSwitch', 'pageTableSwitch', 'tlbRefill', 'copy', 'wakeup'] as const;
export type IpcComponent = (typeof IPC_COMPONENTS)[number];

// The four classic primitives of os.md §5 as data: how many system calls and operations of its
// kernel code each side of a call makes, whether blocking goes through the scheduler, how many
// kernel copies a message takes, and the header the user-level stubs marshal. One table, read by
// the stub generator (user code) and by the kernel's charging (ipc cost section).
import type { IpcMode } from '../ipc-modes';
import type { IpcCostKey } from './ipc-costs';

export type ClassicMode = Exclude<IpcMode, 'dipc'>;

export interface ClassicPrimitive {
  /** What the mode stands for, for documentation and the bench table. */
  title: string;
  /** System calls one side makes per half of a call (the call, or the reply). */
  syscallsPerSide: number;
  /** The mode's own kernel code, and how many times one side runs it per half. */
  primitive: Extract<IpcCostKey, 'l4Ipc' | 'pipeOp' | 'socketOp' | 'futexOp'>;
  operationsPerSide: number;
  /** Linux primitives block through the scheduler and wake the peer; L4 switches threads directly. */
  scheduler: boolean;
  /** Kernel copies of a message in each direction (0: the data moves through shared memory). */
  copiesPerDirection: number;
  /** Words the stubs write before the arguments (request) and before the result (reply). */
  requestHeaderWords: number;
  replyHeaderWords: number;
  /** Sun RPC: XDR (big-endian) encoding of every word and header checks in the stubs. */
  xdr: boolean;
}

export const CLASSIC_PRIMITIVES: Readonly<Record<ClassicMode, ClassicPrimitive>> = {
  // seL4_Call / seL4_ReplyRecv: one system call per side, message tag in MR0, direct switch.
  l4: { title: 'L4 call/reply IPC', syscallsPerSide: 1, primitive: 'l4Ipc', operationsPerSide: 1, scheduler: false, copiesPerDirection: 1, requestHeaderWords: 1, replyHeaderWords: 1, xdr: false },
  // Sun RPC over a UNIX socket: sendmsg + recvmsg per side, a 10-word call header and a 6-word reply header.
  rpc: { title: 'local RPC over a UNIX socket', syscallsPerSide: 2, primitive: 'socketOp', operationsPerSide: 2, scheduler: true, copiesPerDirection: 2, requestHeaderWords: 10, replyHeaderWords: 6, xdr: true },
  // write() the request into one pipe, read() the reply from the other; a length word frames messages.
  pipe: { title: 'request and reply over two pipes', syscallsPerSide: 2, primitive: 'pipeOp', operationsPerSide: 2, scheduler: true, copiesPerDirection: 2, requestHeaderWords: 1, replyHeaderWords: 1, xdr: false },
  // Shared buffer plus two semaphores: sem_post wakes the peer, sem_wait blocks (futex each).
  sem: { title: 'shared buffer and two semaphores', syscallsPerSide: 2, primitive: 'futexOp', operationsPerSide: 2, scheduler: true, copiesPerDirection: 0, requestHeaderWords: 1, replyHeaderWords: 1, xdr: false },
};

// The kernel's section of the cost model: cycles charged for work the kernel does in TypeScript
// rather than in simulated instructions (system calls, thread switches, creating a proxy stack).
// dIPC calls never enter the kernel, so none of these entries is part of a cross-process call's cost.
import { MACHINE_COST_TABLE, type CostTable, type MachineCosts } from '../machine/cost-model';
import { IPC_COST_TABLE, type IpcCosts } from './classic/ipc-costs';

export const KERNEL_COST_TABLE = {
  syscall: {
    default: 150,
    description: 'system call entry, dispatch and exit (ecall trap, register save/restore, sysret); ~60 ns on the 2.5 GHz reference core',
  },
  contextSwitch: {
    default: 1000,
    description: 'the scheduler moving the CPU to another thread (save and restore of its state, run-queue work)',
  },
  proxyStackCreate: {
    default: 2000,
    description: "creating a thread's stack in a callee process on its first stack-switching call (page allocation and mapping)",
  },
} as const satisfies CostTable;

export type KernelCostKey = keyof typeof KERNEL_COST_TABLE;
export type KernelCosts = Record<KernelCostKey, number>;

/** The sections a cost-model file may hold (pass to loadCostModelFile); `ipc` is used by the classic IPC modes. */
export const KERNEL_COST_SECTIONS = { machine: MACHINE_COST_TABLE, kernel: KERNEL_COST_TABLE, ipc: IPC_COST_TABLE } as const;

/** A cost model as the kernel takes it: either section may be partial or absent. */
export interface CostModel {
  machine?: Partial<MachineCosts>;
  kernel?: Partial<KernelCosts>;
  ipc?: Partial<IpcCosts>;
}

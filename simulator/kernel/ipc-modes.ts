// How cross-process entry calls are carried (os.md §5): `dipc` through trusted proxies in one
// address space, or one of the classic kernel-mediated primitives, for comparison.

export const IPC_MODES = ['dipc', 'l4', 'rpc', 'pipe', 'sem'] as const;
export type IpcMode = (typeof IPC_MODES)[number];

/** The modes the kernel can run (the CLI rejects others with a clear message): all of them. */
export const IMPLEMENTED_IPC_MODES: readonly IpcMode[] = IPC_MODES;

export function isIpcMode(name: string): name is IpcMode {
  return (IPC_MODES as readonly string[]).includes(name);
}

// The one error type the kernel throws at its callers (bad images, bad options, misuse of the
// API). Faults of simulated code are never exceptions: they are reported in the run's results.

export class KernelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KernelError';
  }
}

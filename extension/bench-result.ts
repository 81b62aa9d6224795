// Reads the output of `dipc bench --json` (tooling.md §2). The CLI is another process, so its
// output is checked here before anything is drawn: a wrong shape gets a clear message naming the
// field, never a chart of NaNs.

export interface BenchModeResult {
  mode: string;
  cyclesPerCall: number;
  nsPerCall: number;
  /** Cycles per call by cost component (user code, syscall, context switch, ...). */
  breakdown: Record<string, number>;
}

export interface BenchResult {
  /** The IPC modes (os.md §5), `dipc` first. */
  modes: BenchModeResult[];
  /** speedup[m] = time per call in mode m / time per call in `dipc`. */
  speedup: Record<string, number>;
  /** Rows to compare against that are not IPC modes (a plain call, a domain call, dIPC with every property); absent for `--program`. */
  references: BenchModeResult[];
}

export class BenchResultError extends Error {}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function parseBenchResult(text: string): BenchResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BenchResultError(`dipc bench --json did not print JSON: ${text.slice(0, 120).trim() || '(no output)'}`);
  }
  const result = data as Partial<BenchResult> | null;
  if (!result || !Array.isArray(result.modes) || result.modes.length === 0) {
    throw new BenchResultError('dipc bench --json: missing or empty "modes" list');
  }
  const modes = result.modes.map((mode: Partial<BenchModeResult>, index) => parseRow(mode, `modes[${index}]`));
  if (result.references !== undefined && !Array.isArray(result.references)) throw new BenchResultError('dipc bench --json: "references" is not a list');
  const references = (result.references ?? []).map((mode: Partial<BenchModeResult>, index) => parseRow(mode, `references[${index}]`));
  const speedup: Record<string, number> = {};
  for (const [mode, factor] of Object.entries(result.speedup ?? {})) {
    if (isFiniteNumber(factor)) speedup[mode] = factor;
  }
  return { modes, speedup, references };
}

/** One row of `modes` or `references`, checked field by field. */
function parseRow(mode: Partial<BenchModeResult>, where: string): BenchModeResult {
  if (typeof mode?.mode !== 'string') throw new BenchResultError(`dipc bench --json: ${where}.mode is not a string`);
  if (!isFiniteNumber(mode.cyclesPerCall) || mode.cyclesPerCall < 0) throw new BenchResultError(`dipc bench --json: ${where}.cyclesPerCall is not a number >= 0`);
  if (!isFiniteNumber(mode.nsPerCall) || mode.nsPerCall < 0) throw new BenchResultError(`dipc bench --json: ${where}.nsPerCall is not a number >= 0`);
  const breakdown = mode.breakdown ?? {};
  if (typeof breakdown !== 'object') throw new BenchResultError(`dipc bench --json: ${where}.breakdown is not an object`);
  for (const [component, cycles] of Object.entries(breakdown)) {
    if (!isFiniteNumber(cycles) || cycles < 0) throw new BenchResultError(`dipc bench --json: ${where}.breakdown.${component} is not a number >= 0`);
  }
  return { mode: mode.mode, cyclesPerCall: mode.cyclesPerCall, nsPerCall: mode.nsPerCall, breakdown: { ...breakdown } };
}

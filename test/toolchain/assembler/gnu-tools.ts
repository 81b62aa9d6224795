// The GNU RISC-V toolchain and qemu for differential tests: finding them, running them in a
// temporary directory, and skipping a test with a message naming the missing tool.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TOOLS = {
  as: 'riscv64-unknown-elf-as',
  ld: 'riscv64-unknown-elf-ld',
  objcopy: 'riscv64-unknown-elf-objcopy',
  objdump: 'riscv64-unknown-elf-objdump',
  gcc: 'riscv64-unknown-elf-gcc',
  qemu: 'qemu-riscv32',
} as const;

export const INSTALL_HINT = 'apt-get install gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf qemu-user';

const available = new Map<string, boolean>();

export function toolAvailable(tool: string): boolean {
  if (!available.has(tool)) {
    const result = spawnSync(tool, ['--version'], { encoding: 'utf8' });
    available.set(tool, result.error === undefined && result.status === 0);
  }
  return available.get(tool)!;
}

/** Skips the running test unless every tool is installed, naming the missing ones. */
export function requireTools(context: Mocha.Context, ...tools: string[]): void {
  const missing = tools.filter((tool) => !toolAvailable(tool));
  if (missing.length === 0) return;
  const reason = `skipped: ${missing.join(', ')} not installed (${INSTALL_HINT})`;
  if (context.test) context.test.title += ` [${reason}]`;
  context.skip();
}

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runTool(tool: string, args: string[], cwd: string, input?: string): ToolResult {
  const result = spawnSync(tool, args, { cwd, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a tool and fails with its stderr if it does not succeed. */
export function runToolOrFail(tool: string, args: string[], cwd: string): string {
  const result = runTool(tool, args, cwd);
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

export function withTempDir<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'dipc-asm-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const RV32_AS_FLAGS = ['-march=rv32im_zicsr', '-mabi=ilp32', '-mno-relax'];
export const RV32_GCC_FLAGS = ['-march=rv32im_zicsr', '-mabi=ilp32', '-nostdlib', '-static', '-O2'];

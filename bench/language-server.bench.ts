// Language-server responsiveness, measured over LSP against the bundled server (dist/server.js):
// the time from a `didChange` on a 6,000-line document (300 processes) to its diagnostics (this
// includes the server's quiet period after an edit), completion latency after `P.`, and the
// server's resident memory with 50 open documents.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { CHECK_DELAY_MILLISECONDS } from '../language-server/server';
import { analyze } from '../simulator/toolchain/language/index';
import { LspTestClient } from '../test/language-server/lsp-client';

const CHANGE_SAMPLES = 30;
const COMPLETION_SAMPLES = 50;
const OPEN_DOCUMENTS = 50;
/** Linux's USER_HZ, the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS_PER_SECOND = 100;

/** One process of the generated program: 20 lines, an entry, an import of its neighbour's entry, calls. */
function processSource(index: number, count: number): string[] {
  const next = (index + 1) % count;
  return [
    `process P${index} {`,
    `    var table: [int; 16];`,
    `    const SCALE: int = ${index + 1};`,
    `    import P${next}.get isolate(reg_integrity);`,
    `    entry get(key: int) -> int isolate(stack_integrity) {`,
    `        return table[key % 16] * SCALE;`,
    `    }`,
    `    fn fill(n: int) {`,
    `        for i in 0..n {`,
    `            table[i % 16] = i * 0x10 + 0b1;`,
    `        }`,
    `    }`,
    `    fn work() -> int {`,
    `        fill(16);`,
    `        let total = P${next}.get(3) else -1;`,
    `        if total > 100 { total = total - 100; }`,
    `        print("P${index}", total);`,
    `        return total;`,
    `    }`,
    `}`,
  ];
}

export function generateProgram(processes: number): string {
  const lines: string[] = [];
  for (let index = 0; index < processes; index++) lines.push(...processSource(index, processes));
  lines.push('process Main {', '    fn main() {', '        print(1);', '    }', '}');
  return lines.join('\n') + '\n';
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

function summary(samples: number[]): { median: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number): number => Math.round(value * 10) / 10;
  return { median: round(percentile(sorted, 0.5)), p95: round(percentile(sorted, 0.95)), max: round(sorted[sorted.length - 1]) };
}

/** CPU time (user + system) the process has used, from /proc (Linux), in milliseconds. */
function cpuMilliseconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function residentMegabytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kilobytes === undefined ? undefined : Math.round(Number(kilobytes) / 1024);
  } catch {
    return undefined;
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const client = await LspTestClient.start();
  try {
    const text = generateProgram(300);
    const lineCount = text.split('\n').length - 1;
    const uri = 'file:///bench/large.dipc';
    const openStarted = performance.now();
    const initial = await client.open(uri, text);
    const openMilliseconds = performance.now() - openStarted;
    const errors = initial.filter((diagnostic) => diagnostic.severity === 1);
    if (errors.length > 0) throw new Error(`the generated program has errors: ${errors[0].message}`);

    // didChange -> diagnostics: alternate one literal in the middle of the document.
    const editLine = Math.floor(lineCount / 2);
    const literalLine = text.split('\n')[editLine];
    const literalColumn = literalLine.indexOf('16');
    const changeSamples: number[] = [];
    const cpuBefore = cpuMilliseconds(client.serverPid());
    for (let sample = 0; sample < CHANGE_SAMPLES; sample++) {
      const started = performance.now();
      await client.change(uri, [
        {
          range: { start: { line: editLine, character: literalColumn }, end: { line: editLine, character: literalColumn + 2 } },
          text: sample % 2 === 0 ? '17' : '16',
        },
      ]);
      changeSamples.push(performance.now() - started);
    }
    const cpuAfter = cpuMilliseconds(client.serverPid());
    // Wall time suffers when the machine is busy; the server's CPU time per change does much less.
    const serverCpuPerChange =
      cpuBefore === undefined || cpuAfter === undefined ? undefined : Math.round((cpuAfter - cpuBefore) / CHANGE_SAMPLES);

    // Completion after `P7.` in the large document: on an analysed version, and right after an edit.
    const completionLine = lineCount - 3;
    await client.change(uri, [{ range: { start: { line: completionLine, character: 0 }, end: { line: completionLine, character: 0 } }, text: '        P7.\n' }]);
    const position = { textDocument: { uri }, position: { line: completionLine, character: 11 } };
    const completionSamples: number[] = [];
    let entries: string[] = [];
    for (let sample = 0; sample < COMPLETION_SAMPLES; sample++) {
      const started = performance.now();
      const items = await client.request<CompletionItem[]>('textDocument/completion', position);
      completionSamples.push(performance.now() - started);
      entries = items.map((item) => item.label);
    }
    if (!entries.includes('get')) throw new Error(`completion after P7. did not offer \`get\`: ${entries.join(', ')}`);
    const afterEditSamples: number[] = [];
    for (let sample = 0; sample < 10; sample++) {
      void client.change(uri, [{ range: { start: { line: completionLine, character: 0 }, end: { line: completionLine, character: 0 } }, text: ' ' }]);
      const started = performance.now();
      await client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri },
        position: { line: completionLine, character: 12 + sample },
      });
      afterEditSamples.push(performance.now() - started);
    }
    await client.diagnosticsFor(uri, client.document(uri).version);
    await client.close(uri);

    // The front end's share: analysing the same text in this process (no LSP, no quiet period).
    const analyzeSamples: number[] = [];
    for (let sample = 0; sample < 10; sample++) {
      const started = performance.now();
      analyze(text, 'large.dipc');
      analyzeSamples.push(performance.now() - started);
    }

    return {
      document: { lines: lineCount, processes: 300 },
      frontEndAnalyzeMs: summary(analyzeSamples),
      openToDiagnosticsMs: Math.round(openMilliseconds),
      didChangeToDiagnosticsMs: {
        ...summary(changeSamples),
        samples: CHANGE_SAMPLES,
        includesQuietPeriodMs: CHECK_DELAY_MILLISECONDS,
        serverCpuMsPerChange: serverCpuPerChange,
        target: '< 150',
      },
      machineLoadAverage: loadavg()[0],
      completionMs: { ...summary(completionSamples), samples: COMPLETION_SAMPLES, target: '< 50' },
      completionRightAfterEditMs: { ...summary(afterEditSamples), samples: afterEditSamples.length, note: 'includes re-analysing the new version' },
      serverRssMb: await memoryWithOpenDocuments(),
    };
  } finally {
    await client.stop();
  }
}

/** A fresh server's RSS when started, and with 50 open documents of 30 processes (600 lines) each. */
async function memoryWithOpenDocuments(): Promise<Record<string, number | undefined>> {
  const client = await LspTestClient.start();
  try {
    const started = residentMegabytes(client.serverPid());
    const text = generateProgram(30);
    for (let index = 0; index < OPEN_DOCUMENTS; index++) await client.open(`file:///bench/open-${index}.dipc`, text);
    return { started, with50OpenDocuments: residentMegabytes(client.serverPid()), linesPerDocument: text.split('\n').length - 1 };
  } finally {
    await client.stop();
  }
}

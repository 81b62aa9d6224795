// The IPC comparison chart (dipc.compareIpc): time per call in every mode, and where the cycles of
// one call go, as a stacked bar per mode. Plain SVG strings: the webview needs no chart library,
// and the same function is tested without VS Code.

import type { BenchModeResult, BenchResult } from './bench-result';
import { paletteColour } from './palette';
import { escapeHtml } from './webview-html';

const WIDTH = 760;
const LABEL_WIDTH = 70;
const VALUE_WIDTH = 250;
const BAR_HEIGHT = 22;
const BAR_GAP = 10;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH;

function format(value: number, digits = 1): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(digits);
}

/** The rows drawn: the IPC modes, then the reference rows (drawn with the class `reference`). */
function rowsOf(result: BenchResult): { row: BenchModeResult; className: string }[] {
  return [
    ...result.modes.map((row) => ({ row, className: 'mode' })),
    ...result.references.map((row) => ({ row, className: 'mode reference' })),
  ];
}

/** Cost components in the order they first appear, so colours are stable across modes. */
export function componentsOf(result: BenchResult): string[] {
  const components: string[] = [];
  for (const { row: mode } of rowsOf(result)) {
    for (const component of Object.keys(mode.breakdown)) if (!components.includes(component)) components.push(component);
  }
  return components;
}

/** Horizontal bars, one per mode, length proportional to time per call; the label gives the factor to dIPC. */
export function renderTimePerCallChart(result: BenchResult): string {
  const drawn = rowsOf(result);
  const longest = Math.max(...drawn.map(({ row }) => row.nsPerCall), Number.MIN_VALUE);
  const dipc = result.modes.find((m) => m.mode === 'dipc');
  const height = drawn.length * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
  const rows = drawn.map(({ row: mode, className }, index) => {
    const y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP);
    const width = Math.max(2, (mode.nsPerCall / longest) * PLOT_WIDTH);
    const factor = result.speedup[mode.mode] ?? (dipc && dipc.nsPerCall > 0 ? mode.nsPerCall / dipc.nsPerCall : undefined);
    const factorText = mode.mode === 'dipc' || factor === undefined ? '' : ` (${format(factor, 2)}× dIPC)`;
    const text = `${format(mode.nsPerCall)} ns, ${format(mode.cyclesPerCall)} cycles${factorText}`;
    return `<g class="${className}" data-mode="${escapeHtml(mode.mode)}">
<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT * 0.7}" text-anchor="end">${escapeHtml(mode.mode)}</text>
<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${paletteColour(index)}"><title>${escapeHtml(`${mode.mode}: ${text}`)}</title></rect>
<text x="${LABEL_WIDTH + width + 6}" y="${y + BAR_HEIGHT * 0.7}">${escapeHtml(text)}</text>
</g>`;
  });
  return `<svg class="time-per-call" xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Time per call by IPC mode">
<line class="axis" x1="${LABEL_WIDTH}" y1="0" x2="${LABEL_WIDTH}" y2="${height}"/>
${rows.join('\n')}
</svg>`;
}

/** One bar per mode split into its cost components; every bar is scaled to its own total (100%). */
export function renderBreakdownChart(result: BenchResult): string {
  const components = componentsOf(result);
  const legendRows = Math.ceil(components.length / 4);
  const drawn = rowsOf(result);
  const barsHeight = drawn.length * (BAR_HEIGHT + BAR_GAP) + BAR_GAP;
  const height = barsHeight + legendRows * 20 + 10;
  const bars = drawn.map(({ row: mode, className }, index) => {
    const y = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP);
    const total = Object.values(mode.breakdown).reduce((sum, cycles) => sum + cycles, 0);
    let x = LABEL_WIDTH;
    const segments = components.map((component, componentIndex) => {
      const cycles = mode.breakdown[component] ?? 0;
      if (cycles <= 0 || total <= 0) return '';
      const width = (cycles / total) * (PLOT_WIDTH + VALUE_WIDTH - 20);
      const segment = `<rect class="segment" data-component="${escapeHtml(component)}" x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${paletteColour(componentIndex)}"><title>${escapeHtml(`${mode.mode}, ${component}: ${format(cycles)} cycles (${((cycles / total) * 100).toFixed(1)}%)`)}</title></rect>`;
      x += width;
      return segment;
    });
    const empty = total <= 0 ? `<text x="${LABEL_WIDTH + 4}" y="${y + BAR_HEIGHT * 0.7}" class="note">no breakdown reported</text>` : '';
    return `<g class="${className}" data-mode="${escapeHtml(mode.mode)}">
<text x="${LABEL_WIDTH - 8}" y="${y + BAR_HEIGHT * 0.7}" text-anchor="end">${escapeHtml(mode.mode)}</text>
${segments.join('')}${empty}
</g>`;
  });
  const legend = components.map((component, index) => {
    const x = LABEL_WIDTH + (index % 4) * 165;
    const y = barsHeight + 6 + Math.floor(index / 4) * 20;
    return `<g class="legend"><rect x="${x}" y="${y}" width="12" height="12" fill="${paletteColour(index)}"/><text x="${x + 17}" y="${y + 10}">${escapeHtml(component)}</text></g>`;
  });
  return `<svg class="breakdown" xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="Cycles per call by component">
${bars.join('\n')}
${legend.join('\n')}
</svg>`;
}

/** The body of the comparison webview: both charts and a table of the numbers. */
export function renderIpcComparison(result: BenchResult, subject: string): string {
  const components = componentsOf(result);
  const header = ['mode', 'ns per call', 'cycles per call', ...components].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const rows = rowsOf(result)
    .map(({ row: mode }) => {
      const cells = [mode.mode, format(mode.nsPerCall), format(mode.cyclesPerCall), ...components.map((c) => format(mode.breakdown[c] ?? 0))];
      return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<h1>IPC comparison: ${escapeHtml(subject)}</h1>
<p class="note">One synchronous cross-process call in every IPC mode, measured by executing it on the simulated machine (dipc bench).</p>
<h2>Time per call</h2>
${renderTimePerCallChart(result)}
<h2>Where the cycles go</h2>
${renderBreakdownChart(result)}
<h2>Numbers</h2>
<table class="numbers"><thead><tr>${header}</tr></thead><tbody>
${rows}
</tbody></table>`;
}

export const IPC_COMPARISON_STYLE = `
table.numbers { border-collapse: collapse; margin-top: 8px; }
table.numbers th, table.numbers td { border: 1px solid var(--vscode-editorWidget-border, #888); padding: 2px 8px; text-align: right; }
table.numbers th:first-child, table.numbers td:first-child { text-align: left; }
`;

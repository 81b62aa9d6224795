// The dIPC timeline: one lane per process (plus the proxies and the kernel), time in cycles to the
// right; each switch is a mark on the lane it enters, and a process switch also draws the hop
// between lanes. Built from `dipc/timeline` events as an SVG string (testable without VS Code).

import type { TimelineEvent } from '../debug-adapter/protocol';
import { paletteColour } from './palette';
import { escapeHtml } from './webview-html';

const LANE_HEIGHT = 26;
const LABEL_WIDTH = 90;
const PLOT_WIDTH = 560;
const TOP = 18;

/** The lane of a domain or process name: `Browser.Plugin` runs in process Browser's lane. */
export function laneOf(name: string): string {
  return name.split('.')[0]!;
}

/** Lanes in the order they first appear in the events. */
export function timelineLanes(events: readonly TimelineEvent[]): string[] {
  const lanes: string[] = [];
  for (const event of events) {
    for (const name of [event.from, event.to]) if (!lanes.includes(laneOf(name))) lanes.push(laneOf(name));
  }
  return lanes;
}

function describe(event: TimelineEvent): string {
  const what = event.kind === 'processSwitch' ? 'process switch' : 'domain switch';
  return `cycle ${event.cycles}: ${what} ${event.from} → ${event.to} (thread ${event.thread})${event.proxy ? ` via ${event.proxy}` : ''}${event.source ? `, line ${event.source.line}` : ''}`;
}

export function renderTimeline(events: readonly TimelineEvent[]): string {
  if (events.length === 0) return '<p class="note">No domain or process switches yet.</p>';
  const lanes = timelineLanes(events);
  const first = events[0]!.cycles;
  const last = events[events.length - 1]!.cycles;
  const span = Math.max(1, last - first);
  const width = LABEL_WIDTH + PLOT_WIDTH + 20;
  const xOf = (cycle: number): number => LABEL_WIDTH + ((cycle - first) / span) * PLOT_WIDTH;
  const yOf = (name: string): number => TOP + lanes.indexOf(laneOf(name)) * LANE_HEIGHT + LANE_HEIGHT / 2;
  const height = TOP + lanes.length * LANE_HEIGHT + 10;
  const laneLines = lanes.map(
    (lane, index) =>
      `<text x="${LABEL_WIDTH - 6}" y="${yOf(lane) + 4}" text-anchor="end">${escapeHtml(lane)}</text>` +
      `<line class="axis" x1="${LABEL_WIDTH}" y1="${yOf(lane)}" x2="${LABEL_WIDTH + PLOT_WIDTH}" y2="${yOf(lane)}" stroke-dasharray="2 3"/>` +
      `<rect x="2" y="${yOf(lane) - 5}" width="8" height="10" fill="${paletteColour(index)}"/>`,
  );
  const marks = events.map((event) => {
    const x = xOf(event.cycles).toFixed(1);
    const title = `<title>${escapeHtml(describe(event))}</title>`;
    const colour = paletteColour(lanes.indexOf(laneOf(event.to)));
    if (event.kind === 'processSwitch') {
      return `<line class="process-switch" x1="${x}" y1="${yOf(event.from)}" x2="${x}" y2="${yOf(event.to)}" stroke="${colour}" stroke-width="2">${title}</line>` +
        `<circle cx="${x}" cy="${yOf(event.to)}" r="4" fill="${colour}">${title}</circle>`;
    }
    return `<rect class="domain-switch" x="${x}" y="${yOf(event.to) - 7}" width="2" height="14" fill="${colour}">${title}</rect>`;
  });
  return `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="Domain and process switches over time">
<text x="${LABEL_WIDTH}" y="11">cycle ${first}</text><text x="${LABEL_WIDTH + PLOT_WIDTH}" y="11" text-anchor="end">cycle ${last}</text>
${laneLines.join('\n')}
${marks.join('\n')}
</svg>`;
}

/** The most recent events as a table, newest first. */
export function renderRecentSwitches(events: readonly TimelineEvent[], count: number): string {
  const rows = events
    .slice(-count)
    .reverse()
    .map((event) => {
      const cells = [String(event.cycles), event.kind === 'processSwitch' ? 'process' : 'domain', event.from, event.to, event.proxy ?? ''];
      return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table class="switches"><thead><tr><th>cycle</th><th>switch</th><th>from</th><th>to</th><th>through</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

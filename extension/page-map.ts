// The page map (dipc.showPageMap): the global address space as a grid of 4 KiB pages, coloured by
// domain, each cell marked with the page's R/W/X/P/C bits and titled with its owner. Runs of
// pages are grouped by owning process so a program's layout reads top to bottom.

import type { PageSnapshot } from '../debug-adapter/protocol';
import { paletteColour } from './palette';
import { escapeHtml } from './webview-html';

export function pageFlags(page: PageSnapshot): string {
  return [
    page.read ? 'R' : '-',
    page.write ? 'W' : '-',
    page.execute ? 'X' : '-',
    page.privileged ? 'P' : '-',
    page.capabilityStorage ? 'C' : '-',
  ].join('');
}

export function hex(address: number): string {
  return `0x${(address >>> 0).toString(16).padStart(8, '0')}`;
}

interface ProcessGroup {
  process: string;
  pages: PageSnapshot[];
}

/** Pages grouped by owning process, in address order of each group's first page. */
export function groupPagesByProcess(pages: readonly PageSnapshot[]): ProcessGroup[] {
  const groups = new Map<string, PageSnapshot[]>();
  for (const page of [...pages].sort((a, b) => (a.address >>> 0) - (b.address >>> 0))) {
    // The kernel's and the proxies' pages belong to no process (their owner reads `kernel`): they
    // are grouped by domain, so the proxies get a group of their own.
    const owner = page.process === 'kernel' || page.process === '' ? page.domain : page.process;
    const list = groups.get(owner) ?? [];
    list.push(page);
    groups.set(owner, list);
  }
  return [...groups].map(([process, list]) => ({ process, pages: list }));
}

export function renderPageMap(pages: readonly PageSnapshot[], subject: string): { body: string; style: string } {
  const tags = [...new Set(pages.map((p) => p.tag))].sort((a, b) => a - b);
  const domainNames = new Map(pages.map((p) => [p.tag, p.domain]));
  const style = tags.map((tag, index) => `.tag-${tag} { background: ${paletteColour(index)}; }`).join('\n') + PAGE_MAP_STYLE;
  const sections = groupPagesByProcess(pages).map((group) => {
    const cells = group.pages
      .map((page) => {
        const title = `${hex(page.address)} ${pageFlags(page)} domain ${page.domain} (tag ${page.tag}), process ${page.process}${page.region ? `, ${page.region}` : ''}`;
        return `<div class="page tag-${page.tag}" data-address="${hex(page.address)}" title="${escapeHtml(title)}"><span>${pageFlags(page)}</span></div>`;
      })
      .join('');
    return `<section class="process"><h2>${escapeHtml(group.process)} <span class="note">${group.pages.length} pages, ${hex(group.pages[0]!.address)}–${hex(group.pages[group.pages.length - 1]!.address + 0xfff)}</span></h2>
<div class="grid">${cells}</div></section>`;
  });
  const legend = tags
    .map((tag) => `<span class="legend-item"><span class="swatch tag-${tag}"></span>${escapeHtml(domainNames.get(tag) ?? '')} (tag ${tag})</span>`)
    .join('');
  const body = `<h1>Page map: ${escapeHtml(subject)}</h1>
<p class="note">Every mapped 4 KiB page of the global address space. Flags: R read, W write, X execute, P privileged (may run privileged instructions), C capability storage. Colour = domain.</p>
<div class="legend">${legend}</div>
${pages.length === 0 ? '<p>No pages are mapped.</p>' : sections.join('\n')}`;
  return { body, style };
}

const PAGE_MAP_STYLE = `
.grid { display: flex; flex-wrap: wrap; gap: 2px; }
.page { width: 46px; height: 22px; color: #fff; font-family: var(--vscode-editor-font-family); font-size: 10px;
        display: flex; align-items: center; justify-content: center; border-radius: 2px; }
.page span { text-shadow: 0 0 2px #000; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0; }
.legend-item { display: inline-flex; align-items: center; gap: 4px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
`;

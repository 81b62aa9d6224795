// The rows of the CODOMs view, built from one `dipc/codoms` snapshot: plain data, so it is tested
// without VS Code. codoms-view.ts turns the rows into tree items.

import type { CodomsResponseBody, DomainView } from '../debug-adapter/protocol';
import { hex } from './page-map';

/** One row of the tree; children are computed when the row is built (snapshots are small). */
export interface CodomsNode {
  label: string;
  description?: string;
  tooltip?: string;
  icon?: string;
  children?: CodomsNode[];
  /** Shown opened when the tree is rebuilt (the processes, so a stop shows them at once). */
  expanded?: boolean;
  command?: { command: string; title: string };
}

function domainNode(domain: DomainView, currentDomain: string | undefined): CodomsNode {
  return {
    label: domain.name,
    description: `tag ${domain.tag}, ${domain.pageCount} pages${domain.privileged ? ', privileged' : ''}${domain.name === currentDomain ? ', current' : ''}`,
    icon: 'symbol-namespace',
    children: [
      {
        label: 'APL',
        description: domain.apl.length === 0 ? 'empty' : `${domain.apl.length} entries`,
        icon: 'shield',
        children: domain.apl.map((entry) => ({
          label: `${entry.domain} (tag ${entry.tag})`,
          description: entry.permission,
          icon: 'arrow-right',
        })),
      },
    ],
  };
}

export function buildCodomsTree(snapshot: CodomsResponseBody): CodomsNode[] {
  const { status } = snapshot;
  const domainsByTag = new Map<number, string>();
  for (const domain of [...snapshot.processes.flatMap((p) => p.domains), ...snapshot.systemDomains]) domainsByTag.set(domain.tag, domain.name);
  return [
    status
      ? {
          label: `Thread ${status.thread}`,
          description: `in ${status.process} / ${status.domain}`,
          tooltip: `thread ${status.threadId}: current process ${status.process}, current domain ${status.domain}; ${status.cycles} cycles, ${status.instructions} instructions`,
          icon: 'debug-stackframe',
        }
      : { label: 'Not stopped', icon: 'debug-continue' },
    {
      label: 'Processes',
      icon: 'server-process',
      expanded: true,
      children: snapshot.processes.map((process) => ({
        label: process.name,
        description: `pid ${process.pid}, ${process.status}${process.exitCode !== undefined ? ` (${process.exitCode})` : ''}`,
        icon: process.status === 'running' ? 'vm-running' : 'vm-outline',
        children: process.domains.map((domain) => domainNode(domain, status?.domain)),
      })),
    },
    {
      label: 'System domains',
      icon: 'shield',
      children: snapshot.systemDomains.map((domain) => domainNode(domain, status?.domain)),
    },
    {
      label: 'Capability registers',
      icon: 'key',
      children: snapshot.capabilityRegisters.map((register) => {
        const empty = register.permission === 'none';
        return {
          label: register.name,
          description: empty
            ? 'empty'
            : `${register.valid ? '' : 'INVALID '}${hex(register.base)}+${register.length} ${register.permission} ${register.kind}${register.owner ? `, owner ${register.owner}` : ''}`,
          icon: empty ? 'circle-outline' : register.valid ? 'pass' : 'error',
        };
      }),
    },
    {
      label: 'Proxies',
      description: String(snapshot.proxies.length),
      icon: 'arrow-swap',
      children: snapshot.proxies.map((proxy) => ({
        label: `${proxy.callerProcess} → ${proxy.entry}`,
        description: `${hex(proxy.address)} ${proxy.isolation.join(', ') || 'no isolation properties'}`,
        icon: 'symbol-interface',
      })),
    },
    {
      label: 'KCS',
      description: snapshot.kcs.length === 0 ? 'empty' : `${snapshot.kcs.length} crossings`,
      icon: 'layers',
      children: snapshot.kcs.map((record) => ({
        label: `${record.callerProcess} → ${record.calleeProcess}`,
        description: `return ${hex(record.returnAddress)}, sp ${hex(record.callerStackPointer)}`,
        tooltip: `${record.proxy}; isolation: ${record.isolation.join(', ') || 'none'}`,
        icon: 'debug-step-into',
      })),
    },
    {
      label: 'APL cache',
      description: `${snapshot.aplCache.hits} hits, ${snapshot.aplCache.misses} misses, ${snapshot.aplCache.cachedTags.length}/${snapshot.aplCache.capacity} entries`,
      icon: 'database',
      children: snapshot.aplCache.cachedTags.map((tag, index) => ({
        label: `${index + 1}. ${domainsByTag.get(tag) ?? `tag ${tag}`}`,
        description: `tag ${tag}`,
        icon: 'circle-small-filled',
      })),
    },
    {
      label: 'Page map',
      description: `${snapshot.pages.length} pages`,
      icon: 'table',
      command: { command: 'dipc.showPageMap', title: 'Show Page Map' },
    },
  ];
}

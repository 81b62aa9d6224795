// The page map and the CODOMs tree drawn from a `dipc/codoms` snapshot (extension/page-map.ts, codoms-tree.ts).
import * as assert from 'node:assert';
import type { CodomsResponseBody, PageSnapshot } from '../../debug-adapter/protocol';
import { buildCodomsTree } from '../../extension/codoms-tree';
import { groupPagesByProcess, pageFlags, renderPageMap } from '../../extension/page-map';

function page(address: number, tag: number, process: string, domain: string, flags: string): PageSnapshot {
  return {
    address, tag, process, domain,
    read: flags.includes('R'), write: flags.includes('W'), execute: flags.includes('X'),
    privileged: flags.includes('P'), capabilityStorage: flags.includes('C'),
  };
}

const pages = [
  page(0x0140_0000, 2, 'Client', 'Client', 'RX'),
  page(0x0100_0000, 1, 'Store', 'Store', 'RX'),
  page(0x0118_0000, 1, 'Store', 'Store', 'RW'),
  page(0x0120_0000, 1, 'Store', 'Store', 'RWC'),
  page(0xf100_0000, 3, 'kernel', 'proxies', 'RXP'),
  page(0xf000_0000, 0, 'kernel', 'kernel', 'RW'),
];

const snapshot: CodomsResponseBody = {
  status: { threadId: 1, thread: 'Client.main', process: 'Store', domain: 'Store', cycles: 1234, instructions: 900 },
  processes: [
    { pid: 1, name: 'Store', status: 'running', domains: [{ tag: 1, name: 'Store', process: 'Store', privileged: false, pageCount: 3, apl: [] }] },
    { pid: 2, name: 'Client', status: 'running', domains: [{ tag: 2, name: 'Client', process: 'Client', privileged: false, pageCount: 1, apl: [{ tag: 3, domain: 'proxies', permission: 'call' }] }] },
  ],
  systemDomains: [{ tag: 3, name: 'proxies', process: '', privileged: true, pageCount: 1, apl: [{ tag: 1, domain: 'Store', permission: 'call' }] }],
  capabilityRegisters: [
    { name: 'cr0', valid: true, base: 0x0130_fff0, length: 16, permission: 'read+write', kind: 'sync', owner: 'Client' },
    { name: 'cr1', valid: false, base: 0, length: 0, permission: 'none', kind: 'sync', owner: '' },
  ],
  proxies: [{ address: 0xf100_0000, callerProcess: 'Client', entry: 'Store.get', isolation: ['reg_integrity', 'reg_confidentiality'] }],
  kcs: [{ callerProcess: 'Client', calleeProcess: 'Store', returnAddress: 0x0140_0040, callerStackPointer: 0x0170_fff0, proxy: 'proxy Client -> Store.get', isolation: ['reg_integrity'] }],
  pages,
  aplCache: { hits: 10, misses: 3, capacity: 8, cachedTags: [1, 3, 2] },
};

describe('extension: page map and CODOMs tree', () => {
  it('writes the five page bits as R/W/X/P/C flags', () => {
    assert.strictEqual(pageFlags(pages[3]!), 'RW--C');
    assert.strictEqual(pageFlags(pages[4]!), 'R-XP-');
  });

  it('groups pages by owning process in address order, the kernel-owned pages by their domain (kernel, proxies)', () => {
    const groups = groupPagesByProcess(pages);
    assert.deepStrictEqual(groups.map((g) => g.process), ['Store', 'Client', 'kernel', 'proxies']);
    assert.deepStrictEqual(groups[0]!.pages.map((p) => p.address), [0x0100_0000, 0x0118_0000, 0x0120_0000]);
  });

  it('colours each page by its domain and says who owns it', () => {
    const { body, style } = renderPageMap(pages, 'kvstore.dipc');
    assert.strictEqual((body.match(/class="page tag-1"/g) ?? []).length, 3);
    assert.match(style, /\.tag-1 \{ background: #[0-9A-F]{6}; \}/i);
    assert.match(body, /title="0x01200000 RW--C domain Store \(tag 1\), process Store"/);
  });

  it('builds the CODOMs tree: processes, domains with their APL, capability registers, proxies, KCS, APL cache', () => {
    const tree = buildCodomsTree(snapshot);
    const byLabel = (label: string) => tree.find((node) => node.label === label)!;
    assert.strictEqual(tree[0]!.label, 'Thread Client.main');
    assert.strictEqual(tree[0]!.description, 'in Store / Store');
    const client = byLabel('Processes').children!.find((p) => p.label === 'Client')!;
    const apl = client.children![0]!.children![0]!;
    assert.deepStrictEqual(apl.children!.map((e) => [e.label, e.description]), [['proxies (tag 3)', 'call']]);
    assert.deepStrictEqual(byLabel('Capability registers').children!.map((c) => c.description), ['0x0130fff0+16 read+write sync, owner Client', 'empty']);
    assert.match(byLabel('Proxies').children![0]!.description!, /reg_integrity, reg_confidentiality/);
    assert.strictEqual(byLabel('KCS').children![0]!.label, 'Client → Store');
    assert.deepStrictEqual(byLabel('APL cache').children!.map((c) => c.label), ['1. Store', '2. proxies', '3. Client']);
    assert.strictEqual(byLabel('Page map').command!.command, 'dipc.showPageMap');
  });
});

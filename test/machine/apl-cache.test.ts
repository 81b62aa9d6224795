// The APL cache (machine.md §4.1): consulted for the source domain on every cross-domain access
// and for the entered domain on every domain switch; LRU replacement; a miss costs aplMiss cycles;
// changing a domain's APL invalidates its entry.
import { strict as assert } from 'node:assert';
import { AplCache } from '../../simulator/machine/apl-cache';
import { Machine } from '../../simulator/machine/machine';
import { D1_CODE, D2_DATA, ins, li, place, rw, rx, twoDomains } from './program';

describe('machine: APL cache', () => {
  it('keeps the most recently used domains and evicts the least recently used', () => {
    const cache = new AplCache(2);
    assert.equal(cache.access(1), false);
    assert.equal(cache.access(2), false);
    assert.equal(cache.access(1), true);
    assert.equal(cache.access(3), false); // evicts 2, the least recently used
    assert.deepEqual(cache.state().entries, [3, 1]);
    assert.equal(cache.access(2), false);
    assert.equal(cache.access(1), false, '1 was evicted by 2');
    assert.deepEqual({ hits: cache.hits, misses: cache.misses }, { hits: 1, misses: 5 });
  });

  it('rejects a non-positive capacity', () => {
    assert.throws(() => new Machine({ aplCacheEntries: 0 }), /positive integer/);
  });

  it('a cross-domain load consults the source domain: miss (+aplMiss cycles) then hits', () => {
    const machine = twoDomains();
    machine.setAplPermission(1, 2, 'read');
    place(machine, D1_CODE, [...li('t0', D2_DATA), ins('lw', 'a0', 0, 't0'), ins('lw', 'a0', 4, 't0'), ins('lw', 'a0', 8, 't0'), ins('ebreak')]);
    machine.run(10);
    assert.deepEqual(machine.stats.aplCache, { hits: 2, misses: 1, invalidations: 0 });
    assert.equal(machine.stats.cycles, 2 + 3 + 30 + 1);
  });

  it('same-domain accesses never consult the cache', () => {
    const machine = twoDomains();
    place(machine, D1_CODE, [...li('t0', 0x20000), ins('lw', 'a0', 0, 't0'), ins('sw', 'a0', 4, 't0'), ins('ebreak')]);
    machine.run(10);
    assert.deepEqual(machine.stats.aplCache, { hits: 0, misses: 0, invalidations: 0 });
  });

  it("changing a domain's APL invalidates its entry (next access misses again)", () => {
    const machine = twoDomains();
    machine.setAplPermission(1, 2, 'read');
    place(machine, D1_CODE, [...li('t0', D2_DATA), ins('lw', 'a0', 0, 't0'), ins('ebreak'), ins('lw', 'a0', 0, 't0'), ins('ebreak')]);
    machine.run(10);
    machine.setAplPermission(1, 2, 'write');
    machine.run(10);
    assert.deepEqual(machine.stats.aplCache, { hits: 0, misses: 2, invalidations: 1 });
  });

  it('every domain switch consults the entered domain; LRU over several domains is visible in the counts', () => {
    // Domain 1 calls entries of domains 2, 3 and 4 in turn, twice, with a 2-entry cache.
    const machine = new Machine({ aplCacheEntries: 2 });
    machine.mapPages(0x10000, 4096, rx(1));
    const calls: number[] = [];
    for (const tag of [2, 3, 4]) {
      machine.mapPages(tag * 0x10000, 4096, rx(tag));
      place(machine, tag * 0x10000, [ins('jalr', 'zero', 0, 'ra')]);
      machine.setAplPermission(1, tag, 'call');
      calls.push(...li('t0', tag * 0x10000), ins('jalr', 'ra', 0, 't0'));
    }
    place(machine, 0x10000, [...calls, ...calls, ins('ebreak')]);
    machine.pc = 0x10000;
    assert.equal(machine.run(100).kind, 'ebreak');
    // Per call: source 1 (fetch check), entered T; per return: entered 1.
    // Sequence: 1m 2m 1h | 1h 3m(evicts 2) 1h | 1h 4m(evicts 3) 1h | 1h 2m 1h | 1h 3m 1h | 1h 4m 1h
    assert.deepEqual(machine.stats.aplCache, { hits: 11, misses: 7, invalidations: 0 });
    assert.deepEqual(machine.aplCacheState().entries, [1, 4]);
  });

  it('a larger cache keeps them all', () => {
    const machine = new Machine({ aplCacheEntries: 8 });
    machine.mapPages(0x10000, 4096, rx(1));
    machine.mapPages(0x20000, 4096, rw(1));
    for (const tag of [2, 3, 4]) {
      machine.mapPages(tag * 0x10000 + 0x100000, 4096, rw(tag));
      machine.setAplPermission(1, tag, 'read');
    }
    const loads = [2, 3, 4].flatMap((tag) => [...li('t0', tag * 0x10000 + 0x100000), ins('lw', 'a0', 0, 't0')]);
    place(machine, 0x10000, [...loads, ...loads, ins('ebreak')]);
    machine.pc = 0x10000;
    machine.run(100);
    assert.deepEqual(machine.stats.aplCache, { hits: 5, misses: 1, invalidations: 0 });
  });
});

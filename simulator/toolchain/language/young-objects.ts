// Constructors for the front end's numerous objects that live as long as one analysis (syntax
// nodes, spans, symbols, resolutions). V8 watches the allocation site of every object and array
// literal, and when most objects from a site survive a young collection it starts allocating them
// directly in the old generation ("pretenuring"). An analysis's objects all die together when the
// next analysis replaces it, so the old generation then fills with dead trees, V8 reverts the
// decision, deoptimizes every function that allocates from those sites, and learns it again a few
// analyses later: that cycle tripled the median time of the 6,000-line benchmark. Objects made by
// `new` (and arrays made by `slice` or `map`) are never pretenured: they stay young,
// where a dead analysis costs the collector nothing. (docs/language-decisions.md, "Front-end
// performance".)

/**
 * A constructor whose objects have `Object.prototype` as their prototype: they are plain objects,
 * indistinguishable from the object literal with the same fields in the same order.
 */
export function plain<Arguments extends unknown[]>(
  constructor: (this: Record<string, unknown>, ...parameters: Arguments) => void,
): new (...parameters: Arguments) => object {
  constructor.prototype = Object.prototype;
  return constructor as unknown as new (...parameters: Arguments) => object;
}

// Arrays made by `slice` carry no allocation site either (`[]`, `[x]` and `new Array(n)` do), and
// copying a short constant array is faster than the generic `Array.of`.
const EMPTY: unknown[] = [];
const ONE_SLOT: unknown[] = [undefined];

/** A new empty array. */
export function emptyList<T>(): T[] {
  return EMPTY.slice() as T[];
}

/** A new array holding just `element`. */
export function listOf<T>(element: T): T[] {
  const list = ONE_SLOT.slice() as T[];
  list[0] = element;
  return list;
}

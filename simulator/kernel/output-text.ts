// The text view of what a program writes. `write` keeps the bytes unchanged (os.md §2: plain RV32
// programs run as on Linux); readers that need text (the `--json` `stdout`, the debugger's output
// events) get each write decoded as UTF-8 *as a stream* per process and stream, so a character
// split across two writes (a C `putchar` loop) decodes as one character. Invalid bytes become
// U+FFFD as the WHATWG decoder does. The undecoded tail is plain data, so it lives in the kernel's
// snapshotted state instead of inside a TextDecoder object a snapshot could not copy.

const REPLACEMENT = '\uFFFD';
const decoder = new TextDecoder('utf-8');

/** Bytes of a character its lead byte announces (0: not a lead byte of a multi-byte character). */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The allowed range of the byte after `lead` (UTF-8 excludes overlongs, surrogates, > U+10FFFF). */
function secondByteAllowed(lead: number, byte: number): boolean {
  if (lead === 0xe0) return byte >= 0xa0 && byte <= 0xbf;
  if (lead === 0xed) return byte >= 0x80 && byte <= 0x9f;
  if (lead === 0xf0) return byte >= 0x90 && byte <= 0xbf;
  if (lead === 0xf4) return byte >= 0x80 && byte <= 0x8f;
  return byte >= 0x80 && byte <= 0xbf;
}

/** How many bytes at the end of `bytes` start a character the next write may complete. */
function incompleteTailLength(bytes: Uint8Array): number {
  const lookBack = Math.min(3, bytes.length);
  for (let length = 1; length <= lookBack; length++) {
    const start = bytes.length - length;
    const needed = sequenceLength(bytes[start]);
    if (needed === 0) {
      if ((bytes[start] & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
      return 0;
    }
    if (length >= needed) return 0;
    for (let index = start + 1; index < bytes.length; index++) {
      const allowed = index === start + 1 ? secondByteAllowed(bytes[start], bytes[index]) : (bytes[index] & 0xc0) === 0x80;
      if (!allowed) return 0;
    }
    return length;
  }
  return 0;
}

/**
 * Decodes one write: `pending` is the incomplete character the previous write of the same process
 * and stream ended with. Returns the text complete so far and the new incomplete tail.
 */
export function decodeWrite(pending: readonly number[], bytes: Uint8Array): { text: string; pending: number[] } {
  const joined = pending.length === 0 ? bytes : Uint8Array.from([...pending, ...bytes]);
  const tail = incompleteTailLength(joined);
  return {
    text: decoder.decode(joined.subarray(0, joined.length - tail)),
    pending: Array.from(joined.subarray(joined.length - tail)),
  };
}

/** The text of a tail no write completed: one U+FFFD, as a decoder gives at the end of its input. */
export function flushPending(pending: readonly number[]): string {
  return pending.length === 0 ? '' : REPLACEMENT;
}

// Offsets <-> 0-based line/column (UTF-16 code units) for one document. Built once per analysis
// from the line starts, so each lookup is a binary search: diagnostics, hovers and the debugger's
// line table all convert through it.

import type { LineAndColumn, LineMap } from './analysis';

export function createLineMap(text: string): LineMap {
  const lineStarts = [0];
  if (text.indexOf('\r') < 0) {
    // Only `\n` line breaks (the usual case): `indexOf` finds them much faster than a loop over every character.
    for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  } else {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 10 /* \n */) lineStarts.push(index + 1);
      else if (code === 13 /* \r */) {
        if (text.charCodeAt(index + 1) === 10) index++;
        lineStarts.push(index + 1);
      }
    }
  }
  return {
    lineCount: lineStarts.length,
    positionAt(offset: number): LineAndColumn {
      const clamped = Math.max(0, Math.min(offset, text.length));
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (lineStarts[middle] <= clamped) low = middle;
        else high = middle - 1;
      }
      return { line: low, column: clamped - lineStarts[low] };
    },
    offsetAt(position: LineAndColumn): number {
      if (position.line < 0) return 0;
      if (position.line >= lineStarts.length) return text.length;
      const lineStart = lineStarts[position.line];
      const nextLineStart = position.line + 1 < lineStarts.length ? lineStarts[position.line + 1] : text.length;
      return Math.max(lineStart, Math.min(lineStart + position.column, nextLineStart));
    },
  };
}

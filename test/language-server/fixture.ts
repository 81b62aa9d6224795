// Finding positions in test programs by their text (`positionOf(text, 'Store.get(7)', 6)` is the
// `g` of that call), so editing a fixture never silently moves what a test points at.
import type { Position } from 'vscode-languageserver-protocol';

export function positionOf(text: string, needle: string, delta = 0, occurrence = 0): Position {
  let index = -1;
  for (let found = 0; found <= occurrence; found++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`fixture: \`${needle}\` (occurrence ${occurrence}) not found`);
  }
  const offset = index + delta;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function lineOf(text: string, needle: string, occurrence = 0): number {
  return positionOf(text, needle, 0, occurrence).line;
}

/** The key-value store of language.md §1, with a few more names to navigate. */
export const KV_STORE = `// A key-value store and a client, in two isolated processes.
process Store {
    var table: [int; 64];

    entry put(key: int, value: int) {
        table[key % 64] = value;
    }

    entry get(key: int) -> int isolate(reg_integrity) {
        return table[key % 64];
    }

    entry size() -> int { return 64; }

    fn helper() -> int { return 1; }
}

process Client {
    import Store.put;
    import Store.get isolate(reg_confidentiality, stack_confidentiality);

    fn main() {
        Store.put(7, 42);
        print("got", Store.get(7));
        let v = Store.get(8) else -1;
        let buffer: [int; 4];
        let c: cap = cap(buffer, read);
        print(v, len(c));
    }
}
`;

// Programs compiled and run on the kernel, each checking one part of the code generator against
// outputs derived by hand from RV32IM semantics (wrapping, truncating division, x/0 = -1,
// x%0 = x, shift amounts mod 32). Operands come from variables so the machine, not the constant
// folder, computes them; a twin test checks the folder gives the same answers.
import { strict as assert } from 'node:assert';
import { compileSource } from '../../../simulator/toolchain/compiler';
import { mainProgram, outputLines, runSource } from './run-program';

function expectOutput(source: string, expected: string[], exitCode = 0): void {
  const result = runSource(source);
  assert.equal(result.stoppedByLimit, false, 'the program did not finish');
  assert.deepEqual(outputLines(result), expected);
  assert.equal(result.exitCode, exitCode, `faults: ${JSON.stringify(result.faults)}`);
}

const OPERATOR_LINES = [
  '-2147483648 2147483647',
  '-2147483648 0',
  '-1 7 -1 -7',
  '-3 -3 -1 1',
  '2 -4 -1 -2147483648 -1',
  '-2 0 -6 5',
  '1 7 6',
  'true false true true true false',
  '-1 -2147483648',
  'true true true false -2147483648 true',
];

describe('codegen: execution', () => {
  it('computes every operator with RV32IM semantics at run time', () => {
    expectOutput(
      mainProgram(`
        let max = 2147483647; let min = -2147483647 - 1;
        let zero = 0; let one = 1; let seven = 7; let two = 2; let three = 3; let five = 5;
        print(max + one, min - one);
        print(min / -one, min % -one);
        print(seven / zero, seven % zero, -seven / zero, -seven % zero);
        print(-seven / two, seven / -two, -seven % two, seven % -two);
        let s33 = 33; let s31 = 31; let s2 = 2; let s63 = 63;
        print(one << s33, -16 >> s2, -one >> s31, one << s31, (one << s63) >> s63);
        print(max * two, 65536 * (65536 + zero), ~five, -(-five));
        print(five & three, five | three, five ^ three);
        print(three == three, three != three, two < three, three <= three, five > three, three >= five);
        print(-one >> 1 + zero, (one << s31) >> zero);
        print(-one < one, min < max, max > min, -one >= one, -min, min <= -one);`),
      OPERATOR_LINES,
    );
  });

  it('folds constant expressions to the same values', () => {
    expectOutput(
      mainProgram(`
        print(2147483647 + 1, (-2147483647 - 1) - 1);
        print((-2147483647 - 1) / -1, (-2147483647 - 1) % -1);
        print(7 / 0, 7 % 0, -7 / 0, -7 % 0);
        print(-7 / 2, 7 / -2, -7 % 2, 7 % -2);
        print(1 << 33, -16 >> 2, -1 >> 31, 1 << 31, (1 << 63) >> 63);
        print(2147483647 * 2, 65536 * 65536, ~5, -(-5));
        print(5 & 3, 5 | 3, 5 ^ 3);
        print(3 == 3, 3 != 3, 2 < 3, 3 <= 3, 5 > 3, 3 >= 5);
        print(-1 >> 1, (1 << 31) >> 0);
        print(-1 < 1, -2147483647 - 1 < 2147483647, 2147483647 > -2147483647 - 1, -1 >= 1, -(-2147483647 - 1), -2147483647 - 1 <= -1);`),
      OPERATOR_LINES,
    );
  });

  it('short-circuits && and || and evaluates operands left to right', () => {
    expectOutput(
      mainProgram(
        `
        let r = touch(false) && touch(true);
        print(r, calls);
        calls = 0;
        r = touch(true) || touch(false);
        print(r, calls);
        calls = 0;
        if touch(true) && touch(false) { print("no"); } else { print("yes", calls); }
        calls = 0;
        if !(touch(false) || touch(false)) { print("neither", calls); }
        print(show(1) - show(2) * show(3));`,
        `var calls: int;
        fn touch(v: bool) -> bool { calls = calls + 1; return v; }
        fn show(x: int) -> int { print("arg", x); return x; }`,
      ),
      ['false 1', 'true 1', 'yes 2', 'neither 2', 'arg 1', 'arg 2', 'arg 3', '-5'],
    );
  });

  it('recurses', () => {
    expectOutput(
      mainProgram(
        'print(fact(10), gcd(1071, 462), ackermann(2, 3));',
        `fn fact(n: int) -> int { if n <= 1 { return 1; } return n * fact(n - 1); }
        fn gcd(a: int, b: int) -> int { if b == 0 { return a; } return gcd(b, a % b); }
        fn ackermann(m: int, n: int) -> int {
          if m == 0 { return n + 1; }
          if n == 0 { return ackermann(m - 1, 1); }
          return ackermann(m - 1, ackermann(m, n - 1));
        }`,
      ),
      ['3628800 21 9'],
    );
  });

  it('indexes local and global arrays and follows pointers', () => {
    expectOutput(
      mainProgram(
        `
        let a: [int; 6];
        for i in 0..6 { a[i] = i * 10; }
        let p = &a;
        print(p[2], a[5], len(a));
        let q = p + 8;
        print(q[0], q[1], peek(p + 16));
        poke(p + 4, 77);
        print(a[1], sum(&a, 6));
        table[3] = 5;
        let t = &table;
        t[4] = 6;
        print(table[3] + table[4], table[0], len(table));
        let x = 1;
        poke(&x, 42);
        print(x);`,
        `var table: [int; 8];
        fn sum(p: ptr, n: int) -> int { let s = 0; for i in 0..n { s = s + p[i]; } return s; }`,
      ),
      ['20 50 6', '20 30 40', '77 217', '11 0 8', '42'],
    );
  });

  it('zeroes a local array every time its declaration runs', () => {
    expectOutput(
      mainProgram(`
        for round in 0..3 {
          let big: [int; 20];
          let small: [int; 2];
          print(big[0] + big[19] + small[1]);
          big[0] = 1; big[19] = 2; small[1] = 3;
        }`),
      ['0', '0', '0'],
    );
  });

  it('runs loops with break and continue, and evaluates a for bound once', () => {
    expectOutput(
      mainProgram(`
        let n = 3;
        for i in 0..n { n = n + 1; print("i", i); }
        print("n", n);
        let s = 0;
        for i in 0..100 {
          if i % 2 == 0 { continue; }
          if i > 9 { break; }
          s = s + i;
        }
        print(s);
        let k = 0;
        let count = 0;
        while true {
          k = k + 1;
          if k == 3 { continue; }
          if k > 6 { break; }
          count = count + 1;
        }
        print(k, count);
        for i in 5..2 { print("never"); }
        let total = 0;
        for i in 0..4 { for j in 0..4 { if j > i { break; } total = total + 1; } }
        print(total);`),
      ['i 0', 'i 1', 'i 2', 'n 6', '25', '7 5', '10'],
    );
  });

  it('passes many arguments (beyond a0-a7 on the stack) and nests calls', () => {
    expectOutput(
      mainProgram(
        `
        print(weigh(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        print(add(add(1, 2), add(3, add(4, 5))));
        print(weigh(add(1, 0), 2, 3, 4, 5, 6, 7, 8, add(4, 5), weigh(0, 0, 0, 0, 0, 0, 0, 0, 0, 1)));`,
        `fn add(a: int, b: int) -> int { return a + b; }
        fn weigh(a: int, b: int, c: int, d: int, e: int, f: int, g: int, h: int, i: int, j: int) -> int {
          return a * 1 + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10;
        }`,
      ),
      ['385', '15', '385'],
    );
  });

  it('keeps temporaries of deep expressions across calls', () => {
    expectOutput(
      mainProgram(
        `
        let a = 1; let b = 2; let c = 3; let d = 4;
        print(((a + b) * (c + d)) - ((id(a) + id(b)) * (id(c) - id(d))));
        print(id(1) + (id(2) + (id(3) + (id(4) + (id(5) + (id(6) + (id(7) + (id(8) + (id(9) + id(10))))))))));
        print(id(id(id(id(7)))) * (id(2) - (id(3) * (id(4) - id(5)))));`,
        'fn id(x: int) -> int { return x; }',
      ),
      ['24', '55', '35'],
    );
  });

  it('prints bools, strings, escapes and empty lines with one write each', () => {
    const source = mainProgram(
      `
      let t = 1 < 2;
      print(t, !t, yes(), 3 == 4);
      print("a", 1, "b", -0, "");
      print();
      print("tab\\there", "quote\\"", "back\\\\slash");
      print(-2147483647 - 1, 2147483647, 0, -5);`,
      'fn yes() -> bool { return true; }',
    );
    const result = runSource(source);
    assert.deepEqual(outputLines(result), ['true false true false', 'a 1 b 0 ', '', 'tab\there quote" back\\slash', '-2147483648 2147483647 0 -5']);
  });

  it('initialises globals from constants with RV32 semantics', () => {
    expectOutput(
      `const K = 10 / 0;
      const L = -2147483647 - 1;
      process G {
        const LOCAL = K * 3;
        var a: int = 5 * 3;
        var b: int = L / -1;
        var c: bool = 1 < 2;
        var d: int = LOCAL;
        var zeroes: [int; 3];
        fn main() { print(a, b, c, d, zeroes[2], K, L % -1); }
      }`,
      ['15 -2147483648 true -3 0 -1 0'],
    );
  });

  it('exits with exit(n), faults on assert(false), reads cycles and self', () => {
    expectOutput(mainProgram('print("x"); exit(3); print("no");'), ['x'], 3);
    const asserted = runSource(mainProgram('assert(1 == 1); print("ok"); assert(1 == 2); print("no");'));
    assert.deepEqual(outputLines(asserted), ['ok']);
    assert.deepEqual(asserted.faults.map((fault) => fault.kind), ['assert']);
    assert.equal(asserted.exitCode, 70);
    expectOutput(mainProgram('let c1 = cycles(); let c2 = cycles(); print(c2 > c1, self() == self(), self() > 0);'), ['true true true']);
  });

  it('spawns threads that run a function with arguments and then end', () => {
    const result = runSource(
      mainProgram(
        'spawn worker(5, 6); spawn worker(7, 8); print("main");',
        'fn worker(a: int, b: int) { print("worker", a * b); }',
      ),
    );
    assert.deepEqual(outputLines(result).sort(), ['main', 'worker 30', 'worker 56']);
    assert.equal(result.exitCode, 0);
  });

  // Keeper.read(3) is used after the revocation because index 3 lies outside `d`: without
  // reg_confidentiality the callee sees every capability register of the caller, and `d` (still
  // valid in main) would otherwise grant the load.
  it('creates, narrows, passes and keeps capabilities across calls', () => {
    expectOutput(
      `process Keeper {
        var store: acap;
        entry keep(c: acap) { store = c; }
        entry read(i: int) -> int { return store[i]; }
      }
      process App {
        import Keeper.keep;
        import Keeper.read;
        var data: [int; 4];
        fn bump(x: int) -> int { return x + 1; }
        fn total(c: cap) -> int { let s = 0; for i in 0..len(c) { s = s + c[i]; } return s; }
        fn main() {
          data[2] = 7;
          let c = acap(data, read);
          let d = cap(data[1..3], write);
          print(bump(1));
          print(len(c), len(d));
          d[0] = 9;
          print(data[1], c[2], total(c), total(d), total(cap(data[2..4], read)));
          Keeper.keep(c);
          print(Keeper.read(2) else -1, Keeper.read(3) else -1);
          revoke(c);
          print(Keeper.read(3) else -1);
        }
      }`,
      ['2', '4 2', '9 7 16 16 7', '7 0', '-1'],
      70,
    );
  });

  it('runs domain entries on the caller\'s stack with their own runtime copies', () => {
    expectOutput(
      `process Host {
        var shared: int = 5;
        grant Plugin read Host;
        domain Plugin {
          var count: int;
          fn twice(x: int) -> int { return x * 2; }
          entry bump(x: int) -> int {
            let local: [int; 3];
            local[1] = twice(x);
            count = count + local[1];
            print("plugin", count, shared, x > 1);
            return count;
          }
        }
        fn main() { print(Plugin.bump(1)); print(Plugin.bump(3)); }
      }`,
      ['plugin 2 5 false', '2', 'plugin 8 5 true', '8'],
    );
  });

  it('keeps capability variables per thread and per domain across calls and yields', () => {
    const source = `process Host {
      var shared: [int; 4];
      domain Plugin {
        var kept: acap;
        var own: [int; 2];
        fn get(c: cap, i: int) -> int { return c[i]; }
        entry run(x: int) -> int {
          own[1] = x;
          let c = acap(own, write);
          kept = c;
          let v = get(c, 1) + get(kept, 1);
          revoke(c);
          return v;
        }
      }
      fn touch(i: int) -> int { return i; }
      fn worker(id: int) {
        let c = cap(shared, write);
        for i in 0..20 { c[id] = c[id] + touch(i); yield(); }
        print("worker", id, shared[id]);
      }
      fn main() {
        print(Plugin.run(21));
        spawn worker(1);
        spawn worker(2);
        worker(0);
      }
    }`;
    const result = runSource(source);
    assert.equal(outputLines(result)[0], '42');
    assert.deepEqual(outputLines(result).slice(1).sort(), ['worker 0 190', 'worker 1 190', 'worker 2 190']);
    assert.equal(result.exitCode, 0, JSON.stringify(result.faults));
  });

  it('lets only the creator revoke: revoke of a received capability is a compile error', () => {
    const compiled = compileSource('process P { entry keep(c: acap) { revoke(c); } }\nprocess Q { fn main() { } }', 'revoke.dipc');
    assert.deepEqual(compiled.errors, [
      'revoke.dipc:1:42: error E114: revoke needs an `acap` variable or global of this process (only the creator can revoke)',
    ]);
  });

  it('calls a domain from an entry that runs on its caller\'s stack', () => {
    expectOutput(
      `process Server {
        domain Lib { entry twice(x: int) -> int { let t: [int; 2]; t[0] = x * 2; return t[0]; } }
        entry work(x: int) -> int { let before = x + 1; let r = Lib.twice(x); return before + r; }
      }
      process Client { import Server.work; fn main() { print(Server.work(5) else -1); } }`,
      ['16'],
    );
  });

  it('addresses frames larger than 12-bit offsets', () => {
    expectOutput(
      mainProgram(
        'print(fill(1000)); print(fill(10));',
        `fn fill(n: int) -> int {
          let a: [int; 1000];
          let b: [int; 700];
          let marker = 5;
          for i in 0..n { a[i] = i; b[i % 700] = b[i % 700] + 1; }
          let s = 0;
          for i in 0..n { s = s + a[i]; }
          return s + b[699] + b[0] + marker + len(a);
        }`,
      ),
      ['500508', '1051'],
    );
  });

  it('passes integer and bool arguments and results across processes', () => {
    expectOutput(
      `process Server {
        entry mix(a: int, b: int, c: int, d: int, e: int, f: int, g: int, h: int) -> int {
          return a - b + c * d - e + f * g - h;
        }
        entry even(x: int) -> bool { return x % 2 == 0; }
      }
      process Client {
        import Server.mix;
        import Server.even isolate(reg_integrity, stack_integrity);
        fn main() {
          print(Server.mix(1, 2, 3, 4, 5, 6, 7, 8) else 0);
          print(Server.even(4) else false, Server.even(7) else true);
        }
      }`,
      ['40', 'true false'],
    );
  });
});

// Every diagnostic code of language.md §5: a program that reports it (exact range, line and
// column), one that does not, and for the codes with quick fixes, that the fix removes it.
import { strict as assert } from 'node:assert';
import { analyze, DIAGNOSTIC_CODES } from '../../../simulator/toolchain/language';
import { applyFix, describe as describeDiagnostics, diagnosticsWith, expectClean, expectNone, expectOne } from './helpers';

const STORE = `process Store {
    var table: [int; 4];
    fn helper() -> int { return 1; }
    entry get(k: int) -> int isolate(reg_integrity) { return table[k]; }
    entry put(k: int, v: int) { table[k] = v; }
}
`;

function client(imports: string, body: string): string {
  return `${STORE}
process Client {
${imports}
    fn main() {
${body}
    }
}
`;
}

describe('diagnostics (language.md §5)', () => {
  it('the table has every code of the spec with the severities it gives, and E114 (found by compiling) besides', () => {
    const codes = Object.keys(DIAGNOSTIC_CODES).sort();
    assert.deepEqual(codes, [
      'E001', 'E002', 'E003', 'E004', 'E005', 'E101', 'E102', 'E103', 'E104', 'E105', 'E106', 'E107', 'E108', 'E109',
      'E110', 'E111', 'E112', 'E113', 'E114', 'W201', 'W202', 'W203', 'W204', 'W205',
    ]);
    for (const [code, info] of Object.entries(DIAGNOSTIC_CODES)) {
      const expected = code.startsWith('E') ? 'error' : code === 'W203' || code === 'W204' ? 'hint' : 'warning';
      assert.equal(info.severity, expected, code);
    }
  });

  describe('E001 syntax error', () => {
    it('a missing `;` is reported once, right after the statement, and parsing goes on', () => {
      const text = 'process A {\n    fn main() {\n        let a = 1\n        let b = nope;\n    }\n}\n';
      const analysis = analyze(text);
      const syntax = diagnosticsWith(analysis, 'E001');
      assert.equal(syntax.length, 1, describeDiagnostics(analysis));
      assert.deepEqual(analysis.lineMap.positionAt(syntax[0].span.start), { line: 2, column: 17 });
      assert.equal(syntax[0].span.end, syntax[0].span.start);
      assert.match(syntax[0].message, /expected `;`/);
      assert.equal(diagnosticsWith(analysis, 'E002').length, 1, 'the next statement is still checked');
    });

    it('an unclosed `{` is reported once at the brace, and the next function is still checked', () => {
      const text = 'process A {\n    fn main() {\n        print(1);\n    fn other() { print(zz); }\n}\n';
      const { diagnostic } = expectOne(text, 'E001', '{', 2);
      assert.match(diagnostic.message, /never closed/);
      assert.equal(diagnosticsWith(analyze(text), 'E002').length, 1);
    });

    it('a stray token is reported once and skipped', () => {
      const text = 'process A {\n    fn main() {\n        print(1));\n        ] print(zz);\n    }\n}\n';
      const analysis = analyze(text);
      const syntax = diagnosticsWith(analysis, 'E001');
      assert.deepEqual(syntax.map((d) => text.slice(d.span.start, d.span.end)), [')', ']'], describeDiagnostics(analysis));
      assert.equal(diagnosticsWith(analysis, 'E002').length, 1);
    });

    it('a stray token at the top level or among members is reported once', () => {
      const text = 'garbage here\nprocess A {\n    42;\n    fn main() { print(zz); }\n}\n';
      const analysis = analyze(text);
      assert.equal(diagnosticsWith(analysis, 'E001').length, 2, describeDiagnostics(analysis));
      assert.equal(diagnosticsWith(analysis, 'E002').length, 1);
    });

    it('reports integer literals beyond 32 bits, bad escapes, unterminated strings, `break` outside loops and `let` without type', () => {
      expectOne('process A { fn main() { let x = 0x1_0000_0000; } }', 'E001', '0x1_0000_0000');
      expectOne('process A { fn main() { print("a\\q"); } }', 'E001', '\\q');
      expectOne('process A { fn main() { break; } }', 'E001', 'break');
      expectOne('process A { fn main() { let x; } }', 'E001', 'x');
      assert.equal(diagnosticsWith(analyze('process A { fn main() { print("abc); } }'), 'E001').length >= 1, true);
    });

    it('is not reported for a well-formed program', () => {
      expectNone('process A { fn main() { let x = 0xffff_ffff; for i in 0..3 { if i == 1 { continue; } break; } } }', 'E001');
    });
  });

  describe('E002 unknown name', () => {
    it('names the unknown identifier and suggests a near one', () => {
      const { diagnostic } = expectOne('process A { fn main() { let count = 1; print(cont); } }', 'E002', 'cont');
      assert.match(diagnostic.message, /did you mean `count`/);
    });
    it('covers unknown qualifiers and members', () => {
      expectOne('process A { fn main() { Nobody.f(); } }', 'E002', 'Nobody');
      expectOne(`${STORE}process A { import Store.get; fn main() { print(Store.gett(1) else 0); Store.get(1); } }`, 'E002', 'gett');
    });
    it('is not reported for names in scope (top-level constants, enclosing process names in a domain)', () => {
      expectNone('const K = 3;\nprocess A { var g: int; domain D { entry f() -> int { return K; } } fn main() { print(K + g); } }', 'E002');
    });
  });

  describe('E003 type mismatch', () => {
    it('reports a value of the wrong type at the value', () => {
      expectOne('process A { fn main() { let b: bool = 3; } }', 'E003', '3');
    });
    it('reports operators on mismatched operands, non-bool conditions and wrong returns', () => {
      expectOne('process A { fn main() { print(1 + true); } }', 'E003', '1 + true');
      expectOne('process A { fn main() { while 1 { } } }', 'E003', '1');
      expectOne('process A { fn f() -> int { return false; } fn main() { print(f()); } }', 'E003', 'false');
    });
    it('requires constant, positive array lengths', () => {
      expectOne('process A { var x: [int; x]; }', 'E003', 'x', 2);
      expectOne('process A { fn f(n: int) { let a: [int; n]; } fn main() { f(1); } }', 'E003', 'n', 2);
      expectOne('process A { var a: [int; 2 - 2]; }', 'E003', '2 - 2');
      expectNone('const N = 4;\nprocess A { const M = N * 2; var a: [int; M + N]; fn main() { let b: [int; N]; print(len(a), len(b)); } }', 'E003');
    });
    it('accepts pointer arithmetic, word indexing and arrays passed as pointers', () => {
      expectNone('process A { fn s(p: ptr) -> int { return p[1] + peek(p + 4); } fn main() { let a: [int; 2]; print(s(&a)); } }', 'E003');
    });
  });

  describe('E004 wrong number of arguments', () => {
    it('covers the argument list and points at the declaration', () => {
      const { diagnostic } = expectOne('process A { fn f(x: int) { } fn main() { f(1, 2); } }', 'E004', '(1, 2)');
      assert.equal(diagnostic.related?.length, 1);
    });
    it('applies to built-ins', () => {
      expectOne('process A { fn main() { assert(); } }', 'E004', '()', 2);
    });
    it('is not reported for a matching call', () => {
      expectNone('process A { fn f(x: int) { } fn main() { f(1); assert(true); print(); print(1, "a", true); } }', 'E004');
    });
  });

  describe('E005 duplicate definition', () => {
    it('reports the second definition and relates the first', () => {
      const text = 'process A { var x: int; var x: bool; fn main() { } }';
      const { diagnostic } = expectOne(text, 'E005', 'x', 2);
      assert.equal(diagnostic.related?.[0].span.start, text.indexOf('x'));
    });
    it('covers locals of one block, parameters and built-in names', () => {
      expectOne('process A { fn main() { let a = 1; let a = 2; } }', 'E005', 'a', 2);
      expectOne('process A { fn f(p: int, p: int) { } fn main() { f(1, 2); } }', 'E005', 'p', 2);
      expectOne('process A { fn len() { } fn main() { } }', 'E005', 'len');
    });
    it('allows shadowing in an inner block', () => {
      expectNone('process A { fn main() { let a = 1; if true { let a = 2; print(a); } print(a); } }', 'E005');
    });
  });

  describe('E101 call to a non-entry function of another process or domain', () => {
    it('points at the call, relates the declaration and offers to make it an entry', () => {
      const text = client('    import Store.get;', '        print(Store.helper());\n        print(Store.get(1) else 0);');
      const { diagnostic } = expectOne(text, 'E101', 'Store.helper');
      assert.equal(diagnostic.related?.[0].span.start, text.indexOf('helper'));
      const fixed = applyFix(text, diagnostic.fixes![0]);
      assert.match(fixed, /entry helper\(\)/);
      expectNone(fixed, 'E101');
    });
    it('applies to a fn of an inner domain called from the main domain', () => {
      expectOne('process A { domain D { fn g() { } } fn main() { D.g(); } }', 'E101', 'D.g');
    });
    it('is not reported for an entry another domain of its process calls', () => {
      expectNone('process A {\n    entry host() { }\n    grant D call A;\n    domain D {\n        entry f() { host(); }\n    }\n    fn main() { D.f(); }\n}\n', 'W201');
    });
    it('is not reported for an imported entry', () => {
      expectNone(client('    import Store.get;', '        print(Store.get(1) else 0);'), 'E101');
    });
  });

  describe('E102 call to an entry that is not imported', () => {
    it('offers to add the import after the last import, with the same indentation', () => {
      const text = client('    import Store.get;', '        Store.put(1, 2);\n        print(Store.get(1) else 0);');
      const { diagnostic } = expectOne(text, 'E102', 'Store.put');
      const fixed = applyFix(text, diagnostic.fixes![0]);
      assert.match(fixed, /\n    import Store\.get;\n    import Store\.put;\n/);
      assert.deepEqual(diagnosticsWith(analyze(fixed), 'E102'), []);
      expectClean(fixed);
    });
    it('keeps CRLF line endings', () => {
      const text = client('    import Store.get;', '        Store.put(1, 2);\n        print(Store.get(1) else 0);').replace(/\n/g, '\r\n');
      const { diagnostic } = expectOne(text, 'E102', 'Store.put');
      const fixed = applyFix(text, diagnostic.fixes![0]);
      assert.match(fixed, /\r\n    import Store\.put;\r\n/);
      expectClean(fixed);
    });
    it('adds the import at the top of a process body that has none', () => {
      const text = `${STORE}process Client {\n    fn main() {\n        print(Store.get(1) else 0);\n    }\n}\n`;
      const { diagnostic } = expectOne(text, 'E102', 'Store.get');
      const fixed = applyFix(text, diagnostic.fixes![0]);
      assert.match(fixed, /process Client \{\n    import Store\.get;\n    fn main/);
      expectClean(fixed);
    });
  });

  describe('E103 import of an unknown process or entry', () => {
    it('reports an unknown entry at its name', () => {
      expectOne(client('    import Store.missing;', ''), 'E103', 'missing');
    });
    it('reports an unknown process, and a fn that is not an entry', () => {
      expectOne(client('    import Stor.get;', ''), 'E103', 'Stor');
      expectOne(client('    import Store.helper;', ''), 'E103', 'helper', 2);
    });
    it('is not reported for an existing entry', () => {
      expectNone(client('    import Store.get;', '        print(Store.get(1) else 0);'), 'E103');
    });
  });

  describe('E104 arguments do not match the entry', () => {
    it('reports a wrong count over the argument list, relating the entry', () => {
      const { diagnostic } = expectOne(client('    import Store.get;', '        print(Store.get(1, 2) else 0);'), 'E104', '(1, 2)');
      assert.match(diagnostic.related![0].message, /Store\.get/);
    });
    it('reports a wrong type at the argument', () => {
      expectOne(client('    import Store.get;', '        print(Store.get(true) else 0);'), 'E104', 'true');
    });
    it('applies to calls of a domain entry', () => {
      expectOne('process A { domain D { entry f(x: int) { } } fn main() { D.f(); } }', 'E104', '()', 2);
    });
  });

  describe('E105 unknown isolation property', () => {
    it('suggests the nearest property, and the fix applies it', () => {
      const text = client('    import Store.get isolate(reg_confidentialty);', '        print(Store.get(1) else 0);');
      const { diagnostic } = expectOne(text, 'E105', 'reg_confidentialty');
      assert.equal(diagnostic.message, 'unknown isolation property `reg_confidentialty`; did you mean `reg_confidentiality`?');
      const fixed = applyFix(text, diagnostic.fixes![0]);
      expectClean(fixed);
    });
    it('is not reported for the six valid names', () => {
      expectNone(`process A { entry e() isolate(reg_integrity, reg_confidentiality, stack_integrity, stack_confidentiality, dcs_integrity, dcs_confidentiality) { } }`, 'E105');
    });
  });

  describe('E106 entry parameter or result that cannot cross a process boundary', () => {
    it('reports a ptr parameter and an array result at the type', () => {
      expectOne('process S { entry take(p: ptr) { } }', 'E106', 'ptr');
      expectOne('process S { entry give() -> [int; 2] { } }', 'E106', '[int; 2]');
    });
    it('is not reported for capabilities, nor for entries of inner domains', () => {
      expectNone('process S { entry take(c: cap, a: acap) -> int { return c[0]; } domain D { entry f(p: ptr) { } } fn main() { let x = 0; D.f(&x); } }', 'E106');
    });
  });

  describe('E107 raw pointer passed to another process', () => {
    it('reports it (not E104) and the fix wraps it in cap(x, read)', () => {
      const text = `process S { entry sum(c: cap) -> int { return c[0]; } }
process C {
    import S.sum;
    fn main() {
        let local: [int; 2];
        print(S.sum(&local) else 0);
    }
}
`;
      const { diagnostic, analysis } = expectOne(text, 'E107', '&local');
      assert.deepEqual(diagnosticsWith(analysis, 'E104'), []);
      const fixed = applyFix(text, diagnostic.fixes![0]);
      assert.match(fixed, /S\.sum\(cap\(local, read\)\)/);
      expectClean(fixed);
    });
    it('is not reported for a capability argument', () => {
      expectNone('process S { entry sum(c: cap) -> int { return 0; } }\nprocess C { import S.sum; var a: [int; 2]; fn main() { print(S.sum(cap(a, read)) else 0); } }', 'E107');
    });
  });

  describe('E108 more arguments than registers', () => {
    const ints = (n: number): string => Array.from({ length: n }, (_, i) => `a${i}: int`).join(', ');
    it('reports the first parameter that does not fit', () => {
      expectOne(`process S { entry many(${ints(9)}) { } }`, 'E108', 'a8: int');
    });
    it('counts capabilities separately, at most 7 (cr7 carries the stack capability)', () => {
      const caps = Array.from({ length: 8 }, (_, i) => `c${i}: cap`).join(', ');
      expectOne(`process S { entry many(${ints(8)}, ${caps}) { } }`, 'E108', 'c7: cap');
    });
    it('is not reported for 8 integers and 7 capabilities', () => {
      const caps = Array.from({ length: 7 }, (_, i) => `c${i}: cap`).join(', ');
      expectNone(`process S { entry many(${ints(8)}, ${caps}) { } }`, 'E108');
    });
  });

  describe('E109 duplicate import or isolation property', () => {
    it('reports the duplicate import, relates the first, and the fix removes its line', () => {
      const text = client('    import Store.get;\n    import Store.get;', '        print(Store.get(1) else 0);');
      const { diagnostic } = expectOne(text, 'E109', 'import Store.get;', 2);
      assert.equal(diagnostic.related?.[0].span.start, text.indexOf('import Store.get;'));
      const fixed = applyFix(text, diagnostic.fixes![0]);
      assert.equal(fixed.split('import Store.get;').length, 2);
      assert.match(fixed, /\n    import Store\.get;\n    fn main/);
      expectClean(fixed);
    });
    it('reports a property listed twice', () => {
      const text = 'process S { entry e() isolate(reg_integrity, reg_integrity) { } }';
      const { diagnostic } = expectOne(text, 'E109', 'reg_integrity', 2);
      expectNone(applyFix(text, diagnostic.fixes![0]), 'E109');
    });
  });

  describe('E110 a process imports its own entry', () => {
    it('reports the imported name', () => {
      expectOne('process C { entry run() { } import C.run; fn main() { } }', 'E110', 'C.run');
    });
    it('is not reported for another process', () => {
      expectNone(client('    import Store.get;', '        print(Store.get(1) else 0);'), 'E110');
    });
  });

  describe('E111 misplaced or mistyped else', () => {
    it('reports `else` on a domain call, a local call and a built-in, with a fix removing it', () => {
      const text = 'process A { domain D { entry f() -> int { return 1; } } fn g() -> int { return 2; } fn main() { print(D.f() else 0); } }';
      const { diagnostic } = expectOne(text, 'E111', 'else 0');
      expectNone(applyFix(text, diagnostic.fixes![0]), 'E111');
      expectOne('process A { fn g() -> int { return 2; } fn main() { print(g() else 0); } }', 'E111', 'else 0');
      expectOne('process A { fn main() { print(cycles() else 0); } }', 'E111', 'else 0');
    });
    it('accepts `else` on a call to an entry without a result, with a value of any type or another call', () => {
      const server = 'process Log {\n    entry put(v: int) { }\n}\nprocess Backup {\n    entry put(v: int) { }\n}\n';
      const app = (call: string): string => `${server}process App {\n    import Log.put;\n    import Backup.put;\n    fn main() {\n        ${call}\n    }\n}`;
      expectClean(app('Log.put(1) else 0;\n        Backup.put(1) else false;'));
      expectClean(app('Log.put(1) else Backup.put(1) else 0;'));
      expectOne(app('let x = Log.put(1) else 0;\n        Backup.put(x) else 0;'), 'E003', 'Log.put(1) else 0');
    });
    it('reports an else value of another type than the result', () => {
      expectOne(client('    import Store.get;', '        print(Store.get(1) else false);'), 'E111', 'false');
    });
    it('accepts a matching else value, with lowest precedence', () => {
      const analysis = expectNone(client('    import Store.get;', '        let k = 2;\n        print(Store.get(1) else 1 + k);'), 'E111');
      expectClean(analysis.text);
    });
  });

  describe('E112 main as an entry, or an entry and a fn sharing a name', () => {
    it('reports `entry main` at its name, with a fix to `fn main()`', () => {
      const text = 'process S { entry main() { } }';
      const { diagnostic } = expectOne(text, 'E112', 'main');
      expectNone(applyFix(text, diagnostic.fixes![0]), 'E112');
    });
    it('reports an entry and a function with the same name at the second', () => {
      expectOne('process S { fn f() { } entry f() { } }', 'E112', 'f', 2);
    });
    it('is not reported for `fn main()`', () => {
      expectNone('process S { fn main() { } }', 'E112');
    });
  });

  describe('E113 a synchronous cap that would outlive its call', () => {
    it('reports a var of type cap at the type', () => {
      expectOne('process S { var keep: cap; }', 'E113', 'cap');
    });
    it('reports a cap stored in a var', () => {
      expectOne('process S { var keep: acap; entry put(c: cap) { keep = c; } }', 'E113', 'c', 2);
    });
    it('reports a cap passed where an acap is required', () => {
      expectOne('process S { entry hold(c: acap) { } }\nprocess C { import S.hold; fn main() { let t: [int; 1]; S.hold(cap(t, read)); } }', 'E113', 'cap(t, read)');
    });
    it('reports an acap narrowed from a synchronous cap, which would expire with it', () => {
      expectOne('process S { entry pass(c: cap) -> int { let a = acap(c[0..1], read); return a[0]; } }', 'E113', 'c[0..1]');
    });
    it('accepts narrowing a received cap or acap with cap(c[a..b], perm) and cap(c, perm)', () => {
      expectNone('process S { var kept: acap; entry pass(c: cap, k: acap) -> int { let a = cap(c[1..2], read); let b = cap(c, read); let d = acap(k[0..1], read); kept = d; let e = cap(kept, read); return a[0] + b[0] + d[0] + e[0]; } }', 'E003');
    });
    it('accepts an acap where a cap is expected, and an acap stored in a var', () => {
      expectNone('process S { var keep: acap; entry hold(c: acap) { keep = c; } entry use(c: cap) { } }\nprocess C { import S.hold; import S.use; var t: [int; 1]; fn main() { let a = acap(t, write); S.hold(a); S.use(a); } }', 'E113');
    });
  });

  describe('W201 entry that no process imports', () => {
    it('is a warning tagged unnecessary at the entry name', () => {
      const { diagnostic } = expectOne('process S { entry lonely() { } }', 'W201', 'lonely');
      assert.equal(diagnostic.severity, 'warning');
      assert.deepEqual(diagnostic.tags, ['unnecessary']);
    });
    it('is not reported for an entry another domain of its process calls', () => {
      expectNone('process A {\n    entry host() { }\n    grant D call A;\n    domain D {\n        entry f() { host(); }\n    }\n    fn main() { D.f(); }\n}\n', 'W201');
    });
    it('is not reported for an imported entry', () => {
      expectNone(client('    import Store.get;\n    import Store.put;', '        print(Store.get(1) else 0);\n        Store.put(1, 1);'), 'W201');
    });
  });

  describe('W202 import never called', () => {
    it('is a warning tagged unnecessary over the import', () => {
      const { diagnostic } = expectOne(client('    import Store.put;', ''), 'W202', 'import Store.put;');
      assert.deepEqual(diagnostic.tags, ['unnecessary']);
    });
    it('is not reported when the import is called', () => {
      expectNone(client('    import Store.put;', '        Store.put(1, 2);'), 'W202');
    });
  });

  describe('W203 cross-process call without else', () => {
    it('is a hint on the callee', () => {
      const { diagnostic } = expectOne(client('    import Store.put;', '        Store.put(1, 2);'), 'W203', 'Store.put', 2);
      assert.equal(diagnostic.severity, 'hint');
    });
    it('is not reported with else', () => {
      expectNone(client('    import Store.get;', '        print(Store.get(1) else 0);'), 'W203');
    });
  });

  describe('W204 property requested by both sides', () => {
    it('is a hint on the import\'s property, relating the entry\'s', () => {
      const text = client('    import Store.get isolate(reg_integrity);', '        print(Store.get(1) else 0);');
      const { diagnostic } = expectOne(text, 'W204', 'reg_integrity', 2);
      assert.equal(diagnostic.severity, 'hint');
      assert.equal(diagnostic.related?.[0].span.start, text.indexOf('reg_integrity'));
    });
    it('is not reported for properties only one side asks for', () => {
      expectNone(client('    import Store.get isolate(reg_confidentiality);', '        print(Store.get(1) else 0);'), 'W204');
    });
  });

  describe('W205 access to another domain\'s data without a grant', () => {
    const browser = (grant: string, body: string): string =>
      `process Browser {\n    var cookies: int = 4242;\n    ${grant}\n    domain Plugin {\n        var scratch: int;\n        entry f() -> int { ${body} }\n    }\n    fn main() { print(Plugin.f()); }\n}\n`;
    it('warns on a read through peek(&x) and on a direct read', () => {
      expectOne(browser('', 'return peek(&Browser.cookies);'), 'W205', '&Browser.cookies');
      expectOne(browser('', 'return cookies;'), 'W205', 'cookies', 2);
    });
    it('warns on a write that only a read grant covers', () => {
      const { diagnostic } = expectOne(browser('grant Plugin read Browser;', 'poke(&Browser.cookies, 1); return peek(&Browser.cookies);'), 'W205', '&Browser.cookies');
      assert.match(diagnostic.message, /store-denied/);
    });
    it('warns when the main domain reads a domain\'s variable', () => {
      expectOne('process A { domain D { var x: int; entry f() { } } fn main() { D.f(); print(D.x); } }', 'W205', 'D.x');
    });
    it('warns on a capability made over another domain\'s array, per the permission asked', () => {
      const text = 'process A {\n    var data: [int; 4];\n    grant D read A;\n    domain D {\n        entry f() -> int { let c = cap(data, read); let w = cap(data, write); return c[0] + w[0]; }\n    }\n    fn main() { print(D.f()); }\n}\n';
      const { diagnostic } = expectOne(text, 'W205', 'data', 3);
      assert.match(diagnostic.message, /writes `data`/);
    });
    it('is silent when a grant allows the access, and for the domain\'s own data', () => {
      expectNone(browser('grant Plugin write Browser;', 'cookies = 1; scratch = peek(&Browser.cookies); return scratch;'), 'W205');
    });
    it('warns on a call from a domain to an entry of another domain without a call grant', () => {
      const app = (grant: string): string =>
        `process App {\n    entry host(x: int) -> int { return x; }\n    ${grant}\n    domain Plugin {\n        entry run(x: int) -> int { return host(x) + Other.f(); }\n    }\n    domain Other {\n        entry f() -> int { return 1; }\n    }\n    fn main() { print(Plugin.run(1)); }\n}\n`;
      const warnings = analyze(app('')).diagnostics.filter((d) => d.code === 'W205');
      assert.deepEqual(warnings.map((d) => d.message.match(/grant [A-Za-z]+ call [A-Za-z]+/)?.[0]), ['grant Plugin call App', 'grant Plugin call Other']);
      assert.match(warnings[0].message, /fetch-denied/);
      expectNone(app('grant Plugin call App;\n    grant Plugin read Other;'), 'W205');
    });
    it('warns on a call from a domain to an import of its process, which only the main domain can use', () => {
      const text = `${STORE}process App {\n    import Store.get;\n    grant Plugin read App;\n    domain Plugin {\n        entry run() -> int { return Store.get(1) else -1; }\n    }\n    fn main() { print(Plugin.run(), Store.get(2) else 0); }\n}\n`;
      const { diagnostic } = expectOne(text, 'W205', 'Store.get', 2);
      assert.match(diagnostic.message, /only the main domain `App`/);
    });
  });

  describe('imports with `as`', () => {
    it('the alias calls the entry through the proxy, and P.e still works', () => {
      const analysis = expectClean(`${STORE}process C {\n    import Store.get as lookup;\n    fn main() { print(lookup(1) else 0, Store.get(2) else 0); }\n}\n`);
      const kinds = [...analysis.calls.values()].map((c) => c.kind).sort();
      assert.deepEqual(kinds, ['builtin', 'crossProcess', 'crossProcess']);
      assert.deepEqual(diagnosticsWith(analysis, 'W202'), []);
    });
    it('an alias that clashes with a member is E005', () => {
      expectOne(`${STORE}process C {\n    import Store.get as helper;\n    fn helper() { }\n}\n`, 'E005', 'helper', 2);
    });
  });

  describe('spawn and grants', () => {
    it('spawn takes a function of the same domain, with its arguments checked', () => {
      expectNone('process A { fn worker(n: int) { } fn main() { spawn worker(3); } }', 'E004');
      expectOne('process A { fn worker(n: int) { } fn main() { spawn worker(); } }', 'E004', 'worker', 2);
    });
    it('a grant naming an unknown domain is E002', () => {
      expectOne('process A { grant Nope read A; fn main() { } }', 'E002', 'Nope');
    });
  });

  describe('main', () => {
    it('must take no parameters and return nothing', () => {
      expectOne('process A { fn main(x: int) { } }', 'E004', 'x: int');
      expectOne('process A { fn main() -> int { return 0; } }', 'E003', 'int');
    });
  });
});

// The `dipc run --json` record of tooling.md §2, field by field, on a program whose every value
// follows from the specs: two processes, a domain, a fault inside the domain.
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const PROGRAM = `process Server {
    entry double(x: int) -> int { return x * 2; }
}
process Browser {
    import Server.double;
    var cookies: int = 7;
    domain Plugin {
        entry snoop() -> int { return peek(&Browser.cookies); }
    }
    fn main() {
        print(Server.double(21) else -1);
        print(Plugin.snoop());
    }
}
`;

interface Report {
  exitCode: number;
  stdout: string;
  processes: { name: string; pid: number; status: string; exitCode: number; fault?: { kind: string; domain: string } }[];
  faults: { kind: string; process: string; domain: string; pc: number; address: number; message: string; file: string; line: number }[];
  stats: Record<string, unknown> & { aplCache: { hits: number; misses: number }; capabilities: { created: number; revoked: number } };
}

describe('dipc run --json: the report of tooling.md §2', function () {
  let file: string;
  let status: number;
  let report: Report;

  before(() => {
    file = join(mkdtempSync(join(tmpdir(), 'dipc-report-')), 'report.dipc');
    writeFileSync(file, PROGRAM);
    const result = runCli(['run', '--json', file]);
    status = result.status;
    report = JSON.parse(result.stdout) as Report;
  });

  it('exits with the program status, which the record repeats', () => {
    assert.equal(status, 70);
    assert.equal(report.exitCode, 70);
    assert.equal(report.stdout, '42\n');
  });

  it('lists every process with its pid, status and exit code, and the fault that killed it', () => {
    assert.deepEqual(
      report.processes.map(({ name, pid, status: processStatus, exitCode }) => ({ name, pid, status: processStatus, exitCode })),
      [
        { name: 'Server', pid: 1, status: 'exited', exitCode: 0 },
        { name: 'Browser', pid: 2, status: 'faulted', exitCode: 70 },
      ],
    );
    assert.equal(report.processes[1].fault?.kind, 'load-denied');
  });

  it('reports a fault with its kind, process, domain by its source name, addresses and source line', () => {
    assert.equal(report.faults.length, 1);
    const [fault] = report.faults;
    assert.equal(fault.kind, 'load-denied');
    assert.equal(fault.process, 'Browser');
    assert.equal(fault.domain, 'Browser.Plugin');
    assert.equal(report.processes[1].fault?.domain, 'Browser.Plugin');
    assert.equal(fault.file, file);
    assert.equal(fault.line, 8);
    assert.equal(typeof fault.pc, 'number');
    assert.equal(typeof fault.address, 'number');
    assert.match(fault.message, /Browser\.Plugin/);
  });

  it('carries every statistic the spec names', () => {
    for (const key of ['instructions', 'cycles', 'timeNs', 'domainSwitches', 'processSwitches', 'proxies']) {
      assert.equal(typeof report.stats[key], 'number', key);
    }
    assert.equal(report.stats.proxies, 1);
    assert.ok((report.stats.domainSwitches as number) > 0);
    assert.ok((report.stats.processSwitches as number) >= 2, 'into Server and back');
    assert.equal(typeof report.stats.aplCache.hits, 'number');
    assert.equal(typeof report.stats.capabilities.created, 'number');
  });

  it('places a fault inside an asm block on the assembly line that ran', () => {
    const source = ['process Rogue {', '    fn main() {', '        asm {', '            li t0, 1', '            csrw dipc.proc, t0', '        }', '    }', '}', ''].join('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'dipc-report-')), 'asm.dipc');
    writeFileSync(path, source);
    const asmReport = JSON.parse(runCli(['run', '--json', path]).stdout) as Report;
    assert.deepEqual(asmReport.faults.map((f) => [f.kind, f.line]), [['privileged', 5]]);
  });

  it('places a fault of a plain assembly program on its source line', () => {
    const source = ['    .text', '    .globl _start', '_start:', '    li t0, 0x100', '    lw a0, 0(t0)', '    li a7, 93', '    ecall', ''].join('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'dipc-report-')), 'plain.s');
    writeFileSync(path, source);
    const plainReport = JSON.parse(runCli(['run', '--json', path]).stdout) as Report;
    assert.deepEqual(plainReport.faults.map((f) => [f.kind, f.file, f.line]), [['unmapped', path, 5]]);
  });
});

describe('dipc run --json --max-instructions: a process the limit stopped', () => {
  it('is "killed" with exit code 124, like the run; a process that ended keeps its own', () => {
    const source = [
      'process Quick {', '    fn main() { exit(3); }', '}',
      'process Spinner {', '    fn main() { print("start"); let i = 0; while true { i = i + 1; } }', '}', '',
    ].join('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'dipc-report-')), 'limit.dipc');
    writeFileSync(path, source);
    const result = runCli(['run', '--json', '--max-instructions', '20000', path]);
    assert.equal(result.status, 124);
    const limited = JSON.parse(result.stdout) as Report;
    assert.equal(limited.exitCode, 124);
    assert.deepEqual(limited.processes.map(({ name, status, exitCode }) => [name, status, exitCode]), [['Quick', 'exited', 3], ['Spinner', 'killed', 124]]);
  });
});

describe('dipc run: fault lines a person can act on (machine.md §8)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dipc-faults-'));

  it('deep recursion is reported as a stack overflow at the recursive function', () => {
    const path = join(directory, 'recurse.dipc');
    writeFileSync(path, 'process Main {\n    fn down(n: int) -> int { if n == 0 { return 0; } return 1 + down(n - 1); }\n    fn main() { print(down(100000)); }\n}\n');
    const result = runCli(['run', path]);
    assert.equal(result.status, 70);
    assert.match(result.stderr, /^fault: unmapped in process Main \(domain Main\) at .*recurse\.dipc:2: stack overflow: store to 0x[0-9a-f]{8}, the unmapped page below a stack of Main: recursion too deep/m);
  });

  it('a .s program that runs off the end of its code is at a pc past the code, not on its last line', () => {
    const path = join(directory, 'falloff.s');
    writeFileSync(path, '_start:\n    li a0, 1\n');
    const result = runCli(['run', path]);
    assert.equal(result.status, 70);
    assert.equal(result.stderr, 'fault: illegal-instruction in process falloff (domain falloff) at pc 0x00010004: the pc is past the end of the code (falloff .text ends at 0x00010004): the program ran off its end; end it with exit (ecall 93) or a jump back\n');
    const report = JSON.parse(runCli(['run', '--json', path]).stdout) as Report;
    assert.deepEqual(report.faults.map((fault) => [fault.kind, fault.line]), [['illegal-instruction', null]]);
  });
});

describe('dipc run --ipc l4|rpc|pipe|sem: a capability passed to another process', () => {
  const source = [
    'process Worker {',
    '    entry sum(data: cap) -> int { let s = 0; for i in 0..len(data) { s = s + data[i]; } return s; }',
    '}',
    'process App {',
    '    import Worker.sum;',
    '    var numbers: [int; 3];',
    '    fn main() {',
    '        for i in 0..3 { numbers[i] = i + 1; }',
    '        print(Worker.sum(cap(numbers, read)) else -1, Worker.sum(cap(numbers[1..3], read)) else -1);',
    '    }',
    '}',
    '',
  ].join('\n');
  const path = join(mkdtempSync(join(tmpdir(), 'dipc-warn-')), 'caps.dipc');
  writeFileSync(path, source);

  it('prints one warning line on stderr, whatever the number of calls, and keeps the exit status', () => {
    const result = runCli(['run', '--ipc', 'pipe', path]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '6 5\n');
    assert.match(result.stderr, /^warning: a capability was passed to another process under --ipc pipe: classic IPC copies the buffer it covers for one call, so read-only and revocation are not enforced .*\(docs\/cost-model\.md\)\n$/);
  });

  it('--json carries it in warnings; dIPC has none', () => {
    const classic = JSON.parse(runCli(['run', '--json', '--ipc', 'l4', path]).stdout) as Report & { warnings: string[] };
    assert.equal(classic.warnings.length, 1);
    assert.match(classic.warnings[0], /under --ipc l4/);
    const dipc = runCli(['run', '--json', path]);
    assert.deepEqual((JSON.parse(dipc.stdout) as { warnings: string[] }).warnings, []);
    assert.equal(runCli(['run', path]).stderr, '');
  });
});

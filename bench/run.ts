/**
 * `npm run bench`: PVRP convergence of the seed lab and of a 100-router ring in fast mode, SSH
 * connect and command rates against the reference router (with OpenSSH alongside), BFD
 * detection time on the bfd-static-vpn lab, and the wall time of the pvrp-ecmp and
 * bfd-static-vpn suites. Every figure is a median (with min and max) over repeated runs, each in
 * a fresh process. Writes bench/results.json.
 * The long CLI fuzz run (bench/fuzz.ts): 100,000 lines per dialect through telnet and SSH.
 *   npm run bench [-- --only seed,ring,ssh,bfd,suite,vrrs,evpn,fuzz] [--seed-runs 7] [--ring-runs 3]
 *     [--ssh-runs 5] [--ssh-cmds 50] [--ssh-invocations 10] [--bfd-runs 9] [--suite-runs 3]
 *     [--fuzz-lines 100000]
 *   npm run bench -- --only against [--against REF (default HEAD~1)] [--against-runs 3]
 *   npm run bench -- --only flakes [--runs 20] [--suites pvrp-ecmp,bfd-static-vpn,vrrs (default: every suite)] [--lab-speed 1]
 *     (bench/flakes.ts: each suite N times on the reference and on a `lab up` inventory; the flake count)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ConvergeResult } from './converge';
import { Row, summarize, table } from './stats';
import { BFD_SUITE_COMMAND, ROOT, runSuite, type SuiteRun } from './suite';
import { vrrsBench } from './vrrs';
import { evpnBench } from './evpn-mh';
import { hasOpenSsh, SSH_COMMAND, type SshResult } from './ssh';
import type { BfdResult } from './bfd';
import { flakeBench, flakeOptions, renderFlakes } from './flakes';
import { frrBench } from './frr';
import { againstBench } from './against';

const run = promisify(execFile);
const WORKER = path.join(__dirname, 'worker.ts');
const RING_SIZE = 100;
const TARGET_SEED_WALL_MS = 1000;
const TARGET_SUITE_S = 15;
const TARGET_BFD_SUITE_S = 20;
/** BFD: Detection Time = Detect Mult x the agreed receive interval (RFC 5880 6.8.4). */
const BFD_DETECT_MS = 3 * 10;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  return Number.isInteger(v) && v > 0 ? v : dflt;
}
const only = (() => {
  const i = process.argv.indexOf('--only');
  return new Set(i >= 0 ? (process.argv[i + 1] ?? '').split(',') : ['seed', 'ring', 'ssh', 'bfd', 'suite', 'vrrs', 'evpn', 'frr', 'fuzz', 'against']);
})();

async function worker<T = ConvergeResult>(args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, ...args], { cwd: ROOT, maxBuffer: 1 << 24 });
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

function log(s: string): void {
  process.stderr.write(s + '\n');
}

function convergeRows(label: string, runs: ConvergeResult[], extraRows: boolean): Row[] {
  const col = (f: (r: ConvergeResult) => number) => summarize(runs.map(f));
  const rows: Row[] = [
    { metric: `${label}: virtual time to converge`, unit: 's', s: col((r) => r.virtualS), digits: 3 },
    { metric: `${label}: Lab.create`, unit: 'ms', s: col((r) => r.createMs) },
    { metric: `${label}: wall to converged state`, unit: 'ms', s: col((r) => r.wallMs) },
    { metric: `${label}: wall incl. 2 s stability check`, unit: 'ms', s: col((r) => r.wallConfirmedMs) },
  ];
  if (extraRows) {
    rows.push(
      { metric: `${label}: events to converged state`, unit: 'events', s: col((r) => r.events), digits: 0 },
      { metric: `${label}: peak RSS (memoryUsage)`, unit: 'MB', s: col((r) => r.peakRssMb) },
      { metric: `${label}: peak RSS (ru_maxrss)`, unit: 'MB', s: col((r) => r.maxRssMb) },
    );
  }
  return rows;
}

/** Indented JSON with every innermost object or array on one line (one line per run). */
function compactJson(v: unknown): string {
  return JSON.stringify(v, null, 2).replace(/([{[])\n\s+([^{}[\]]*?)\n\s*([}\]])/g, (_m, a: string, body: string, b: string) =>
    `${a}${body.replace(/\n\s+/g, ' ')}${b}`,
  );
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    loadavg: os.loadavg(),
  };
  const rows: Row[] = [];
  const notes: string[] = [];

  if (only.has('seed')) {
    const n = arg('seed-runs', 7);
    const runs: ConvergeResult[] = [];
    for (let seed = 1; seed <= n; seed++) {
      log(`seed lab: run ${seed}/${n} (seed ${seed})`);
      runs.push(await worker(['seed', String(seed)]));
    }
    const bad = runs.filter((r) => !r.converged).map((r) => r.seed);
    const rs = convergeRows('seed lab (3 nodes)', runs, false);
    const confirmed = rs[3];
    confirmed.target = `< ${TARGET_SEED_WALL_MS} ms`;
    confirmed.verdict = verdict(bad.length === 0 && confirmed.s.median < TARGET_SEED_WALL_MS);
    if (bad.length) notes.push(`seed lab did not converge for seeds ${bad.join(', ')}`);
    rows.push(...rs);
    results.seedLab = { runs, summary: rs };
  }

  if (only.has('ring')) {
    const n = arg('ring-runs', 3);
    const runs: ConvergeResult[] = [];
    const dir = await mkdtemp(path.join(os.tmpdir(), 'netproof-ring-'));
    try {
      for (let seed = 1; seed <= n; seed++) {
        log(`${RING_SIZE}-router ring: run ${seed}/${n} (seed ${seed})`);
        runs.push(await worker(['ring', String(RING_SIZE), String(seed), dir]));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const bad = runs.filter((r) => !r.converged).map((r) => r.seed);
    if (bad.length) notes.push(`ring did not converge for seeds ${bad.join(', ')}`);
    const rs = convergeRows(`ring (${RING_SIZE} nodes)`, runs, true);
    rows.push(...rs);
    results.ring = { size: RING_SIZE, runs, summary: rs };
  }

  if (only.has('ssh')) {
    const n = arg('ssh-runs', 5);
    const cmds = arg('ssh-cmds', 50);
    const inv = arg('ssh-invocations', 10);
    const runs: SshResult[] = [];
    for (let i = 1; i <= n; i++) {
      log(`ssh: run ${i}/${n} (${cmds} commands on one session${hasOpenSsh() ? `, ${inv} OpenSSH invocations` : ''})`);
      runs.push(await worker<SshResult>(['ssh', String(cmds), String(inv)]));
    }
    const col = (f: (r: SshResult) => number) => summarize(runs.map(f));
    const rs: Row[] = [
      { metric: 'ssh netproof: connect to first prompt (openSession, once per session)', unit: 'ms', s: col((r) => r.connectMs) },
      { metric: `ssh netproof: '${SSH_COMMAND}' on one open session`, unit: 'cmd/s', s: col((r) => r.cmdsPerS), digits: 0 },
      { metric: `ssh netproof: per command on one open session`, unit: 'ms', s: col((r) => 1000 / r.cmdsPerS), digits: 2 },
    ];
    if (runs.every((r) => r.openssh)) {
      rs.push(
        { metric: `ssh OpenSSH: one 'ssh host "${SSH_COMMAND}"' (process+handshake+command)`, unit: 'ms', s: col((r) => r.opensshExecMs) },
        { metric: 'ssh OpenSSH: invocations back to back', unit: 'inv/s', s: col((r) => r.opensshPerS) },
      );
    } else {
      notes.push('ssh: OpenSSH comparison skipped (ssh or ssh-keygen not on PATH)');
    }
    notes.push(
      `ssh: netproof figures reuse one session (one handshake, then ${cmds} commands); each OpenSSH figure is a new ssh process with a full handshake and public-key login per command`,
    );
    rows.push(...rs);
    results.ssh = { command: SSH_COMMAND, cmds, invocations: inv, runs, summary: rs };
  }

  if (only.has('bfd')) {
    const n = arg('bfd-runs', 9);
    const runs: BfdResult[] = [];
    for (let seed = 1; seed <= n; seed++) {
      log(`bfd: run ${seed}/${n} (seed ${seed})`);
      runs.push(await worker<BfdResult>(['bfd', String(seed)]));
    }
    const col = (f: (r: BfdResult) => number) => summarize(runs.map(f));
    const detect: Row = { metric: 'bfd: loss on PE1-CE1 to static route withdrawn (virtual)', unit: 'ms', s: col((r) => r.detectMs), digits: 2 };
    const lo = BFD_DETECT_MS - 10;
    detect.target = `${lo}-${BFD_DETECT_MS} ms`;
    const bad = runs.filter((r) => !(r.detectMs > lo && r.detectMs <= BFD_DETECT_MS)).map((r) => r.seed);
    detect.verdict = verdict(bad.length === 0);
    const rs: Row[] = [
      detect,
      { metric: 'bfd: virtual time for the whole lab to converge', unit: 's', s: col((r) => r.convergeVirtualS), digits: 2 },
      { metric: 'bfd: wall time for the whole lab to converge (fast mode)', unit: 'ms', s: col((r) => r.convergeWallMs) },
    ];
    if (bad.length) notes.push(`bfd: detection outside ${lo}-${BFD_DETECT_MS} ms (or no convergence) for seeds ${bad.join(', ')}`);
    notes.push(`bfd: expected one Detection Time (3 x 10 ms) after the last packet received, so ${lo}-${BFD_DETECT_MS} ms after the loss starts; per seed: ${runs.map((r) => `${r.seed}: ${r.detectMs.toFixed(2)}`).join(', ')}`);
    rows.push(...rs);
    results.bfd = { runs, summary: rs };
  }

  if (only.has('suite')) {
    const n = arg('suite-runs', 3);
    const runs: SuiteRun[] = [];
    for (let i = 1; i <= n; i++) {
      log(`pvrp-ecmp suite: run ${i}/${n}`);
      runs.push(await runSuite());
    }
    const failed = runs.filter((r) => r.exitCode !== 0 || r.failed > 0);
    for (const r of failed) notes.push(`suite run failed (exit ${r.exitCode}, ${r.failed} failed):\n${r.tail}`);
    const wall: Row = { metric: 'pvrp-ecmp suite: wall (whole command)', unit: 's', s: summarize(runs.map((r) => r.wallS)), digits: 2 };
    wall.target = `< ${TARGET_SUITE_S} s`;
    wall.verdict = verdict(failed.length === 0 && wall.s.median < TARGET_SUITE_S);
    const reported: Row = { metric: 'pvrp-ecmp suite: Playwright duration', unit: 's', s: summarize(runs.map((r) => r.reportedS)), digits: 2 };
    rows.push(wall, reported);
    results.suite = { command: 'node node_modules/@playwright/test/cli.js test suites/pvrp-ecmp/ --reporter=line', runs, summary: [wall, reported] };
    notes.push(`suite tests per run: ${runs.map((r) => `${r.passed} passed/${r.failed} failed`).join(', ')}`);

    const bruns: SuiteRun[] = [];
    for (let i = 1; i <= n; i++) {
      log(`bfd-static-vpn suite: run ${i}/${n}`);
      bruns.push(await runSuite(BFD_SUITE_COMMAND));
    }
    const bfailed = bruns.filter((r) => r.exitCode !== 0 || r.failed > 0);
    for (const r of bfailed) notes.push(`bfd-static-vpn suite run failed (exit ${r.exitCode}, ${r.failed} failed):\n${r.tail}`);
    const bwall: Row = { metric: 'bfd-static-vpn suite: wall (whole command)', unit: 's', s: summarize(bruns.map((r) => r.wallS)), digits: 2 };
    bwall.target = `< ${TARGET_BFD_SUITE_S} s`;
    bwall.verdict = verdict(bfailed.length === 0 && bwall.s.median < TARGET_BFD_SUITE_S);
    const breported: Row = { metric: 'bfd-static-vpn suite: Playwright duration', unit: 's', s: summarize(bruns.map((r) => r.reportedS)), digits: 2 };
    rows.push(bwall, breported);
    results.bfdSuite = { command: BFD_SUITE_COMMAND.join(' '), runs: bruns, summary: [bwall, breported] };
    notes.push(`bfd-static-vpn suite tests per run: ${bruns.map((r) => `${r.passed} passed/${r.failed} failed`).join(', ')}`);
  }

  if (only.has('vrrs')) {
    const v = await vrrsBench(arg('suite-runs', 3), log);
    rows.push(...v.rows);
    notes.push(...v.notes);
    results.vrrs = v;
  }

  if (only.has('evpn')) {
    const e = await evpnBench(arg('suite-runs', 3), log);
    rows.push(...e.rows);
    notes.push(...e.notes);
    results.evpn = e;
  }

  if (only.has('flakes')) {
    const fr = await flakeBench(flakeOptions());
    const total = fr.reduce((n, r) => n + r.flakes.length, 0);
    rows.push({ metric: 'flaky checks (verdict differed between runs)', unit: 'checks', s: summarize([total]), digits: 0, target: '0', verdict: verdict(total === 0) });
    notes.push(renderFlakes(fr).trimEnd());
    results.flakes = fr;
  }

  if (only.has('frr')) {
    const frr = await frrBench(arg('frr-runs', 3), log);
    rows.push(...frr.rows);
    notes.push(...frr.notes);
    results.frr = frr;
  }

  if (only.has('against')) {
    const i = process.argv.indexOf('--against');
    const ref = i >= 0 ? (process.argv[i + 1] ?? 'HEAD~1') : 'HEAD~1';
    const ag = await againstBench({ ref, runs: arg('against-runs', 3) }, log);
    rows.push(...ag.rows);
    notes.push(`against ${ag.ref} = ${ag.commit}: interleaved runs, one bench run`, ...ag.notes);
    results.against = ag;
  }

  if (only.has('fuzz')) {
    const lines = arg('fuzz-lines', 100_000);
    log(`CLI fuzz: ${lines} lines per dialect`);
    type Fuzz = { dialect: string; lines: number; pastes: number; wallMs: number; maxLineMs: number; rssStartMb: number; rssPeakMb: number; reconnects: number; interrupts: number; failures: string[] };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fuzz.ts'), '--lines', String(lines)], { cwd: ROOT, maxBuffer: 1 << 24 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '[]' }));
    const fz = JSON.parse(stdout.trim().split('\n').pop() || '[]') as Fuzz[];
    for (const r of fz) {
      const one = (v: number) => summarize([v]);
      rows.push(
        { metric: `fuzz ${r.dialect}: lines/s (${r.lines} lines, ${r.pastes} pastes)`, unit: '1/s', s: one(r.lines / (r.wallMs / 1000)), digits: 0 },
        { metric: `fuzz ${r.dialect}: longest line`, unit: 'ms', s: one(r.maxLineMs), target: '< 5000', verdict: verdict(r.maxLineMs < 5000) },
        { metric: `fuzz ${r.dialect}: peak RSS`, unit: 'MB', s: one(r.rssPeakMb) },
        { metric: `fuzz ${r.dialect}: failures (crash, hang, JS text, wrong answer)`, unit: 'count', s: one(r.failures.length), digits: 0, target: '0', verdict: verdict(r.failures.length === 0) },
      );
      for (const f of r.failures) notes.push(`fuzz ${r.dialect}: ${f}`);
      notes.push(`fuzz ${r.dialect}: ${r.reconnects} reconnects, ${r.interrupts} Ctrl-C`);
    }
    results.fuzz = fz;
  }

  const text = table(rows);
  process.stdout.write(`\nnetproof bench (${results.node}, ${results.cpus} cpus, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})\n\n${text}\n`);
  if (notes.length) process.stdout.write(`\n${notes.join('\n')}\n`);
  results.notes = notes;
  const out = path.join(__dirname, 'results.json');
  await writeFile(out, compactJson(results) + '\n');
  process.stdout.write(`\nwrote ${path.relative(ROOT, out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});

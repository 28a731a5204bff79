/**
 * Fuzzing the reference router's CLI through its real telnet and SSH servers (issue 7 item 2).
 * Shared by the short run in `npm test` (fuzz.test.ts) and the long one in `npm run bench`
 * (bench/fuzz.ts).
 *
 * Lines come from a seeded generator: random text, mutated valid commands (the suites' document
 * lines, the topologies' and documents' configuration files, the dialect's own command patterns
 * with boundary values), very long lines, control characters, telnet IAC sequences mid-line
 * (telnet only) and 1,000-line pastes. Each line is followed by a sentinel (an unknown command
 * naming its sequence number): its echo means every byte before it was processed, whatever the
 * line did to the session. A line that has not finished after CTRL_C_AFTER_MS gets Ctrl-C (a long
 * ping is legitimate); no progress for HANG_MS after that is a hang. Every byte the session sends
 * is checked for JavaScript text (stack frames, error class names, `undefined`, `NaN`,
 * `[object`, `internal error`); generated lines never contain those words, so an echo cannot
 * trip the check. At the end the fuzzed node and a neighbour must still give over the wire
 * exactly what the dialect renders in process.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import { SEC } from '../sim/scheduler';
import { ClosedError, sshShell, telnetClient, type TermClient } from './term-client';

const ROOT = path.resolve(__dirname, '../..');
export const CTRL_C_AFTER_MS = 1500;
export const HANG_MS = 5000;
/** What must never reach a session: JavaScript's own words. */
export const JS_TEXT = /TypeError|RangeError|ReferenceError|SyntaxError|AssertionError|ERR_[A-Z_]{3,}|\bat [\w$.<>]+ \(|\n\s+at \S+:\d+:\d+|\.ts:\d+:\d+|undefined|NaN|\[object |internal error/;

export type Dialect = 'freertr' | 'vrp';

interface DialectSetup {
  topology: string;
  node: string;
  other: string;
  /** A command whose whole output is compared between the wire and an in-process session. */
  check: string;
  /** Lines for 1,000-line pastes: read-only, quick. */
  paste: string[];
  /** Exec commands worth mutating, beyond the files. */
  extra: string[];
  corpusFiles: string[];
  stepsJson?: string;
}

const SETUP: Record<Dialect, DialectSetup> = {
  freertr: {
    topology: 'topologies/pvrp-ecmp/pvrp-ecmp.clab.yml',
    node: 'r2',
    other: 'r1',
    check: 'show running-config',
    paste: ['show clock', 'show ipv4 route v1', 'show ipv6 pvrp 1 summary', 'show interfaces summary', 'sh ipv4 pvrp 1 sum', 'show bogus'],
    extra: [
      'show running-config', 'show ipv4 route v1', 'show ipv6 route v1', 'show ipv4 pvrp 1 summary', 'show ipv6 pvrp 1 route',
      'show interfaces summary', 'show clock', 'ping 1.1.1.1 vrf v1 repeat 3 timeout 100', 'ping 2.2.2.2 vrf v1 size 4294967295 repeat 1 timeout 50',
      'traceroute 3.3.3.3 vrf v1 timeout 100', 'terminal length 0', 'terminal table normal', 'configure terminal', 'end', 'interface ethernet1.11',
      'router pvrp4 1', 'server telnet tester', 'vrf definition v1', 'exit',
    ],
    corpusFiles: ['topologies/pvrp-ecmp/r1.cfg', 'topologies/pvrp-ecmp/r2.cfg', 'topologies/pvrp-ecmp/r3.cfg'],
  },
  vrp: {
    topology: 'topologies/bfd-static-vpn/bfd-static-vpn.clab.yml',
    node: 'PE1',
    other: 'PE3',
    check: 'display current-configuration',
    paste: ['display ip interface brief', 'display ip routing-table', 'display current-configuration', 'display bfd session all', 'dis ver0'],
    extra: [
      'display ip routing-table', 'display ip interface brief', 'display current-configuration', 'display bgp vpnv4 all peer', 'display mpls ldp session',
      'display bfd session all verbose', 'display ospf peer brief', 'ping -c 2 -t 100 10.1.1.1', 'ping -s 65536 -c 1 11.11.11.2', 'tracert -w 100 11.11.11.2',
      'system-view', 'commit', 'return', 'quit', 'screen-length 0 temporary', 'display this', 'interface GigabitEthernet0/1/0',
    ],
    corpusFiles: ['topologies/bfd-static-vpn/PE1.cfg', ...['CE1', 'CE2', 'PE1', 'PE2', 'PE3'].map((n) => `suites/bfd-static-vpn/golden/config-files/${n}.cfg`)],
    stepsJson: 'suites/bfd-static-vpn/golden/steps.json',
  },
};

/** Seeded PRNG (mulberry32): the same seed, the same lines. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.next() * xs.length)]; }
  chance(p: number): boolean { return this.next() < p; }
}

const BOUNDARY = [
  '0', '-1', '1', '255', '256', '65535', '65536', '4294967295', '4294967296', '99999999999999999999', '1e3', '0x10', '1.5', '-0',
  '00000000001', '2147483648', '9007199254740993', '1.1.1.1', '999.1.1.1', '255.255.255.255', '0.0.0.0', '::', 'ffff::ffff::1', '10.1.1.1/33',
  '2.2.2.2', '10.1.1.1', 'v1', 'VPNA', 'ethernet1.11', 'GigabitEthernet0/1/0', 'LoopBack1', '100:1', '1:1:1', 'Ω', '\u200b', '😀', '%s', '%n', '\\', '"', "'", '#', '!', '?',
];

/** Command patterns of a dialect, read from its sources (quoted strings shaped like patterns). */
export function dialectPatterns(dialect: Dialect): string[] {
  const dirs = [path.join(ROOT, 'reference-impl/cli', dialect)];
  const out = new Set<string>();
  const re = /'((?:[a-z][\w-]*|<[\w:.-]+>)(?: (?:[a-z][\w-]*|<[\w:.-]+(?:\.\.\.)?>|\[<[\w.-]+\.\.\.>\]))*)'/g;
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) for (const m of fs.readFileSync(f, 'utf8').matchAll(re)) if (m[1].includes(' ') || m[1].includes('<')) out.add(m[1]);
    }
  };
  for (const d of dirs) walk(d);
  return [...out];
}

/** Valid lines of a dialect: configuration files, the document's steps, known exec commands. */
export function dialectCorpus(dialect: Dialect): string[] {
  const s = SETUP[dialect];
  const lines = new Set<string>(s.extra);
  for (const f of s.corpusFiles) {
    const p = path.join(ROOT, f);
    if (!fs.existsSync(p)) continue;
    for (const l of fs.readFileSync(p, 'utf8').split('\n')) if (l.trim() && !/^[#!]/.test(l.trim())) lines.add(l.trim());
  }
  if (s.stepsJson && fs.existsSync(path.join(ROOT, s.stepsJson))) {
    const text = fs.readFileSync(path.join(ROOT, s.stepsJson), 'utf8');
    for (const m of text.matchAll(/"command":\s*"((?:[^"\\]|\\.)*)"/g)) lines.add(JSON.parse(`"${m[1]}"`) as string);
  }
  return [...lines];
}

export type LineKind = 'random' | 'mutated' | 'pattern' | 'long' | 'control' | 'iac';

const IAC = 255;
/** Telnet commands that may appear mid-line; DONT ECHO is left out (the sentinel relies on echo). */
const IAC_SEQS: number[][] = [
  [IAC, 241], [IAC, 246], [IAC, 244], [IAC, 247], [IAC, 248], [IAC, IAC], [IAC, 251, 24], [IAC, 252, 31], [IAC, 253, 3], [IAC, 254, 5],
  [IAC, 250, 31, 0, 80, 0, 24, IAC, 240], [IAC, 250, 24, 0, 1, 2, 3, IAC, 240], [IAC, 240], [IAC, 242], [IAC, 243], [IAC, 245], [IAC, 249],
];

export class LineGen {
  readonly rng: Rng;
  constructor(seed: number, readonly corpus: string[], readonly patterns: string[]) { this.rng = new Rng(seed); }

  private word(): string {
    const r = this.rng;
    return r.chance(0.5) ? r.pick(BOUNDARY) : r.pick(this.corpus).split(' ').filter(Boolean)[0] ?? 'x';
  }

  private mutate(line: string): string {
    const r = this.rng;
    const w = line.split(' ');
    const n = r.int(1, 3);
    for (let k = 0; k < n; k++) {
      const i = r.int(0, Math.max(0, w.length - 1));
      switch (r.int(0, 7)) {
        case 0: w[i] = r.pick(BOUNDARY); break;
        case 1: w.splice(i, 1); break;
        case 2: w.splice(i, 0, w[i] ?? 'x'); break;
        case 3: w[i] = (w[i] ?? '').slice(0, r.int(1, Math.max(1, (w[i] ?? '').length))); break;
        case 4: w.splice(i, 0, this.word()); break;
        case 5: { const j = r.int(0, Math.max(0, w.length - 1)); [w[i], w[j]] = [w[j], w[i]]; break; }
        case 6: w[i] = (w[i] ?? '') + r.pick(['Ω', '-', '.', '0', '/', ':', '😀']); break;
        default: w[i] = (w[i] ?? '').toUpperCase();
      }
    }
    return w.filter((x) => x !== undefined).join(r.chance(0.1) ? '  ' : ' ');
  }

  private fromPattern(p: string): string {
    return p.split(' ').map((t) => {
      if (/^\[<.*>\]$/.test(t)) return this.rng.chance(0.5) ? '' : this.word();
      if (/^<.*\.\.\.>$/.test(t)) return Array.from({ length: this.rng.int(1, 3) }, () => this.word()).join(' ');
      if (/^<.*>$/.test(t)) return this.word();
      return this.rng.chance(0.2) ? t.slice(0, this.rng.int(1, t.length)) : t;
    }).filter(Boolean).join(' ');
  }

  private random(): string {
    const r = this.rng;
    const len = r.int(0, 100);
    let s = '';
    for (let i = 0; i < len; i++) s += r.chance(0.95) ? String.fromCharCode(r.int(0x20, 0x7e)) : r.pick(['Ω', 'é', '中', '😀', '\u200b']);
    return s;
  }

  /** One line as bytes (without its line ending) and what kind it is. */
  line(telnet: boolean): { kind: LineKind; bytes: Buffer } {
    const r = this.rng;
    for (;;) {
      const roll = r.next();
      let kind: LineKind;
      let text: string;
      if (roll < 0.15) { kind = 'random'; text = this.random(); }
      else if (roll < 0.5) { kind = 'mutated'; text = this.mutate(r.pick(this.corpus)); }
      else if (roll < 0.7 && this.patterns.length) { kind = 'pattern'; text = this.fromPattern(r.pick(this.patterns)); }
      else if (roll < 0.74) {
        kind = 'long';
        const unit = r.chance(0.5) ? r.pick(this.corpus) + ' ' : this.random();
        text = unit.repeat(Math.ceil(r.int(4000, 20000) / Math.max(1, unit.length)));
      } else if (roll < 0.88 || !telnet) {
        kind = 'control';
        const base = Buffer.from(r.chance(0.5) ? r.pick(this.corpus) : this.random(), 'utf8');
        const bytes = [...base];
        for (let k = r.int(1, 4); k > 0; k--) bytes.splice(r.int(0, bytes.length), 0, r.chance(0.9) ? r.pick([0, 1, 3, 4, 7, 8, 9, 11, 12, 14, 21, 23, 27, 0x7f, 0x1b, 0x9b]) : r.int(0x80, 0xfe));
        const b = Buffer.from(bytes);
        if (JS_TEXT.test(b.toString('latin1'))) continue;
        return { kind, bytes: b };
      } else {
        kind = 'iac';
        const bytes = [...Buffer.from(r.pick(this.corpus), 'utf8')];
        bytes.splice(r.int(0, bytes.length), 0, ...r.pick(IAC_SEQS));
        return { kind, bytes: Buffer.from(bytes) };
      }
      if (JS_TEXT.test(text)) continue;
      return { kind, bytes: Buffer.from(text, 'utf8') };
    }
  }
}

export interface FuzzResult {
  dialect: Dialect;
  lines: number;
  byKind: Record<string, number>;
  pastes: number;
  reconnects: number;
  interrupts: number;
  /** Longest wait for one line's sentinel (ms). */
  maxLineMs: number;
  wallMs: number;
  rssStartMb: number;
  rssPeakMb: number;
  failures: string[];
}

export interface FuzzOptions {
  dialect: Dialect;
  /** Lines in all, split between telnet and SSH. */
  lines: number;
  seed?: number;
  /** 1,000-line pastes in all, split between the transports (default 1). */
  pastes?: number;
  log?: (m: string) => void;
}

/** Boots the dialect's lab, fuzzes one node through telnet and SSH, checks the answers afterwards. */
export async function fuzzDialect(o: FuzzOptions): Promise<FuzzResult> {
  const setup = SETUP[o.dialect];
  const t0 = performance.now();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const res: FuzzResult = { dialect: o.dialect, lines: 0, byKind: {}, pastes: 0, reconnects: 0, interrupts: 0, maxLineMs: 0, wallMs: 0, rssStartMb: 0, rssPeakMb: 0, failures: [] };
  const fail = (m: string): void => { if (res.failures.length < 20) res.failures.push(m); };
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-fuzz-'));
  const password = 'fuzz-' + (o.seed ?? 1);
  const labLog: string[] = [];
  const lab = Lab.create(await loadTopology(path.join(ROOT, setup.topology)), { mode: 'realtime', speed: 10, seed: o.seed ?? 1, stateDir, auth: { password }, log: (m) => labLog.push(m) });
  lab.sched.runFor(40 * SEC);
  await lab.start();
  o.log?.(`${o.dialect}: lab up in ${Math.round(performance.now() - t0)} ms`);
  const slow = new Map<string, number>();
  const gen = new LineGen(o.seed ?? 1, dialectCorpus(o.dialect), dialectPatterns(o.dialect));
  let seq = 0;
  try {
    const open = async (kind: 'telnet' | 'ssh'): Promise<TermClient> => {
      const n = lab.node(setup.node);
      const c = kind === 'telnet' ? await telnetClient(n.telnet!.host, n.telnet!.port) : await sshShell({ host: n.ssh!.host, port: n.ssh!.port, username: 'netproof', password });
      await c.waitFor(/[#>\]]\s*$/, HANG_MS);
      scan(c, kind);
      return c;
    };
    const scan = (c: TermClient, where: string): void => {
      const text = c.text();
      const m = JS_TEXT.exec(text);
      if (m) fail(`${where}: JavaScript text ${JSON.stringify(m[0])} in ${JSON.stringify(text.slice(Math.max(0, m.index - 200), m.index + 100))}`);
      c.clear();
    };
    /** Sends bytes then a sentinel; waits for its echo (Ctrl-C after a while, a hang after HANG_MS without progress). */
    const run = async (c: TermClient, bytes: Buffer, where: string): Promise<'ok' | 'closed' | 'hang'> => {
      const sentinel = `zzfuzz${++seq}q`;
      const start = performance.now();
      c.send(Buffer.concat([bytes, Buffer.from(`\r\n${sentinel}\r\n`)]));
      const done = new RegExp(`${sentinel}\n`);
      const wait = async (ms: number): Promise<'ok' | 'closed' | 'timeout'> => {
        try {
          await c.waitFor(done, ms);
          return 'ok';
        } catch (e) {
          return e instanceof ClosedError || c.closed() ? 'closed' : 'timeout';
        }
      };
      let r = await wait(CTRL_C_AFTER_MS);
      if (r === 'timeout') {
        // A long-running command: Ctrl-C, as a user would; then it must make progress.
        res.interrupts++;
        c.send('\x03');
        let len = c.text().length;
        for (;;) {
          r = await wait(HANG_MS);
          if (r !== 'timeout') break;
          if (c.text().length === len) {
            fail(`${where}: no progress for ${HANG_MS} ms after ${JSON.stringify(bytes.toString('latin1').slice(0, 120))}`);
            return 'hang';
          }
          len = c.text().length;
          if (performance.now() - start > 60_000) { fail(`${where}: still running after 60 s`); return 'hang'; }
        }
      }
      if (r === 'closed') { scan(c, where); return 'closed'; }
      const took = performance.now() - start;
      res.maxLineMs = Math.max(res.maxLineMs, took);
      const k = where.replace(/ line \d+ /, ' ').replace(/^\S+ /, '');
      slow.set(k, (slow.get(k) ?? 0) + took);
      // Let the sentinel's own answer arrive with the next read; scan what is here.
      scan(c, where);
      return 'ok';
    };

    for (const kind of ['telnet', 'ssh'] as const) {
      let c = await open(kind);
      const lines = Math.ceil(o.lines / 2);
      // Pastes: half on each transport (the first one on telnet).
      const nPaste = kind === 'telnet' ? Math.ceil((o.pastes ?? 1) / 2) : Math.floor((o.pastes ?? 1) / 2);
      const pasteAt = new Set(Array.from({ length: nPaste }, (_, i) => Math.floor(((i + 1) * lines) / (nPaste + 1))));
      for (let i = 0; i < lines; i++) {
        let bytes: Buffer;
        let what: string;
        if (pasteAt.has(i)) {
          bytes = Buffer.from(Array.from({ length: 1000 }, () => gen.rng.pick(setup.paste)).join('\r\n'));
          what = 'paste';
          res.pastes++;
        } else {
          const l = gen.line(kind === 'telnet');
          bytes = l.bytes;
          what = l.kind;
          res.byKind[what] = (res.byKind[what] ?? 0) + 1;
          res.lines++;
        }
        const r = await run(c, bytes, `${o.dialect} ${kind} line ${i} (${what})`);
        if (r !== 'ok') {
          c.close();
          res.reconnects++;
          c = await open(kind);
        }
        if (i % 100 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
      c.close();
    }

    o.log?.(`${o.dialect}: wall ms by kind ${JSON.stringify(Object.fromEntries([...slow].map(([k, v]) => [k, Math.round(v)])))}`);
    // Correct answers afterwards: the wire gives exactly what the dialect renders in process.
    for (const name of [setup.node, setup.other]) {
      const n = lab.node(name);
      const c = await telnetClient(n.telnet!.host, n.telnet!.port);
      await c.waitFor(/[#>\]]\s*$/, HANG_MS);
      c.clear();
      c.send(`${setup.check}\r\n`);
      const direct = (await n.device.sessions()('fuzz-check').execute(setup.check)).output;
      const prompt = /\n(\S+[#>\]])\s*$/;
      try {
        const got = await c.waitFor(prompt, HANG_MS);
        const body = got.slice(got.indexOf('\n') + 1).replace(prompt, '\n');
        if (body !== direct) fail(`${name}: '${setup.check}' over telnet differs from the in-process answer`);
      } catch (e) {
        fail(`${name}: no answer to '${setup.check}' after the fuzz: ${(e as Error).message.slice(0, 200)}`);
      }
      c.close();
    }
    const stack = labLog.find((l) => /\n\s+at /.test(l));
    if (stack) fail(`the lab logged an exception: ${stack.slice(0, 400)}`);
  } finally {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  res.wallMs = Math.round(performance.now() - t0);
  res.rssStartMb = Math.round(rssStart / 2 ** 20);
  res.rssPeakMb = Math.round(rssPeak / 2 ** 20);
  return res;
}

// What a lab made, recorded before it is made (a state file per lab under /run/netproof-frr), so
// that teardown removes exactly that, also after a failure or a signal, and the next start cleans
// a lab whose owning process is gone. Teardown is synchronous so it can run in exit handlers.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runSync } from './sh';

export const STATE_ROOT = process.env.NETPROOF_FRR_STATE ?? '/run/netproof-frr';

export interface LabState {
  labId: string;
  /** The process that owns the lab, and its start time (a reused pid is not the owner). */
  owner: { pid: number; start: string };
  topology: string;
  /** Lab folder: per-node run, etc and ssh folders, keys, logs. */
  dir: string;
  /** Management /24 slot: 198.18.<slot>.0/24. */
  slot: number;
  /** Network namespaces, in creation order (made or about to be made). */
  namespaces: string[];
  /** Interfaces in the root namespace (management veths). */
  rootLinks: string[];
  /** Created /run/sshd (sshd's privilege separation folder) because it was missing. */
  madeSshdDir?: boolean;
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function ownerNow(): LabState['owner'] {
  return { pid: process.pid, start: procStart(process.pid) ?? '' };
}

export function ownerAlive(o: LabState['owner']): boolean {
  return procStart(o.pid) === o.start;
}

/** A short lab id: namespace names are `np-<id>-<node>`, root-side interfaces `np<id>m<n>`. */
export function newLabId(): string {
  return randomBytes(4).toString('hex').slice(0, 5);
}

export function stateFile(labId: string): string {
  return path.join(STATE_ROOT, labId, 'state.json');
}

export function saveState(s: LabState): void {
  mkdirSync(s.dir, { recursive: true, mode: 0o711 });
  writeFileSync(stateFile(s.labId) + '.tmp', JSON.stringify(s, null, 2));
  // rename is atomic: a reader sees the old or the new record, never half of one
  renameSync(stateFile(s.labId) + '.tmp', stateFile(s.labId));
}

export function listStates(): LabState[] {
  if (!existsSync(STATE_ROOT)) return [];
  const out: LabState[] = [];
  for (const id of readdirSync(STATE_ROOT)) {
    if (id.startsWith('.')) continue;
    try {
      out.push(JSON.parse(readFileSync(stateFile(id), 'utf8')) as LabState);
    } catch {
      // a folder without a readable record: made by a run killed before its first save
      out.push({ labId: id, owner: { pid: 0, start: '' }, topology: '?', dir: path.join(STATE_ROOT, id), slot: -1, namespaces: [], rootLinks: [] });
    }
  }
  return out;
}

const sleepBuf = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepBuf, 0, 0, ms);
}

/** Pids of the processes in a network namespace (zombies left out: they are gone but not reaped). */
export function netnsPids(ns: string): number[] {
  const r = runSync('ip', ['netns', 'pids', ns]);
  if (!r.ok) return [];
  return r.stdout.split('\n').map(Number).filter((p) => p > 0 && !isZombie(p));
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true; // gone
  }
}

/** Ends every process in the namespace: SIGTERM, then SIGKILL after `graceMs`. */
export function killNetns(ns: string, graceMs = 1500): void {
  let pids = netnsPids(ns);
  for (const p of pids) signal(p, 'SIGTERM');
  const end = Date.now() + graceMs;
  while (pids.length > 0 && Date.now() < end) {
    sleepSync(25);
    pids = netnsPids(ns);
  }
  for (const p of pids) signal(p, 'SIGKILL');
  const end2 = Date.now() + 1000;
  while (netnsPids(ns).length > 0 && Date.now() < end2) sleepSync(25);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Removes everything the record names; returns what could not be removed (empty when clean). */
export function teardownSync(s: LabState): string[] {
  const left: string[] = [];
  for (const ns of [...s.namespaces].reverse()) killNetns(ns);
  for (const ns of [...s.namespaces].reverse()) {
    if (existsSync(`/run/netns/${ns}`)) runSync('ip', ['netns', 'del', ns]);
    if (existsSync(`/run/netns/${ns}`)) left.push(`namespace ${ns}`);
  }
  for (const l of s.rootLinks) {
    if (existsSync(`/sys/class/net/${l}`)) runSync('ip', ['link', 'del', l]);
    if (existsSync(`/sys/class/net/${l}`)) left.push(`interface ${l}`);
  }
  try {
    rmSync(s.dir, { recursive: true, force: true });
  } catch {
    left.push(`folder ${s.dir}`);
  }
  if (s.madeSshdDir && listStates().every((o) => !o.madeSshdDir || o.labId === s.labId)) {
    try {
      rmdirSync('/run/sshd');
    } catch {
      // in use by a system sshd started meanwhile, or not empty: leave it
    }
  }
  try {
    if (existsSync(STATE_ROOT) && readdirSync(STATE_ROOT).length === 0) rmdirSync(STATE_ROOT);
  } catch {
    // another lab is starting
  }
  return left;
}

/** Tears down every lab whose owner is gone (a killed run); returns their ids. */
export function cleanStale(): string[] {
  const cleaned: string[] = [];
  for (const s of listStates()) {
    if (s.owner.pid !== 0 && ownerAlive(s.owner)) continue;
    if (s.owner.pid === 0 && dirAgeMs(s.dir) < 10000) continue; // a lab being started right now
    teardownSync(s);
    cleaned.push(s.labId);
  }
  return cleaned;
}

function dirAgeMs(dir: string): number {
  try {
    return Date.now() - statSync(dir).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Picks a free management slot (198.18.<slot>.0/24) not held by a live lab nor on any interface. */
export function freeSlot(): number {
  const used = new Set(listStates().map((s) => s.slot));
  const addrs = runSync('ip', ['-4', '-o', 'addr', 'show']).stdout;
  for (const m of addrs.matchAll(/inet 198\.18\.(\d+)\./g)) used.add(Number(m[1]));
  for (let i = 0; i < 256; i++) if (!used.has(i)) return i;
  throw new Error('no free management subnet in 198.18.0.0/16 (256 labs running?)');
}

const LOCK = path.join(STATE_ROOT, '.lock');

/** Runs `fn` holding the state folder's lock (a folder made atomically; a lock older than 10 s is stale). */
export function withLockSync<T>(fn: () => T): T {
  mkdirSync(STATE_ROOT, { recursive: true, mode: 0o711 });
  const end = Date.now() + 10000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (dirAgeMs(LOCK) > 10000) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > end) throw new Error(`${LOCK} is held by another run for 10 s`);
      else sleepSync(20);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * `netproof lab exec NODE [--lab NAME] [--timeout S] -- COMMAND ...`: the harness's counterpart
 * of `docker exec`. Finds the lab `netproof lab up` is running (its running.json in the lab's
 * state folder, written at start and removed at stop), runs COMMAND on NODE through the lab's
 * SSH (an exec channel, host key pinned to the lab's, the lab's login) and prints its output;
 * the exit status is the command's. Works for every dialect (an srl node runs one CLI command).
 *
 * Errors are one line and exit 2: no lab running, several running without --lab, an unknown node
 * (the line lists the nodes), no SSH. Ctrl-C is passed to the command (0x03 on the channel, as
 * the lab's SSH server takes it); --timeout (default 600 s) does the same when it runs out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'ssh2';
import { fingerprint } from '../drivers/transport/known-hosts';
import { PASSWORD_ENV, labDirName } from '../reference-impl/mgmt/lab-state';
import { UsageError, parseArgs } from './args';

export const RUNNING_FILE = 'running.json';
const CONNECT_MS = 10_000;

export interface RunningLab {
  lab: string;
  pid: number;
  topology: string;
  username: string;
  /** The SSH host key's SHA256 fingerprint. */
  hostKey: string;
  nodes: Array<{ name: string; dialect: string; ssh?: string }>;
}

/** Writes the running lab's description into its state folder; returns the file (removed by the caller at stop). */
export function writeRunning(stateDir: string, r: RunningLab): string {
  const dir = path.join(stateDir, 'labs', labDirName(r.lab));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, RUNNING_FILE);
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n', { mode: 0o600 });
  return file;
}

export function removeRunning(file: string): void {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as RunningLab;
    if (r.pid === process.pid) fs.unlinkSync(file);
  } catch {
    // Already gone, or another process's: nothing to remove.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The labs running now (their running.json, with a live process), by lab name. */
export function runningLabs(stateDir: string): RunningLab[] {
  const root = path.join(stateDir, 'labs');
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const out: RunningLab[] = [];
  for (const n of names.sort()) {
    try {
      const r = JSON.parse(fs.readFileSync(path.join(root, n, RUNNING_FILE), 'utf8')) as RunningLab;
      if (typeof r.pid === 'number' && alive(r.pid) && Array.isArray(r.nodes)) out.push(r);
    } catch {
      continue;
    }
  }
  return out;
}

function password(stateDir: string, lab: string, env: NodeJS.ProcessEnv): string | undefined {
  if (env[PASSWORD_ENV]) return env[PASSWORD_ENV];
  try {
    const text = fs.readFileSync(path.join(stateDir, 'labs', labDirName(lab), 'credentials'), 'utf8');
    return /^password:\s?(.*)$/m.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** A word quoted for the remote shell when it needs it (`ping -I vrf-1 x` needs none). */
function quote(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export interface ExecOptions {
  stateDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Where Ctrl-C comes from (default: this process's SIGINT). */
  onInterrupt?: (stop: () => void) => () => void;
}

export async function labExec(argv: string[], out: (s: string) => void, err: (s: string) => void, o: ExecOptions = {}): Promise<number> {
  const dd = argv.indexOf('--');
  const head = dd >= 0 ? argv.slice(0, dd) : argv;
  const p = parseArgs(head, { values: ['lab', 'timeout', 'state'] });
  const [node, ...inline] = p.positional;
  const command = dd >= 0 ? argv.slice(dd + 1) : inline;
  if (!node || command.length === 0) throw new UsageError('usage: netproof lab exec NODE [--lab NAME] [--timeout S] -- COMMAND [ARG...]');
  const timeoutS = p.flags.has('timeout') ? Number(p.flags.get('timeout')) : 600;
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) throw new UsageError('--timeout must be a number of seconds above 0');
  const stateDir = path.resolve((p.flags.get('state') as string | undefined) ?? o.stateDir ?? '.state');
  const want = p.flags.get('lab') as string | undefined;
  const labs = runningLabs(stateDir);
  let lab: RunningLab | undefined;
  if (want !== undefined) {
    lab = labs.find((l) => l.lab === want);
    if (!lab) throw new UsageError(`lab ${want} is not running${labs.length ? ` (running: ${labs.map((l) => l.lab).join(', ')})` : ''}`);
  } else if (labs.length === 0) {
    throw new UsageError(`no lab is running (start one with \`netproof lab up TOPOLOGY\`; looked in ${path.relative(process.cwd(), path.join(stateDir, 'labs')) || stateDir})`);
  } else if (labs.length > 1) {
    throw new UsageError(`several labs are running (${labs.map((l) => l.lab).join(', ')}): name one with --lab`);
  } else lab = labs[0];
  const n = lab.nodes.find((x) => x.name === node);
  if (!n) throw new UsageError(`lab ${lab.lab} has no node '${node}' (nodes: ${lab.nodes.map((x) => x.name).join(', ')})`);
  if (!n.ssh) throw new UsageError(`node ${node} of lab ${lab.lab} has no SSH server`);
  const pw = password(stateDir, lab.lab, o.env ?? process.env);
  if (pw === undefined) throw new UsageError(`no SSH password for lab ${lab.lab}: set ${PASSWORD_ENV} or keep its credentials file`);
  const [host, port] = [n.ssh.slice(0, n.ssh.lastIndexOf(':')), Number(n.ssh.slice(n.ssh.lastIndexOf(':') + 1))];
  const line = command.map(quote).join(' ');
  const pinned = lab.hostKey;

  return new Promise<number>((resolve) => {
    const c = new Client();
    let done = false;
    let badKey: string | undefined;
    let offInterrupt = (): void => undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (code: number, message?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      if (timer) clearTimeout(timer);
      offInterrupt();
      if (message) err(`netproof: ${message}\n`);
      c.end();
      resolve(code);
    };
    const connectTimer = setTimeout(() => finish(2, `lab exec: ${node}: no SSH session within ${CONNECT_MS / 1000} s at ${n.ssh}`), CONNECT_MS);
    c.on('error', (e: Error & { level?: string }) => {
      if (badKey) finish(2, `lab exec: ${node}: the SSH host key at ${n.ssh} is ${badKey}, not the lab's ${pinned}`);
      else if (e.level === 'client-authentication') finish(2, `lab exec: ${node}: the lab's SSH server refused the login of ${lab.username}`);
      else finish(2, `lab exec: ${node}: cannot reach SSH at ${n.ssh} (${(e as NodeJS.ErrnoException).code ?? e.message})`);
    });
    c.on('ready', () => {
      clearTimeout(connectTimer);
      c.exec(line, (e, ch) => {
        if (e) return finish(2, `lab exec: ${node}: the SSH server refused the command: ${e.message}`);
        let code: number | undefined;
        const stop = (): void => {
          if (ch.writable) ch.write('\x03');
        };
        offInterrupt = (o.onInterrupt ?? defaultInterrupt)(stop);
        timer = setTimeout(() => {
          err(`netproof: lab exec: ${node}: still running after ${timeoutS} s; interrupted\n`);
          stop();
        }, timeoutS * 1000);
        ch.on('data', (d: Buffer) => out(d.toString('utf8')));
        ch.stderr.on('data', (d: Buffer) => err(d.toString('utf8')));
        ch.on('exit', (c2: number | null) => {
          code = c2 ?? 255;
        });
        ch.on('close', () => finish(code ?? 255));
      });
    });
    c.connect({
      host,
      port,
      username: lab.username,
      password: pw,
      readyTimeout: CONNECT_MS,
      tryKeyboard: false,
      hostVerifier: (key: Buffer) => {
        const fp = fingerprint(key);
        if (fp !== pinned) badKey = fp;
        return fp === pinned;
      },
    });
  });
}

function defaultInterrupt(stop: () => void): () => void {
  const h = (): void => stop();
  process.on('SIGINT', h);
  return () => process.off('SIGINT', h);
}

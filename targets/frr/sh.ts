// Running the few system tools the FRR lab needs (ip, nft, nsenter, ssh-keygen), each with a
// deadline, and their synchronous twins for teardown in exit and signal handlers.
import { execFile, spawnSync } from 'node:child_process';

export class FrrLabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrrLabError';
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs `cmd args`; rejects with one line naming the command and its stderr, or the deadline. */
export function run(cmd: string, args: readonly string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 10000;
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout, stderr });
      const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      const what = `${cmd} ${args.join(' ')}`;
      if (e.killed) return reject(new FrrLabError(`${what}: no answer within ${timeoutMs} ms`));
      if (e.code === 'ENOENT') return reject(new FrrLabError(`${cmd} is not installed (${what})`));
      const first = String(stderr || stdout).trim().split('\n')[0] || `exit code ${String(e.code)}`;
      reject(new FrrLabError(`${what}: ${first}`));
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Synchronous, never throws: for teardown, which must run to the end whatever fails. */
export function runSync(cmd: string, args: readonly string[], timeoutMs = 5000): { ok: boolean; stdout: string } {
  const r = spawnSync(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' });
  return { ok: r.status === 0, stdout: r.stdout ?? '' };
}

/** Whether `cmd` can be found on PATH (or is an absolute path that exists). */
export function have(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns true or the deadline passes; returns whether it did. */
export async function waitFor(probe: () => Promise<boolean> | boolean, deadlineMs: number, stepMs = 50): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() >= end) return false;
    await sleep(stepMs);
  }
}

/**
 * SSH to the reference router: netproof's driver (one session: connect to first prompt, then
 * many show commands on it) side by side with OpenSSH's `ssh` in exec mode (one process, one
 * full handshake and one command per invocation). The lab is the bfd-static-vpn topology in
 * realtime mode with SSH on, a throwaway password and (when ssh-keygen exists) a throwaway
 * ed25519 key, with its state in a temp dir. The password is never printed.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { openSession } from '../drivers/connect';
import { Lab } from '../reference-impl/lab';
import { loadTopology } from '../topologies';
import { summarize } from './stats';
import { BFD_TOPOLOGY } from './bfd';

const run = promisify(execFile);
export const SSH_COMMAND = 'display ip routing-table';
const NODE = 'CE1';

export interface SshResult {
  /** netproof: openSession() call to resolved session (handshake, login, prompt, paging off), ms. */
  connectMs: number;
  /** netproof: show commands per second on that one session. */
  cmdsPerS: number;
  cmds: number;
  /** OpenSSH ran (ssh and ssh-keygen on PATH). */
  openssh: boolean;
  /** OpenSSH: median wall time of one `ssh ... 'command'` invocation (process start, handshake,
   * public-key login, exec, output, close), ms; the first invocation (known_hosts write) excluded. */
  opensshExecMs: number;
  /** OpenSSH: invocations per second, back to back, over the same invocations. */
  opensshPerS: number;
  opensshRuns: number[];
  /** Bytes of output of one command (both sides should be alike). */
  outputBytes: number;
  opensshOutputBytes: number;
}

export function hasOpenSsh(): boolean {
  for (const bin of ['ssh', 'ssh-keygen']) {
    try {
      execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    } catch {
      return false;
    }
  }
  return true;
}

export async function measureSsh(cmds: number, invocations: number): Promise<SshResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netproof-bench-ssh-'));
  const password = randomBytes(18).toString('base64url');
  const openssh = hasOpenSsh();
  const key = path.join(dir, 'id_ed25519');
  const authorizedKeys: string[] = [];
  if (openssh) {
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'netproof-bench', '-f', key]);
    authorizedKeys.push((await readFile(`${key}.pub`, 'utf8')).trim());
  }
  const topo = await loadTopology(BFD_TOPOLOGY);
  const lab = Lab.create(topo, { mode: 'realtime', speed: 1, telnet: false, ssh: true, auth: { password, authorizedKeys }, stateDir: path.join(dir, 'state') });
  try {
    await lab.start();
    const ep = lab.node(NODE).ssh!;
    const fingerprint = lab.sshHostKey!.fingerprint;

    const t0 = performance.now();
    const session = await openSession({
      device: NODE, host: ep.host, port: ep.port, transport: 'ssh', platform: 'vrp',
      username: 'netproof', password, hostKeyFingerprint: fingerprint,
    });
    const connectMs = performance.now() - t0;
    let outputBytes = 0;
    const t1 = performance.now();
    for (let i = 0; i < cmds; i++) outputBytes = (await session.send(SSH_COMMAND)).length;
    const cmdsPerS = cmds / ((performance.now() - t1) / 1000);
    await session.close();

    const r: SshResult = { connectMs, cmdsPerS, cmds, openssh, opensshExecMs: NaN, opensshPerS: NaN, opensshRuns: [], outputBytes, opensshOutputBytes: 0 };
    if (openssh) {
      const args = [
        '-i', key, '-o', `UserKnownHostsFile=${path.join(dir, 'kh')}`, '-o', 'StrictHostKeyChecking=accept-new',
        '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-o', 'LogLevel=ERROR', '-F', '/dev/null',
        '-p', String(ep.port), `netproof@${ep.host}`, SSH_COMMAND,
      ];
      const once = async (): Promise<number> => {
        const t = performance.now();
        const { stdout } = await run('ssh', args, { maxBuffer: 1 << 24 });
        r.opensshOutputBytes = stdout.length;
        return performance.now() - t;
      };
      await once(); // writes known_hosts; not counted
      const t2 = performance.now();
      for (let i = 0; i < invocations; i++) r.opensshRuns.push(await once());
      r.opensshPerS = invocations / ((performance.now() - t2) / 1000);
      r.opensshExecMs = summarize(r.opensshRuns).median;
    }
    return r;
  } finally {
    await lab.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

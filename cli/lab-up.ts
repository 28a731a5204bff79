/** `netproof lab up <topology.clab.yml>`: boot a lab on the reference router and keep it up. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopology, TopologyError } from '../topologies';
import { Lab, LabError } from '../reference-impl/lab';
import { Parsed, UsageError, numberFlag } from './args';
import { labUpFrr } from './lab-up-frr';
import { isFrrTopology } from '../targets/frr/plan';

export async function labUp(p: Parsed, out: (s: string) => void): Promise<number> {
  const file = p.positional[0];
  if (!file) throw new UsageError('usage: netproof lab up <topology.clab.yml> [--json] [--speed N] [--seed N] [--host 127.0.0.1] [--capture DIR] [--authorized-keys FILE]');
  const speed = numberFlag(p, 'speed', 1, 0.001);
  const seed = numberFlag(p, 'seed', 1, 0);
  const host = (p.flags.get('host') as string | undefined) ?? '127.0.0.1';
  let lab: Lab;
  try {
    const topo = await loadTopology(file);
    if (isFrrTopology(topo)) return await labUpFrr(file, p, out); // FRR in network namespaces (cli/lab-up-frr.ts)
    const keysFile = p.flags.get('authorized-keys');
    let authorizedKeys: string[] | undefined;
    if (typeof keysFile === 'string') {
      try {
        authorizedKeys = fs.readFileSync(keysFile, 'utf8').split('\n');
      } catch (e) {
        throw new UsageError(`--authorized-keys ${keysFile}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    lab = Lab.create(topo, { mode: 'realtime', speed, seed, host, auth: authorizedKeys ? { authorizedKeys } : undefined });
    await lab.start();
  } catch (e) {
    if (e instanceof TopologyError || e instanceof LabError) throw new UsageError(e.message);
    throw e;
  }
  const stops: Array<() => void> = [];
  const captures: string[] = [];
  const capDir = p.flags.get('capture');
  if (typeof capDir === 'string') {
    fs.mkdirSync(capDir, { recursive: true });
    for (const l of lab.links) {
      const f = path.join(capDir, `${l.a.replace(':', '-')}--${l.b.replace(':', '-')}.pcap`);
      stops.push(lab.capture(l.a, l.b, f));
      captures.push(f);
    }
  }
  const nodes = lab.describe();
  if (p.flags.has('json')) {
    const ssh = lab.sshHostKey && lab.sshLogin
      ? { hostKey: lab.sshHostKey, username: lab.sshLogin.username, passwordFrom: lab.sshLogin.passwordFrom, ...(lab.sshLogin.passwordFrom === 'file' ? { credentialsFile: lab.sshLogin.credentialsFile } : {}) }
      : undefined;
    out(JSON.stringify({ lab: lab.name, topology: lab.topo.file, speed, nodes, ...(ssh ? { ssh } : {}), ...(captures.length ? { captures } : {}) }) + '\n');
  } else {
    out(`lab ${lab.name} is up (${nodes.length} nodes, realtime x${speed}); Ctrl-C to stop\n`);
    out(renderTable(['#', 'Name', 'Kind', 'Dialect', 'Telnet', 'SSH'], nodes.map((n, i) => [String(i + 1), n.name, n.kind, n.dialect, n.telnet ?? '-', n.ssh ?? '-'])));
    out(`connect with: telnet ${nodes[0]?.telnet?.replace(':', ' ') ?? ''}\n`);
    const key = lab.sshHostKey;
    const login = lab.sshLogin;
    if (key && login && nodes[0]?.ssh) {
      const [h, port] = nodes[0].ssh.split(':');
      const where = login.passwordFrom === 'file' ? `password in ${path.relative(process.cwd(), login.credentialsFile) || login.credentialsFile}`
        : login.passwordFrom === 'env' ? 'password from NETPROOF_SSH_PASSWORD' : 'password as configured';
      out(`ssh host key ${key.fingerprint} (ED25519); user ${login.username}, ${where}; keys in ${path.join(path.relative(process.cwd(), login.stateDir) || login.stateDir, 'authorized_keys')}\n`);
      out(`connect with: ssh -p ${port} ${login.username}@${h}\n`);
    }
    if (captures.length) out(`capturing ${captures.length} links into ${capDir}\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await lab.stop();
  for (const stop of stops) stop();
  if (!p.flags.has('json')) out(`lab ${lab.name} stopped\n`);
  return 0;
}

export function renderTable(headers: string[], rows: string[][]): string {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const rule = '+' + w.map((n) => '-'.repeat(n + 2)).join('+') + '+';
  const line = (c: string[]) => '| ' + c.map((x, i) => x.padEnd(w[i])).join(' | ') + ' |';
  return [rule, line(headers), rule, ...rows.map(line), rule].join('\n') + '\n';
}

export { LabError };

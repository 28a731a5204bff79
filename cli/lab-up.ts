/**
 * `netproof lab up <topology.clab.yml>`: boot a lab on the reference router and keep it up.
 *
 *   --configured        boot each node with the document's own configuration file for it,
 *                       suites/<lab name>/golden/config-files/<node>.cfg (as `netproof golden`
 *                       extracts them), instead of its startup config, where that file exists.
 *   --base-port N       stable ports: node i (topology order, from 0) gets telnet N+2i, SSH N+2i+1,
 *                       gNMI (nodes that serve it) N+2*nodes+i.
 *   --capture DIR       one pcap per link, named after its endpoints (safe for any interface name).
 *
 * Any start failure (bad topology or config, a port taken, an unwritable capture folder) is one
 * line and exit 2, after the servers already started are closed. SIGINT/SIGTERM stop the lab; if
 * stopping takes more than STOP_DEADLINE_MS the process exits anyway (a second signal at once).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopology, TopologyError } from '../topologies';
import type { Topology } from '../topologies/types';
import { Lab, LabError } from '../reference-impl/lab';
import { Parsed, UsageError, numberFlag } from './args';
import { labUpFrr } from './lab-up-frr';
import { isFrrTopology } from '../targets/frr/plan';
import { writeRunning, removeRunning } from './lab-exec';

const STOP_DEADLINE_MS = 4000;

/** Where `--configured` looks by default: the suite named like the lab, its extracted config files. */
export function defaultConfiguredDir(labName: string, root = path.resolve(__dirname, '..')): string {
  return path.join(root, 'suites', labName, 'golden', 'config-files');
}

/** Replaces each node's startup config by DIR/<node>.cfg where it exists; returns the nodes changed. */
export function applyConfiguredDir(topo: Topology, dir: string): string[] {
  const used: string[] = [];
  for (const n of topo.nodes) {
    const f = path.join(dir, `${n.name}.cfg`);
    if (!fs.existsSync(f)) continue;
    n.startupConfig = f;
    n.startupConfigText = fs.readFileSync(f, 'utf8');
    used.push(n.name);
  }
  return used;
}

export async function labUp(p: Parsed, out: (s: string) => void): Promise<number> {
  const file = p.positional[0];
  if (!file) throw new UsageError('usage: netproof lab up <topology.clab.yml> [--json] [--speed N] [--seed N] [--host 127.0.0.1] [--base-port N] [--configured] [--capture DIR] [--authorized-keys FILE]');
  const speed = numberFlag(p, 'speed', 1, 0.001);
  const seed = numberFlag(p, 'seed', 1, 0);
  const basePort = p.flags.has('base-port') ? numberFlag(p, 'base-port', 0, 1) : undefined;
  if (basePort !== undefined && !Number.isInteger(basePort)) throw new UsageError('--base-port must be a whole number');
  const host = (p.flags.get('host') as string | undefined) ?? '127.0.0.1';
  let lab: Lab;
  let configured: { dir: string; nodes: string[] } | undefined;
  try {
    const topo = await loadTopology(file);
    if (isFrrTopology(topo)) return await labUpFrr(file, p, out); // FRR in network namespaces (cli/lab-up-frr.ts)
    if (p.flags.has('configured')) {
      const dir = defaultConfiguredDir(topo.name);
      configured = { dir, nodes: fs.existsSync(dir) ? applyConfiguredDir(topo, dir) : [] };
    }
    const keysFile = p.flags.get('authorized-keys');
    let authorizedKeys: string[] | undefined;
    if (typeof keysFile === 'string') {
      try {
        authorizedKeys = fs.readFileSync(keysFile, 'utf8').split('\n');
      } catch (e) {
        throw new UsageError(`--authorized-keys ${keysFile}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    lab = Lab.create(topo, { mode: 'realtime', speed, seed, host, basePort, auth: authorizedKeys ? { authorizedKeys } : undefined });
  } catch (e) {
    if (e instanceof TopologyError || e instanceof LabError) throw new UsageError(e.message);
    throw e;
  }
  const captures: string[] = [];
  try {
    await lab.start();
    const capDir = p.flags.get('capture');
    if (capDir !== undefined) {
      if (typeof capDir !== 'string') throw new UsageError('--capture needs a folder');
      try {
        fs.mkdirSync(capDir, { recursive: true });
      } catch (e) {
        throw new UsageError(`--capture ${capDir}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      const taken = new Set<string>();
      for (const l of lab.links) {
        let name = Lab.captureFileName(l.a, l.b);
        for (let k = 2; taken.has(name); k++) name = Lab.captureFileName(l.a, l.b).replace(/\.pcap$/, `-${k}.pcap`);
        taken.add(name);
        const f = path.join(capDir, name);
        lab.capture(l.a, l.b, f);
        captures.push(f);
      }
    }
  } catch (e) {
    await lab.stop();
    if (e instanceof LabError) throw new UsageError(e.message);
    throw e;
  }
  // Signals are taken before anything is printed: whoever reads the first line may stop the lab at once.
  const stopRequested = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      // A second signal, or a stop that takes too long, ends the process at once.
      const now = (): never => process.exit(130);
      process.once('SIGINT', now);
      process.once('SIGTERM', now);
      setTimeout(() => {
        process.stderr.write(`netproof: lab ${lab.name} did not stop within ${STOP_DEADLINE_MS} ms; exiting\n`);
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  const nodes = lab.describe();
  // `netproof lab exec` finds the lab by this file (removed at stop), written before anything is printed.
  let running: string | undefined;
  try {
    if (lab.sshLogin && lab.sshHostKey) running = writeRunning(path.dirname(path.dirname(lab.sshLogin.stateDir)), { lab: lab.name, pid: process.pid, topology: lab.topo.file, username: lab.sshLogin.username, hostKey: lab.sshHostKey.fingerprint, nodes: nodes.map((n) => ({ name: n.name, dialect: n.dialect, ssh: n.ssh })) });
  } catch (e) {
    process.stderr.write(`netproof: cannot write the lab's running.json (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): \`netproof lab exec\` will not find this lab\n`);
  }
  if (p.flags.has('json')) {
    const ssh = lab.sshHostKey && lab.sshLogin
      ? { hostKey: lab.sshHostKey, username: lab.sshLogin.username, passwordFrom: lab.sshLogin.passwordFrom, ...(lab.sshLogin.passwordFrom === 'file' ? { credentialsFile: lab.sshLogin.credentialsFile } : {}) }
      : undefined;
    // gNMI: the self-signed certificate to trust (gnmi_ca_file in an inventory); the login is the SSH login.
    const gnmi = lab.gnmiCertFile && nodes.some((n) => n.gnmi) ? { caFile: lab.gnmiCertFile } : undefined;
    out(JSON.stringify({ lab: lab.name, topology: lab.topo.file, speed, nodes, ...(ssh ? { ssh } : {}), ...(gnmi ? { gnmi } : {}), ...(captures.length ? { captures } : {}), ...(configured ? { configured } : {}) }) + '\n');
  } else {
    out(`lab ${lab.name} is up (${nodes.length} nodes, realtime x${speed}); Ctrl-C to stop\n`);
    if (configured) {
      out(configured.nodes.length
        ? `configured: ${configured.nodes.join(', ')} from ${path.relative(process.cwd(), configured.dir) || configured.dir}\n`
        : `configured: no configuration files in ${path.relative(process.cwd(), configured.dir) || configured.dir}; the topology's startup configs are used\n`);
    }
    out(renderTable(['#', 'Name', 'Kind', 'Dialect', 'Telnet', 'SSH', 'gNMI'], nodes.map((n, i) => [String(i + 1), n.name, n.kind, n.dialect, n.telnet ?? '-', n.ssh ?? '-', n.gnmi ?? '-'])));
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
    const gnmiNode = nodes.find((n) => n.gnmi);
    if (gnmiNode && login && lab.gnmiCertFile) {
      out(`gnmi: TLS certificate ${path.relative(process.cwd(), lab.gnmiCertFile) || lab.gnmiCertFile}, user ${login.username} (the SSH login); e.g. gnmic -a ${gnmiNode.gnmi} -u ${login.username} --tls-ca ${path.relative(process.cwd(), lab.gnmiCertFile) || lab.gnmiCertFile} capabilities\n`);
    }
    if (captures.length) out(`capturing ${captures.length} links into ${path.dirname(captures[0])}\n`);
  }
  await stopRequested;
  if (running) removeRunning(running);
  await lab.stop();
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

/**
 * `netproof lab up <topology.clab.yml>` for FRR topologies (every node kind linux, FRR's image
 * or frr.conf bound to /etc/frr): the lab is built from network namespaces (targets/frr) and kept
 * up until Ctrl-C or SIGTERM, then torn down, leaving nothing behind. Needs root: without it,
 * one line and exit 2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FrrLabError, frrUnavailable, openFrrTarget, type FrrTarget } from '../targets/frr';
import { type Parsed, UsageError } from './args';
import { renderTable } from './lab-up';

export async function labUpFrr(file: string, p: Parsed, out: (s: string) => void): Promise<number> {
  const why = frrUnavailable();
  if (why) {
    process.stderr.write(`netproof: ${file}: ${why}\n`);
    return 2;
  }
  const json = p.flags.has('json');
  let t: FrrTarget;
  try {
    t = await openFrrTarget(file, { log: json ? undefined : (l) => out(`${l}\n`) });
  } catch (e) {
    if (e instanceof FrrLabError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  const stops: Array<() => Promise<void>> = [];
  const captures: string[] = [];
  const capDir = p.flags.get('capture');
  try {
    if (typeof capDir === 'string') {
      fs.mkdirSync(capDir, { recursive: true });
      for (const l of t.frr.plan.links) {
        const f = path.resolve(capDir, `${l.a.node}-${l.a.iface}--${l.b.node}-${l.b.iface}.pcap`);
        stops.push(await t.lab.capture(`${l.a.node}:${l.a.iface}`, `${l.b.node}:${l.b.iface}`, f));
        captures.push(f);
      }
    }
  } catch (e) {
    await t.close();
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const eps = Object.values(t.endpoints);
  if (json) {
    out(JSON.stringify({ lab: t.frr.id, topology: t.frr.plan.file, target: 'frr', nodes: eps, ...(captures.length ? { captures } : {}) }) + '\n');
  } else {
    out(`lab ${t.frr.plan.name} (${t.frr.id}) is up: ${eps.length} FRR nodes in network namespaces; Ctrl-C to stop\n`);
    out(renderTable(['#', 'Name', 'Namespace', 'SSH (vtysh)', 'Host key'], eps.map((e, i) => [String(i + 1), e.node, t.frr.node(e.node).ns, `${e.username}@${e.host}:${e.port}`, e.hostKeyFingerprint])));
    if (eps[0]) out(`connect with: ssh -i ${eps[0].keyFile} ${eps[0].username}@${eps[0].host}\n`);
    if (captures.length) out(`capturing ${captures.length} links into ${capDir as string}\n`);
  }
  // Nothing else holds the event loop (the lab lives in namespaces, not in this process).
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  clearInterval(keepAlive);
  for (const stop of stops) await stop().catch(() => undefined);
  const left = await t.close();
  if (left.length) process.stderr.write(`netproof: lab ${t.frr.id}: could not remove ${left.join(', ')}\n`);
  if (!json) out(`lab ${t.frr.plan.name} stopped\n`);
  return left.length ? 1 : 0;
}

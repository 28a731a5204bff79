/** `netproof lab up <topology.clab.yml>`: boot a lab on the reference router and keep it up. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopology, TopologyError } from '../topologies';
import { Lab, LabError } from '../reference-impl/lab';
import { Parsed, UsageError, numberFlag } from './args';

export async function labUp(p: Parsed, out: (s: string) => void): Promise<number> {
  const file = p.positional[0];
  if (!file) throw new UsageError('usage: netproof lab up <topology.clab.yml> [--json] [--speed N] [--seed N] [--host 127.0.0.1] [--capture DIR]');
  const speed = numberFlag(p, 'speed', 1, 0.001);
  const seed = numberFlag(p, 'seed', 1, 0);
  const host = (p.flags.get('host') as string | undefined) ?? '127.0.0.1';
  let lab: Lab;
  try {
    const topo = await loadTopology(file);
    lab = Lab.create(topo, { mode: 'realtime', speed, seed, host });
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
    out(JSON.stringify({ lab: lab.name, topology: lab.topo.file, speed, nodes, ...(captures.length ? { captures } : {}) }) + '\n');
  } else {
    out(`lab ${lab.name} is up (${nodes.length} nodes, realtime x${speed}); Ctrl-C to stop\n`);
    out(renderTable(['#', 'Name', 'Kind', 'Dialect', 'Telnet'], nodes.map((n, i) => [String(i + 1), n.name, n.kind, n.dialect, n.telnet ?? '-'])));
    out(`connect with: telnet ${nodes[0]?.telnet?.replace(':', ' ') ?? ''}\n`);
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

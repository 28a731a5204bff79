// `--target frr`: a suite's topology runs as its FRR scenario, the containerlab file beside the
// document's lab (topologies/<lab>-frr/<lab>-frr.clab.yml: the same scenario with FRR nodes, OSPF
// in place of PVRP, parallel links in place of VLANs), built in network namespaces by targets/frr/.
// A suite whose lab has no FRR scenario cannot run there: one line saying so.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTopology } from '../topologies';
import { openFrrTarget } from './frr';
import { SessionTarget } from './session-target';
import type { Target, TargetOptions } from './types';

/** The FRR scenario of a document's topology file, or undefined when it has none. */
export function frrScenarioOf(topologyFile: string): string | undefined {
  if (/-frr\.clab\.ya?ml$/.test(topologyFile)) return topologyFile;
  const dir = path.dirname(topologyFile);
  const lab = path.basename(topologyFile).replace(/\.clab\.ya?ml$/, '');
  const f = path.join(path.dirname(dir), `${lab}-frr`, `${lab}-frr.clab.yml`);
  return fs.existsSync(f) ? f : undefined;
}

export async function openFrr(topologyFile: string, _opts: TargetOptions): Promise<Target> {
  const file = frrScenarioOf(topologyFile);
  if (!file) throw new Error(`${topologyFile}: no FRR scenario beside this lab (expected topologies/<lab>-frr/<lab>-frr.clab.yml)`);
  const topo = await loadTopology(file);
  const frr = await openFrrTarget(file);
  return new SessionTarget({
    name: 'frr',
    kind: 'frr',
    topo,
    lab: frr.lab,
    speed: 1,
    endpoint: (node) => {
      const e = frr.endpoints[node];
      if (!e) throw new Error(`frr: no endpoint for node '${node}'`);
      return { host: e.host, port: e.port, transport: 'ssh', dialect: 'frr', username: e.username, keyFile: e.keyFile, hostKeyFingerprint: e.hostKeyFingerprint };
    },
    onClose: async () => {
      const left = await frr.close();
      if (left.length) throw new Error(`frr: teardown left ${left.join(', ')}`);
    },
  });
}

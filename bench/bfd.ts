/**
 * BFD detection time on the bfd-static-vpn lab, in virtual time (fast mode, no management
 * servers): apply the document's Configuration Files to every node, run until the whole lab has
 * converged (PE1's and PE2's BFD-tracked static routes to CE1's loopback are in VPNA, PE3 has
 * the route over MP-BGP), run a few more milliseconds (a per-seed offset, so the loss starts at a
 * different point of the BFD transmit cycle), then make the PE1-CE1 link drop everything and
 * time how long PE1 keeps the static route. Expected: BFD declares the session Down one
 * Detection Time (3 x 10 ms, RFC 5880 6.8.4) after the last packet it received, and the static
 * route goes with it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Lab } from '../reference-impl/lab';
import { MS, SEC } from '../reference-impl/sim/scheduler';
import { parsePrefix } from '../reference-impl/net/addr';
import { loadTopology } from '../topologies';

const ROOT = path.resolve(__dirname, '..');
export const BFD_TOPOLOGY = path.join(ROOT, 'topologies/bfd-static-vpn/bfd-static-vpn.clab.yml');
const CONFIG_DIR = path.join(ROOT, 'suites/bfd-static-vpn/golden/config-files');
const VRF = 'VPNA';
const PREFIX = '1.1.1.1/32';

export interface BfdResult {
  seed: number;
  converged: boolean;
  /** Virtual time at which the whole lab had converged (s). */
  convergeVirtualS: number;
  /** Wall time from before Lab.create to the converged state (ms). */
  convergeWallMs: number;
  /** Extra virtual time run after convergence before the loss starts (ms). */
  offsetMs: number;
  /** Virtual time from the start of the loss to PE1 withdrawing the static route (ms). */
  detectMs: number;
  /** The route type PE1 falls back to (e.g. 'B' over PE2), or '' when the prefix is gone. */
  fallback: string;
}

export async function measureBfd(seed: number): Promise<BfdResult> {
  const topo = await loadTopology(BFD_TOPOLOGY);
  const configs = new Map<string, string>();
  for (const n of topo.nodes) configs.set(n.name, readFileSync(path.join(CONFIG_DIR, `${n.name}.cfg`), 'utf8'));

  const t0 = performance.now();
  const lab = Lab.create(topo, { mode: 'fast', telnet: false, ssh: false, seed });
  for (const [name, text] of configs) {
    const errs = lab.node(name).device.applyConfig(text);
    if (errs.length) throw new Error(`${name}.cfg:${errs[0].line}: ${errs[0].error}: '${errs[0].text}'`);
  }
  const p = parsePrefix(PREFIX)!;
  const code = (node: string): string | undefined => lab.node(node).node.vrf(VRF).rib[4].bestFor(p)?.code;
  const converged = (): boolean => code('PE1') === 'S' && code('PE2') === 'S' && code('PE3') === 'B';

  const sched = lab.sched;
  let ok = false;
  while (sched.now < 300 * SEC) {
    sched.runFor(10 * MS);
    if (converged()) {
      ok = true;
      break;
    }
  }
  const convergeWallMs = performance.now() - t0;
  const convergeVirtualS = sched.now / SEC;
  const result: BfdResult = { seed, converged: ok, convergeVirtualS: ok ? convergeVirtualS : NaN, convergeWallMs: ok ? convergeWallMs : NaN, offsetMs: NaN, detectMs: NaN, fallback: '' };
  if (!ok) {
    await lab.stop();
    return result;
  }

  // A different moment of the 10 ms transmit cycle per seed: 1 s of settling plus 0-9.99 ms.
  const offsetUs = SEC + ((seed * 3701) % 10000);
  sched.runFor(offsetUs);
  result.offsetMs = offsetUs / MS;
  if (code('PE1') !== 'S') throw new Error(`seed ${seed}: PE1 lost the static route before the loss started`);

  let withdrawnAt: number | undefined;
  const stop = lab.watchRoute('PE1', VRF, PREFIX, (t, c) => {
    if (withdrawnAt === undefined && c !== 'S') {
      withdrawnAt = t;
      result.fallback = c ?? '';
    }
  });
  const lossAt = sched.now;
  lab.setLink('PE1', 'CE1', { loss: 1 });
  while (withdrawnAt === undefined && sched.now - lossAt < 2 * SEC) sched.runFor(MS);
  stop();
  if (withdrawnAt !== undefined) result.detectMs = (withdrawnAt - lossAt) / MS;
  await lab.stop();
  return result;
}

/**
 * One measurement in a fresh process (so heap, JIT state and RSS of earlier runs do not leak
 * into it). Prints one JSON line on stdout (a ConvergeResult, SshResult or BfdResult).
 *   node --import tsx bench/worker.ts seed <seed>
 *   node --import tsx bench/worker.ts ring <size> <seed> <dir>
 *   node --import tsx bench/worker.ts ssh <commands> <openssh invocations>
 *   node --import tsx bench/worker.ts bfd <seed>
 */
import * as path from 'node:path';
import { loadTopology } from '../topologies';
import { SEC } from '../reference-impl/sim/scheduler';
import { parseAddr, prefixOf } from '../reference-impl/net/addr';
import type { Lab } from '../reference-impl/lab';
import { measureConvergence, type ConvergeResult } from './converge';
import { loopbackOf, opposite, writeRing } from './ring';
import { measureSsh } from './ssh';
import { measureBfd } from './bfd';

const ROOT = path.resolve(__dirname, '..');
export const SEED_TOPOLOGY = path.join(ROOT, 'topologies/pvrp-ecmp/pvrp-ecmp.clab.yml');

async function seedLab(seed: number): Promise<ConvergeResult> {
  const topo = await loadTopology(SEED_TOPOLOGY);
  return measureConvergence(topo, { seed, afis: [4, 6], deadlineUs: 120 * SEC });
}

/** Every router reaches the loopback of the router opposite it over two equal-cost paths. */
function oppositeEcmp(size: number): (lab: Lab) => boolean {
  const pairs: Array<{ node: string; prefix: ReturnType<typeof prefixOf> }> = [];
  for (let n = 1; n <= size; n++) {
    pairs.push({ node: `r${n}`, prefix: prefixOf(parseAddr(loopbackOf(opposite(n, size)))!, 32) });
  }
  return (lab) => {
    for (const p of pairs) {
      const r = lab.node(p.node).node.vrf('v1').rib[4].bestFor(p.prefix);
      if (!r || r.paths.length !== 2) return false;
    }
    return true;
  };
}

async function ringLab(size: number, seed: number, dir: string): Promise<ConvergeResult> {
  const file = await writeRing(dir, size);
  const topo = await loadTopology(file);
  return measureConvergence(topo, { seed, afis: [4], deadlineUs: 600 * SEC, extra: oppositeEcmp(size) });
}

async function main(): Promise<void> {
  const [what, ...args] = process.argv.slice(2);
  let r: unknown;
  if (what === 'seed') r = await seedLab(Number(args[0] ?? 1));
  else if (what === 'ring') r = await ringLab(Number(args[0] ?? 100), Number(args[1] ?? 1), args[2] ?? '/tmp/netproof-ring');
  else if (what === 'ssh') r = await measureSsh(Number(args[0] ?? 50), Number(args[1] ?? 10));
  else if (what === 'bfd') r = await measureBfd(Number(args[0] ?? 1));
  else throw new Error(`usage: worker.ts seed <seed> | ring <size> <seed> <dir> | ssh <commands> <invocations> | bfd <seed>`);
  process.stdout.write(JSON.stringify(r) + '\n');
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}

/**
 * One measurement in a fresh process (so heap, JIT state and RSS of earlier runs do not leak
 * into it). Prints one JSON line on stdout (a ConvergeResult, SshResult or BfdResult).
 *   node --import tsx bench/worker.ts seed <seed>
 *   node --import tsx bench/worker.ts ring <size> <seed> <dir>
 *   node --import tsx bench/worker.ts ssh <commands> <openssh invocations>
 *   node --import tsx bench/worker.ts bfd <seed>
 *   node --import tsx bench/worker.ts create <ring size> <reps> <dir>
 *     (Lab.create alone, repeated in one process: the first, cold call, and the minimum and
 *     median of the warm ones, for the seed lab and the ring; each time min(wall, CPU) in ms)
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

/** Lab.create repeated in this process (labs stopped between): cold first call, then warm ones. */
async function createReps(size: number, reps: number, dir: string): Promise<Record<string, number>> {
  const { Lab } = await import('../reference-impl/lab');
  const { performance } = await import('node:perf_hooks');
  const labs = { seed: await loadTopology(SEED_TOPOLOGY), ring: await loadTopology(await writeRing(dir, size)) };
  const t: Record<string, number[]> = { seed: [], ring: [] };
  for (let k = 0; k < reps; k++) {
    for (const n of ['seed', 'ring'] as const) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const lab = Lab.create(labs[n], { mode: 'fast', telnet: false, seed: k + 1 });
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      t[n].push(Math.min(wall, (cpu.user + cpu.system) / 1000));
      await lab.stop();
    }
  }
  const out: Record<string, number> = {};
  for (const n of ['seed', 'ring'] as const) {
    const warm = t[n].slice(1).sort((a, b) => a - b);
    out[`${n}FirstMs`] = t[n][0];
    out[`${n}WarmMinMs`] = warm[0] ?? NaN;
    out[`${n}WarmMedianMs`] = warm[warm.length >> 1] ?? NaN;
  }
  return out;
}

async function main(): Promise<void> {
  const [what, ...args] = process.argv.slice(2);
  let r: unknown;
  if (what === 'seed') r = await seedLab(Number(args[0] ?? 1));
  else if (what === 'ring') r = await ringLab(Number(args[0] ?? 100), Number(args[1] ?? 1), args[2] ?? '/tmp/netproof-ring');
  else if (what === 'ssh') r = await measureSsh(Number(args[0] ?? 50), Number(args[1] ?? 10));
  else if (what === 'bfd') r = await measureBfd(Number(args[0] ?? 1));
  else if (what === 'create') r = await createReps(Number(args[0] ?? 100), Math.max(2, Number(args[1] ?? 12)), args[2] ?? '/tmp/netproof-ring');
  else throw new Error(`usage: worker.ts seed <seed> | ring <size> <seed> <dir> | ssh <commands> <invocations> | bfd <seed> | create <ring size> <reps> <dir>`);
  process.stdout.write(JSON.stringify(r) + '\n');
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}

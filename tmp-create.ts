import { loadTopology } from './topologies';
import { Lab } from './reference-impl/lab';
import { performance } from 'node:perf_hooks';
(async () => {
  const topo = await loadTopology('topologies/pvrp-ecmp/pvrp-ecmp.clab.yml');
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const lab = Lab.create(topo, { mode: 'fast', telnet: false, ssh: false, seed: 1 } as never);
    console.log('create', i, (performance.now() - t0).toFixed(1));
    await (lab as unknown as { stop?: () => Promise<void> }).stop?.();
  }
  process.exit(0);
})();

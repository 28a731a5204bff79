/** Static routes as a protocol module; routes with `trackBfd` follow the node's BFD sessions. */
import type { BfdInstance } from '../bfd/module';
import type { ProtocolModule } from '../registry';
import type { StaticConfig, StaticRouteConfig } from './config';
import { StaticRoutes } from './engine';

interface StaticInstance {
  engine: StaticRoutes;
  cfg: StaticConfig;
}

export const staticModule: ProtocolModule<StaticConfig, StaticInstance> = {
  name: 'static',
  needs: ['bfd'],
  create(node, cfg, deps) {
    const engine = new StaticRoutes(node, deps.instance<BfdInstance>('bfd')?.engine);
    engine.update(cfg);
    return { engine, cfg };
  },
  update(inst, cfg) {
    inst.cfg = cfg;
    inst.engine.update(cfg);
  },
  stop(inst) {
    inst.engine.stop();
  },
  show: {
    /** The configured routes (their state is in the routing table, source 'static'). */
    routes: (inst): StaticRouteConfig[] => inst.cfg.routes,
  },
};

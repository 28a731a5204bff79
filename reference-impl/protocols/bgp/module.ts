/** BGP as a protocol module: one process per node; a new AS number is a new process. */
import type { ProtocolModule } from '../registry';
import type { BgpConfig } from './config';
import { BgpPeerInfo, BgpProcess } from './process';
import type { EvpnRouteRow } from '../l2-rows';

export const bgpModule: ProtocolModule<BgpConfig, BgpProcess> = {
  name: 'bgp',
  create(node, cfg) {
    const p = new BgpProcess(node, cfg);
    p.start();
    return p;
  },
  update(p, cfg, node) {
    if (p.localAs === cfg.asn) {
      p.update(cfg);
      return;
    }
    p.stop();
    const np = new BgpProcess(node, cfg);
    np.start();
    return np;
  },
  stop(p) {
    p.stop();
  },
  show: {
    peers: (p): BgpPeerInfo[] => p.peers(),
    evpnRoutes: (p): EvpnRouteRow[] => p.evpnRows(),
  },
};

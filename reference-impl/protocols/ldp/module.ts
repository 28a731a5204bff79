/** MPLS and LDP as a protocol module. */
import type { ProtocolModule } from '../registry';
import type { LdpConfig } from './config';
import { LdpProcess, LdpSessionInfo } from './process';

export const ldpModule: ProtocolModule<LdpConfig, LdpProcess> = {
  name: 'ldp',
  create(node, cfg) {
    const p = new LdpProcess(node, cfg);
    p.start();
    return p;
  },
  update(p, cfg) {
    p.update(cfg);
  },
  stop(p) {
    p.stop();
  },
  show: {
    sessions: (p): LdpSessionInfo[] => p.sessions(),
  },
};

/** BFD as a protocol module (static sessions; static routes track them). */
import type { ProtocolModule } from '../registry';
import { BfdConfig, newBfdConfig } from './config';
import { BfdEngine, BfdSessionInfo } from './engine';

export const bfdModule: ProtocolModule<BfdConfig, BfdEngine> = {
  name: 'bfd',
  defaultConfig: newBfdConfig,
  create(node, cfg) {
    const e = new BfdEngine(node);
    e.update(cfg);
    return e;
  },
  update(e, cfg) {
    e.update(cfg);
  },
  stop(e) {
    e.stop();
  },
  show: {
    sessions: (e): BfdSessionInfo[] => e.sessions(),
  },
};

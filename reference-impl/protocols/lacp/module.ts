/**
 * LACP as a protocol module (IEEE 802.1AX-2014). The section is `LacpConfig` (one entry per LAG:
 * members, mode, interval, system id/priority, key, min-links, hash policy); SR Linux's
 * `/interface lagN lag { lag-type lacp; lacp {...} }` and a Linux bond (mode 802.3ad) both map
 * onto it. The LAG interfaces themselves (kind `lag`) come from the node config. Show models:
 *
 * - `lags`: `LacpLagRow[]` (protocols/l2-rows.ts), one per LAG.
 * - `members`: `LacpMemberRow[]`, one per member port (actor and partner state, counters).
 * - `counters`: `LacpCounterRow[]` (engine.ts), per member: malformed/other Slow Protocols
 *   frames, frames dropped while not collecting, data frames, and the machines' states.
 */
import type { ProtocolModule } from '../registry';
import type { LacpLagRow, LacpMemberRow } from '../l2-rows';
import type { LacpConfig } from './config';
import { LacpEngine, type LacpCounterRow } from './engine';

export type { LacpCounterRow } from './engine';

export class LacpInstance {
  /** Lines naming LAGs or members the last update refused or could not find. */
  errors: string[] = [];

  constructor(
    readonly engine: LacpEngine,
    cfg: LacpConfig,
  ) {
    this.errors = engine.update(cfg);
  }

  update(cfg: LacpConfig): void {
    this.errors = this.engine.update(cfg);
  }
}

export const lacpModule: ProtocolModule<LacpConfig, LacpInstance> = {
  name: 'lacp',
  defaultConfig: () => ({ lags: [] }),
  create(node, cfg) {
    return new LacpInstance(new LacpEngine(node), cfg);
  },
  update(inst, cfg) {
    inst.update(cfg);
  },
  stop(inst) {
    inst.engine.stop();
  },
  show: {
    lags: (inst): LacpLagRow[] => inst.engine.lagRows(),
    members: (inst): LacpMemberRow[] => inst.engine.memberRows(),
    counters: (inst): LacpCounterRow[] => inst.engine.counterRows(),
  },
};

// The FRR target: `openFrrTarget(topology)` builds the lab from a containerlab file (kind linux
// nodes with FRR's image and binds of frr.conf and daemons) and returns each node's SSH endpoint
// (platform `frr`: the session is vtysh), the lab control, and close(), which tears everything
// down. Self-contained: register it with targets/index.ts as
//   registerTargetKind('frr', (topology, opts) => openFrrTarget(topology, opts))
import type { LabControl } from '../../drivers/lab/control';
import { FrrLabControl } from './control';
import { FrrLab, frrUnavailable, type FrrEndpoint, type FrrLabOptions } from './lab';

export { FrrLab, frrUnavailable, type FrrEndpoint, type FrrLabOptions } from './lab';
export { FrrLabControl } from './control';
export { isFrrTopology, isFrrNode, planLab } from './plan';
export { FrrLabError } from './sh';
export { cleanStale, listStates, STATE_ROOT } from './state';

export interface FrrTarget {
  kind: 'frr';
  /** Per node: where its sshd listens, the lab's client key and the host key to pin; dialect 'frr'. */
  endpoints: Record<string, FrrEndpoint>;
  lab: LabControl;
  /** The lab itself (node namespaces, vtysh without SSH), for the harness' own checks. */
  frr: FrrLab;
  /** Tears the lab down; resolves with what could not be removed (empty when clean). */
  close(): Promise<string[]>;
}

export async function openFrrTarget(topologyFile: string, opts: FrrLabOptions = {}): Promise<FrrTarget> {
  const frr = await FrrLab.start(topologyFile, opts);
  const lab = new FrrLabControl(frr);
  try {
    await lab.applyFaults();
  } catch (e) {
    await frr.close();
    throw e;
  }
  return {
    kind: 'frr',
    endpoints: frr.endpoints(),
    lab,
    frr,
    close: async () => {
      lab.stopAll();
      return frr.close();
    },
  };
}

/** Why the FRR target cannot run here (not root, FRR missing), else undefined. */
export function frrTargetUnavailable(): string | undefined {
  return frrUnavailable();
}

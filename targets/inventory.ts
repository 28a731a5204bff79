// A user's devices from an inventory file as a target: each topology node is mapped to a device;
// lab-control steps cannot be done from here (no out-of-band control of real devices), so each
// throws LabControlUnsupported with the reason, which the suites report as a declared deviation.
import * as path from 'node:path';
import { type LabControl, type LabControlStep, LabControlUnsupported } from '../drivers/lab/control';
import { loadInventory, type Inventory } from '../drivers/inventory';
import { loadTopology } from '../topologies';
import type { Topology } from '../topologies/types';
import { SessionTarget } from './session-target';
import type { Target, TargetOptions } from './types';

const REASONS: Record<LabControlStep, string> = {
  link: 'cutting a link or adding loss is a lab-control step; an inventory of devices has no out-of-band control of its links',
  stream: 'a traffic stream needs a traffic generator; an inventory of devices has none',
  capture: 'capturing a link needs a tap; an inventory of devices has none',
  restart: 'power-cycling a device is a lab-control step; an inventory of devices has no out-of-band control',
};

/** Lab control of an inventory: every step throws LabControlUnsupported; the clock is the wall clock. */
export function inventoryLabControl(target = 'inventory'): LabControl {
  const no = (step: LabControlStep): never => {
    throw new LabControlUnsupported(target, step, REASONS[step]);
  };
  return {
    kind: 'inventory',
    clock: { kind: 'wall', nowSec: () => Date.now() / 1000 },
    supports: () => false,
    setLink: async () => no('link'),
    startStream: async () => no('stream'),
    capture: async () => no('capture'),
    restartNode: async () => no('restart'),
  };
}

/** Every topology node must have a device: one line naming the file and the missing nodes. */
export function checkInventoryCovers(file: string, inventory: Inventory, topo: Topology): void {
  const missing = topo.nodes.map((n) => n.name).filter((n) => !inventory.devices[n]);
  if (missing.length) throw new Error(`${file}: no device for topology node${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`);
}

/** Opens the inventory named by NETPROOF_INVENTORY (or `file`) for the topology. */
export async function openInventory(topologyFile: string, _opts: TargetOptions = {}, file = process.env.NETPROOF_INVENTORY ?? ''): Promise<Target> {
  if (!file) throw new Error('inventory target: NETPROOF_INVENTORY names no file');
  const topo = await loadTopology(topologyFile);
  const inventory = loadInventory(file);
  checkInventoryCovers(file, inventory, topo);
  const name = process.env.NETPROOF_TARGET ?? path.basename(file).replace(/\.ya?ml$/, '');
  return new SessionTarget({
    name,
    kind: 'inventory',
    topo,
    lab: inventoryLabControl(name),
    speed: 1,
    endpoint(node) {
      const d = inventory.devices[node];
      return {
        host: d.host, port: d.port, transport: d.transport, dialect: d.dialect, username: d.username, password: d.password, keyFile: d.keyFile,
        passphrase: d.passphrase, hostKeyFingerprint: d.hostKeyFingerprint, knownHostsFile: d.knownHostsFile, insecureAcceptHostKey: d.insecureAcceptHostKey,
        // gNMI on the same host; without a CA file the inventory said gnmi_insecure: true (checked when it was read).
        gnmi: d.gnmi ? { host: d.host, port: d.gnmi.port, caFile: d.gnmi.caFile } : undefined,
      };
    },
  });
}

/**
 * A minimal adapter to the VRRP and VRRS engines behind the protocol registry: the dialect asks
 * the host for the running instance and reads the engine's own show methods. Until the modules
 * (protocols/vrrp/module.ts, protocols/vrrs/module.ts) are registered, there is no instance and
 * the shows print the empty tables IOS prints with no group configured.
 */
import type { VrrpEngine } from '../../protocols/vrrp/engine';
import type { VrrsEngine } from '../../protocols/vrrs/engine';
import type { IosDevice } from './device';

function pick<E>(dev: IosDevice, name: string, probe: string): E | undefined {
  if (!dev.host.registry.has(name)) return undefined;
  const i = dev.host.instance<Record<string, unknown>>(name);
  if (!i) return undefined;
  if (typeof i[probe] === 'function') return i as E;
  for (const k of ['engine', name]) {
    const e = i[k] as Record<string, unknown> | undefined;
    if (e && typeof e[probe] === 'function') return e as E;
  }
  return undefined;
}

export const vrrpEngine = (dev: IosDevice): VrrpEngine | undefined => pick<VrrpEngine>(dev, 'vrrp', 'brief');
export const vrrsEngine = (dev: IosDevice): VrrsEngine | undefined => pick<VrrsEngine>(dev, 'vrrs', 'pluginDatabase');

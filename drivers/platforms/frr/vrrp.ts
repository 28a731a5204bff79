// FRR vrrpd's `show vrrp json` (vrrpd/vrrp_vty.c vrrp_build_json, FRR 8.x) to the neutral model:
// an array of virtual routers, each with a "v4" and a "v6" half (status "Initialize", "Backup",
// "Master"; intervals in ms). A half becomes a group when it has addresses (v4 also when neither has).
import { ParseError } from '../../errors';
import { normalizeMac, type Afi, type VrrpGroup, type VrrpState } from '../../model/types';
import { parseJson, type ParseContext } from './parsers';

type Json = Record<string, unknown>;

const STATES: Record<string, VrrpState> = { Initialize: 'init', Backup: 'backup', Master: 'master' };

export function parseVrrpJson(text: string, ctx: ParseContext): VrrpGroup[] {
  const all = parseJson(text, ctx);
  const list = Array.isArray(all) ? all : Object.keys(all as Json).length === 0 ? [] : undefined;
  if (!list) throw new ParseError(ctx.device, ctx.command, text.trim().split('\n')[0], 'expected a JSON list of virtual routers');
  const out: VrrpGroup[] = [];
  for (const raw of list) {
    const vr = raw as Json;
    const iface = vr.interface;
    const vrid = vr.vrid;
    if (typeof iface !== 'string' || typeof vrid !== 'number') throw new ParseError(ctx.device, ctx.command, JSON.stringify(raw).slice(0, 100), 'virtual router without interface/vrid');
    const halves: Array<[Afi, Json]> = [['ipv4', (vr.v4 ?? {}) as Json], ['ipv6', (vr.v6 ?? {}) as Json]];
    const count = (h: Json): number => (Array.isArray(h.addresses) ? h.addresses.length : 0);
    for (const [afi, h] of halves) {
      if (!(count(h) > 0 || (afi === 'ipv4' && count(halves[1][1]) === 0))) continue;
      const status = typeof h.status === 'string' ? h.status : '';
      const state = STATES[status];
      if (!state) throw new ParseError(ctx.device, ctx.command, `${iface} vrid ${vrid}`, `unknown VRRP status "${status}"`);
      const g: VrrpGroup = {
        iface, vrid, afi, state,
        priority: typeof h.effectivePriority === 'number' ? h.effectivePriority : 0,
        virtualIps: (Array.isArray(h.addresses) ? h.addresses : []).filter((a): a is string => typeof a === 'string'),
      };
      if (vr.version === 2 || vr.version === 3) g.version = vr.version;
      const vmac = typeof h.vmac === 'string' ? normalizeMac(h.vmac) : undefined;
      if (vmac) g.virtualMac = vmac;
      if (typeof vr.preemptMode === 'boolean') g.preempt = vr.preemptMode;
      if (typeof vr.advertisementInterval === 'number') g.advertIntervalMs = vr.advertisementInterval;
      if (typeof h.masterDownInterval === 'number' && h.masterDownInterval > 0) g.masterDownMs = h.masterDownInterval;
      if (state === 'master') {
        g.masterLocal = true;
        if (typeof h.primaryAddress === 'string' && h.primaryAddress !== '' && h.primaryAddress !== '::') g.masterAddress = h.primaryAddress;
        g.masterPriority = g.priority;
      }
      out.push(g);
    }
  }
  return out;
}

// `display vrrp [verbose]` (Huawei VRP): one block per VRRP backup group,
//
//   GigabitEthernet0/0/1 | Virtual Router 1
//     State : Master
//     Virtual IP : 10.0.0.10
//                  10.0.0.11            (further virtual addresses, one a line)
//     Master IP : 10.0.0.1
//     PriorityRun : 120
//     PriorityConfig : 120
//     MasterPriority : 120
//     Preempt : YES   Delay Time : 20 s
//     TimerRun : 1 s
//     TimerConfig : 1 s
//     Auth type : NONE
//     Virtual MAC : 0000-5e00-0101
//     ...
//
// (the layout of VRP's AR, CE and USG captures; V8 verbose adds fields, which are skipped).
// `Info: No VRRP backup group is configured.` is no groups.
import { normalizeMac, type VrrpGroup, type VrrpState } from '../../model/types';
import { type ParseContext, IPV4, int, lines, parseError } from './text';

export interface VrpVrrpGroup {
  iface: string;
  vrid: number;
  state: string;
  virtualIps: string[];
  masterIp?: string;
  priorityRun: number;
  priorityConfig?: number;
  masterPriority?: number;
  preempt?: boolean;
  preemptDelaySec?: number;
  /** TimerRun / TimerConfig, ms. */
  timerRunMs?: number;
  timerConfigMs?: number;
  authType?: string;
  virtualMac?: string;
  version?: 2 | 3;
  masterDownMs?: number;
}

const HEAD = /^\s*(\S+)\s+\|\s+Virtual Router\s+(\d+)\s*$/;
const FIELD = /^\s+([A-Za-z][A-Za-z -]*?)\s*:\s*(.*?)\s*$/;

function timer(v: string, ctx: ParseContext, line: string): number {
  const m = /^(\d+)\s*(s|ms|msec|milli-seconds?)?$/.exec(v);
  if (!m) throw parseError(ctx, line, `timer "${v}" is not like "1 s"`);
  return Number(m[1]) * (m[2] === undefined || m[2] === 's' ? 1000 : 1);
}

export function parseDisplayVrrp(text: string, ctx: ParseContext = {}): VrpVrrpGroup[] {
  const out: VrpVrrpGroup[] = [];
  let g: VrpVrrpGroup | undefined;
  let last = '';
  for (const line of lines(text)) {
    if (line.trim() === '') continue;
    if (/^\s*Info: No VRRP backup group/i.test(line)) continue;
    // The firewall (USG) form prints the time of the command first.
    if (!g && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?$/.test(line.trim())) continue;
    const h = HEAD.exec(line);
    if (h) {
      g = { iface: h[1] as string, vrid: int(h[2] as string, 'VRID', ctx, line), state: '', virtualIps: [], priorityRun: -1 };
      out.push(g);
      last = '';
      continue;
    }
    if (!g) throw parseError(ctx, line, 'expected "<interface> | Virtual Router <vrid>"');
    // A further virtual address: a line holding only an address, right after `Virtual IP`.
    if (last === 'virtual ip' && IPV4.test(line.trim())) {
      g.virtualIps.push(line.trim());
      continue;
    }
    // "Preempt : YES   Delay Time : 20 s": two fields on one line.
    const pre = /^\s+Preempt\s*:\s*(YES|NO)\s+Delay Time\s*:\s*(\d+)\s*s\s*$/i.exec(line);
    if (pre) {
      g.preempt = (pre[1] as string).toUpperCase() === 'YES';
      g.preemptDelaySec = Number(pre[2]);
      last = 'preempt';
      continue;
    }
    const f = FIELD.exec(line);
    if (!f) throw parseError(ctx, line, 'expected "Field : value"');
    const key = (f[1] as string).toLowerCase();
    const v = f[2] as string;
    last = key;
    switch (key) {
      case 'state':
        g.state = v;
        break;
      case 'virtual ip':
        if (!IPV4.test(v)) throw parseError(ctx, line, `virtual IP "${v}" is not an IPv4 address`);
        g.virtualIps.push(v);
        break;
      case 'master ip':
        if (!IPV4.test(v)) throw parseError(ctx, line, `master IP "${v}" is not an IPv4 address`);
        if (v !== '0.0.0.0') g.masterIp = v;
        break;
      case 'priorityrun':
        g.priorityRun = int(v, 'PriorityRun', ctx, line);
        break;
      case 'priorityconfig':
        g.priorityConfig = int(v, 'PriorityConfig', ctx, line);
        break;
      case 'masterpriority':
        g.masterPriority = int(v, 'MasterPriority', ctx, line);
        break;
      case 'timerrun':
        g.timerRunMs = timer(v, ctx, line);
        break;
      case 'timerconfig':
        g.timerConfigMs = timer(v, ctx, line);
        break;
      case 'auth type':
        g.authType = v;
        break;
      case 'virtual mac': {
        const m = normalizeMac(v);
        if (!m) throw parseError(ctx, line, `virtual MAC "${v}" is not a MAC address`);
        g.virtualMac = m;
        break;
      }
      case 'version': {
        const m = /^v?([23])$/i.exec(v);
        if (m) g.version = Number(m[1]) as 2 | 3;
        break;
      }
      case 'master down interval': {
        const m = /^(\d+)\s*ms$/.exec(v);
        if (m) g.masterDownMs = Number(m[1]);
        break;
      }
      default:
        // Check TTL, Config type, Backup-forward, Track IF, Create time, ...: not in the model.
        break;
    }
  }
  for (const x of out) {
    if (x.state === '') throw parseError(ctx, `${x.iface} | Virtual Router ${x.vrid}`, 'group without a State line');
    if (x.priorityRun < 0) throw parseError(ctx, `${x.iface} | Virtual Router ${x.vrid}`, 'group without a PriorityRun line');
  }
  return out;
}

const STATES: Record<string, VrrpState> = { initialize: 'init', backup: 'backup', master: 'master' };

/** The parsed blocks as the neutral model (IPv4: VRP's `vrrp vrid` groups). */
export function vrrpGroupsOf(rows: VrpVrrpGroup[], ctx: ParseContext = {}): VrrpGroup[] {
  return rows.map((r) => {
    const state = STATES[r.state.toLowerCase()];
    if (!state) throw parseError(ctx, `State : ${r.state}`, `unknown VRRP state "${r.state}"`);
    const g: VrrpGroup = { iface: r.iface, vrid: r.vrid, afi: 'ipv4', state, priority: r.priorityRun, virtualIps: [...r.virtualIps] };
    if (r.version !== undefined) g.version = r.version;
    if (r.virtualMac !== undefined) g.virtualMac = r.virtualMac;
    if (r.preempt !== undefined) g.preempt = r.preempt;
    if (r.timerConfigMs !== undefined) g.advertIntervalMs = r.timerConfigMs;
    if (r.masterDownMs !== undefined) g.masterDownMs = r.masterDownMs;
    if (state !== 'init') {
      g.masterLocal = state === 'master';
      if (r.masterIp !== undefined) g.masterAddress = r.masterIp;
      if (r.masterPriority !== undefined) g.masterPriority = r.masterPriority;
    }
    return g;
  });
}

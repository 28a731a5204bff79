/**
 * Static routes in the freertr dialect: `ipv4 route <vrf> <network> <mask> <nexthop>
 * [distance N] [bfd]` (freeRtr prints them after the interfaces). With `bfd`, a BFD session to
 * the next hop, with the timers of the interface it is reached through (`ipv4 bfd`), guards the
 * route. freeRtr's default distance of a static route is 1.
 */
import { fmtPrefix, maskToLen, parseIPv4, parsePrefix, prefixOf, contains, lenToMask } from '../../net/addr';
import { newBfdConfig, newBfdSessionConfig, BfdConfig } from '../../protocols/bfd/config';
import type { StaticConfig, StaticRouteConfig } from '../../protocols/static/config';
import { CliError, FreeRtrPart, FreeRtrTable } from './core';
import type { FreeRtrDevice } from './device';

interface Route {
  vrf: string;
  prefix: string;
  nextHop: string;
  distance: number;
  bfd: boolean;
}

const routesOf = (d: FreeRtrDevice) => d.state<Route[]>('static', () => []);
const same = (a: Route, b: Route) => a.vrf === b.vrf && a.prefix === b.prefix && a.nextHop === b.nextHop;

function register(t: FreeRtrTable): void {
  t.add('cfg', {
    pattern: 'ipv4 route <vrf> <net:ip> <mask:ip> <nh:ip> [<opts...>]',
    negatable: true,
    run: (c, a) => {
      if (!c.dev.cfg.vrfs.has(a.vrf)) throw new CliError('no such vrf');
      const len = maskToLen(4, a.mask);
      if (len === undefined) throw new CliError('bad mask');
      const r: Route = { vrf: a.vrf, prefix: fmtPrefix(prefixOf(parseIPv4(a.net)!, len)), nextHop: a.nh, distance: 1, bfd: false };
      const w = a.opts ? a.opts.split(' ') : [];
      for (let i = 0; i < w.length; i++) {
        const k = w[i].toLowerCase();
        if ('distance'.startsWith(k) && k.length >= 2 && /^\d+$/.test(w[i + 1] ?? '') && Number(w[i + 1]) <= 255) r.distance = Number(w[++i]);
        else if (k === 'bfd') r.bfd = true;
        else throw new CliError('unknown config command entered');
      }
      const list = routesOf(c.dev);
      const k = list.findIndex((x) => same(x, r));
      if (c.negated) {
        if (k >= 0) list.splice(k, 1);
      } else if (k >= 0) list[k] = r;
      else list.push(r);
    },
  });
}

const sessionName = (r: Route) => `static-${r.vrf}-${r.nextHop}`;

function derive(d: FreeRtrDevice): void {
  const list = routesOf(d);
  if (list.length === 0) {
    d.cfg.protocols.delete('static');
    d.cfg.protocols.delete('bfd');
    return;
  }
  const bfd: BfdConfig = newBfdConfig();
  const routes: StaticRouteConfig[] = list.map((r) => {
    const s: StaticRouteConfig = { vrf: r.vrf, prefix: r.prefix, nextHop: r.nextHop, preference: r.distance };
    if (!r.bfd) return s;
    s.trackBfd = sessionName(r);
    const nh = parseIPv4(r.nextHop)!;
    const via = [...d.cfg.ifaces.values()].find((i) => i.vrf === r.vrf && i.v4 && contains(parsePrefix(`${i.v4.addr}/${i.v4.len}`)!, nh));
    const sc = newBfdSessionConfig(s.trackBfd, r.nextHop);
    sc.vrf = r.vrf;
    sc.iface = via?.name;
    sc.source = via?.v4?.addr;
    if (via?.bfd) {
      sc.minTxMs = via.bfd.minTxMs;
      sc.minRxMs = via.bfd.minRxMs;
      sc.detectMult = via.bfd.detectMult;
    }
    bfd.enabled = true;
    bfd.sessions.set(sc.name, sc);
    return s;
  });
  d.cfg.protocols.set('static', { routes } satisfies StaticConfig);
  if (bfd.enabled) d.cfg.protocols.set('bfd', bfd);
  else d.cfg.protocols.delete('bfd');
}

function runningTail(d: FreeRtrDevice): string[] {
  const out = routesOf(d).map((r) => {
    const [addr, len] = r.prefix.split('/');
    let l = `ipv4 route ${r.vrf} ${addr} ${lenToMask(4, Number(len))} ${r.nextHop}`;
    if (r.distance !== 1) l += ` distance ${r.distance}`;
    if (r.bfd) l += ' bfd';
    return l;
  });
  return out.length ? [...out, '!'] : [];
}

export const staticPart: FreeRtrPart = { name: 'static', register, derive, runningTail };

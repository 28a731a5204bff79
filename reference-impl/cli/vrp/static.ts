/** Static routes in the vrp dialect: `ip route-static ...`. */
import { CliError, Ctx, VrpTable, adder } from './core';
import { canonIfName } from './names';
import { maskToLen, parseIPv4, prefixOf, fmtPrefix } from '../../net/addr';
import type { StaticConfig, StaticRouteConfig } from '../../protocols/static/config';
import { lenToMask } from '../../net/addr';
import { RANK, VrpPart } from './core';

declare module './model' {
  interface VrpConfig {
    /** `ip route-static ...`, in the order entered. */
    statics: StaticRouteConfig[];
  }
}

function register(t: VrpTable): void {
  const add = adder(t);
  function parseStatic(c: Ctx, words: string[]): StaticRouteConfig {
    let i = 0;
    let vrf = '';
    const kw = (w: string | undefined, k: string) => w !== undefined && w.length >= 2 && k.startsWith(w.toLowerCase());
    // The words follow `ip route-static` (two words) in the line: the caret goes under word 2 + i.
    const bad = (at: number) => new CliError("Error: Wrong parameter found at '^' position.", 2 + Math.min(at, words.length - 1));
    if (kw(words[i], 'vpn-instance')) {
      vrf = words[i + 1] ?? '';
      if (!c.cand.vpns.has(vrf)) throw new CliError('Error: The VPN instance does not exist.');
      i += 2;
    }
    if (words[i + 1] === undefined) throw new CliError("Error: Incomplete command found at '^' position.", 'end');
    const dst = parseIPv4(words[i++]);
    if (!dst) throw bad(i - 1);
    const m = words[i++];
    const len = /^\d+$/.test(m) ? Number(m) : maskToLen(4, m);
    if (len === undefined || len > 32) throw bad(i - 1);
    const r: StaticRouteConfig = { vrf, prefix: fmtPrefix(prefixOf(dst, len)), preference: 60 };
    const ifn = words[i] ? canonIfName(words[i] + (words[i + 1] && /^\d/.test(words[i + 1]) && !parseIPv4(words[i + 1]) ? words[i + 1] : '')) : undefined;
    if (ifn) {
      r.iface = ifn;
      i += canonIfName(words[i]) ? 1 : 2;
    }
    if (words[i] && parseIPv4(words[i])) r.nextHop = words[i++];
    if (!r.iface && !r.nextHop) throw words[i] === undefined ? new CliError("Error: Incomplete command found at '^' position.", 'end') : bad(i);
    while (i < words.length) {
      if (kw(words[i], 'preference') && /^\d+$/.test(words[i + 1] ?? '')) {
        r.preference = Number(words[i + 1]);
        i += 2;
      } else if (kw(words[i], 'track') && kw(words[i + 1], 'bfd-session') && words[i + 2]) {
        r.trackBfd = words[i + 2];
        i += 3;
      } else throw bad(i);
    }
    return r;
  }
  const sameStatic = (a: StaticRouteConfig, b: StaticRouteConfig) => a.vrf === b.vrf && a.prefix === b.prefix && a.nextHop === b.nextHop && a.iface === b.iface;
  add('system', 'ip route-static <args...>', (c, a) => {
    const r = parseStatic(c, a.args.split(' '));
    const k = c.cand.statics.findIndex((x) => sameStatic(x, r));
    if (c.undo) {
      if (k < 0) throw new CliError('Error: The static route does not exist.');
      c.cand.statics.splice(k, 1);
    } else if (k >= 0) c.cand.statics[k] = r;
    else c.cand.statics.push(r);
  });

}

export const staticPart: VrpPart = {
  name: 'static',
  register,
  initConfig(c) {
    c.statics = [];
  },
  running(c) {
    if (!c.statics.length) return [];
    const lines = c.statics.map((r) => {
      const [addr, len] = r.prefix.split('/');
      let l = `ip route-static ${r.vrf ? `vpn-instance ${r.vrf} ` : ''}${addr} ${lenToMask(4, Number(len))}`;
      if (r.iface) l += ` ${r.iface}`;
      if (r.nextHop) l += ` ${r.nextHop}`;
      if (r.preference !== 60) l += ` preference ${r.preference}`;
      if (r.trackBfd) l += ` track bfd-session ${r.trackBfd}`;
      return l;
    });
    return [{ rank: RANK.static, lines }];
  },
  neutral(c, n) {
    if (c.statics.length) n.protocols.set('static', { routes: c.statics.map((r) => ({ ...r })) } satisfies StaticConfig);
  },
};

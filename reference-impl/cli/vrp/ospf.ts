/** OSPF in the vrp dialect: `ospf N [router-id R]`, `area A`, `network A W`, its views, display and sections. */
import { CliError, Ctx, VrpTable, adder } from './core';
import type { VrpConfig } from './model';
import { RANK, VrpPart } from './core';
import { newOspfConfig, OspfConfig, type OspfExternal } from '../../protocols/ospf/config';
import { fmtPrefix, parseIPv4, prefixOf } from '../../net/addr';
import type { OspfInstance, OspfSection } from '../../protocols/ospf/module';
import { displayOspfPeerBrief } from './show-ospf';

export interface OspfCfg {
  id: number;
  routerId?: string;
  areas: Map<string, Array<{ addr: string; wildcard: string }>>;
  /** `import-route direct|static [cost N] [type 1|2]`, by protocol, in the order entered. */
  imports?: Map<'direct' | 'static', { cost: number; type: 1 | 2 }>;
}

/** VRP's defaults for imported routes: cost 1, type 2. */
const IMPORT_COST = 1;

declare module './model' {
  interface VrpConfig {
    /** `ospf N`: processes by id. */
    ospf: Map<number, OspfCfg>;
  }
}

/** Dotted area id: `area 0` and `area 0.0.0.0` are the same area. */
export function areaId(s: string): string | undefined {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n > 0xffffffff) return undefined;
    return [24, 16, 8, 0].map((b) => (n >>> b) & 255).join('.');
  }
  return /^\d+\.\d+\.\d+\.\d+$/.test(s) ? s : undefined;
}

function register(t: VrpTable): void {
  const add = adder(t);
  // Every process, in process order, each with its own header (as VRP prints several processes).
  add('any', 'display ospf peer brief', (c) => [...(c.dev.host.instance<OspfInstance>('ospf')?.procs.values() ?? [])].sort((x, y) => x.cfg.processId - y.cfg.processId).map((p) => displayOspfPeerBrief(p)).join(''), false);
  add('system', 'ospf', (c) => enterOspf(c, 1));
  add('system', 'ospf <id:int:1-65535>', (c, a) => enterOspf(c, Number(a.id)));
  add('system', 'ospf <id:int:1-65535> router-id <rid:ip>', (c, a) => enterOspf(c, Number(a.id), a.rid));
  function enterOspf(c: Ctx, id: number, rid?: string): void {
    if (c.undo) {
      c.cand.ospf.delete(id);
      return;
    }
    let o = c.cand.ospf.get(id);
    if (!o) {
      o = { id, areas: new Map() };
      c.cand.ospf.set(id, o);
    }
    if (rid) o.routerId = rid;
    c.setView({ kind: 'ospf', ospf: id });
  }
  add('ospf', 'area <id>', (c, a) => {
    const id = areaId(a.id);
    if (!id) throw new CliError("Error: Wrong parameter found at '^' position.");
    const o = c.cand.ospf.get(c.view.ospf!)!;
    if (c.undo) {
      o.areas.delete(id);
      return;
    }
    if (!o.areas.has(id)) o.areas.set(id, []);
    c.setView({ kind: 'ospf-area', ospf: o.id, area: id });
  });
  // import-route: AS-external-LSAs for the public network's direct (connected) or static routes.
  for (const proto of ['direct', 'static'] as const) {
    for (const tail of ['', ' cost <cost:int:0-16777214>', ' type <type:int:1-2>', ' cost <cost:int:0-16777214> type <type:int:1-2>']) {
      add('ospf', `import-route ${proto}${tail}`, (c, a) => {
        const o = c.cand.ospf.get(c.view.ospf!)!;
        o.imports ??= new Map();
        if (c.undo) o.imports.delete(proto);
        else o.imports.set(proto, { cost: a.cost !== undefined ? Number(a.cost) : IMPORT_COST, type: a.type === '1' ? 1 : 2 });
      });
    }
  }
  add('ospf-area', 'network <addr:ip> <wild:ip>', (c, a) => {
    const nets = c.cand.ospf.get(c.view.ospf!)!.areas.get(c.view.area!)!;
    const i = nets.findIndex((n) => n.addr === a.addr && n.wildcard === a.wild);
    if (c.undo) {
      if (i < 0) throw new CliError('Error: The network does not exist.');
      nets.splice(i, 1);
    } else if (i < 0) nets.push({ addr: a.addr, wildcard: a.wild });
  });

}

export function ospfConfigOf(c: VrpConfig, id: number, routerId?: string): OspfConfig {
  const o = c.ospf.get(id)!;
  const cfg = newOspfConfig(id);
  cfg.routerId = o.routerId ?? routerId;
  cfg.areas = [...o.areas].map(([aid, nets]) => ({ id: aid, networks: nets.map((n) => ({ ...n })) }));
  cfg.external = importedRoutes(c, o);
  return cfg;
}

/** The public network's direct or static routes that `import-route` brings in (one per prefix). */
function importedRoutes(c: VrpConfig, o: OspfCfg): OspfExternal[] {
  const out: OspfExternal[] = [];
  const seen = new Set<string>();
  const put = (prefix: string, how: { cost: number; type: 1 | 2 }) => {
    if (seen.has(prefix)) return;
    seen.add(prefix);
    out.push({ prefix, metric: how.cost, type: how.type });
  };
  const direct = o.imports?.get('direct');
  if (direct) {
    for (const i of c.ifaces.values()) {
      // Up interfaces only: a loopback unless shut down, a port after `undo shutdown`.
      const up = i.shutdown === false || (i.shutdown === undefined && i.name.startsWith('LoopBack'));
      if (i.vrf || !i.addr || !up) continue;
      const a = parseIPv4(i.addr.addr);
      if (a) put(fmtPrefix(prefixOf(a, i.addr.len)), direct);
    }
  }
  const st = o.imports?.get('static');
  if (st) for (const r of c.statics) if (!r.vrf) put(r.prefix, st);
  return out;
}


function running(c: VrpConfig) {
  return [...c.ospf.values()].map((o) => {
    const s = [`ospf ${o.id}${o.routerId ? ` router-id ${o.routerId}` : ''}`];
    for (const [proto, how] of o.imports ?? []) {
      s.push(` import-route ${proto}${how.cost !== IMPORT_COST ? ` cost ${how.cost}` : ''}${how.type !== 2 ? ` type ${how.type}` : ''}`);
    }
    for (const [id, nets] of o.areas) {
      s.push(` area ${id}`);
      for (const n of nets) s.push(`  network ${n.addr} ${n.wildcard}`);
    }
    return { rank: RANK.ospf, lines: s };
  });
}

export const ospfPart: VrpPart = {
  name: 'ospf',
  views: [
    { kind: 'ospf', label: (v) => `-ospf-${v.ospf}`, head: (v) => `ospf ${v.ospf}` },
    { kind: 'ospf-area', parent: (v) => ({ kind: 'ospf', ospf: v.ospf }), label: (v) => `-ospf-${v.ospf}-area-${v.area}`, head: (v) => `ospf ${v.ospf}` },
  ],
  register,
  running,
  initConfig(c) {
    c.ospf = new Map();
  },
  neutral(c, n, routerId) {
    if (c.ospf.size) n.protocols.set('ospf', { processes: [...c.ospf.keys()].map((id) => ospfConfigOf(c, id, routerId)) } satisfies OspfSection);
  },
};

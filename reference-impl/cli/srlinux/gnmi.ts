/**
 * The SR Linux node's gNMI data source (mgmt/gnmi/source.ts GnmiDataSource), built from the node's
 * live state at every read: the committed configuration tree (running, as JSON_IETF with its YANG
 * types) and, beside it, the state leaves of SR Linux's YANG (srl_nokia-interfaces, -lag, -lacp,
 * -network-instance, -bgp, -bridge-table-mac-table, -system-network-instance-bgp-evpn-ethernet-
 * segments) filled from the node's interfaces and the protocol modules' show rows
 * (protocols/l2-rows.ts: lacp.members, bridge.macTable, evpn.segments; bgp.peers). A module that
 * is not registered or not running renders nothing.
 *
 * Paths (state leaves marked config false, so GetRequest.type filters them):
 *   /interface[name]/{admin-state,description,oper-state,statistics/{in-packets,out-packets,in-octets,out-octets}}
 *   /interface[name]/subinterface[index]/{admin-state,oper-state}
 *   /interface[name]/lag/member[name]/{oper-state,lacp/{activity,timeout,synchronization,aggregatable,
 *      collecting,distributing,system-id,oper-key,partner-id,partner-key,port-num,partner-port-num}}
 *   /network-instance[name]/{oper-state,protocols/bgp/neighbor[peer-address]/{session-state,
 *      afi-safi[afi-safi-name]/{received-routes,sent-routes}}}
 *   /network-instance[name]/bridge-table/mac-table/mac[address]/{destination,destination-type,
 *      destination-index,evpn-esi,type,last-update,aging}
 *   /system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id]/ethernet-segment[name]/
 *      {oper-state,association/network-instance[name]/bgp-instance[instance]/
 *      computed-designated-forwarder-candidates/designated-forwarder-candidate[address]/designated-forwarder}
 * (the association's bgp-instance is keyed `instance`, as SR Linux's JSON has it).
 *
 * Set: deletes, replaces and updates (mgmt/gnmi/tree.ts applySet) on the configuration alone,
 * mapped back onto the CLI tree (tree.ts DNode, schema.ts SCHEMA: every configuration path the CLI
 * knows, interface admin-state among them) and committed as one commit; a state leaf or a bad
 * value is INVALID_ARGUMENT with SR Linux's wording, and nothing is applied.
 *
 * ON_CHANGE: the tree is compared leaf by leaf after every Set, at every change of one of the
 * node's interfaces (node.onIfaceChange: admin state, carrier, a LAG's members as LACP moves them)
 * and of the EVPN engine (DF elections), in the same instant of the lab clock, and the event
 * carries that instant (ChangeEvent.atNs): the notification's timestamp is the time of the
 * transition, as SR Linux stamps oper-state changes. A 100 ms tick of the lab scheduler while
 * someone subscribes finds what moves without telling (session state, counters); those events
 * carry no atNs and are stamped when found.
 */
import type { DNode } from './tree';
import { CliError, cloneD, newD, sameD } from './tree';
import { SCHEMA, badValue, type LeafType, type SNode } from './schema';
import type { SrlDevice } from './device';
import { GnmiError, type ChangeEvent, type DataType, type GnmiDataSource, type JsonTree, type Match, type ModelData, type PathElem, type SetOps } from '../../mgmt/gnmi/source';
import { applySet, diff, schemaAt, selectTyped, type SchemaNode } from '../../mgmt/gnmi/tree';
import type { LacpMemberRow, MacTableRow, SegmentRow } from '../../protocols/l2-rows';
import type { BgpPeerInfo } from '../../protocols/bgp/process';
import { MS, Periodic, type EventHandle } from '../../sim/scheduler';

type Obj = { [k: string]: JsonTree };

// ---- schema ----------------------------------------------------------------------------------

/** The CLI schema as a gNMI schema (configuration nodes). */
function fromCli(s: SNode): SchemaNode {
  if (s.kind === 'leaf') return {};
  const children: Record<string, SchemaNode> = {};
  for (const [k, v] of Object.entries(s.children)) children[k] = fromCli(v);
  if (s.kind === 'list') {
    children[s.key] ??= {};
    return { keys: [s.key], children };
  }
  return { children };
}

const st = (children?: Record<string, SchemaNode>, keys?: string[]): SchemaNode => ({ config: false, ...(children ? { children } : {}), ...(keys ? { keys } : {}) });
const leaves = (...names: string[]): Record<string, SchemaNode> => Object.fromEntries(names.map((n) => [n, st()]));
const cfg = (children: Record<string, SchemaNode>, keys?: string[]): SchemaNode => ({ children, ...(keys ? { keys } : {}) });

/** State nodes of SR Linux's YANG beside the configuration. */
const STATE: SchemaNode = cfg({
  interface: cfg({
    name: {},
    'oper-state': st(),
    statistics: st(leaves('in-packets', 'out-packets', 'in-octets', 'out-octets')),
    subinterface: cfg({ index: {}, 'oper-state': st() }, ['index']),
    lag: cfg({
      member: st({
        name: {},
        'oper-state': st(),
        lacp: st(leaves('activity', 'timeout', 'synchronization', 'aggregatable', 'collecting', 'distributing', 'system-id', 'oper-key', 'partner-id', 'partner-key', 'port-num', 'partner-port-num')),
      }, ['name']),
    }),
  }, ['name']),
  'network-instance': cfg({
    name: {},
    'oper-state': st(),
    protocols: cfg({
      bgp: cfg({
        neighbor: cfg({
          'peer-address': {},
          'session-state': st(),
          'afi-safi': cfg({ 'afi-safi-name': {}, ...leaves('received-routes', 'sent-routes') }, ['afi-safi-name']),
        }, ['peer-address']),
      }),
    }),
    'bridge-table': st({
      'mac-table': st({
        mac: st({ address: {}, ...leaves('destination', 'destination-type', 'destination-index', 'evpn-esi', 'type', 'last-update', 'aging') }, ['address']),
      }),
    }),
  }, ['name']),
  system: cfg({
    'network-instance': cfg({
      protocols: cfg({
        evpn: cfg({
          'ethernet-segments': cfg({
            'bgp-instance': cfg({
              id: {},
              'ethernet-segment': cfg({
                name: {},
                'oper-state': st(),
                association: st({
                  'network-instance': st({
                    name: {},
                    'bgp-instance': st({
                      instance: {},
                      'computed-designated-forwarder-candidates': st({
                        'designated-forwarder-candidate': st({ address: {}, 'designated-forwarder': st() }, ['address']),
                      }),
                    }, ['instance']),
                  }, ['name']),
                }),
              }, ['name']),
            }, ['id']),
          }),
        }),
      }),
    }),
  }),
});

function mergeSchema(a: SchemaNode, b: SchemaNode): SchemaNode {
  const out: SchemaNode = { ...a, ...b };
  if (a.children || b.children) {
    const children: Record<string, SchemaNode> = { ...(a.children ?? {}) };
    for (const [k, v] of Object.entries(b.children ?? {})) children[k] = children[k] ? mergeSchema(children[k], v) : v;
    out.children = children;
  }
  if (a.config !== undefined && b.config === undefined) out.config = a.config;
  return out;
}

export const SRL_GNMI_SCHEMA: SchemaNode = mergeSchema(fromCli(SCHEMA), STATE);

const MODELS: ModelData[] = [
  'srl_nokia-interfaces', 'srl_nokia-interfaces-lag', 'srl_nokia-lacp', 'srl_nokia-network-instance', 'srl_nokia-bgp',
  'srl_nokia-bridge-table-mac-table', 'srl_nokia-system', 'srl_nokia-system-network-instance', 'srl_nokia-system-network-instance-bgp-evpn-ethernet-segments',
  'srl_nokia-tunnel-interfaces', 'srl_nokia-routing-policy',
].map((name) => ({ name, organization: 'Nokia', version: '2023-03-31' }));

const NAMESPACES: Record<string, string> = {
  interface: 'srl_nokia-interfaces',
  'interface/lag': 'srl_nokia-interfaces-lag',
  'interface/lag/member/lacp': 'srl_nokia-lacp',
  'network-instance': 'srl_nokia-network-instance',
  'network-instance/protocols/bgp': 'srl_nokia-bgp',
  'network-instance/bridge-table/mac-table': 'srl_nokia-bridge-table-mac-table',
  system: 'srl_nokia-system',
  'system/network-instance': 'srl_nokia-system-network-instance',
  'system/network-instance/protocols/evpn': 'srl_nokia-system-network-instance-bgp-evpn-ethernet-segments',
  'tunnel-interface': 'srl_nokia-tunnel-interfaces',
  'routing-policy': 'srl_nokia-routing-policy',
};

// ---- CLI tree <-> JSON ----------------------------------------------------------------------

function leafJson(t: LeafType, v: string): JsonTree {
  if (t.t === 'bool') return v === 'true';
  if (t.t === 'uint' && /^\d+$/.test(v)) return Number(v);
  return v;
}

const kidsOf = (d: DNode, list: string): Array<[string, DNode]> =>
  [...d.kids].filter(([k]) => k.startsWith(`${list}\0`)).map(([k, n]) => [k.slice(list.length + 1), n]);

/** The committed configuration as a JSON tree (RFC 7951 values: booleans and numbers typed). */
export function configJson(s: SNode, d: DNode): Obj {
  const o: Obj = {};
  if (s.kind === 'leaf') return o;
  for (const [name, cs] of Object.entries(s.children)) {
    if (cs.kind === 'leaf') {
      const v = d.leaves.get(name);
      if (v !== undefined) o[name] = leafJson(cs.type, v);
    } else if (cs.kind === 'container') {
      const k = d.kids.get(name);
      if (k) o[name] = configJson(cs, k);
    } else {
      const es = kidsOf(d, name);
      if (es.length) o[name] = es.map(([key, n]) => ({ [cs.key]: leafJson(cs.keyType, key), ...configJson(cs, n) }));
    }
  }
  return o;
}

const isObj = (v: JsonTree | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON configuration tree back onto a CLI tree; `old` gives the `explicit` marks kept. */
function toDNode(s: SNode, o: Obj, old: DNode | undefined, at: string): DNode {
  const d = newD();
  d.explicit = old?.explicit ?? Object.keys(o).length === 0;
  if (s.kind === 'leaf') return d;
  for (const [name, v] of Object.entries(o)) {
    const cs = s.children[name];
    if (s.kind === 'list' && name === s.key) continue;
    if (!cs) throw new GnmiError('INVALID_ARGUMENT', `Path '${at}/${name}' is not valid - '${name}' is a read-only state element`);
    if (cs.kind === 'leaf') {
      if (isObj(v) || Array.isArray(v)) throw new GnmiError('INVALID_ARGUMENT', `'${name}' is a leaf: a JSON value is expected`);
      const text = String(v);
      const bad = badValue(cs.type, text);
      if (bad) throw new GnmiError('INVALID_ARGUMENT', `${at}/${name}: ${bad}`);
      d.leaves.set(name, text);
    } else if (cs.kind === 'container') {
      if (!isObj(v)) throw new GnmiError('INVALID_ARGUMENT', `'${name}' is a container: a JSON object is expected`);
      d.kids.set(name, toDNode(cs, v, old?.kids.get(name), `${at}/${name}`));
    } else {
      if (!Array.isArray(v)) throw new GnmiError('INVALID_ARGUMENT', `'${name}' is a list: a JSON array is expected`);
      for (const entry of v) {
        if (!isObj(entry) || entry[cs.key] === undefined) throw new GnmiError('INVALID_ARGUMENT', `list '${name}' entry without its key '${cs.key}'`);
        const key = String(entry[cs.key]);
        const bad = badValue(cs.keyType, key);
        if (bad) throw new GnmiError('INVALID_ARGUMENT', `${at}/${name}[${cs.key}=${key}]: ${bad}`);
        d.kids.set(`${name}\0${key}`, toDNode(cs, entry, old?.kids.get(`${name}\0${key}`), `${at}/${name}[${cs.key}=${key}]`));
      }
    }
  }
  return d;
}

/** The list entry of `list` under `o` whose `key` is `value`, created if missing. */
function entry(o: Obj, list: string, key: string, value: JsonTree): Obj {
  const arr = Array.isArray(o[list]) ? (o[list] as JsonTree[]) : (o[list] = []);
  let e = arr.find((x) => isObj(x) && String(x[key]) === String(value)) as Obj | undefined;
  if (!e) {
    e = { [key]: value };
    arr.push(e);
  }
  return e;
}

const child = (o: Obj, name: string): Obj => (isObj(o[name]) ? (o[name] as Obj) : (o[name] = {}));

const FAMILY: Record<string, string> = { ipv4: 'ipv4-unicast', ipv6: 'ipv6-unicast', vpnv4: 'l3vpn-ipv4-unicast', vpnv6: 'l3vpn-ipv6-unicast', evpn: 'evpn' };

/** SR Linux's `last-update` form, from virtual microseconds (the lab clock's epoch is 0). */
const isoTime = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

// ---- the source --------------------------------------------------------------------------------

export class SrlGnmiSource implements GnmiDataSource {
  private readonly listeners = new Set<(ev: ChangeEvent) => void>();
  private last: JsonTree | undefined;
  private readonly ticker: Periodic;
  private readonly hooked = new WeakSet<object>();
  private clock?: { nowNs(): bigint };
  /** The instant of the first change told since the last comparison, and the comparison due. */
  private changedAt?: bigint;
  private due?: EventHandle;

  constructor(private readonly dev: SrlDevice) {
    this.ticker = new Periodic(dev.node.sched, 100 * MS, () => this.poll(), dev.node.hostname);
    dev.node.onIfaceChange(() => this.changed());
  }

  useClock(clock: { nowNs(): bigint }): void {
    this.clock = clock;
  }

  /**
   * Something changed now: compare the trees at once, after the event that changed it has run
   * (a zero delay on the lab scheduler: the same instant), the event stamped with this instant.
   */
  private changed(): void {
    if (this.listeners.size === 0) return;
    this.changedAt ??= this.clock?.nowNs();
    this.due ??= this.dev.node.sched.schedule(0, () => {
      this.due = undefined;
      this.poll();
    }, this.dev.node.hostname);
  }

  modules(): ModelData[] {
    return MODELS;
  }

  namespace(names: readonly string[]): string | undefined {
    return NAMESPACES[names.join('/')];
  }

  validate(path: readonly PathElem[]): void {
    schemaAt(SRL_GNMI_SCHEMA, path);
  }

  get(path: readonly PathElem[], type: DataType): Match[] {
    return selectTyped(SRL_GNMI_SCHEMA, this.snapshot(), path, type);
  }

  set(ops: SetOps, _ctx?: { user: string }): void {
    const before = configJson(SCHEMA, this.dev.running);
    const next = applySet(SRL_GNMI_SCHEMA, before, ops);
    const root = toDNode(SCHEMA, isObj(next) ? next : {}, this.dev.running, '');
    root.explicit = false;
    const pendingCli = !sameD(this.dev.candidate, this.dev.running);
    const saved = this.dev.candidate;
    const running = this.dev.running;
    this.dev.candidate = root;
    try {
      this.dev.commit();
    } catch (e) {
      this.dev.running = running;
      this.dev.candidate = saved;
      if (e instanceof CliError) throw new GnmiError('FAILED_PRECONDITION', e.message);
      throw e;
    }
    // A CLI user's uncommitted changes stay theirs (SR Linux: gNMI commits on a private candidate).
    this.dev.candidate = pendingCli ? saved : cloneD(this.dev.running);
    this.changedAt ??= this.clock?.nowNs();
    this.poll();
  }

  subscribe(listener: (ev: ChangeEvent) => void): () => void {
    if (this.listeners.size === 0) {
      this.last = this.snapshot();
      this.ticker.start();
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.ticker.stop();
        this.due?.cancel();
        this.due = undefined;
        this.changedAt = undefined;
        this.last = undefined;
      }
    };
  }

  /** Compares the tree with the last one and tells the subscribers what changed. */
  private poll(): void {
    if (this.listeners.size === 0) return;
    const next = this.snapshot();
    const at = this.changedAt;
    this.changedAt = undefined;
    const ev: ChangeEvent = { ...diff(SRL_GNMI_SCHEMA, this.last ?? {}, next), ...(at !== undefined ? { atNs: at } : {}) };
    this.last = next;
    if (ev.updates.length || ev.deletes.length) for (const l of [...this.listeners]) l(ev);
  }

  /** The show rows of a module's model; [] when the module is not registered, lacks the model, or does not run. */
  private rows<R>(protocol: string, model: string): R[] {
    const reg = this.dev.host.registry;
    if (!reg.has(protocol) || !reg.get(protocol).show?.[model]) return [];
    return this.dev.host.show<R>(protocol, model);
  }

  /** The EVPN instance's DF changes (`onDfChange`, or an engine's `onChange`) trigger a comparison in the same instant (changed). */
  private hookEvpn(): void {
    if (!this.dev.host.registry.has('evpn')) return;
    type Hookable = { onDfChange?: (fn: (e: unknown) => void) => unknown; onChange?: (fn: (e: unknown) => void) => unknown };
    const inst = this.dev.host.instance<Hookable>('evpn');
    if (!inst || this.hooked.has(inst)) return;
    const hook = typeof inst.onDfChange === 'function' ? inst.onDfChange.bind(inst) : typeof inst.onChange === 'function' ? inst.onChange.bind(inst) : undefined;
    if (!hook) return;
    this.hooked.add(inst);
    hook(() => this.changed());
  }

  /** The whole tree: configuration plus live state. */
  snapshot(): Obj {
    this.hookEvpn();
    const root = configJson(SCHEMA, this.dev.running);
    const node = this.dev.node;
    // Interfaces and subinterfaces.
    for (const [name, i] of node.ifaces) {
      if (i.parent) continue;
      const cfgd = Array.isArray(root.interface) && (root.interface as Obj[]).some((x) => x.name === name);
      if (!cfgd && !/^(ethernet|lag|system|mgmt|lo|irb)/.test(name)) continue;
      const e = entry(root, 'interface', 'name', name);
      e['oper-state'] = i.up ? 'up' : 'down';
      e.statistics = { 'in-packets': i.rxPackets, 'out-packets': i.txPackets, 'in-octets': i.rxBytes, 'out-octets': i.txBytes };
    }
    for (const e of (Array.isArray(root.interface) ? root.interface : []) as Obj[]) {
      const parent = node.ifaces.get(String(e.name));
      for (const s of (Array.isArray(e.subinterface) ? e.subinterface : []) as Obj[]) {
        const sub = node.ifaces.get(`${String(e.name)}.${String(s.index)}`) ?? parent;
        const adminOn = (s['admin-state'] ?? 'enable') === 'enable';
        s['oper-state'] = sub?.up && adminOn ? 'up' : 'down';
      }
    }
    // LAG members with their LACP state (IEEE 802.1AX actor/partner state).
    for (const m of this.rows<LacpMemberRow>('lacp', 'members')) {
      const lag = child(entry(root, 'interface', 'name', m.lag), 'lag');
      const me = entry(lag, 'member', 'name', m.member);
      me['oper-state'] = m.operUp ? 'up' : 'down';
      const l: Obj = {
        activity: m.activity, timeout: m.timeout === 'short' ? 'SHORT' : 'LONG', synchronization: m.inSync ? 'IN_SYNC' : 'OUT_SYNC',
        aggregatable: m.aggregation, collecting: m.collecting, distributing: m.distributing, 'system-id': m.systemId.toUpperCase(), 'oper-key': m.operKey, 'port-num': m.portNo,
      };
      if (m.partnerId !== undefined) l['partner-id'] = m.partnerId.toUpperCase();
      if (m.partnerKey !== undefined) l['partner-key'] = m.partnerKey;
      if (m.partnerPortNo !== undefined) l['partner-port-num'] = m.partnerPortNo;
      me.lacp = l;
    }
    // Network-instances: oper-state, BGP sessions, the MAC table.
    for (const ni of (Array.isArray(root['network-instance']) ? root['network-instance'] : []) as Obj[]) {
      ni['oper-state'] = (ni['admin-state'] ?? 'enable') === 'enable' ? 'up' : 'down';
    }
    for (const p of this.rows<BgpPeerInfo>('bgp', 'peers')) {
      const ni = entry(root, 'network-instance', 'name', p.vrf || 'default');
      const nb = entry(child(child(ni, 'protocols'), 'bgp'), 'neighbor', 'peer-address', p.addr);
      nb['session-state'] = p.state.toLowerCase();
      const pref = p.prefRcv as unknown as Record<string, number | undefined>;
      for (const f of p.families as readonly string[]) {
        const name = FAMILY[f];
        if (!name) continue;
        entry(nb, 'afi-safi', 'afi-safi-name', name)['received-routes'] = pref[f] ?? 0;
      }
    }
    for (const m of this.rows<MacTableRow>('bridge', 'macTable')) {
      const ni = entry(root, 'network-instance', 'name', m.macVrf);
      const mac = entry(child(child(ni, 'bridge-table'), 'mac-table'), 'mac', 'address', m.mac.toUpperCase());
      const d = m.destination;
      if (d.kind === 'subinterface') Object.assign(mac, { destination: d.name, 'destination-type': 'sub-interface' });
      else if (d.kind === 'vtep') Object.assign(mac, { destination: `vtep:${d.vtep} vni:${d.vni}`, 'destination-type': 'vxlan' });
      else Object.assign(mac, { destination: `esi:${d.esi}`, 'destination-type': 'evpn-es', 'evpn-esi': d.esi });
      Object.assign(mac, { 'destination-index': String(m.destIndex), type: m.type, 'last-update': isoTime(m.lastUpdate) });
      if (m.agingS !== undefined) mac.aging = String(m.agingS);
    }
    // Ethernet segments and the DF per network-instance (RFC 7432 section 8.5, evpn engine).
    const segs = this.rows<SegmentRow>('evpn', 'segments');
    if (segs.length) {
      const esRoot = child(child(child(child(child(root, 'system'), 'network-instance'), 'protocols'), 'evpn'), 'ethernet-segments');
      const bi = entry(esRoot, 'bgp-instance', 'id', 1);
      for (const s of segs) {
        const es = entry(bi, 'ethernet-segment', 'name', s.name);
        es['oper-state'] = s.operUp ? 'up' : 'down';
        const nis: Obj[] = [];
        for (const df of s.dfs) {
          const cands = df.candidates.map((a) => ({ address: a, 'designated-forwarder': df.df === a }));
          nis.push({ name: df.macVrf, 'bgp-instance': [{ instance: 1, 'computed-designated-forwarder-candidates': { 'designated-forwarder-candidate': cands } }] });
        }
        if (nis.length) es.association = { 'network-instance': nis };
      }
    }
    return root;
  }
}

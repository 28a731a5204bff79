/**
 * An OSPFv2 process (RFC 2328): interfaces chosen by the areas' `network` statements, packet
 * receive and send over IP protocol 89, LSA origination (12.4), refresh and premature aging
 * (12.4, 14.1), the SPF schedule, and the routes it installs. Only the backbone (area 0.0.0.0,
 * intra-area) is run; other areas are ignored. Redistributed routes (cfg.external) become
 * AS-external-LSAs (12.4.4) and other routers' ones AS-external routes (16.4, spf.ts).
 *
 * Router ID (when cfg.routerId is unset): VRP's rule, the highest IPv4 address of an up loopback
 * in the process's VRF, else the highest IPv4 address of any up interface; chosen at start (or
 * when the first address appears) and kept until the process restarts, as VRP does.
 */
import type { Node } from '../../net/node';
import type { Iface } from '../../net/iface';
import type { IpPacket } from '../../net/packet';
import type { Route } from '../../net/rib';
import { MS, SEC, type EventHandle } from '../../sim/scheduler';
import type { Random } from '../../sim/random';
import type { OspfConfig } from './config';
import { OspfInterface } from './interface';
import { RANK } from './neighbor';
import { flood, onAck, onLsu } from './flood';
import { INF_TRANS_DELAY, INITIAL_SEQ, LS_REFRESH_TIME, lsaKey, Lsdb, MAX_AGE, MIN_LS_INTERVAL, type DbEntry } from './lsdb';
import { externalRoutes, runSpf, type SpfRouter } from './spf';
import * as W from './packet';

export interface OspfNeighborInfo {
  area: string;
  iface: string;
  routerId: string;
  addr: string;
  state: 'Down' | 'Attempt' | 'Init' | '2-Way' | 'ExStart' | 'Exchange' | 'Loading' | 'Full';
  priority: number;
  dr: string;
  bdr: string;
  deadDueSec: number;
  upSince?: number;
}

/** VRP's spf-schedule-interval: the first SPF runs shortly after a change (50 ms here). */
export const SPF_DELAY = 50 * MS;
const BACKBONE = 0;

/** The router ID VRP would pick: highest loopback address, else highest interface address. */
export function pickRouterId(node: Node, vrf: string): number {
  let lo = 0;
  let any = 0;
  for (const i of node.ifaces.values()) {
    if (i.vrf !== vrf || !i.v4 || !i.up) continue;
    const a = Number(i.v4.addr.v);
    if (i.kind === 'loopback') lo = Math.max(lo, a);
    any = Math.max(any, a);
  }
  return lo || any;
}

function matches(addr: number, n: { addr: string; wildcard: string }): boolean {
  const a = W.ipNum(n.addr);
  const w = W.ipNum(n.wildcard);
  if (a === undefined || w === undefined) return false;
  const care = ~w >>> 0;
  return ((addr & care) >>> 0) === ((a & care) >>> 0);
}

export class OspfProcess {
  cfg: OspfConfig;
  rid = 0;
  readonly lsdb: Lsdb;
  readonly ifaces = new Map<string, OspfInterface>();
  readonly rng: Random;
  /** Optional debug hook. */
  trace?: (s: string) => void;
  private running = false;
  private unreg?: () => void;
  private spfTimer?: EventHandle;
  private origTimer?: EventHandle;
  private purgeTimer?: EventHandle;
  private lastOrig = new Map<string, number>();
  /** Sequence numbers seen for our own LSAs in other routers' databases (13.4). */
  private seqFloor = new Map<string, number>();
  spfRuns = 0;

  constructor(
    readonly node: Node,
    cfg: OspfConfig,
  ) {
    this.cfg = cfg;
    this.lsdb = new Lsdb(node.sched);
    this.rng = node.rng.fork(`ospf${cfg.processId}`);
  }

  get routerId(): string {
    return W.ipStr(this.rid);
  }

  get now(): number {
    return this.node.sched.now;
  }

  get source(): string {
    return `ospf ${this.cfg.processId}`;
  }

  /** A timer that does nothing once the process has stopped. */
  schedule(delay: number, fn: () => void): EventHandle {
    return this.node.sched.schedule(delay, () => {
      if (this.running) fn();
    }, this.node.name);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.rid = this.cfg.routerId ? (W.ipNum(this.cfg.routerId) ?? 0) : pickRouterId(this.node, this.cfg.vrf);
    this.unreg = this.node.ip.registerProto(W.PROTO_OSPF, (ip, ctx) => {
      if (this.running && ctx.iface) this.receive(ctx.iface, ip);
    });
    this.node.onIfaceChange(() => {
      if (this.running) this.sync();
    });
    this.sync();
  }

  update(cfg: OspfConfig): void {
    const old = this.cfg;
    this.cfg = cfg;
    if (!this.running) return;
    if (cfg.routerId !== old.routerId && cfg.routerId) {
      // VRP applies a new router ID after `reset ospf process`; a restart of the process here.
      this.stop();
      this.start();
      return;
    }
    const timers = old.helloSec !== cfg.helloSec || old.deadSec !== cfg.deadSec || old.priority !== cfg.priority;
    if (timers) for (const oi of this.ifaces.values()) oi.down();
    this.sync();
    if (cfg.preference !== old.preference || cfg.maxPaths !== old.maxPaths) this.scheduleSpf();
  }

  stop(): void {
    if (!this.running) return;
    // 14.1: a process being removed (`undo ospf`, not a powered-off node) flushes its LSAs once.
    if (!this.node.down) {
      const mine = this.lsdb.entries().filter((e) => this.isSelfOriginated(e.lsa.hdr) && !e.received && this.lsdb.age(e) < MAX_AGE);
      const lsas = mine.map((e) => ({ hdr: { ...e.lsa.hdr, age: MAX_AGE }, raw: W.withAge(e.lsa, MAX_AGE) }));
      for (const oi of this.ifaces.values()) {
        if (lsas.length === 0 || oi.fullNeighbors().length === 0) continue;
        const dst = oi.state === 'DR' || oi.state === 'Backup' ? W.ALL_SPF_ROUTERS : W.ALL_D_ROUTERS;
        this.send(oi, dst, { type: W.T_LSU, lsas });
      }
    }
    this.running = false;
    this.unreg?.();
    for (const oi of this.ifaces.values()) oi.cancelAll();
    this.ifaces.clear();
    this.spfTimer?.cancel();
    this.origTimer?.cancel();
    this.purgeTimer?.cancel();
    this.lsdb.clear();
    this.node.vrf(this.cfg.vrf).rib[4].setSource(this.source, [], this.now);
  }

  neighbors(): OspfNeighborInfo[] {
    const out: OspfNeighborInfo[] = [];
    for (const oi of [...this.ifaces.values()].sort((a, b) => a.iface.name.localeCompare(b.iface.name, 'en', { numeric: true }))) {
      for (const n of [...oi.nbrs.values()].sort((a, b) => a.routerId - b.routerId)) {
        out.push({
          area: W.ipStr(oi.areaId),
          iface: oi.iface.name,
          routerId: W.ipStr(n.routerId),
          addr: W.ipStr(n.addr),
          state: n.state,
          priority: n.priority,
          dr: W.ipStr(n.dr),
          bdr: W.ipStr(n.bdr),
          deadDueSec: Math.max(0, Math.ceil((n.deadAt - this.now) / SEC)),
          upSince: n.state === 'Full' ? n.upSince : undefined,
        });
      }
    }
    return out;
  }

  // ---- interfaces ----

  /** Reconcile interfaces with the network statements and interface state. */
  private sync(): void {
    if (!this.rid && !this.cfg.routerId) this.rid = pickRouterId(this.node, this.cfg.vrf);
    if (!this.rid) return;
    const want = new Map<string, Iface>();
    for (const area of this.cfg.areas) {
      if (W.ipNum(area.id) !== BACKBONE) continue; // only the backbone is run
      for (const i of this.node.ifaces.values()) {
        if (i.vrf !== this.cfg.vrf || !i.v4) continue;
        if (area.networks.some((n) => matches(Number(i.v4!.addr.v), n))) want.set(i.name, i);
      }
    }
    for (const [name, oi] of this.ifaces) {
      const i = want.get(name);
      if (!i || i !== oi.iface) {
        oi.down();
        this.ifaces.delete(name);
      }
    }
    for (const [name, i] of want) {
      let oi = this.ifaces.get(name);
      if (!oi) {
        oi = new OspfInterface(this, i, BACKBONE);
        this.ifaces.set(name, oi);
      }
      oi.cost = this.cfg.cost.get(name) ?? this.cfg.defaultCost;
      const up = i.up && !this.node.down;
      // An address change is InterfaceDown then InterfaceUp.
      if (oi.state !== 'Down' && (!up || Number(i.v4!.addr.v) !== oi.addr || i.v4!.len !== oi.len)) oi.down();
      if (up && oi.state === 'Down') oi.up();
    }
    this.scheduleOriginate();
  }

  // ---- packets ----

  send(oi: OspfInterface, dst: number, body: W.Body): void {
    if (!this.running || oi.state === 'Down') return;
    const src = oi.iface.v4?.addr;
    if (!src) return;
    const payload = W.encodeOspf({ hdr: { type: body.type, routerId: this.rid, areaId: oi.areaId }, body });
    // RFC 2328 A.1: OSPF packets go with IP precedence Internetwork Control and TTL 1.
    this.node.ip.send({ src, dst: { afi: 4, v: BigInt(dst >>> 0) }, proto: W.PROTO_OSPF, ttl: 1, tos: 0xc0, payload }, { iface: oi.iface });
  }

  /** Acknowledgments: DR/BDR to AllSPFRouters, others to AllDRouters (13.5). */
  sendAck(oi: OspfInterface, acks: W.LsaHeader[]): void {
    const dst = oi.state === 'DR' || oi.state === 'Backup' ? W.ALL_SPF_ROUTERS : W.ALL_D_ROUTERS;
    for (let i = 0; i < acks.length; i += 60) this.send(oi, dst, { type: W.T_ACK, acks: acks.slice(i, i + 60) });
  }

  /** 8.2: checks on a received packet, then dispatch by type. */
  private receive(i: Iface, ip: IpPacket): void {
    const oi = this.ifaces.get(i.name);
    if (!oi || oi.iface !== i || oi.state === 'Down' || oi.state === 'Loopback') return;
    const p = W.decodeOspf(ip.payload);
    if (!p) return;
    const dst = Number(ip.dst.v);
    const src = Number(ip.src.v);
    // Destination: our address, AllSPFRouters, or AllDRouters when we are DR or BDR.
    if (dst === W.ALL_D_ROUTERS && oi.state !== 'DR' && oi.state !== 'Backup') return;
    if (dst !== W.ALL_SPF_ROUTERS && dst !== W.ALL_D_ROUTERS && dst !== oi.addr) return;
    // Area: the receiving interface's area only (no virtual links); the source on our subnet.
    if (p.hdr.areaId !== oi.areaId) return;
    if (((src ^ oi.addr) & oi.mask) !== 0 || p.hdr.routerId === this.rid) return;
    if (p.body.type === W.T_HELLO) {
      oi.onHello(src, p.hdr.routerId, p.body.hello);
      return;
    }
    const n = oi.nbrs.get(src);
    if (!n) return;
    switch (p.body.type) {
      case W.T_DD:
        n.onDd(p.body.dd);
        break;
      case W.T_LSR:
        n.onLsr(p.body.reqs);
        break;
      case W.T_LSU:
        onLsu(this, oi, n, p.body.lsas);
        break;
      case W.T_ACK:
        onAck(this, n, p.body.acks);
        break;
    }
  }

  lsaForSend(e: DbEntry): W.Lsa {
    const age = Math.min(MAX_AGE, this.lsdb.age(e) + INF_TRANS_DELAY);
    return { hdr: { ...e.lsa.hdr, age }, raw: W.withAge(e.lsa, age) };
  }

  anyExchanging(): boolean {
    for (const oi of this.ifaces.values()) for (const n of oi.nbrs.values()) if (n.state === 'Exchange' || n.state === 'Loading') return true;
    return false;
  }

  // ---- the database ----

  /** Install (13.2) and arm the entry's timer: refresh of our own LSAs, MaxAge for the others. */
  installLsa(lsa: W.Lsa, age: number, from?: 'flood' | 'request'): void {
    const { entry, changed } = this.lsdb.install(lsa, age);
    entry.flooded = from === 'flood';
    entry.received = from !== undefined;
    const k = lsaKey(lsa.hdr);
    if (entry.age0 >= MAX_AGE) this.schedulePurge();
    else if (lsa.hdr.adv === this.rid && !entry.received) {
      // 12.4 (1): LSRefreshTime, a new instance every 30 minutes.
      entry.timer = this.schedule((LS_REFRESH_TIME - entry.age0) * SEC, () => this.originate(k));
    } else {
      // 14: an LSA reaching MaxAge is flooded and then removed.
      entry.timer = this.schedule((MAX_AGE - entry.age0) * SEC, () => {
        const e = this.lsdb.get(k);
        if (!e || e !== entry) return;
        flood(this, e.lsa);
        this.lsdb.version++;
        this.scheduleSpf();
        this.schedulePurge();
      });
    }
    if (changed) this.scheduleSpf();
  }

  private schedulePurge(): void {
    if (this.purgeTimer) return;
    this.purgeTimer = this.schedule(this.cfg.retransmitSec * SEC, () => {
      this.purgeTimer = undefined;
      this.purgeMaxAge();
    });
  }

  /** 14: a MaxAge LSA leaves the database once no retransmission list holds it and no exchange runs. */
  purgeMaxAge(): void {
    let left = false;
    for (const e of this.lsdb.entries()) {
      if (this.lsdb.age(e) < MAX_AGE) continue;
      const k = lsaKey(e.lsa.hdr);
      let held = this.anyExchanging();
      for (const oi of this.ifaces.values()) for (const n of oi.nbrs.values()) if (n.retx.has(k)) held = true;
      if (held) left = true;
      else this.lsdb.remove(k);
    }
    if (left) this.schedulePurge();
  }

  isSelfOriginated(h: W.LsaHeader): boolean {
    if (h.adv === this.rid) return true;
    if (h.type !== W.LS_NETWORK) return false;
    for (const oi of this.ifaces.values()) if (oi.addr === h.id && oi.state !== 'Down') return true;
    return false;
  }

  /** 13.4: a newer instance of our own LSA arrived: advance past its sequence number, or flush it. */
  selfOriginatedReceived(lsa: W.Lsa): void {
    const k = lsaKey(lsa.hdr);
    this.seqFloor.set(k, Math.max(this.seqFloor.get(k) ?? INITIAL_SEQ - 1, lsa.hdr.seq));
    this.lastOrig.delete(k);
    this.originate(k, true);
  }

  /** Interface or adjacency state changed: re-originate, and recompute (next hops may be gone). */
  adjacencyChanged(): void {
    this.scheduleOriginate();
    this.scheduleSpf();
  }

  private scheduleOriginate(delay = 0): void {
    if (!this.running) return;
    if (this.origTimer && !this.origTimer.cancelled && this.origTimer.time <= this.now + delay) return;
    this.origTimer?.cancel();
    this.origTimer = this.schedule(delay, () => {
      this.origTimer = undefined;
      this.originateAll();
    });
  }

  /** The LSAs this router should originate now (12.4.1 router LSA, 12.4.2 network LSAs). */
  private desired(): Map<string, { type: number; id: number; body: Buffer }> {
    const out = new Map<string, { type: number; id: number; body: Buffer }>();
    const links: W.RouterLink[] = [];
    const ifs = [...this.ifaces.values()].sort((a, b) => a.iface.name.localeCompare(b.iface.name, 'en', { numeric: true }));
    for (const oi of ifs) {
      if (oi.state === 'Down') continue;
      if (oi.state === 'Loopback') {
        // VRP advertises a loopback as a /32 stub with the interface cost (RFC 12.4.1.4 says cost 0).
        links.push({ id: oi.addr, data: 0xffffffff, type: W.LINK_STUB, metric: oi.cost });
        continue;
      }
      const full = oi.fullNeighbors();
      const drFull = full.some((n) => n.addr === oi.dr);
      // 12.4.1.2: a transit link when fully adjacent to the DR (or DR with a full neighbour), else a stub.
      if (oi.state !== 'Waiting' && ((oi.state === 'DR' && full.length > 0) || drFull)) {
        links.push({ id: oi.dr, data: oi.addr, type: W.LINK_TRANSIT, metric: oi.cost });
      } else {
        links.push({ id: (oi.addr & oi.mask) >>> 0, data: oi.mask, type: W.LINK_STUB, metric: oi.cost });
      }
      if (oi.state === 'DR' && full.length > 0) {
        const routers = [this.rid, ...full.map((n) => n.routerId)];
        out.set(lsaKey({ type: W.LS_NETWORK, id: oi.addr, adv: this.rid }), {
          type: W.LS_NETWORK,
          id: oi.addr,
          body: W.encodeNetworkBody({ mask: oi.mask, routers }),
        });
      }
    }
    // 12.4.4: one AS-external-LSA per redistributed prefix (Link State ID: the network; the
    // same network with two masks would need appendix E's host bits, not done: the first wins).
    let asbr = false;
    for (const x of this.cfg.external) {
      const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(x.prefix);
      const a = m ? W.ipNum(m[1]) : undefined;
      if (a === undefined || !m) continue;
      const len = Number(m[2]);
      const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
      const id = (a & mask) >>> 0;
      const k = lsaKey({ type: W.LS_EXTERNAL, id, adv: this.rid });
      if (out.has(k)) continue;
      asbr = true;
      out.set(k, { type: W.LS_EXTERNAL, id, body: W.encodeExternalBody({ mask, e2: x.type !== 1, metric: Math.min(x.metric, W.LS_INFINITY - 1), forward: 0, tag: x.tag ?? 0 }) });
    }
    out.set(lsaKey({ type: W.LS_ROUTER, id: this.rid, adv: this.rid }), {
      type: W.LS_ROUTER,
      id: this.rid,
      body: W.encodeRouterBody({ flags: asbr ? W.RTR_E : 0, links }),
    });
    return out;
  }

  private originateAll(): void {
    if (!this.rid) return;
    const want = this.desired();
    for (const k of want.keys()) this.originate(k, false, want);
    // Our LSAs no longer wanted (a network LSA after losing DR): premature aging (14.1).
    for (const e of this.lsdb.entries()) {
      const k = lsaKey(e.lsa.hdr);
      if (!want.has(k) && this.isSelfOriginated(e.lsa.hdr) && this.lsdb.age(e) < MAX_AGE) this.originate(k, false, want);
    }
  }

  /** (Re)originate or flush one of our LSAs; `force` ignores MinLSInterval and unchanged contents. */
  private originate(k: string, force = false, want = this.desired()): void {
    const d = want.get(k);
    const e = this.lsdb.get(k);
    if (!d) {
      // 13.4: an LSA of ours nobody should hold any more (its newer copy was installed first): flush it.
      if (e && this.lsdb.age(e) < MAX_AGE) this.flush(e);
      return;
    }
    const unchanged = e && this.lsdb.age(e) < MAX_AGE && e.lsa.raw.subarray(20).equals(d.body) && e.lsa.hdr.adv === this.rid;
    const refresh = e && !e.received && this.lsdb.age(e) >= LS_REFRESH_TIME;
    if (unchanged && !force && !refresh) return;
    // 12.4: MinLSInterval between two originations of the same LSA.
    const last = this.lastOrig.get(k);
    if (!force && last !== undefined && this.now - last < MIN_LS_INTERVAL * SEC) {
      this.scheduleOriginate(last + MIN_LS_INTERVAL * SEC - this.now);
      return;
    }
    const prev = Math.max(e ? e.lsa.hdr.seq : INITIAL_SEQ - 1, this.seqFloor.get(k) ?? INITIAL_SEQ - 1);
    const lsa = W.buildLsa({ age: 0, options: W.OPT_E, type: d.type, id: d.id, adv: this.rid, seq: prev + 1 }, d.body);
    this.trace?.(`originate ${k} seq ${prev + 1}`);
    this.lastOrig.set(k, this.now);
    this.installLsa(lsa, 0);
    flood(this, lsa);
  }

  /** 14.1 premature aging: the LSA at MaxAge, flooded, removed once acknowledged. */
  private flush(e: DbEntry): void {
    const lsa: W.Lsa = { hdr: { ...e.lsa.hdr, age: MAX_AGE }, raw: W.withAge(e.lsa, MAX_AGE) };
    this.installLsa(lsa, MAX_AGE);
    flood(this, lsa);
  }

  // ---- routes ----

  scheduleSpf(): void {
    if (!this.running || (this.spfTimer && !this.spfTimer.cancelled)) return;
    this.spfTimer = this.schedule(SPF_DELAY, () => {
      this.spfTimer = undefined;
      this.runSpf();
    });
  }

  private runSpf(): void {
    this.spfRuns++;
    const byAddr = new Map<number, OspfInterface>();
    for (const oi of this.ifaces.values()) if (oi.state !== 'Down') byAddr.set(oi.addr, oi);
    const routes: Route[] = [];
    const routers = new Map<number, SpfRouter>();
    const intra = runSpf(this.lsdb, this.rid, byAddr, routers);
    const ext = externalRoutes(this.lsdb, this.rid, routers, intra);
    for (const r of [...intra, ...ext]) {
      const hops = [...r.hops]
        .sort((a, b) => a.oi.iface.name.localeCompare(b.oi.iface.name, 'en', { numeric: true }) || (a.nh ?? 0) - (b.nh ?? 0))
        .slice(0, Math.max(1, this.cfg.maxPaths));
      routes.push({
        prefix: { afi: 4, net: BigInt(r.net), len: r.len },
        code: 'O',
        // An AS-external route (16.4): freeRtr prints it `O E2`, VRP `O_ASE`.
        ...(ext.includes(r) ? { external: true } : {}),
        distance: this.cfg.preference,
        metric: r.cost,
        paths: hops.map((h) => ({ iface: h.oi.iface, nextHop: h.nh === undefined ? undefined : { afi: 4, v: BigInt(h.nh) } })),
        since: this.now,
        source: this.source,
      });
    }
    this.node.vrf(this.cfg.vrf).rib[4].setSource(this.source, routes, this.now);
  }

  /** Neighbours per state, for tests and displays. */
  countFull(): number {
    let c = 0;
    for (const oi of this.ifaces.values()) for (const n of oi.nbrs.values()) if (RANK[n.state] === RANK.Full) c++;
    return c;
  }
}

/**
 * A PVRP process (freeRtr rtrPvrp + rtrPvrpIface): interfaces, hellos, neighbours and the
 * route computation (routerCreateComputed) that feeds the VRF's routing table.
 */
import { Addr, contains, parseAddr, prefixOf, fmtAddr } from '../../net/addr';
import type { Iface } from '../../net/iface';
import type { Node } from '../../net/node';
import type { Route } from '../../net/rib';
import { Periodic, SEC, MS } from '../../sim/scheduler';
import { DIST_IFACE, DIST_LIMIT, DIST_REDIST, MCAST4, MCAST6, PVRP_PORT, PvrpConfig, PvrpIfaceConfig } from './config';
import { PvrpNeighbor } from './neighbor';
import { Attr, Table, addBetter, mergeEcmp, preserveTimes, sortedEntries } from './table';
import { decodeDatagram, encodeDatagram } from './wire';
import { compareNames } from '../../net/node';

export class PvrpIface {
  neighs = new Map<string, PvrpNeighbor>();
  need2adv: Table = new Map();
  private hello: Periodic;

  constructor(
    readonly proc: PvrpProcess,
    readonly iface: Iface,
    public cfg: PvrpIfaceConfig,
  ) {
    this.hello = new Periodic(proc.node.sched, cfg.helloMs * MS, () => this.tick(), proc.node.name);
  }

  get running(): boolean {
    return this.hello.running;
  }

  get usable(): boolean {
    return this.iface.up && !!this.iface.addrOf(this.proc.cfg.afi) && this.iface.vrf === this.proc.cfg.vrf;
  }

  start(): void {
    // First hello soon after the interface comes up, then every hello interval.
    this.hello.start(this.proc.node.rng.int(1, 100) * MS);
  }

  stop(): void {
    this.hello.stop();
    this.closeNeighbors();
  }

  closeNeighbors(): void {
    for (const n of [...this.neighs.values()]) this.dropNeighbor(n, 'interface down');
  }

  dropNeighbor(n: PvrpNeighbor, _why: string): void {
    n.close();
    this.neighs.delete(fmtAddr(n.peer));
    this.proc.triggerCompute();
  }

  private tick(): void {
    if (!this.usable) return;
    if (this.cfg.passive) return;
    const afi = this.proc.cfg.afi;
    const src = this.iface.addrOf(afi)!.addr;
    const dst = parseAddr(afi === 4 ? MCAST4 : MCAST6)!;
    const d = { kind: 'hello' as const, epoch: 0, seq: 0, ack: 0, lines: [`rtrid=${this.proc.routerId}`, `dead=${this.cfg.deadMs}`] };
    this.proc.node.ip.sendUdp(src, dst, PVRP_PORT, PVRP_PORT, encodeDatagram(d), { iface: this.iface });
    for (const n of this.neighs.values()) n.keepalive();
  }

  receive(src: Addr, data: Buffer): void {
    if (!this.usable) return;
    const d = decodeDatagram(data);
    if (!d) return;
    const mine = this.iface.addrOf(this.proc.cfg.afi)!;
    // Neighbours must be on the interface's subnet (freeRtr's connectedCheck).
    if (!contains(prefixOf(mine.addr, mine.len), src) || src.v === mine.addr.v) return;
    const key = fmtAddr(src);
    let n = this.neighs.get(key);
    if (d.kind === 'hello') {
      const rid = d.lines.find((l) => l.startsWith('rtrid='))?.slice(6) ?? '0.0.0.0';
      if (!n && !this.cfg.passive) {
        n = new PvrpNeighbor(this, src, rid);
        this.neighs.set(key, n);
      } else if (n) {
        n.heard();
      }
      return;
    }
    if (!n) {
      if (this.cfg.passive) return;
      n = new PvrpNeighbor(this, src, '0.0.0.0');
      this.neighs.set(key, n);
    }
    if (!n.receive(d)) {
      // The peer restarted its session: start over with a fresh neighbour.
      const rid = n.rtrId;
      this.dropNeighbor(n, 'session restarted');
      const fresh = new PvrpNeighbor(this, src, rid);
      this.neighs.set(key, fresh);
      fresh.receive(d);
    }
  }

  sortedNeighbors(): PvrpNeighbor[] {
    return [...this.neighs.values()].sort((a, b) => (a.peer.v < b.peer.v ? -1 : a.peer.v > b.peer.v ? 1 : 0));
  }
}

export class PvrpProcess {
  ifaces = new Map<string, PvrpIface>();
  /** Everything this router would advertise (shown by `show ipv4 pvrp N route`). */
  need2adv: Table = new Map();
  /** Connected plus learned: what goes to the routing table. */
  computed: Table = new Map();
  private computePending = false;
  private refresh: Periodic;
  private unlisten: Array<() => void> = [];
  private running = false;
  computeCount = 0;

  constructor(
    readonly node: Node,
    public cfg: PvrpConfig,
  ) {
    // freeRtr recomputes at least every 30 s (rtrPvrp.run: notif.misleep(30000)).
    this.refresh = new Periodic(node.sched, 30 * SEC, () => this.triggerCompute(), node.name);
  }

  get now(): number {
    return this.node.sched.now;
  }

  get routerId(): string {
    return this.cfg.routerId ?? '0.0.0.0';
  }

  get source(): string {
    return `pvrp${this.cfg.afi} ${this.cfg.proc}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unlisten.push(
      this.node.ip.listenUdp(PVRP_PORT, (i, ip) => {
        if (ip.src.afi !== this.cfg.afi) return;
        const pi = this.ifaces.get(i.name);
        if (pi && pi.iface === i) pi.receive(ip.src, ip.payload.subarray(8));
      }),
    );
    this.node.onIfaceChange(() => this.syncIfaces());
    this.refresh.start();
    this.syncIfaces();
  }

  stop(): void {
    this.running = false;
    for (const u of this.unlisten) u();
    this.unlisten = [];
    this.refresh.stop();
    for (const pi of this.ifaces.values()) pi.stop();
    this.ifaces.clear();
    this.node.vrf(this.cfg.vrf).rib[this.cfg.afi].setSource(this.source, [], this.now);
  }

  /** Bring PVRP interfaces in line with configuration and interface state. */
  syncIfaces(): void {
    if (!this.running) return;
    for (const [name, ic] of this.cfg.ifaces) {
      const i = this.node.ifaces.get(name);
      let pi = this.ifaces.get(name);
      if (pi && pi.iface !== i) {
        pi.stop();
        this.ifaces.delete(name);
        pi = undefined;
      }
      if (!i) continue;
      if (!pi) {
        pi = new PvrpIface(this, i, ic);
        this.ifaces.set(name, pi);
        if (pi.usable) pi.start();
      } else {
        pi.cfg = ic;
        if (!pi.usable) pi.stop();
        else if (!pi.running) pi.start();
      }
    }
    for (const [name, pi] of this.ifaces) {
      if (!this.cfg.ifaces.has(name)) {
        pi.stop();
        this.ifaces.delete(name);
      }
    }
    this.triggerCompute();
  }

  triggerCompute(): void {
    if (this.computePending || !this.running) return;
    this.computePending = true;
    this.node.sched.schedule(0, () => {
      this.computePending = false;
      this.compute();
    }, this.node.name);
  }

  sortedIfaces(): PvrpIface[] {
    return [...this.ifaces.values()].sort((a, b) => compareNames(a.iface.name, b.iface.name));
  }

  /** freeRtr rtrPvrp.routerCreateComputed. */
  compute(): void {
    this.computeCount++;
    const now = this.now;
    const afi = this.cfg.afi;
    const tab1: Table = new Map();
    const ifs = this.sortedIfaces();
    for (const pi of ifs) {
      if (!pi.usable) continue;
      const a = pi.iface.addrOf(afi)!;
      addBetter(tab1, prefixOf(a.addr, a.len), { typ: 'C', distance: DIST_IFACE, metric: 0, iface: pi.iface, external: false, path: [], tag: 0, since: now });
    }
    for (const pi of ifs) {
      if (!pi.usable) continue;
      for (const n of pi.sortedNeighbors()) {
        if (!n.up) continue;
        for (const e of n.learned.values()) mergeEcmp(tab1, e.prefix, { ...e.best }, this.cfg.ecmp, DIST_LIMIT);
      }
    }
    preserveTimes(tab1, this.computed);
    this.computed = tab1;
    // need2adv = computed + redistributed connected routes (distance distanIfc+1, external).
    const adv: Table = new Map();
    for (const [k, e] of tab1) adv.set(k, { prefix: e.prefix, alts: [...e.alts], best: e.best });
    if (this.cfg.redistConnected) {
      for (const r of this.node.vrf(this.cfg.vrf).rib[afi].sourceRoutes('connected')) {
        const a: Attr = { typ: 'C', distance: DIST_REDIST, metric: 0, iface: r.paths[0]?.iface, external: true, path: [], tag: 0, since: r.since };
        addBetter(adv, r.prefix, a);
      }
    }
    this.need2adv = adv;
    for (const pi of ifs) {
      const t: Table = new Map();
      for (const [k, e] of adv) {
        if (pi.cfg.splitHorizon && e.best.iface === pi.iface) continue;
        t.set(k, e);
      }
      pi.need2adv = t;
      for (const n of pi.sortedNeighbors()) n.advertise(t);
    }
    this.install();
  }

  /** Learned routes go to the VRF's routing table as `P` (or `P EX`), distance 80. */
  private install(): void {
    const routes: Route[] = [];
    for (const e of sortedEntries(this.computed)) {
      if (e.best.typ === 'C') continue;
      routes.push({
        prefix: e.prefix,
        code: 'P',
        external: e.best.external,
        distance: e.best.distance,
        metric: e.best.metric,
        paths: e.alts.map((a) => ({ iface: a.iface!, nextHop: a.nextHop })),
        since: Math.min(...e.alts.map((a) => a.since)),
        source: this.source,
      });
    }
    this.node.vrf(this.cfg.vrf).rib[this.cfg.afi].setSource(this.source, routes, this.now);
  }

  neighborCount(): number {
    let n = 0;
    for (const pi of this.ifaces.values()) n += pi.neighs.size;
    return n;
  }
}

/**
 * The LDP process of one node (RFC 5036): basic discovery with Link Hellos (2.4.1), session
 * set-up towards each discovered LSR (2.5), and label distribution in Downstream Unsolicited
 * mode with independent control and liberal retention (2.6), programming node.mpls (the LFIB
 * swap entries and the 'ldp' FTN entries).
 */
import { Addr, Prefix, addrEq, cmpAddr, fmtAddr, parseIPv4, prefixKey } from '../../net/addr';
import type { Iface } from '../../net/iface';
import { IMPLICIT_NULL } from '../../net/mpls';
import type { Node } from '../../net/node';
import type { Path, Route } from '../../net/rib';
import type { TcpConn, TcpStackApi } from '../../net/tcp';
import { EventHandle, Periodic, SEC } from '../../sim/scheduler';
import type { LdpConfig } from './config';
import { Fec, LDP_PORT, LdpMsg, STATUS, decodePdu, encodePdu } from './packet';
import { LdpSession, OutMsg } from './session';

export interface LdpSessionInfo {
  peerId: string /* "3.3.3.3:0" */;
  state: 'NonExistent' | 'Initialized' | 'OpenSent' | 'OpenRec' | 'Operational';
  role: 'Active' | 'Passive';
  lam: 'DU' | 'DoD';
  upSince?: number;
  kaSent: number;
  kaRcvd: number;
}

const ALL_ROUTERS = parseIPv4('224.0.0.2')!;
/** 2.5.3: initial delay before retrying a failed session set-up, doubled up to the maximum. */
const RETRY_INITIAL = 15 * SEC;
const RETRY_MAX = 120 * SEC;

interface Adjacency {
  iface: string;
  holdSec: number;
  expire: EventHandle;
}

interface Peer {
  id: Addr;
  transport: Addr;
  adjs: Map<string, Adjacency>;
  session?: LdpSession;
  retry?: EventHandle;
  backoff: number;
  /** Addresses from the peer's Address messages (3.5.5). */
  addrs: Addr[];
  /** Liberal retention (2.6.2.2): every mapping the peer sent, FEC key -> label. */
  mappings: Map<string, number>;
  /** Which label we last advertised to this peer per FEC. */
  sent: Map<string, number>;
}

interface Binding {
  fec: Prefix;
  label: number;
  route: Route;
}

export class LdpProcess {
  private cfg: LdpConfig;
  private tcp: TcpStackApi;
  private running = false;
  private lsrId?: Addr;
  private peers = new Map<string, Peer>();
  /** Passive sessions whose peer is not known yet. */
  private pending = new Set<LdpSession>();
  private bindings = new Map<string, Binding>();
  /** Labels withdrawn and waiting for the peers' Label Release (3.5.11) before reuse. */
  private awaitingRelease = new Map<number, Set<string>>();
  private installed = new Map<number, string>();
  private ftnSig = '';
  private hello?: Periodic;
  private helloEvery = 0;
  /** Stops the public table's change callback (label bindings follow route changes at once). */
  private stopRib?: () => void;
  private ribPending?: EventHandle;
  private stopUdp?: () => void;
  private stopTcp?: () => void;

  constructor(
    readonly node: Node,
    cfg: LdpConfig,
    tcp?: TcpStackApi,
  ) {
    this.cfg = cfg;
    this.tcp = tcp ?? node.tcp;
    node.onIfaceChange((i) => {
      if (this.running) this.ifaceChanged(i);
    });
  }

  start(): void {
    this.update(this.cfg);
  }

  update(cfg: LdpConfig): void {
    this.cfg = cfg;
    const mpls = this.node.mpls;
    mpls.enabled = cfg.mpls;
    mpls.ifaceEnabled = cfg.mpls ? new Set(cfg.mplsIfaces) : new Set();
    const id = cfg.lsrId ? parseIPv4(cfg.lsrId) : undefined;
    const on = cfg.mpls && cfg.ldp && !!id;
    if (!on || (this.lsrId && id && !addrEq(this.lsrId, id))) this.shutdown();
    if (!on) return;
    this.lsrId = id;
    if (!this.running) {
      this.running = true;
      this.stopUdp = this.node.ip.listenUdp(LDP_PORT, (i, ip, u) => this.onHello(i, ip.src, u.data));
      this.stopTcp = this.tcp.listen({ port: LDP_PORT, vrf: '' }, (c) => this.onAccept(c));
      this.stopRib = this.node.vrf('').rib[4].onChange(() => this.ribChanged());
    }
    if (!this.hello || this.helloEvery !== cfg.helloSec) {
      this.hello?.stop();
      this.helloEvery = cfg.helloSec;
      // 2.4.1: Link Hellos sent periodically on every LDP interface.
      this.hello = new Periodic(this.node.sched, cfg.helloSec * SEC, () => this.sendHellos(), this.node.name);
      this.hello.start(0);
    }
    for (const i of this.node.ifaces.values()) this.ifaceChanged(i);
    this.recompute();
  }

  stop(): void {
    this.shutdown();
  }

  private shutdown(): void {
    if (!this.running) return;
    this.running = false;
    this.hello?.stop();
    this.hello = undefined;
    this.stopRib?.();
    this.stopRib = undefined;
    this.ribPending?.cancel();
    this.ribPending = undefined;
    this.stopUdp?.();
    this.stopTcp?.();
    for (const s of this.pending) s.down('LDP disabled', STATUS.shutdown);
    this.pending.clear();
    for (const p of [...this.peers.values()]) this.removePeer(p, 'LDP disabled', STATUS.shutdown);
    for (const b of this.bindings.values()) if (b.label !== IMPLICIT_NULL) this.node.mpls.freeLabel(b.label);
    for (const l of this.awaitingRelease.keys()) this.node.mpls.freeLabel(l);
    this.awaitingRelease.clear();
    this.bindings.clear();
    for (const l of this.installed.keys()) this.node.mpls.removeLabel(l);
    this.installed.clear();
    this.node.mpls.setFtn('ldp', []);
    this.ftnSig = '';
    this.lsrId = undefined;
  }

  // ---------------- discovery (2.4.1) ----------------

  private eligible(i: Iface): boolean {
    return this.cfg.ldpIfaces.has(i.name) && this.cfg.mplsIfaces.has(i.name) && i.up && i.vrf === '' && !!i.v4;
  }

  private sendHellos(): void {
    if (!this.running || !this.lsrId || this.node.down) return;
    for (const i of this.node.sortedIfaces()) {
      if (!this.eligible(i)) continue;
      const pdu = encodePdu({
        lsrId: this.lsrId,
        labelSpace: 0,
        msgs: [{ type: 'hello', id: 0, holdTime: this.cfg.helloHoldSec, targeted: false, requestTargeted: false, transport: this.lsrId }],
      });
      this.node.ip.sendUdp(i.v4!.addr, ALL_ROUTERS, LDP_PORT, LDP_PORT, pdu, { iface: i });
    }
  }

  private ifaceChanged(i: Iface): void {
    if (this.eligible(i)) return;
    // The interface left LDP (down, unconfigured, readdressed away): its adjacencies go at once.
    for (const p of [...this.peers.values()]) {
      const a = p.adjs.get(i.name);
      if (a) this.dropAdjacency(p, a);
    }
  }

  private onHello(i: Iface, src: Addr, data: Buffer): void {
    if (!this.running || !this.lsrId || !this.eligible(i)) return;
    let pdu;
    try {
      pdu = decodePdu(data);
    } catch {
      return;
    }
    const h = pdu.msgs.find((m) => m.type === 'hello');
    if (!h || h.type !== 'hello' || h.targeted || addrEq(pdu.lsrId, this.lsrId)) return;
    const key = fmtAddr(pdu.lsrId);
    let p = this.peers.get(key);
    const transport = h.transport ?? src;
    if (p && !addrEq(p.transport, transport)) {
      this.removePeer(p, 'transport address changed', STATUS.shutdown);
      p = undefined;
    }
    if (!p) {
      p = { id: pdu.lsrId, transport, adjs: new Map(), backoff: RETRY_INITIAL, addrs: [], mappings: new Map(), sent: new Map() };
      this.peers.set(key, p);
    }
    // 2.5.5: hello hold time = the smaller of the two proposals; 0 means the default (15 s for Link Hellos).
    const theirs = h.holdTime === 0 ? 15 : h.holdTime;
    const hold = Math.min(this.cfg.helloHoldSec, theirs);
    const old = p.adjs.get(i.name);
    old?.expire.cancel();
    const peer = p;
    const adj: Adjacency = {
      iface: i.name,
      holdSec: hold,
      expire: this.node.sched.schedule(hold * SEC, () => this.dropAdjacency(peer, adj), this.node.name),
    };
    p.adjs.set(i.name, adj);
    if (!old) this.maybeConnect(p);
  }

  private dropAdjacency(p: Peer, a: Adjacency): void {
    if (p.adjs.get(a.iface) !== a) return;
    a.expire.cancel();
    p.adjs.delete(a.iface);
    // 2.5.6: with the last Hello adjacency gone the session ends.
    if (p.adjs.size === 0) this.removePeer(p, 'hello adjacency expired', STATUS.holdTimerExpired);
  }

  private removePeer(p: Peer, why: string, status: number): void {
    for (const a of p.adjs.values()) a.expire.cancel();
    p.adjs.clear();
    p.retry?.cancel();
    this.peers.delete(fmtAddr(p.id));
    p.session?.down(why, status);
  }

  // ---------------- sessions (2.5) ----------------

  private isActive(p: Peer): boolean {
    // 2.5.2: the LSR with the higher transport address plays the active role.
    return !!this.lsrId && cmpAddr(this.lsrId, p.transport) > 0;
  }

  private params() {
    return { lsrId: this.lsrId!, holdSec: this.cfg.sessionHoldSec, keepaliveSec: this.cfg.keepaliveSec };
  }

  private maybeConnect(p: Peer): void {
    if (!this.running || p.session || p.retry || !this.isActive(p) || p.adjs.size === 0) return;
    let conn: TcpConn;
    try {
      conn = this.tcp.connect({ dst: p.transport, dport: LDP_PORT, src: this.lsrId, vrf: '' });
    } catch {
      this.scheduleRetry(p);
      return;
    }
    p.session = new LdpSession(this.node.sched, this.node.name, conn, 'Active', this.params(), this.hooks(p, () => p.session), p.id);
  }

  private scheduleRetry(p: Peer): void {
    if (!this.running || p.adjs.size === 0 || !this.isActive(p) || p.retry) return;
    const d = p.backoff;
    p.backoff = Math.min(RETRY_MAX, p.backoff * 2);
    p.retry = this.node.sched.schedule(d, () => {
      p.retry = undefined;
      this.maybeConnect(p);
    }, this.node.name);
  }

  private onAccept(c: TcpConn): void {
    if (!this.running || !this.lsrId) {
      c.abort();
      return;
    }
    let peer: Peer | undefined;
    const s: LdpSession = new LdpSession(this.node.sched, this.node.name, c, 'Passive', this.params(), {
      // 2.5.3: accept only an LSR we have a Hello adjacency with and that should be active.
      accept: (id) => {
        const p = this.peers.get(fmtAddr(id));
        return !!p && p.adjs.size > 0 && !this.isActive(p);
      },
      onPeer: (id) => {
        this.pending.delete(s);
        peer = this.peers.get(fmtAddr(id))!;
        if (peer.session && peer.session !== s) peer.session.down('replaced by a new connection', STATUS.shutdown);
        peer.session = s;
      },
      ...this.hooks(undefined, () => s, () => peer),
    });
    this.pending.add(s);
  }

  private hooks(fixed: Peer | undefined, self: () => LdpSession | undefined, late?: () => Peer | undefined) {
    const peerOf = () => fixed ?? late?.();
    return {
      onOperational: () => {
        const p = peerOf();
        if (p) this.sessionUp(p);
      },
      onMessage: (m: LdpMsg) => {
        const p = peerOf();
        if (p) this.onLabelMsg(p, m);
      },
      onDown: () => {
        const p = peerOf();
        const s = self();
        if (s) this.pending.delete(s);
        if (!p || (s && p.session !== s)) return;
        this.sessionDown(p);
      },
    };
  }

  private sessionUp(p: Peer): void {
    p.backoff = RETRY_INITIAL;
    // 3.5.5: advertise our interface addresses, then every label binding (DU, 2.6.1.2).
    const addrs: Addr[] = [];
    for (const i of this.node.sortedIfaces()) if (i.vrf === '' && i.up && i.v4) addrs.push(i.v4.addr);
    const msgs: OutMsg[] = [];
    if (addrs.length) msgs.push({ type: 'address', addrs });
    for (const [k, b] of this.bindings) {
      msgs.push(mappingMsg(b));
      p.sent.set(k, b.label);
    }
    p.session!.send(msgs);
  }

  private sessionDown(p: Peer): void {
    p.session = undefined;
    p.addrs = [];
    p.mappings.clear();
    p.sent.clear();
    for (const [label, set] of this.awaitingRelease) {
      set.delete(fmtAddr(p.id));
      if (set.size === 0) this.releaseDone(label);
    }
    this.program();
    if (this.peers.get(fmtAddr(p.id)) === p) this.scheduleRetry(p);
  }

  private onLabelMsg(p: Peer, m: LdpMsg): void {
    const key = fmtAddr(p.id);
    switch (m.type) {
      case 'address':
        for (const a of m.addrs) if (!p.addrs.some((x) => addrEq(x, a))) p.addrs.push(a);
        break;
      case 'addressWithdraw':
        p.addrs = p.addrs.filter((x) => !m.addrs.some((a) => addrEq(a, x)));
        break;
      case 'mapping':
        // 2.6.2.2 liberal retention: keep every mapping, used or not.
        for (const f of m.fecs) if (f.kind === 'prefix' && m.label !== undefined) p.mappings.set(prefixKey(f.prefix), m.label);
        break;
      case 'withdraw': {
        // 3.5.10: drop the mapping and answer with a Label Release.
        for (const f of m.fecs) {
          if (f.kind === 'wildcard') p.mappings.clear();
          else p.mappings.delete(prefixKey(f.prefix));
        }
        p.session?.send([{ type: 'release', fecs: m.fecs, label: m.label }]);
        break;
      }
      case 'release':
        // 3.5.11: the peer no longer uses our label; it can be reused once every peer released it.
        if (m.label !== undefined) {
          const set = this.awaitingRelease.get(m.label);
          if (set) {
            set.delete(key);
            if (set.size === 0) this.releaseDone(m.label);
          }
        }
        return;
      case 'request': {
        // 3.5.8: answer from the current bindings.
        const out: OutMsg[] = [];
        for (const f of m.fecs) {
          const b = f.kind === 'prefix' ? this.bindings.get(prefixKey(f.prefix)) : undefined;
          if (b) out.push(mappingMsg(b));
          else out.push({ type: 'notification', status: STATUS.noRoute, msgId: m.id, msgType: 0x0401 });
        }
        p.session?.send(out);
        return;
      }
      default:
        return;
    }
    this.program();
  }

  private releaseDone(label: number): void {
    this.awaitingRelease.delete(label);
    if (![...this.bindings.values()].some((b) => b.label === label)) this.node.mpls.freeLabel(label);
  }

  // ---------------- labels (2.6) ----------------

  /** Coalesce a burst of route changes (an SPF run) into one recompute at the same instant. */
  private ribChanged(): void {
    if (!this.running || this.ribPending) return;
    this.ribPending = this.node.sched.schedule(0, () => {
      this.ribPending = undefined;
      this.recompute();
    }, this.node.name);
  }

  private operationalPeers(): Peer[] {
    return [...this.peers.values()].filter((p) => p.session?.state === 'Operational');
  }

  /** FECs from the public IPv4 RIB per the lsp-trigger policy; egress FECs get implicit null (RFC 3032). */
  recompute(): void {
    if (!this.running) return;
    const rib = this.node.vrf('').rib[4];
    const want = new Map<string, { fec: Prefix; route: Route; egress: boolean }>();
    for (const r of rib.routes()) {
      if (this.cfg.trigger === 'host' && r.prefix.len !== 32) continue;
      if (r.code === 'LOC' || r.code === 'B' || r.paths.length === 0) continue;
      const egress = r.code === 'C' || r.paths.every((x) => !x.nextHop);
      want.set(prefixKey(r.prefix), { fec: r.prefix, route: r, egress });
    }
    const peers = this.operationalPeers();
    const out = new Map<Peer, OutMsg[]>(peers.map((p) => [p, []]));
    for (const [k, b] of [...this.bindings]) {
      const w = want.get(k);
      if (w && (w.egress === (b.label === IMPLICIT_NULL))) {
        b.route = w.route;
        continue;
      }
      // 3.5.10: the FEC went away (or changed between egress and transit): withdraw the old label.
      this.bindings.delete(k);
      const waiting = new Set<string>();
      for (const p of peers) {
        if (p.sent.get(k) === undefined) continue;
        out.get(p)!.push({ type: 'withdraw', fecs: [{ kind: 'prefix', prefix: b.fec }], label: b.label });
        p.sent.delete(k);
        waiting.add(fmtAddr(p.id));
      }
      if (b.label !== IMPLICIT_NULL) {
        if (waiting.size) this.awaitingRelease.set(b.label, waiting);
        else this.node.mpls.freeLabel(b.label);
      }
    }
    for (const [k, w] of want) {
      if (this.bindings.has(k)) continue;
      const b: Binding = { fec: w.fec, route: w.route, label: w.egress ? IMPLICIT_NULL : this.node.mpls.allocLabel() };
      this.bindings.set(k, b);
      for (const p of peers) {
        out.get(p)!.push(mappingMsg(b));
        p.sent.set(k, b.label);
      }
    }
    for (const [p, msgs] of out) if (msgs.length) p.session!.send(msgs);
    this.program();
  }

  /** The Operational peer that owns `nh` (from its Address message). */
  private peerFor(nh: Addr): Peer | undefined {
    for (const p of this.peers.values()) if (p.session?.state === 'Operational' && p.addrs.some((a) => addrEq(a, nh))) return p;
    return undefined;
  }

  /** LFIB swap entries and FTN entries from the bindings and the downstream peers' mappings. */
  private program(): void {
    if (!this.running) return;
    const mpls = this.node.mpls;
    const ftn: Array<{ fec: Prefix; paths: Path[] }> = [];
    const lfib = new Map<number, Path[]>();
    for (const [k, b] of this.bindings) {
      if (b.label === IMPLICIT_NULL) continue;
      const paths: Path[] = [];
      for (const x of b.route.paths) {
        if (!x.nextHop) continue;
        const l = this.peerFor(x.nextHop)?.mappings.get(k);
        if (l === undefined) continue;
        paths.push({ iface: x.iface, nextHop: x.nextHop, labels: l === IMPLICIT_NULL ? [] : [l] });
      }
      if (!paths.length) continue;
      ftn.push({ fec: b.fec, paths });
      lfib.set(b.label, paths);
    }
    for (const l of [...this.installed.keys()]) {
      if (lfib.has(l)) continue;
      mpls.removeLabel(l);
      this.installed.delete(l);
    }
    for (const [l, paths] of lfib) {
      const sig = pathsSig(paths);
      if (this.installed.get(l) === sig) continue;
      mpls.setLabel(l, { kind: 'swap', paths, owner: 'ldp' });
      this.installed.set(l, sig);
    }
    const sig = ftn.map((e) => `${prefixKey(e.fec)}=${pathsSig(e.paths)}`).join(';');
    if (sig !== this.ftnSig) {
      this.ftnSig = sig;
      mpls.setFtn('ldp', ftn);
    }
  }

  // ---------------- display ----------------

  sessions(): LdpSessionInfo[] {
    const out: LdpSessionInfo[] = [];
    for (const p of this.peers.values()) {
      const s = p.session;
      out.push({
        peerId: `${fmtAddr(p.id)}:0`,
        state: s?.state ?? 'NonExistent',
        role: s?.role ?? (this.isActive(p) ? 'Active' : 'Passive'),
        lam: 'DU',
        upSince: s?.upSince,
        kaSent: s?.kaSent ?? 0,
        kaRcvd: s?.kaRcvd ?? 0,
      });
    }
    return out.sort((a, b) => cmpAddr(parseIPv4(a.peerId.split(':')[0])!, parseIPv4(b.peerId.split(':')[0])!));
  }

  /** True when LDP runs (mpls, mpls ldp and an LSR ID). */
  get enabled(): boolean {
    return this.running;
  }

  /** Local label bindings (FEC -> label, 3 for implicit null), for displays and tests. */
  localBindings(): Array<{ fec: Prefix; label: number }> {
    return [...this.bindings.values()].map((b) => ({ fec: b.fec, label: b.label }));
  }

  /** Labels a peer mapped (liberal retention), by its LSR ID text. */
  peerMappings(peerId: string): Map<string, number> | undefined {
    return this.peers.get(peerId.split(':')[0])?.mappings;
  }
}

function mappingMsg(b: Binding): OutMsg {
  const fecs: Fec[] = [{ kind: 'prefix', prefix: b.fec }];
  return { type: 'mapping', fecs, label: b.label };
}

function pathsSig(paths: Path[]): string {
  return paths.map((p) => `${p.iface.name}/${p.nextHop ? fmtAddr(p.nextHop) : ''}/${(p.labels ?? []).join('.')}`).join(',');
}

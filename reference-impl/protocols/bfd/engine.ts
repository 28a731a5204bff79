/**
 * The BFD engine of a node: static sessions from the neutral config (RFC 5880, single hop RFC
 * 5881), discriminator allocation, the UDP 3784 listener with GTSM and demultiplexing (5880 6.3),
 * and the session view (`BfdSessionInfo`) for renderers and applications (static routes).
 */
import type { Node } from '../../net/node';
import type { Iface } from '../../net/iface';
import { Addr, addrEq, fmtAddr, parseAddr } from '../../net/addr';
import type { IpPacket, UdpDatagram } from '../../net/packet';
import { MS } from '../../sim/scheduler';
import type { Random } from '../../sim/random';
import type { BfdConfig, BfdSessionConfig } from './config';
import { BFD_PORT, BFD_SPORT_MAX, BFD_SPORT_MIN, BfdState, decodeBfd, encodeBfd, rejectReason } from './packet';
import { BfdSession } from './session';

export type { BfdState } from './packet';

export interface BfdSessionInfo {
  name: string;
  state: BfdState;
  localDisc: number;
  /** 0: unknown. */
  remoteDisc: number;
  peer: string;
  vrf: string;
  iface?: string;
  source?: string;
  type: 'Static' | 'Static_Auto';
  minTxMs: number;
  minRxMs: number;
  /** Negotiated intervals (RFC 5880 6.8.7 / 6.8.4), only while Up. */
  actualTxMs?: number;
  actualRxMs?: number;
  detectMult: number;
  /** Detection Time (6.8.4), only while Up. */
  detectMs?: number;
  /** RFC 5880 4.1 diagnostic code. */
  localDiag: number;
  upSince?: number;
  downCount: number;
  // ---- additions beyond engines.md ----
  /** Virtual time of the last state change. */
  lastChange: number;
  /** The remote's Detect Mult from its last packet (0: none heard). */
  remoteDetectMult: number;
  remoteState: BfdState;
  txPackets: number;
  rxPackets: number;
  /** UDP source port of this session (RFC 5881 4). */
  sport: number;
  wtrMs: number;
  description?: string;
  adminDown: boolean;
}

/** VRP allocates automatic local discriminators from 8192 upwards. */
export const AUTO_DISC_BASE = 8192;

interface Entry {
  cfg: BfdSessionConfig;
  key: string;
  s: BfdSession;
  sport: number;
  peer?: Addr;
}

export class BfdEngine {
  private entries = new Map<string, Entry>();
  private listeners: Array<(name: string, state: BfdState) => void> = [];
  private unlisten?: () => void;
  private enabled = false;
  private rng: Random;
  /** Packets dropped by the checks of RFC 5881 5 / RFC 5880 6.8.6 and demultiplexing. */
  dropped = 0;

  constructor(private node: Node) {
    this.rng = node.rng.fork(`bfd:${node.name}`);
    node.onIfaceChange((i) => this.ifaceChanged(i));
  }

  update(cfg: BfdConfig): void {
    if (!cfg.enabled) {
      this.stop();
      return;
    }
    this.enabled = true;
    if (!this.unlisten) this.unlisten = this.node.ip.listenUdp(BFD_PORT, (i, ip, u) => this.input(i, ip, u));
    // Sessions gone or rebound: removed (their dependants see them Down).
    for (const [name, e] of [...this.entries]) {
      const c = cfg.sessions.get(name);
      if (!c || sessionKey(c) !== e.key) this.remove(name, e);
    }
    for (const c of cfg.sessions.values()) {
      const e = this.entries.get(c.name);
      if (e) {
        e.cfg = c;
        e.s.setParams(params(c));
        e.s.setAdminDown(c.adminDown);
        continue;
      }
      this.create(c);
    }
  }

  stop(): void {
    this.enabled = false;
    for (const [name, e] of [...this.entries]) this.remove(name, e);
    this.unlisten?.();
    this.unlisten = undefined;
  }

  sessions(): BfdSessionInfo[] {
    return [...this.entries.values()].map((e) => info(e)).sort((a, b) => a.localDisc - b.localDisc);
  }

  state(name: string): BfdState | undefined {
    return this.entries.get(name)?.s.state;
  }

  onStateChange(cb: (name: string, state: BfdState) => void): () => void {
    this.listeners.push(cb);
    return () => {
      this.listeners = this.listeners.filter((x) => x !== cb);
    };
  }

  private create(c: BfdSessionConfig): void {
    const local = c.localDisc === 'auto' ? this.allocDisc() : c.localDisc;
    const fixedRemote = c.remoteDisc === 'auto' ? undefined : c.remoteDisc;
    // RFC 5881 4: one source port per session, from 49152-65535.
    const sport = this.rng.int(BFD_SPORT_MIN, BFD_SPORT_MAX);
    const name = c.name;
    const e: Entry = { cfg: c, key: sessionKey(c), sport, peer: parseAddr(c.peer), s: undefined as unknown as BfdSession };
    e.s = new BfdSession(local, fixedRemote, params(c), this.node.sched, this.rng.fork(name), {
      send: (ctrl) => this.output(e, encodeBfd(ctrl)),
      changed: (_old, now) => this.emit(name, now),
    }, this.node.name);
    this.entries.set(name, e);
    e.s.start(c.adminDown);
    if (!this.pathUp(e)) e.s.pathDown();
  }

  private remove(name: string, e: Entry): void {
    e.s.stop();
    this.entries.delete(name);
    if (e.s.state === 'Up') this.emit(name, 'Down');
  }

  /** Lowest free discriminator from 8192 upwards (configuration order gives 8192, 8193, ...). */
  private allocDisc(): number {
    const used = new Set([...this.entries.values()].map((e) => e.s.localDisc));
    let d = AUTO_DISC_BASE;
    while (used.has(d)) d++;
    return d;
  }

  private emit(name: string, s: BfdState): void {
    for (const l of [...this.listeners]) l(name, s);
  }

  private boundIface(e: Entry): Iface | undefined {
    return e.cfg.iface ? this.node.ifaces.get(e.cfg.iface) : undefined;
  }

  private pathUp(e: Entry): boolean {
    if (!e.cfg.iface) return true;
    const i = this.boundIface(e);
    return !!i && i.up && i.vrf === e.cfg.vrf;
  }

  private ifaceChanged(i: Iface): void {
    if (!this.enabled) return;
    for (const e of this.entries.values()) {
      if (e.cfg.iface === i.name && !this.pathUp(e)) e.s.pathDown();
    }
  }

  /** RFC 5881 4/5: UDP to port 3784 from the session's source port, IP TTL 255, on the bound interface. */
  private output(e: Entry, data: Buffer): void {
    if (!e.peer) return;
    const iface = this.boundIface(e);
    if (e.cfg.iface && (!iface || !iface.up)) return;
    const src = e.cfg.source ? parseAddr(e.cfg.source) : iface?.addrOf(e.peer.afi)?.addr;
    this.node.ip.sendUdp(src, e.peer, e.sport, BFD_PORT, data, { iface, vrf: e.cfg.vrf });
  }

  private input(i: Iface, ip: IpPacket, u: UdpDatagram): void {
    // RFC 5881 5 (GTSM): single-hop Control packets must arrive with TTL/Hop Limit 255.
    if (ip.ttl !== 255) return this.drop();
    const c = decodeBfd(u.data);
    if (!c || rejectReason(c, u.data.length)) return this.drop();
    let e: Entry | undefined;
    if (c.yourDisc !== 0) {
      // RFC 5880 6.3: demultiplex on Your Discriminator.
      e = [...this.entries.values()].find((x) => x.s.localDisc === c.yourDisc);
    } else {
      // RFC 5880 6.3 / 5881 3: Your Discriminator zero: source address, interface and VRF.
      e = [...this.entries.values()].find((x) => !!x.peer && addrEq(x.peer, ip.src) && x.cfg.vrf === i.vrf && (!x.cfg.iface || x.cfg.iface === i.name));
    }
    if (!e) return this.drop();
    // RFC 5881 3: a single-hop session is bound to its interface; the peer must be the source.
    if ((e.cfg.iface && e.cfg.iface !== i.name) || e.cfg.vrf !== i.vrf || !e.peer || !addrEq(e.peer, ip.src)) return this.drop();
    // Type Static: the remote's My Discriminator must be the configured remote discriminator.
    if (e.cfg.remoteDisc !== 'auto' && c.myDisc !== e.cfg.remoteDisc) return this.drop();
    e.s.receive(c);
  }

  private drop(): void {
    this.dropped++;
  }
}

function params(c: BfdSessionConfig) {
  return { desiredMinTx: c.minTxMs * MS, requiredMinRx: c.minRxMs * MS, detectMult: c.detectMult };
}

/** What identifies a session: changing any of these makes a new session. */
function sessionKey(c: BfdSessionConfig): string {
  return [c.peer, c.vrf, c.iface ?? '', c.source ?? '', c.localDisc, c.remoteDisc].join('|');
}

function info(e: Entry): BfdSessionInfo {
  const s = e.s;
  const up = s.state === 'Up';
  return {
    name: e.cfg.name,
    state: s.state,
    localDisc: s.localDisc,
    remoteDisc: s.remoteDisc,
    peer: e.peer ? fmtAddr(e.peer) : e.cfg.peer,
    vrf: e.cfg.vrf,
    iface: e.cfg.iface,
    source: e.cfg.source,
    type: e.cfg.localDisc === 'auto' ? 'Static_Auto' : 'Static',
    minTxMs: e.cfg.minTxMs,
    minRxMs: e.cfg.minRxMs,
    actualTxMs: up ? s.txInterval / MS : undefined,
    actualRxMs: up ? s.rxInterval / MS : undefined,
    detectMult: e.cfg.detectMult,
    detectMs: up ? s.detectTime / MS : undefined,
    localDiag: s.localDiag,
    upSince: s.upSince,
    downCount: s.downCount,
    lastChange: s.lastChange,
    remoteDetectMult: s.remoteDetectMult,
    remoteState: s.remoteState,
    txPackets: s.txCount,
    rxPackets: s.rxCount,
    sport: e.sport,
    wtrMs: e.cfg.wtrMs,
    description: e.cfg.description,
    adminDown: e.cfg.adminDown,
  };
}

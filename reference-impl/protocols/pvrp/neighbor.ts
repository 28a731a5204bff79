/**
 * One PVRP neighbour (freeRtr rtrPvrpNeigh): the open exchange, keepalives, the dead timer,
 * and the learned/advertised tables with their incremental updates.
 */
import { Addr, fmtAddr, fmtPrefix, parsePrefix, prefixKey } from '../../net/addr';
import type { EventHandle } from '../../sim/scheduler';
import { MS, SEC } from '../../sim/scheduler';
import { Datagram, LineChannel, encodeDatagram, fields } from './wire';
import { Attr, Entry, Table, sameAttr } from './table';
import type { PvrpIface } from './process';
import { PVRP_PORT } from './config';

export class PvrpNeighbor {
  /** freeRtr prints "null" until the peer's open arrives. */
  name: string | null = null;
  inam: string | null = null;
  opened = false;
  sentOpen = false;
  upTime: number;
  lastHeard: number;
  learned: Table = new Map();
  adverted: Table = new Map();
  readonly chan: LineChannel;
  private sentUpTo = 0;
  private retx?: EventHandle;
  private openTimer?: EventHandle;
  private deadTimer?: EventHandle;
  private flushPending = false;
  closed = false;

  constructor(
    readonly iface: PvrpIface,
    readonly peer: Addr,
    readonly rtrId: string,
  ) {
    const p = iface.proc;
    this.upTime = p.now;
    this.lastHeard = p.now;
    this.chan = new LineChannel(p.node.rng.int(1, 0x7fffffff));
    // freeRtr rtrPvrpNeigh.doRun: bits.sleep(bits.random(1000, 5000)) before the open exchange.
    const delay = p.node.rng.int(1000, 5000) * MS;
    this.openTimer = p.node.sched.schedule(delay, () => this.sendOpen(), p.node.name);
    this.heard();
  }

  /** Anything from the peer restarts the dead timer (rtrPvrpIface: dead-time, default 15 s). */
  heard(): void {
    const p = this.iface.proc;
    this.lastHeard = p.now;
    this.deadTimer?.cancel();
    this.deadTimer = p.node.sched.schedule(this.iface.cfg.deadMs * MS, () => this.iface.dropNeighbor(this, 'dead timer'), p.node.name);
  }

  get up(): boolean {
    return this.opened && this.sentOpen && !this.closed;
  }

  private sendOpen(): void {
    if (this.closed) return;
    const p = this.iface.proc;
    this.sentOpen = true;
    this.send(`open rtrid=${p.routerId} mtu=1500 bfd=0 iface=${this.iface.iface.name} name=${p.node.hostname}`);
    if (this.opened) this.becameUp();
  }

  private becameUp(): void {
    this.upTime = this.iface.proc.now;
    this.learned.clear();
    this.adverted.clear();
    this.iface.proc.triggerCompute();
  }

  send(line: string): void {
    this.chan.queue(line);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushPending || this.closed) return;
    this.flushPending = true;
    const n = this.iface.proc.node;
    n.sched.schedule(0, () => {
      this.flushPending = false;
      this.flush(false);
    }, n.name);
  }

  /** Send new lines (or every unacked line on retransmission). */
  flush(all: boolean): void {
    if (this.closed) return;
    const grams = this.chan.datagrams(all, this.sentUpTo);
    if (grams.length === 0 && !all) {
      this.sendRaw({ kind: 'data', epoch: this.chan.epoch, peer: this.chan.peerEpoch, seq: this.chan.nextSeq, ack: this.chan.rxNext, lines: [] });
    }
    for (const g of grams) this.sendRaw(g);
    this.sentUpTo = this.chan.nextSeq;
    this.armRetransmit();
  }

  private armRetransmit(): void {
    this.retx?.cancel();
    if (!this.chan.hasUnacked) return;
    const n = this.iface.proc.node;
    this.retx = n.sched.schedule(1 * SEC, () => this.flush(true), n.name);
  }

  private sendRaw(d: Datagram): void {
    const i = this.iface.iface;
    const src = i.addrOf(this.peer.afi)?.addr;
    if (!src) return;
    this.iface.proc.node.ip.sendUdp(src, this.peer, PVRP_PORT, PVRP_PORT, encodeDatagram(d), { iface: i });
  }

  /** A datagram from this peer. Returns false when the peer restarted its session (new epoch). */
  receive(d: Datagram): boolean {
    if (d.peer && d.peer !== this.chan.epoch) {
      // For an earlier session of ours: its lines and acks are not for this one. When we do not
      // know the peer's session either, both sides are stale: start over. Otherwise the peer
      // restarts its side when it hears from this session.
      return !(this.chan.peerEpoch !== 0 && d.epoch !== this.chan.peerEpoch);
    }
    if (this.chan.peerEpoch !== 0 && d.epoch !== this.chan.peerEpoch) return false;
    this.chan.peerEpoch = d.epoch;
    this.heard();
    this.chan.ack(d.ack);
    if (!this.chan.hasUnacked) this.retx?.cancel();
    const lines = this.chan.accept(d);
    for (const l of lines) this.onLine(l);
    if (d.lines.length > 0) this.scheduleFlush();
    return true;
  }

  private onLine(line: string): void {
    const f = fields(line);
    const p = this.iface.proc;
    switch (f.words[0]) {
      case 'open': {
        this.name = f.kv.get('name') ?? '?';
        this.inam = f.kv.get('iface') ?? '?';
        this.opened = true;
        if (this.sentOpen) this.becameUp();
        return;
      }
      case 'keepalive':
      case 'nomore':
      case 'metric':
      case 'measme':
      case 'segrou':
      case 'bier':
        return;
      case 'reachable':
      case 'withdraw': {
        if (!this.up) return;
        const pfx = parsePrefix(f.kv.get('prefix') ?? '');
        if (!pfx || pfx.afi !== p.cfg.afi) return;
        const k = prefixKey(pfx);
        const had = this.learned.delete(k);
        // Path vector: drop what already passed through this router (rtrPvrpNeigh reachable).
        if (f.words[0] === 'withdraw' || f.path.includes(p.routerId)) {
          if (had) p.triggerCompute();
          return;
        }
        const ic = this.iface.cfg;
        const a: Attr = {
          typ: null,
          distance: ic.distance,
          metric: Number(f.kv.get('metric') ?? 0) + ic.metricIn,
          iface: this.iface.iface,
          nextHop: this.peer,
          external: f.kv.get('external') === 'true',
          path: f.path,
          tag: Number(f.kv.get('tag') ?? 0),
          since: p.now,
        };
        this.learned.set(k, { prefix: pfx, alts: [a], best: a });
        p.triggerCompute();
        return;
      }
      case 'close':
      case 'error':
        this.iface.dropNeighbor(this, 'peer closed');
        return;
      default:
        this.send(`warning badCommand ${f.words[0]}`);
    }
  }

  keepalive(): void {
    if (this.up) this.send(`keepalive ${this.iface.cfg.deadMs}`);
  }

  /** freeRtr doAdvert: withdraw what is no longer needed, then send what changed. */
  advertise(need: Table): void {
    if (!this.up) return;
    let sent = 0;
    for (const [k, e] of this.adverted) {
      if (need.has(k)) continue;
      this.adverted.delete(k);
      this.send(this.update(false, e));
      sent++;
    }
    for (const [k, e] of need) {
      const old = this.adverted.get(k);
      if (old && sameAttr({ ...old.best, since: 0 }, { ...e.best, since: 0 })) continue;
      this.adverted.set(k, { prefix: e.prefix, alts: [e.best], best: e.best });
      this.send(this.update(true, e));
      sent++;
    }
    if (sent > 0) this.send('nomore');
  }

  private update(reach: boolean, e: Entry): string {
    const p = this.iface.proc;
    const b = e.best;
    const path = [p.routerId, ...b.path].join(' ');
    return `${reach ? 'reachable' : 'withdraw'} prefix=${fmtPrefix(e.prefix)} metric=${b.metric + this.iface.cfg.metricOut} tag=${b.tag} external=${b.external} path= ${path}`;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.retx?.cancel();
    this.openTimer?.cancel();
    this.deadTimer?.cancel();
    this.learned.clear();
    this.adverted.clear();
  }

  describe(): string {
    return `pvrp with ${fmtAddr(this.peer)}`;
  }
}

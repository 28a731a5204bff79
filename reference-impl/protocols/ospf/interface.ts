/**
 * An OSPF interface (RFC 2328 9): the interface state machine (9.1-9.3) for broadcast
 * (Ethernet) and loopback interfaces, Hellos (9.5, 10.5), the Wait timer and the
 * Designated Router election (9.4), and the adjacency rule (10.4).
 */
import { SEC, type EventHandle, Periodic } from '../../sim/scheduler';
import type { Iface } from '../../net/iface';
import { Neighbor, RANK } from './neighbor';
import { ALL_SPF_ROUTERS, lenMask, OPT_E, T_HELLO, type Hello, type LsaHeader } from './packet';
import type { OspfProcess } from './process';

export type IfState = 'Down' | 'Loopback' | 'Waiting' | 'DROther' | 'Backup' | 'DR';

/** Delayed acknowledgments go out within this time (13.5: shorter than RxmtInterval). */
const ACK_DELAY = 1 * SEC;

interface Candidate {
  rid: number;
  addr: number;
  priority: number;
  dr: number;
  bdr: number;
}

export class OspfInterface {
  state: IfState = 'Down';
  /** DR and BDR by interface address (0 = none). */
  dr = 0;
  bdr = 0;
  readonly nbrs = new Map<number, Neighbor>();
  addr = 0;
  len = 0;
  cost = 1;
  readonly mtu = 1500;
  private hello?: Periodic;
  private wait?: EventHandle;
  private ncPending = false;
  private acks: LsaHeader[] = [];
  private ackTimer?: EventHandle;

  constructor(
    readonly proc: OspfProcess,
    readonly iface: Iface,
    readonly areaId: number,
  ) {}

  get mask(): number {
    return lenMask(this.len);
  }

  get isLoopback(): boolean {
    return this.iface.kind === 'loopback';
  }

  private setState(s: IfState): void {
    if (this.state === s) return;
    this.proc.trace?.(`if ${this.iface.name} ${this.state} -> ${s}`);
    this.state = s;
    this.proc.adjacencyChanged();
  }

  /** InterfaceUp (9.3): loopbacks go to Loopback; broadcast interfaces start Hellos and the Wait timer. */
  up(): void {
    if (this.state !== 'Down') return;
    const a = this.iface.v4!;
    this.addr = Number(a.addr.v);
    this.len = a.len;
    if (this.isLoopback) {
      this.setState('Loopback');
      return;
    }
    const p = this.proc.cfg;
    this.hello = new Periodic(this.proc.node.sched, p.helloSec * SEC, () => this.sendHello(), this.proc.node.name);
    // A small random offset so that routers started together do not send in lockstep.
    this.hello.start(this.proc.rng.int(0, 100) * 1000);
    if (p.priority === 0) {
      this.setState('DROther');
      return;
    }
    this.setState('Waiting');
    // 9.4 Wait timer: RouterDeadInterval; when it fires (WaitTimer event) the DR election runs.
    this.wait = this.proc.schedule(p.deadSec * SEC, () => {
      this.wait = undefined;
      if (this.state === 'Waiting') this.electDr();
    });
  }

  /** InterfaceDown (9.3): every neighbour gets KillNbr, timers stop, state Down. */
  down(): void {
    this.hello?.stop();
    this.wait?.cancel();
    this.ackTimer?.cancel();
    this.acks = [];
    for (const n of [...this.nbrs.values()]) n.kill('KillNbr');
    this.nbrs.clear();
    this.dr = this.bdr = 0;
    this.setState('Down');
  }

  /** Stop timers only (process stop). */
  cancelAll(): void {
    this.hello?.stop();
    this.wait?.cancel();
    this.ackTimer?.cancel();
    for (const n of this.nbrs.values()) n.cancelAll();
  }

  removeNeighbor(n: Neighbor): void {
    if (this.nbrs.get(n.addr) === n) this.nbrs.delete(n.addr);
  }

  sendHello(): void {
    if (this.state === 'Down' || this.isLoopback) return;
    const p = this.proc.cfg;
    const hello: Hello = {
      mask: this.mask,
      helloInterval: p.helloSec,
      options: OPT_E,
      priority: p.priority,
      deadInterval: p.deadSec,
      dr: this.dr,
      bdr: this.bdr,
      // 9.5: every neighbour from which a Hello was seen within RouterDeadInterval (state Init or higher).
      neighbors: [...this.nbrs.values()].filter((n) => RANK[n.state] >= RANK.Init).map((n) => n.routerId),
    };
    this.proc.send(this, ALL_SPF_ROUTERS, { type: T_HELLO, hello });
  }

  /** Receiving a Hello (10.5). */
  onHello(src: number, rid: number, h: Hello): void {
    const p = this.proc.cfg;
    // 10.5: network mask (broadcast), HelloInterval, RouterDeadInterval and the E bit must match.
    if (h.mask !== this.mask || h.helloInterval !== p.helloSec || h.deadInterval !== p.deadSec) return;
    if ((h.options & OPT_E) !== OPT_E) return;
    let n = this.nbrs.get(src);
    if (!n) {
      n = new Neighbor(this, src, rid);
      this.nbrs.set(src, n);
    }
    n.routerId = rid;
    const oldPri = n.priority;
    const oldDr = n.dr;
    const oldBdr = n.bdr;
    n.priority = h.priority;
    n.dr = h.dr;
    n.bdr = h.bdr;
    n.options = h.options;
    n.helloReceived();
    if (h.neighbors.includes(this.proc.rid)) n.twoWayReceived();
    else {
      n.oneWayReceived();
      return;
    }
    if (oldPri !== h.priority) this.neighborChange();
    // BackupSeen (9.2): the neighbour declares itself BDR, or DR with no BDR, while we wait.
    if (this.state === 'Waiting' && ((h.dr === src && h.bdr === 0) || h.bdr === src)) {
      this.wait?.cancel();
      this.wait = undefined;
      this.electDr();
    }
    const declared = (x: number) => x === src;
    if (declared(h.dr) !== declared(oldDr) || declared(h.bdr) !== declared(oldBdr)) this.neighborChange();
  }

  /** NeighborChange (9.2), coalesced: rerun the election unless Down/Loopback/Waiting. */
  neighborChange(): void {
    if (this.ncPending) return;
    this.ncPending = true;
    this.proc.schedule(0, () => {
      this.ncPending = false;
      if (this.state === 'DR' || this.state === 'Backup' || this.state === 'DROther') this.electDr();
    });
  }

  /** The Designated Router election (9.4). */
  electDr(): void {
    const p = this.proc.cfg;
    const oldDr = this.dr;
    const oldBdr = this.bdr;
    const others: Candidate[] = [...this.nbrs.values()]
      .filter((n) => RANK[n.state] >= RANK['2-Way'] && n.priority > 0)
      .map((n) => ({ rid: n.routerId, addr: n.addr, priority: n.priority, dr: n.dr, bdr: n.bdr }));
    const me = (): Candidate => ({ rid: this.proc.rid, addr: this.addr, priority: p.priority, dr: this.dr, bdr: this.bdr });
    const better = (a: Candidate, b: Candidate) => a.priority > b.priority || (a.priority === b.priority && a.rid > b.rid);
    const best = (l: Candidate[]) => l.reduce<Candidate | undefined>((x, c) => (!x || better(c, x) ? c : x), undefined);
    const round = () => {
      const cands = p.priority > 0 ? [me(), ...others] : others;
      // Step 2: the BDR among routers not declaring themselves DR; those declaring themselves BDR first.
      const notDr = cands.filter((c) => c.dr !== c.addr);
      const bdr = best(notDr.filter((c) => c.bdr === c.addr)) ?? best(notDr);
      // Step 3: the DR among routers declaring themselves DR, else the new BDR.
      const dr = best(cands.filter((c) => c.dr === c.addr)) ?? bdr;
      return { dr: dr?.addr ?? 0, bdr: bdr?.addr ?? 0 };
    };
    let r = round();
    // Step 4: if this router became or ceased to be DR or BDR, repeat steps 2 and 3.
    if ((r.dr === this.addr) !== (oldDr === this.addr) || (r.bdr === this.addr) !== (oldBdr === this.addr)) {
      this.dr = r.dr;
      this.bdr = r.bdr;
      r = round();
    }
    this.dr = r.dr;
    this.bdr = r.bdr;
    // Step 5: the interface state follows.
    this.setState(this.dr === this.addr ? 'DR' : this.bdr === this.addr ? 'Backup' : 'DROther');
    if (this.dr !== oldDr || this.bdr !== oldBdr) {
      this.proc.trace?.(`dr ${this.iface.name} dr=${this.dr} bdr=${this.bdr}`);
      // Step 7: AdjOK? on every neighbour of state 2-Way or higher; send a Hello to announce the change.
      for (const n of this.nbrs.values()) if (RANK[n.state] >= RANK['2-Way']) n.adjOk();
      this.sendHello();
      this.proc.adjacencyChanged();
    }
  }

  /** 10.4: an adjacency forms with the DR and BDR, or when this router is DR or BDR. */
  shouldAdjacent(n: Neighbor): boolean {
    if (this.state === 'Waiting' || this.state === 'Down') return false;
    return this.dr === this.addr || this.bdr === this.addr || this.dr === n.addr || this.bdr === n.addr;
  }

  /** True when some neighbour is Full (for router/network LSA origination). */
  fullNeighbors(): Neighbor[] {
    return [...this.nbrs.values()].filter((n) => n.state === 'Full');
  }

  /** Queue a delayed acknowledgment (13.5), sent within ACK_DELAY. */
  delayedAck(h: LsaHeader): void {
    this.acks.push(h);
    if (this.ackTimer) return;
    this.ackTimer = this.proc.schedule(ACK_DELAY, () => {
      this.ackTimer = undefined;
      const acks = this.acks;
      this.acks = [];
      if (acks.length > 0 && this.state !== 'Down') this.proc.sendAck(this, acks);
    });
  }
}

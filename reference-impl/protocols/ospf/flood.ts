/**
 * The flooding procedure (RFC 2328 13): receiving Link State Updates (13, steps 1-8),
 * flooding out of the area's interfaces (13.3), acknowledgments (13.5, 13.7) and
 * MaxAge removal (14).
 */
import { SEC } from '../../sim/scheduler';
import { cmpInstance, lsaKey, MAX_AGE, MAX_SEQ, MIN_LS_ARRIVAL } from './lsdb';
import { RANK, type Neighbor } from './neighbor';
import { ALL_D_ROUTERS, ALL_SPF_ROUTERS, lsaChecksumOk, T_ACK, T_LSU, type Lsa, type LsaHeader } from './packet';
import type { OspfInterface } from './interface';
import type { OspfProcess } from './process';

const KNOWN_TYPES = new Set([1, 2, 3, 4, 5]);

/** 13.3: flood `lsa` (received from `rn` on `ri`, or self-originated). Returns true when sent back out `ri`. */
export function flood(proc: OspfProcess, lsa: Lsa, ri?: OspfInterface, rn?: Neighbor): boolean {
  const key = lsaKey(lsa.hdr);
  let back = false;
  for (const oi of proc.ifaces.values()) {
    if (oi.state === 'Down' || oi.state === 'Loopback') continue;
    let added = false;
    for (const n of oi.nbrs.values()) {
      // 13.3 (1a): only neighbours in Exchange or higher take part in flooding.
      if (RANK[n.state] < RANK.Exchange) continue;
      // (1b): a pending request for this LSA is compared with the new instance.
      const rq = n.reqList.get(key);
      if (rq && (n.state === 'Exchange' || n.state === 'Loading')) {
        const c = cmpInstance(lsa.hdr, rq);
        if (c < 0) continue;
        n.reqList.delete(key);
        n.requestsSatisfied();
        if (c === 0) continue;
      }
      // (1c): not back to the neighbour it came from.
      if (n === rn) continue;
      // (1d): onto the retransmission list.
      n.addRetx(lsa);
      added = true;
    }
    if (!added) continue;
    if (oi === ri && rn) {
      // (3), (4): the DR/BDR already flooded it on the receiving segment; a BDR stays quiet.
      if (rn.addr === oi.dr || rn.addr === oi.bdr) continue;
      if (oi.state === 'Backup') continue;
      back = true;
    }
    // (5): DR and BDR send to AllSPFRouters, other routers to AllDRouters.
    const dst = oi.state === 'DR' || oi.state === 'Backup' ? ALL_SPF_ROUTERS : ALL_D_ROUTERS;
    proc.send(oi, dst, { type: T_LSU, lsas: [sendCopy(proc, lsa)] });
  }
  return back;
}

/** The instance to transmit: the database's current age plus InfTransDelay when it is the installed one. */
function sendCopy(proc: OspfProcess, lsa: Lsa): Lsa {
  const e = proc.lsdb.get(lsa.hdr);
  if (e && e.lsa === lsa) return proc.lsaForSend(e);
  return lsa;
}

/** A Link State Update from neighbour `n` on `oi` (13). */
export function onLsu(proc: OspfProcess, oi: OspfInterface, n: Neighbor, lsas: Lsa[]): void {
  if (RANK[n.state] < RANK.Exchange) return;
  const db = proc.lsdb;
  const direct: LsaHeader[] = [];
  let satisfied = false;
  for (const lsa of lsas) {
    // Steps 1-3: the LSA checksum and a known LS type.
    if (!lsaChecksumOk(lsa.raw) || !KNOWN_TYPES.has(lsa.hdr.type)) continue;
    const h = lsa.hdr;
    const key = lsaKey(h);
    const e = db.get(key);
    const dbh = e && db.header(e);
    // Step 4: a MaxAge LSA we do not hold, with no exchange in progress, is acknowledged and dropped.
    if (h.age >= MAX_AGE && !e && !proc.anyExchanging()) {
      direct.push(h);
      continue;
    }
    const c = dbh ? cmpInstance(h, dbh) : 1;
    const rq = n.reqList.get(key);
    const requested = !!rq && cmpInstance(h, rq) >= 0;
    if (requested) {
      n.reqList.delete(key);
      satisfied = true;
    }
    if (c > 0) {
      // Step 5a: MinLSArrival for instances that came by flooding.
      if (e && e.flooded && proc.now - e.at < MIN_LS_ARRIVAL * SEC) continue;
      // 5c before 5b: the old database copy leaves every retransmission list (they are keyed by
      // LSA identity, so doing it after flooding would drop the new instance too).
      for (const i of proc.ifaces.values()) for (const x of i.nbrs.values()) x.removeRetx(key);
      const back = flood(proc, lsa, oi, n); // 5b
      // 5d; an answer to our request (10.9) counts as database exchange, not flooding, for MinLSArrival.
      proc.installLsa(lsa, h.age, requested ? 'request' : 'flood');
      // 5e, 13.5: a delayed ack unless it was flooded back out; a BDR acks only what the DR sent.
      if (!back && (oi.state !== 'Backup' || n.addr === oi.dr)) oi.delayedAck(h);
      // 5f, 13.4: our own LSA coming back newer than ours.
      if (proc.isSelfOriginated(h)) proc.selfOriginatedReceived(lsa);
      continue;
    }
    if (c === 0) {
      // Step 7: the same instance: an implied acknowledgment if we were waiting for it, else a direct ack.
      if (n.retx.has(key)) {
        n.removeRetx(key);
        if (oi.state === 'Backup' && n.addr === oi.dr) oi.delayedAck(h);
      } else direct.push(h);
      continue;
    }
    // Step 8: our copy is newer; send it back unless it is being flushed at MaxSequenceNumber.
    if (dbh && dbh.age >= MAX_AGE && dbh.seq === MAX_SEQ) continue;
    if (e) proc.send(oi, n.addr, { type: T_LSU, lsas: [proc.lsaForSend(e)] });
  }
  if (direct.length > 0) proc.send(oi, n.addr, { type: T_ACK, acks: direct });
  if (satisfied) n.requestsSatisfied();
}

/** A Link State Acknowledgment (13.7): the acknowledged instances leave the retransmission list. */
export function onAck(proc: OspfProcess, n: Neighbor, acks: LsaHeader[]): void {
  if (RANK[n.state] < RANK.Exchange) return;
  for (const h of acks) {
    const key = lsaKey(h);
    const l = n.retx.get(key);
    if (l && l.hdr.seq === h.seq && l.hdr.cksum === h.cksum && (l.hdr.age >= MAX_AGE) === (h.age >= MAX_AGE)) n.removeRetx(key);
  }
  proc.purgeMaxAge();
}

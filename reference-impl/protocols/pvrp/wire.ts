/**
 * PVRP on the wire. freeRtr discovers neighbours with UDP hellos to 224.0.0.227 / ff02::227
 * port 1547 and then exchanges text lines ("open", "reachable prefix=... metric=... path= ...",
 * "withdraw", "keepalive", "nomore") over TCP port 1547 (rtrPvrpNeigh.java).
 *
 * Deviation, on purpose: the reference router has no TCP, so the same text lines travel in
 * UDP datagrams to port 1547 with a small header that gives TCP's guarantees the protocol relies
 * on (ordered, reliable delivery): `pvrp <kind> s=<session epoch> r=<peer's epoch> q=<first seq>
 * a=<ack>`. `r` (0 until the peer is heard) plays the part of TCP's acknowledged initial sequence
 * number: a datagram for an earlier session of the receiver is not taken for the current one.
 * Lines keep freeRtr's exact syntax, so a capture reads like a freeRtr session.
 */

export interface Datagram {
  kind: 'hello' | 'data';
  epoch: number;
  /** The receiver's session epoch as the sender knows it (0: not heard yet). */
  peer?: number;
  /** Sequence number of the first line (data). */
  seq: number;
  /** Next sequence number expected from the peer (cumulative ack). */
  ack: number;
  /** hello: key=value fields; data: session lines. */
  lines: string[];
}

export function encodeDatagram(d: Datagram): Buffer {
  const head = `pvrp ${d.kind} s=${d.epoch}${d.kind === 'data' ? ` r=${d.peer ?? 0}` : ''} q=${d.seq} a=${d.ack}`;
  return Buffer.from([head, ...d.lines].join('\n'), 'utf8');
}

export function decodeDatagram(b: Buffer): Datagram | undefined {
  const lines = b.toString('utf8').split('\n');
  const m = /^pvrp (hello|data) s=(\d+)(?: r=(\d+))? q=(\d+) a=(\d+)$/.exec(lines[0] ?? '');
  if (!m) return undefined;
  return { kind: m[1] as 'hello' | 'data', epoch: Number(m[2]), peer: Number(m[3] ?? 0), seq: Number(m[4]), ack: Number(m[5]), lines: lines.slice(1) };
}

/** Parse `key=value` words of a line (freeRtr's open and reachable lines). */
export function fields(line: string): { words: string[]; kv: Map<string, string>; path: string[] } {
  const pi = line.indexOf(' path=');
  const head = pi >= 0 ? line.slice(0, pi) : line;
  const path = pi >= 0 ? line.slice(pi + 6).trim().split(/\s+/).filter(Boolean) : [];
  const words = head.trim().split(/\s+/);
  const kv = new Map<string, string>();
  for (const w of words.slice(1)) {
    const i = w.indexOf('=');
    if (i > 0) kv.set(w.slice(0, i).toLowerCase(), w.slice(i + 1));
  }
  return { words, kv, path };
}

/** Reliable, ordered delivery of lines over datagrams (what TCP gives freeRtr). */
export class LineChannel {
  private txSeq = 0;
  private unacked: Array<{ seq: number; line: string }> = [];
  rxNext = 0;
  peerEpoch = 0;

  constructor(readonly epoch: number) {}

  queue(line: string): void {
    this.unacked.push({ seq: this.txSeq++, line });
  }

  /** Lines newer than `fromSeq` (or all unacked when retransmitting), chunked to datagrams. */
  datagrams(all: boolean, sentUpTo: number): Datagram[] {
    const items = all ? this.unacked : this.unacked.filter((x) => x.seq >= sentUpTo);
    const out: Datagram[] = [];
    let cur: Array<{ seq: number; line: string }> = [];
    let size = 0;
    const flush = () => {
      if (cur.length === 0) return;
      out.push({ kind: 'data', epoch: this.epoch, peer: this.peerEpoch, seq: cur[0].seq, ack: this.rxNext, lines: cur.map((c) => c.line) });
      cur = [];
      size = 0;
    };
    for (const it of items) {
      if (size + it.line.length > 1200) flush();
      cur.push(it);
      size += it.line.length + 1;
    }
    flush();
    return out;
  }

  get nextSeq(): number {
    return this.txSeq;
  }

  get hasUnacked(): boolean {
    return this.unacked.length > 0;
  }

  ack(next: number): void {
    this.unacked = this.unacked.filter((x) => x.seq >= next);
  }

  /** Accept the in-order part of a datagram; returns the new lines. */
  accept(d: Datagram): string[] {
    const out: string[] = [];
    for (let i = 0; i < d.lines.length; i++) {
      const seq = d.seq + i;
      if (seq === this.rxNext) {
        out.push(d.lines[i]);
        this.rxNext++;
      }
    }
    return out;
  }
}

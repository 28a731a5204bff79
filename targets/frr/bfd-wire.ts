// BFD detection time measured on the wire: a capture on the detecting router's interface holds
// the last control packet it received from its peer, and the router's first reaction: a BFD
// packet saying Down, or (sooner: bfdd sends Down packets at the 1 s slow rate, RFC 5880 section
// 6.8.3) the BGP NOTIFICATION "Cease/BFD Down" its bgpd sends the moment BFD tells it. The
// difference is the detection time (RFC 5880 section 6.8.4) plus bgpd's reaction, one clock.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import type { FrrLab } from './lab';
import { FrrLabError, sleep } from './sh';

export interface BfdPacket {
  /** 'bfd' control packet, or a BGP NOTIFICATION (TCP port 179). */
  kind: 'bfd' | 'bgp-notification';
  timeMs: number;
  src: string;
  dst: string;
  /** RFC 5880 section 4.1: 0 AdminDown, 1 Down, 2 Init, 3 Up. */
  state: number;
  diag: number;
}

/** BFD control packets (UDP 3784, IPv4 over Ethernet) of a classic pcap file. */
export function parseBfdPcap(buf: Buffer): BfdPacket[] {
  if (buf.length < 24) return [];
  const magic = buf.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  if (u32(20) !== 1) throw new Error(`pcap link type ${u32(20)} is not Ethernet`);
  const out: BfdPacket[] = [];
  for (let o = 24; o + 16 <= buf.length;) {
    const sec = u32(o);
    const frac = u32(o + 4);
    const incl = u32(o + 8);
    const p = o + 16;
    o = p + incl;
    if (o > buf.length || incl < 14 + 20 + 8 + 4) continue;
    if (buf.readUInt16BE(p + 12) !== 0x0800) continue;
    const ip = p + 14;
    const ihl = (buf[ip] & 0x0f) * 4;
    const addr = (a: number): string => [0, 1, 2, 3].map((i) => buf[a + i]).join('.');
    const timeMs = sec * 1000 + (nano ? frac / 1e6 : frac / 1e3);
    const l4 = ip + ihl;
    if (buf[ip + 9] === 6) {
      // TCP: a BGP message (16 bytes of 0xff, length, type 3 = NOTIFICATION) at the payload's start
      const payload = l4 + (buf[l4 + 12] >> 4) * 4;
      if (payload + 19 <= o && buf.subarray(payload, payload + 16).every((b) => b === 0xff) && buf[payload + 18] === 3) {
        out.push({ kind: 'bgp-notification', timeMs, src: addr(ip + 12), dst: addr(ip + 16), state: -1, diag: -1 });
      }
      continue;
    }
    if (buf[ip + 9] !== 17 || buf.readUInt16BE(l4 + 2) !== 3784) continue;
    const bfd = l4 + 8;
    out.push({ kind: 'bfd', timeMs, src: addr(ip + 12), dst: addr(ip + 16), state: buf[bfd + 1] >> 6, diag: buf[bfd] & 0x1f });
  }
  return out;
}

/** From the last BFD packet received from `peer` to `local`'s first reaction (BFD Down or BGP NOTIFICATION). */
export function detectionFromPackets(pkts: BfdPacket[], local: string, peer: string): number | undefined {
  const react = pkts.find((p) => p.src === local && p.dst === peer && (p.kind === 'bgp-notification' || p.state === 1));
  if (!react) return undefined;
  const lastRx = pkts.filter((p) => p.kind === 'bfd' && p.src === peer && p.timeMs <= react.timeMs).pop();
  return lastRx ? react.timeMs - lastRx.timeMs : undefined;
}

/**
 * Captures BFD on `node`'s `iface`, runs `cause` (which makes the link silent), waits for the
 * session to `peer` to go down (deadline 5 s), and returns the detection time on the wire, ms.
 * The capture file is removed once read.
 */
export async function measureBfdDetection(lab: FrrLab, node: string, iface: string, local: string, peer: string, cause: () => Promise<void>, file: string): Promise<number> {
  const rt = lab.node(node);
  const tcpdump = spawn('ip', ['netns', 'exec', rt.ns, 'tcpdump', '--immediate-mode', '-U', '-n', '-i', iface, '-w', file, 'udp port 3784 or tcp port 179'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  tcpdump.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const end = Date.now() + 5000;
  while (!/listening on/.test(err) && Date.now() < end && tcpdump.exitCode === null) await sleep(10);
  if (!/listening on/.test(err)) {
    tcpdump.kill('SIGKILL');
    throw new FrrLabError(`node ${node}: tcpdump on ${iface} did not start: ${err.trim()}`);
  }
  await sleep(100); // a few packets from the peer before the cut
  try {
    await cause();
    const deadline = Date.now() + 5000;
    for (;;) {
      const out = await lab.vtysh(node, [`show bfd peer ${peer} json`]);
      if (/"status":\s*"down"/.test(out)) break;
      if (Date.now() > deadline) throw new FrrLabError(`node ${node}: BFD session to ${peer} not down 5 s after the link went silent`);
      await sleep(20);
    }
    await sleep(50);
  } finally {
    const done = new Promise<void>((r) => tcpdump.once('exit', () => r()));
    tcpdump.kill('SIGTERM');
    await Promise.race([done, sleep(3000)]);
  }
  const pkts = parseBfdPcap(readFileSync(file));
  rmSync(file, { force: true }); // the capture is only read here: nothing of the run stays behind
  const d = detectionFromPackets(pkts, local, peer);
  if (d === undefined) throw new FrrLabError(`node ${node}: the capture on ${iface} has no BFD Down nor BGP NOTIFICATION after the peer's last BFD packet`);
  return Math.round(d * 1000) / 1000;
}

/**
 * `tcpdump -ni IF [-c N]` on a Linux host: the frames seen on IF (both directions, at the time
 * they leave or reach this host, on the lab clock), one line each in tcpdump's default format
 * (no -v, no -e), until -c N frames, Ctrl-C or the work budget; then tcpdump's summary.
 * A bond shows its members' frames except their LACPDUs (the bond consumes those).
 */
import { fmtAddr } from '../../net/addr';
import * as P from '../../net/packet';
import { decodeTcp } from '../../net/tcp-segment';
import type { FrameTap, Link } from '../../net/link';
import type { Iface } from '../../net/iface';
import type { Io } from './io';
import type { LinuxDevice } from './device';
import { macStr } from './state';

const ETH_SLOW = 0x8809;

/** hh:mm:ss.uuuuuu of a virtual time (µs since the lab started, as the lab's day). */
export function tcpdumpTime(us: number): string {
  const day = 86_400_000_000;
  const t = ((us % day) + day) % day;
  const s = Math.floor(t / 1e6);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}.${String(t % 1e6).padStart(6, '0')}`;
}

const TCP_FLAGS: Array<[number, string]> = [[0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W']];

/** One frame as tcpdump -n prints it (without the time stamp). */
export function describeFrame(frame: Buffer): string {
  const f = P.decodeEth(frame);
  if (!f) return `[|ether]`;
  const len = f.payload.length;
  if (f.type === ETH_SLOW) {
    const sub = f.payload[0];
    const ver = f.payload[1];
    if (sub === 1) return `LACPv${ver}, length ${len}`;
    if (sub === 2) return `MARKERv${ver}, length ${len}`;
    return `OAM, length ${len}`;
  }
  if (f.type === P.ETH_ARP) {
    const a = P.decodeArp(f.payload);
    if (!a) return `ARP, [|arp]`;
    if (a.op === 1) {
      const tha = a.tha.equals(Buffer.alloc(6)) ? '' : ` (${macStr(a.tha)})`;
      return `ARP, Request who-has ${fmtAddr(a.tpa)}${tha} tell ${fmtAddr(a.spa)}, length ${len}`;
    }
    return `ARP, Reply ${fmtAddr(a.spa)} is-at ${macStr(a.sha)}, length ${len}`;
  }
  if (f.type === P.ETH_IPV4 || f.type === P.ETH_IPV6) {
    const ip = P.decodeIp(f.type, f.payload);
    if (!ip) return f.type === P.ETH_IPV4 ? 'IP [|ip]' : 'IP6 [|ip6]';
    const tag = f.type === P.ETH_IPV4 ? 'IP' : 'IP6';
    const s = fmtAddr(ip.src);
    const d = fmtAddr(ip.dst);
    if (ip.proto === P.PROTO_TCP) {
      const t = decodeTcp(ip.src, ip.dst, ip.payload);
      if (!t) return `${tag} ${s} > ${d}: tcp [|tcp]`;
      const fl = TCP_FLAGS.filter(([b]) => t.flags & b).map(([, c]) => c).join('') || 'none';
      const n = t.data.length;
      const seq = n > 0 ? `${t.seq >>> 0}:${((t.seq + n) >>> 0)}` : `${t.seq >>> 0}`;
      const ack = t.flags & 0x10 ? `, ack ${t.ack >>> 0}` : '';
      const opts = t.mss !== undefined ? `, options [mss ${t.mss}]` : '';
      return `${tag} ${s}.${t.sport} > ${d}.${t.dport}: Flags [${fl}], seq ${seq}${ack}, win ${t.window}${opts}, length ${n}`;
    }
    if (ip.proto === P.PROTO_UDP) {
      const u = P.decodeUdp(ip.payload);
      if (!u) return `${tag} ${s} > ${d}: udp [|udp]`;
      return `${tag} ${s}.${u.sport} > ${d}.${u.dport}: UDP, length ${u.data.length}`;
    }
    if (ip.proto === P.PROTO_ICMP && f.type === P.ETH_IPV4) {
      const m = P.decodeIcmp(ip.payload);
      const n = ip.payload.length;
      if (!m) return `${tag} ${s} > ${d}: ICMP [|icmp]`;
      if ((m.type === P.ICMP4.ECHO || m.type === P.ICMP4.ECHO_REPLY) && m.body.length >= 4) {
        return `${tag} ${s} > ${d}: ICMP echo ${m.type === P.ICMP4.ECHO ? 'request' : 'reply'}, id ${m.body.readUInt16BE(0)}, seq ${m.body.readUInt16BE(2)}, length ${n}`;
      }
      if (m.type === P.ICMP4.TIME_EXCEEDED) return `${tag} ${s} > ${d}: ICMP time exceeded in-transit, length ${n}`;
      if (m.type === P.ICMP4.UNREACH) {
        const inner = P.decodeIp(P.ETH_IPV4, fixLen(m.body.subarray(4)));
        const what = m.code === 3 && inner?.proto === P.PROTO_UDP && inner.payload.length >= 4
          ? `${fmtAddr(inner.dst)} udp port ${inner.payload.readUInt16BE(2)} unreachable`
          : m.code === 1 ? `host ${inner ? fmtAddr(inner.dst) : '?'} unreachable` : `net ${inner ? fmtAddr(inner.dst) : '?'} unreachable`;
        return `${tag} ${s} > ${d}: ICMP ${what}, length ${n}`;
      }
      return `${tag} ${s} > ${d}: ICMP type-#${m.type}, length ${n}`;
    }
    if (ip.proto === P.PROTO_ICMP6) {
      const m = P.decodeIcmp(ip.payload);
      const names: Record<number, string> = { 128: 'echo request', 129: 'echo reply', 135: 'neighbor solicitation', 136: 'neighbor advertisement', 1: 'destination unreachable', 3: 'time exceeded in-transit' };
      return `${tag} ${s} > ${d}: ICMP6, ${m ? names[m.type] ?? `type-#${m.type}` : '[|icmp6]'}, length ${ip.payload.length}`;
    }
    return `${tag} ${s} > ${d}: ip-proto-${ip.proto} ${ip.payload.length}`;
  }
  if (f.type === P.ETH_MPLS) return `MPLS, length ${len}`;
  return `ethertype Unknown (0x${f.type.toString(16).padStart(4, '0')}), length ${frame.length}`;
}

/** A quoted packet is cut short: patch its total length so it decodes. */
function fixLen(b: Buffer): Buffer {
  const c = Buffer.from(b);
  if (c.length >= 20) c.writeUInt16BE(c.length, 2);
  return c;
}

export async function tcpdumpCommand(dev: LinuxDevice, argv: string[], io: Io): Promise<number> {
  let ifname: string | undefined;
  let count: number | undefined;
  for (let k = 0; k < argv.length; k++) {
    const w = argv[k];
    const m = /^-([a-zA-Z]+)$/.exec(w);
    if (!m) {
      io.err(`netproof: tcpdump filter expressions are not modelled ('${argv.slice(k).join(' ')}')\n`);
      return 1;
    }
    const letters = m[1];
    for (let j = 0; j < letters.length; j++) {
      const c = letters[j];
      if (c === 'n' || c === 'l') continue;
      if (c === 'i' || c === 'c') {
        const v = j + 1 < letters.length ? letters.slice(j + 1) : argv[++k];
        j = letters.length;
        if (v === undefined) { io.err(`tcpdump: option requires an argument -- '${c}'\n`); return 1; }
        if (c === 'i') ifname = v;
        else {
          if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 0x7fffffff) { io.err(`tcpdump: invalid packet count ${v}\n`); return 1; }
          count = Number(v);
        }
        continue;
      }
      io.err(`netproof: tcpdump option -${c} is not modelled (-n, -i IF, -c N, -l are)\n`);
      return 1;
    }
  }
  dev.state.discover();
  const name = ifname ?? dev.state.sorted().find((l) => l.type === 'ether' && l.adminUp)?.name;
  const l = name !== undefined ? dev.state.links.get(name) : undefined;
  if (!l || name === undefined) {
    io.err(`tcpdump: ${name ?? 'any'}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`);
    return 1;
  }
  if (!l.adminUp) {
    io.err(`tcpdump: ${name}: That device is not up\n`);
    return 1;
  }
  if (io.boot) {
    io.err('netproof: tcpdump needs the lab clock running; not available in a topology exec\n');
    return 1;
  }
  const node = dev.node;
  // The ports whose links carry this device's frames.
  const ports: Iface[] = [];
  const self = node.ifaces.get(name);
  if (l.type === 'ether' && self) ports.push(self);
  if (l.type === 'bond') for (const s of dev.state.slaves(name)) { const i = node.ifaces.get(s.name); if (i) ports.push(i); }
  const skipSlow = l.type === 'bond';
  io.err('tcpdump: verbose output suppressed, use -v or -vv for full protocol decode\n');
  io.err(`listening on ${name}, link-type ${l.type === 'loopback' ? 'EN10MB (Ethernet)' : 'EN10MB (Ethernet)'}, capture size 262144 bytes\n`);
  const sched = node.sched;
  let captured = 0;
  await new Promise<void>((resolve) => {
    let finished = false;
    const taps: Array<{ link: Link; tap: FrameTap }> = [];
    const pending = new Set<{ cancel(): void }>();
    const finish = () => {
      if (finished) return;
      finished = true;
      for (const t of taps) t.link.taps = t.link.taps.filter((x) => x !== t.tap);
      for (const h of pending) h.cancel();
      io.signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = () => sched.schedule(0, finish, node.name);
    io.signal.addEventListener('abort', onAbort, { once: true });
    const print = (frame: Buffer) => {
      if (finished) return;
      if (skipSlow && frame.length >= 14 && frame.readUInt16BE(12) === ETH_SLOW) return;
      if (!io.spend(1)) return finish();
      captured++;
      io.out(`${tcpdumpTime(sched.now)} ${describeFrame(frame)}\n`);
      if (count !== undefined && captured >= count) finish();
    };
    for (const p of ports) {
      const link = p.link;
      if (!link) continue;
      const tap: FrameTap = (_t, from, frame) => {
        if (finished) return;
        if (from === p) { print(frame); return; }
        // A frame from the far end is seen here when it arrives (and only if it does).
        const copy = Buffer.from(frame);
        const h = sched.schedule(link.delay, () => {
          pending.delete(h);
          if (link.up && p.link === link) print(copy);
        }, node.name);
        pending.add(h);
      };
      link.taps.push(tap);
      taps.push({ link, tap });
    }
  });
  const pl = (n: number) => (n === 1 ? '' : 's');
  io.err(`${captured} packet${pl(captured)} captured\n${captured} packet${pl(captured)} received by filter\n0 packets dropped by kernel\n`);
  return 0;
}

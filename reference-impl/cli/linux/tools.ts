/**
 * iputils' `ping` and `arping` on a Linux host, in the lab's virtual time: probes every
 * `-i` seconds, each waiting up to `-W` for its answer, `-I` an interface or a VRF device (its
 * table is the one used), `-c` / `-w` / Ctrl-C / the work budget end the run, and the summary
 * lines and exit status are iputils' (0 when a reply came, 1 when none did, 2 on an error).
 */
import { parseAddr, fmtAddr, type Addr } from '../../net/addr';
import { probe, type ProbeResult } from '../../net/tools';
import * as P from '../../net/packet';
import { SEC, MS } from '../../sim/scheduler';
import type { Io } from './io';
import type { LinuxDevice } from './device';
import { macStr } from './state';

/** Linux's default TTL (net.ipv4.ip_default_ttl). */
const DEFAULT_TTL = 64;
/** iputils: the largest ICMP data size over IPv4 (65535 - 20 - 8). */
const MAX_SIZE = 65507;
/** Smallest interval accepted (iputils lets root go down to 2 ms). */
const MIN_INTERVAL = 2 * MS;
/** Longest wait for one reply (-W), and the longest deadline (-w): a day of virtual time. */
const MAX_WAIT = 86400 * SEC;

export function sleepFor(dev: LinuxDevice, us: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      h.cancel();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const h = dev.node.sched.schedule(Math.max(0, us), done, dev.node.name);
    signal.addEventListener('abort', done, { once: true });
  });
}

class Usage extends Error {}

function num(flag: string, v: string | undefined, prog: string): number {
  if (v === undefined) throw new Usage(`${prog}: option requires an argument -- '${flag}'`);
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new Usage(`${prog}: invalid argument: '${v}'`);
  return n;
}

function intIn(flag: string, v: string | undefined, prog: string, lo: number, hi: number): number {
  const n = num(flag, v, prog);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new Usage(`${prog}: invalid argument: '${v}': out of range: ${lo} <= value <= ${hi}`);
  return n;
}

/** iputils' rtt format: three significant decimals below 1 ms, fewer above. */
function fmtRtt(us: number): string {
  if (us >= 100_000) return `${Math.floor(us / 1000)}`;
  if (us >= 10_000) return (us / 1000).toFixed(1);
  if (us >= 1000) return (us / 1000).toFixed(2);
  return (us / 1000).toFixed(3);
}

/** printf's %g, as iputils prints the loss percentage. */
function fmtG(x: number): string {
  return String(Number(x.toPrecision(6)));
}

interface Egress {
  vrf: string;
  src?: Addr;
  label?: string;
}

/** -I: an interface (its VRF, its address as source), a VRF device, or a source address. */
function egress(dev: LinuxDevice, spec: string | undefined, prog: string): Egress {
  if (spec === undefined) return { vrf: '' };
  const l = dev.state.links.get(spec);
  if (l) {
    if (l.type === 'vrf') return { vrf: l.name, label: l.name };
    const vrf = dev.state.vrfOf(l);
    const a = l.addrs.find((x) => x.afi === 4);
    return { vrf, src: a ? parseAddr(a.addr) : undefined, label: l.name };
  }
  const a = parseAddr(spec);
  if (a) {
    for (const x of dev.state.links.values()) {
      if (x.addrs.some((y) => y.addr === fmtAddr(a))) return { vrf: dev.state.vrfOf(x), src: a };
    }
    throw new Usage(`${prog}: bind: Cannot assign requested address`);
  }
  throw new Usage(`${prog}: SO_BINDTODEVICE ${spec}: No such device`);
}

export async function pingCommand(dev: LinuxDevice, argv: string[], io: Io): Promise<number> {
  let count: number | undefined;
  let interval = SEC;
  let wait = 10 * SEC;
  let deadline: number | undefined;
  let size = 56;
  let ttl = DEFAULT_TTL;
  let quiet = false;
  let iface: string | undefined;
  let host: string | undefined;
  try {
    for (let k = 0; k < argv.length; k++) {
      const w = argv[k];
      const m = /^-([cisWwItq46n])(.*)$/.exec(w);
      if (!m) {
        if (w.startsWith('-')) throw new Usage(`ping: invalid option -- '${w.slice(1, 2)}'`);
        if (host !== undefined) throw new Usage('ping: only one destination may be given');
        host = w;
        continue;
      }
      const f = m[1];
      if (f === 'q') { quiet = true; continue; }
      if (f === '4' || f === 'n') continue;
      if (f === '6') throw new Usage('netproof: ping -6 is not modelled on this host');
      const v = m[2] !== '' ? m[2] : argv[++k];
      if (f === 'c') count = intIn('c', v, 'ping', 1, 0x7fffffff);
      else if (f === 'i') {
        const s = num('i', v, 'ping');
        if (s < 0 || s * SEC > MAX_WAIT) throw new Usage(`ping: invalid argument: '${v}'`);
        interval = Math.max(MIN_INTERVAL, Math.round(s * SEC));
      } else if (f === 'W') {
        const s = num('W', v, 'ping');
        if (s < 0 || s * SEC > MAX_WAIT) throw new Usage(`ping: invalid argument: '${v}'`);
        wait = Math.round(s * SEC);
      } else if (f === 'w') {
        const s = num('w', v, 'ping');
        if (s < 0 || s * SEC > MAX_WAIT) throw new Usage(`ping: invalid argument: '${v}'`);
        deadline = Math.round(s * SEC);
      } else if (f === 's') {
        const n = num('s', v, 'ping');
        if (!Number.isInteger(n) || n < 0) throw new Usage(`ping: invalid argument: '${v}'`);
        if (n > MAX_SIZE) throw new Usage(`Error: packet size ${n} is too large. Maximum is ${MAX_SIZE}`);
        size = n;
      } else if (f === 't') ttl = intIn('t', v, 'ping', 1, 255);
      else if (f === 'I') {
        if (v === undefined) throw new Usage("ping: option requires an argument -- 'I'");
        iface = v;
      }
    }
    if (host === undefined) throw new Usage('ping: usage error: Destination address required');
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    io.err(`${e.message}\n`);
    return 2;
  }
  const dst = parseAddr(host);
  if (!dst || dst.afi !== 4) {
    io.err(`ping: ${host}: Name does not resolve\n`);
    return 2;
  }
  let eg: Egress;
  try {
    eg = egress(dev, iface, 'ping');
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return 2;
  }
  const node = dev.node;
  const src = eg.src ?? node.ip.sourceAddr(eg.vrf, dst);
  if (!src) {
    io.err('ping: connect: Network is unreachable\n');
    return 2;
  }
  if (io.boot) {
    io.err('netproof: ping needs the lab clock running; not available in a topology exec\n');
    return 2;
  }
  const target = fmtAddr(dst);
  io.out(`PING ${target} (${target}) ${eg.label ? `from ${fmtAddr(src)} ${eg.label}: ` : ''}${size}(${size + 28}) bytes of data.\n`);
  const sched = node.sched;
  const start = sched.now;
  const ident = node.ip.nextIdent() & 0xffff;
  const rtts: number[] = [];
  let sent = 0;
  let answered = 0;
  let outstanding = 0;
  let stopSending = false;
  const cancels = new Set<() => void>();
  let endAt = start;
  const result = await new Promise<number>((resolve) => {
    let finished = false;
    let sendTimer: { cancel(): void } | undefined;
    let deadTimer: { cancel(): void } | undefined;
    const finish = () => {
      if (finished) return;
      finished = true;
      endAt = sched.now;
      sendTimer?.cancel();
      deadTimer?.cancel();
      for (const c of cancels) c();
      io.signal.removeEventListener('abort', onAbort);
      resolve(answered);
    };
    const onAbort = () => sched.schedule(0, finish, node.name);
    io.signal.addEventListener('abort', onAbort, { once: true });
    if (deadline !== undefined) deadTimer = sched.schedule(deadline, finish, node.name);
    const maybeDone = () => {
      if (stopSending && outstanding === 0) finish();
    };
    const sendOne = () => {
      if (finished) return;
      if ((count !== undefined && sent >= count) || !io.spend(1)) {
        stopSending = true;
        maybeDone();
        return;
      }
      const seq = ++sent;
      outstanding++;
      let cancel: (() => void) | undefined;
      try {
        cancel = probe(node, { vrf: eg.vrf, dst, src, count: 1, size: size + 8, timeout: wait, ttl }, seq, (r: ProbeResult) => {
          outstanding--;
          if (cancel) cancels.delete(cancel);
          if (r.ok && r.rtt !== undefined) {
            answered++;
            rtts.push(r.rtt);
            if (!quiet) io.out(`${size + 8} bytes from ${target}: icmp_seq=${seq} ttl=${r.ttl} time=${fmtRtt(r.rtt)} ms\n`);
          } else if (r.kind === 'ttl' && r.from && !quiet) {
            io.out(`From ${fmtAddr(r.from)} icmp_seq=${seq} Time to live exceeded\n`);
          } else if (r.kind === 'unreach' && r.from && !quiet) {
            io.out(`From ${fmtAddr(r.from)} icmp_seq=${seq} Destination Net Unreachable\n`);
          }
          if (count !== undefined && answered >= count) stopSending = true;
          maybeDone();
        }, ident);
      } catch (e) {
        outstanding--;
        io.err(`ping: ${(e as Error).message}\n`);
        stopSending = true;
        maybeDone();
        return;
      }
      cancels.add(cancel);
      if (count !== undefined && sent >= count) {
        stopSending = true;
        maybeDone();
        return;
      }
      sendTimer = sched.schedule(interval, sendOne, node.name);
    };
    sendOne();
  });
  const elapsed = Math.round((endAt - start) / MS);
  const loss = sent ? ((sent - result) * 100) / sent : 0;
  let s = `\n--- ${target} ping statistics ---\n${sent} packets transmitted, ${result} received, ${fmtG(loss)}% packet loss, time ${elapsed}ms\n`;
  if (rtts.length) {
    const min = Math.min(...rtts);
    const max = Math.max(...rtts);
    const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    const mdev = Math.sqrt(Math.max(0, rtts.reduce((a, b) => a + b * b, 0) / rtts.length - avg * avg));
    const f = (us: number) => (us / 1000).toFixed(3);
    s += `rtt min/avg/max/mdev = ${f(min)}/${f(avg)}/${f(max)}/${f(mdev)} ms\n`;
  }
  io.out(s);
  // iputils: 1 when no reply came at all, or with -w and -c when fewer than count came.
  if (result === 0) return 1;
  if (deadline !== undefined && count !== undefined && result < count) return 1;
  return 0;
}

export async function arpingCommand(dev: LinuxDevice, argv: string[], io: Io): Promise<number> {
  let count: number | undefined;
  let iface: string | undefined;
  let deadline: number | undefined;
  let host: string | undefined;
  try {
    for (let k = 0; k < argv.length; k++) {
      const w = argv[k];
      const m = /^-([cIw])(.*)$/.exec(w);
      if (!m) {
        if (w.startsWith('-')) throw new Usage(`arping: invalid option -- '${w.slice(1, 2)}'`);
        host = w;
        continue;
      }
      const v = m[2] !== '' ? m[2] : argv[++k];
      if (m[1] === 'c') count = intIn('c', v, 'arping', 1, 0x7fffffff);
      else if (m[1] === 'w') deadline = Math.round(num('w', v, 'arping') * SEC);
      else iface = v;
    }
    if (host === undefined) throw new Usage('arping: usage error: no target address');
  } catch (e) {
    if (!(e instanceof Usage)) throw e;
    io.err(`${e.message}\n`);
    return 2;
  }
  const dst = parseAddr(host);
  if (!dst || dst.afi !== 4) {
    io.err(`arping: ${host}: Name does not resolve\n`);
    return 2;
  }
  const node = dev.node;
  let name = iface;
  if (name === undefined) {
    // iputils finds the device by the route to the target.
    for (const v of node.vrfs.keys()) {
      const r = node.vrf(v).rib[4].lookup(dst);
      if (r) { name = r.paths[0].iface.name; break; }
    }
  }
  const l = name !== undefined ? dev.state.links.get(name) : undefined;
  const i = name !== undefined ? node.ifaces.get(name) : undefined;
  if (name === undefined || !l || !i || l.type === 'vrf' || l.type === 'loopback') {
    io.err(name === undefined ? 'arping: Suitable device could not be determined. Please, use option -I.\n' : `arping: Device ${name} not available.\n`);
    return 2;
  }
  if (!i.up) {
    io.err(`arping: Interface "${name}" is down\n`);
    return 2;
  }
  if (io.boot) {
    io.err('netproof: arping needs the lab clock running; not available in a topology exec\n');
    return 2;
  }
  const src = i.v4?.addr ?? { afi: 4 as const, v: 0n };
  io.out(`ARPING ${fmtAddr(dst)} from ${fmtAddr(src)} ${name}\n`);
  const sched = node.sched;
  let sent = 0;
  let broadcasts = 0;
  let received = 0;
  let peer: Buffer | undefined;
  let lastSent = 0;
  const got = await new Promise<number>((resolve) => {
    let finished = false;
    let timer: { cancel(): void } | undefined;
    let dead: { cancel(): void } | undefined;
    const off = node.ip.onArp((ifc, arp) => {
      if (ifc !== i || arp.op !== 2 || arp.spa.v !== dst.v) return false;
      received++;
      peer = Buffer.from(arp.sha);
      io.out(`Unicast reply from ${fmtAddr(dst)} [${macStr(arp.sha).toUpperCase()}]  ${((sched.now - lastSent) / 1000).toFixed(3)}ms\n`);
      return false;
    });
    const finish = () => {
      if (finished) return;
      finished = true;
      off();
      timer?.cancel();
      dead?.cancel();
      io.signal.removeEventListener('abort', onAbort);
      resolve(received);
    };
    const onAbort = () => sched.schedule(0, finish, node.name);
    io.signal.addEventListener('abort', onAbort, { once: true });
    if (deadline !== undefined) dead = sched.schedule(deadline, finish, node.name);
    const one = () => {
      if (finished) return;
      if ((count !== undefined && sent >= count) || !io.spend(1)) return finish();
      const to = peer ?? P.BROADCAST;
      if (!peer) broadcasts++;
      sent++;
      lastSent = sched.now;
      node.ip.sendL2(i, to, P.ETH_ARP, P.encodeArp({ op: 1, sha: i.mac, spa: src, tha: peer ?? Buffer.alloc(6), tpa: dst }));
      timer = sched.schedule(SEC, one, node.name);
    };
    one();
  });
  io.out(`Sent ${sent} probes (${broadcasts} broadcast(s))\nReceived ${got} response(s)\n`);
  return got > 0 ? 0 : 1;
}

/**
 * "EVPN L2 Multi-homing with SR Linux" (seed 001) as a suite: the lab as its users deploy it
 * (topologies/evpn-mh: four SR Linux nodes with their startup configs, two Alpine CEs running
 * their scripts), the document's multihoming configuration typed on leaf1 and leaf2 as the
 * document types it (`enter candidate` blocks, `commit now`), every verification output it shows
 * as a golden check (content, not drawing: boxed.ts) next to the same state through the device
 * API, ce1's traffic to ce2 over both bond members, and the failover the document does not show:
 * leaf2's ethernet-1/1 disabled, ES-1 down on leaf2, its RT4 and RT1 withdrawn, leaf1 DF (seen by
 * a gNMI ON_CHANGE subscription on leaf1, timed from leaf2's link event by the two servers' notification timestamps), ce1's MAC
 * on leaf3 still on the ESI and now through leaf1 alone, ce1-to-ce2 traffic going on (loss and
 * switchover counted); then the link back and the DF back on 10.0.0.2. ERRATA.md says where the
 * document contradicts itself and what the suite expects; deviations.ts what cannot run where.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, test as base, type TestInfo } from '@playwright/test';
import { suiteTest, type Cli } from '../lib/fixtures';
import { findDeviation } from '../lib/deviations';
import { pollUntil } from '../lib/poll';
import { attachDiff, declareDeviation, recordMeasurement } from '../../reports/attach';
import { targetKindFromEnv, type Target } from '../../targets';
import { GnmiTransport, type GnmiNotification } from '../../drivers/transport/gnmi';
import type { Device } from '../../drivers/api';
import type { LabClock } from '../../drivers/lab/control';
import { evpnApi, type EthernetSegment, type EvpnApi, type EvpnRoute, type InterfaceCounters, type MacTableEntry } from './api';
import { boxedContent, boxedDiff, type BoxedMasks } from './boxed';
import { DEVIATIONS } from './deviations';
import { DOC, MH_BLOCKS, MH_PES, SHOWS } from './document';

const TOPOLOGY = path.join(__dirname, '..', '..', 'topologies', 'evpn-mh', 'evpn-mh.clab.yml');
const GOLDEN = path.join(__dirname, 'golden');
/** Where targets/frr-kind.ts would look for this lab's FRR scenario (there is none: FRR has no SR Linux). */
const FRR_SCENARIO = path.join(__dirname, '..', '..', 'topologies', 'evpn-mh-frr', 'evpn-mh-frr.clab.yml');
/** BGP sessions, LACP (slow: 30 s PDUs, 90 s timeout; the first exchange is immediate), the ES activation timer (3 s). */
const BGP_S = 60;
const LACP_S = 30;
const EVPN_S = 20;
/** The iBGP-overlay group's `timers minimum-advertisement-interval 1` (the startup configs): leaf2's withdrawals wait at most this long. */
const OVERLAY_MRAI_S = 1;
/** SR Linux's default `df-election timers activation-timer` (3 s): the document's ES-1 block sets none. */
const ES_ACTIVATION_S = 3;
/**
 * Link down (leaf2 ethernet-1/1 oper-state down) to the DF change on leaf1: leaf2's RT4/RT1
 * withdrawal waits at most the MRAI, and RFC 7432 8.5 re-elects at once on a withdrawn candidate;
 * a device that ran the activation timer on any change of the candidates would add it. Both, and
 * 1 s for processing and transport: past that the DF change is not what the timers configured give.
 */
const DF_CHANGE_BOUND_S = OVERLAY_MRAI_S + ES_ACTIVATION_S + 1;

const test = suiteOrDeclared();

/**
 * The suite's test: the shared fixtures where the target can run the lab; where it has no
 * scenario for it (FRR has no SR Linux), every check is reported as the deviation deviations.ts
 * declares, with its reason, without a target (never skipped silently).
 */
function suiteOrDeclared(): ReturnType<typeof suiteTest> {
  const kind = targetKindFromEnv();
  if (kind !== 'frr' || fs.existsSync(FRR_SCENARIO)) return suiteTest(TOPOLOGY, { deviations: DEVIATIONS, transport: 'ssh' });
  const none = (what: string) => () => Promise.reject(new Error(`${what}: no ${kind} target for ${TOPOLOGY}`));
  return base.extend<{ declared: void; device: unknown; lab: unknown; cli: unknown }, { target: unknown }>({
    declared: [
      // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
      async ({}, use, ti) => {
        const rule = findDeviation(DEVIATIONS, { kind, platforms: {} }, ti.title);
        await declareDeviation(ti, rule?.reason ?? `the ${kind} target has no scenario for this lab (topologies/evpn-mh-frr)`);
        await use();
      },
      { auto: true },
    ],
    device: none('device'),
    lab: none('lab'),
    cli: none('cli'),
    target: [none('target'), { scope: 'worker' }],
  }) as unknown as ReturnType<typeof suiteTest>;
}

const golden = (node: string, command: string): string => fs.readFileSync(path.join(GOLDEN, node, `${command.trim().replace(/[^\w.-]+/g, '-')}.txt`), 'utf8');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits `sec` of lab time (every wait has a deadline: the wall time it may take at the lab's speed). */
async function labSleep(clock: LabClock, target: Target, sec: number): Promise<void> {
  const until = clock.nowSec() + sec;
  const deadline = Date.now() + target.deadlineMs(sec);
  while (clock.nowSec() < until && Date.now() < deadline) await sleep(20);
}

/** The output compared with the document's by content (boxed.ts); a difference attaches its diff. */
async function goldenCheck(ti: TestInfo, what: string, expected: string[], actualText: string, masks: BoxedMasks): Promise<void> {
  const actual = boxedContent(actualText, masks);
  const d = boxedDiff(expected, actual);
  if (d) {
    await attachDiff(ti, `golden diff ${what}`, `--- ${what} (document)\n+++ ${what} (device)\n${d}\n`);
    throw new Error(`golden diff: ${what} differs from the document (see the attached diff)`);
  }
}

/** The timestamps and dates SR Linux prints (lab clock): masked in every golden check. */
const TIME_MASKS: BoxedMasks = {
  columns: ['LastUpdate', 'DestIndex'],
  text: [[/^Last Change : \S+$/, 'Last Change : <time>']],
};

/**
 * Types one of the document's blocks line by line into the node's raw CLI session, each line
 * checked (an `Error:` or `Parsing error:` fails the check); `enter candidate` must show the
 * candidate status line, `commit now` bring the running one back.
 */
async function typeBlock(cli: Cli, node: string, lines: readonly string[]): Promise<string> {
  const s = await cli.session(node);
  const out: string[] = [];
  for (const line of lines) {
    out.push(`${s.mode?.prompt ?? ''}${line}\n${await s.send(line, { check: true })}`);
    if (line.trim() === 'enter candidate' && s.mode?.name !== 'candidate') throw new Error(`${node}: '${line}' left the session in mode ${s.mode?.name ?? '?'} (prompt ${s.mode?.prompt ?? ''}), not candidate`);
    if (line.trim() === 'commit now' && s.mode?.name !== 'running') throw new Error(`${node}: '${line}' left the session in mode ${s.mode?.name ?? '?'}, not running`);
    if (s.mode?.host !== undefined && s.mode.host !== node) throw new Error(`${node}: the prompt names host ${s.mode.host}`);
  }
  return out.join('');
}

const es1 = (segs: EthernetSegment[]) => segs.find((s) => s.name === DOC.esName);
const dfOf = (segs: EthernetSegment[]) => es1(segs)?.dfs.find((d) => d.networkInstance === DOC.macVrf);
const describeEs = (segs: EthernetSegment[]) => segs.map((s) => `${s.name}:${s.operUp ? 'up' : 'down'} ${s.dfs.map((d) => `${d.networkInstance} [${d.candidates.join(',')}] df=${d.df ?? '-'}${d.localDf ? ' (local)' : ''}`).join(' ')}`).join('; ') || 'no segments';
const describeRoutes = (rs: EvpnRoute[]) => rs.map((r) => `T${r.type} ${r.rd} ${r.esi ?? r.mac ?? r.originator ?? ''} ${r.tag ?? ''}`.trim()).join('; ') || 'none';
const macEntry = (t: MacTableEntry[], mac: string) => t.find((e) => e.mac === mac);
const describeMac = (e: MacTableEntry | undefined) => (e ? `${e.mac} ${e.type} ${JSON.stringify(e.destination)}` : 'absent');

/** A ping series as iputils prints it: which icmp_seq came back, sent/received. */
function parsePing(text: string): { seqs: number[]; sent: number; received: number } {
  const seqs = [...text.matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1]));
  const sum = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(text);
  if (!sum) throw new Error(`ping: no summary line in its output: ${text.trim().split('\n').slice(-3).join(' | ')}`);
  return { seqs, sent: Number(sum[1]), received: Number(sum[2]) };
}

/** The longest run of unanswered sequence numbers between answered ones (1-based seqs, `sent` of them). */
function longestGap(seqs: number[], sent: number): number {
  const got = new Set(seqs);
  let best = 0;
  let run = 0;
  for (let i = 1; i <= sent; i++) {
    run = got.has(i) ? 0 : run + 1;
    best = Math.max(best, run);
  }
  return best;
}

/** tcpdump's ICMP lines: "HH:MM:SS.us IP A > B: ICMP echo request|reply, ...". */
function icmpLines(text: string): Array<{ src: string; dst: string; kind: string }> {
  return [...text.matchAll(/^\d\d:\d\d:\d\d\.\d{6} IP (\S+) > (\S+): ICMP echo (request|reply)/gm)].map((m) => ({ src: m[1], dst: m[2], kind: m[3] }));
}

/** A gNMI session to the node's server (TLS with the lab's certificate, the SSH login). */
async function gnmiTo(target: Target, node: string): Promise<GnmiTransport> {
  const ep = target.endpoint(node);
  if (!ep.gnmi) throw new Error(`${node}: the target serves no gNMI for it (endpoint without gnmi)`);
  const g = new GnmiTransport({
    device: node, host: ep.gnmi.host, port: ep.gnmi.port, username: ep.username ?? 'admin', password: ep.password ?? '',
    ca: ep.gnmi.caFile ? fs.readFileSync(ep.gnmi.caFile, 'utf8') : undefined, skipVerify: !ep.gnmi.caFile, serverName: ep.gnmi.caFile ? undefined : ep.gnmi.host,
    timeoutMs: target.deadlineMs(10), connectTimeoutMs: target.deadlineMs(10), encoding: 'JSON_IETF',
  });
  await g.connect();
  return g;
}

const ES_PATH = `/system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=1]/ethernet-segment[name=${DOC.esName}]`;
/**
 * The DF a notification names: a leaf update `.../designated-forwarder-candidate[address=A]/
 * designated-forwarder` true, or (the initial sync, a subtree) a candidate object
 * {address: A, designated-forwarder: true} anywhere in an update's JSON value.
 */
function dfIn(n: GnmiNotification): string | undefined {
  const inValue = (v: unknown): string | undefined => {
    if (Array.isArray(v)) {
      for (const x of v) {
        const a = inValue(x);
        if (a) return a;
      }
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const flag = o['designated-forwarder'] ?? o['srl_nokia-system-network-instance-bgp-evpn-ethernet-segments:designated-forwarder'];
      if (typeof o.address === 'string' && (flag === true || flag === 'true')) return o.address;
      for (const x of Object.values(o)) {
        const a = inValue(x);
        if (a) return a;
      }
    }
    return undefined;
  };
  for (const u of n.updates) {
    const m = /designated-forwarder-candidate\[address=([\d.]+)\]\/designated-forwarder$/.exec(u.path);
    if (m && (u.value === true || u.value === 'true')) return m[1];
    const a = inValue(u.value);
    if (a) return a;
  }
  return undefined;
}
function operStateIn(n: GnmiNotification, iface: string): string | undefined {
  for (const u of n.updates) if (u.path.endsWith(`interface[name=${iface}]/oper-state`) || (u.path.includes(`interface[name=${iface}]`) && u.path.endsWith('/oper-state'))) return String(u.value);
  return undefined;
}

interface Watch {
  events: Array<{ atNs: bigint; clockSec: number; value: string }>;
  close(): void;
}
/** An ON_CHANGE subscription whose notifications `pick` reads a value from, each with its time. */
async function watch(g: GnmiTransport, paths: string[], clock: LabClock, pick: (n: GnmiNotification) => string | undefined): Promise<Watch> {
  const events: Watch['events'] = [];
  const sub = g.subscribe({ paths, mode: 'STREAM', streamMode: 'ON_CHANGE' }, (n) => {
    const v = pick(n);
    if (v !== undefined) events.push({ atNs: n.timestampNs, clockSec: clock.nowSec(), value: v });
  });
  await sub.synced;
  return { events, close: () => sub.close() };
}

const api = (device: (n: string) => Device, node: string): EvpnApi => evpnApi(device(node), node);

/**
 * The VTEPs an ESI destination resolves to: the entry's own list where the device API gives one,
 * else (SR Linux's mac-table prints only `esi:...`) the originators of the ESI's RT1 routes the
 * node holds (per EVI and per ES: aliasing and mass withdrawal, RFC 7432 8.2 and 8.4), sorted.
 */
async function esiVteps(d: EvpnApi, dest: MacTableEntry['destination']): Promise<string[] | string> {
  if (dest.kind !== 'esi') return `not an ESI destination: ${JSON.stringify(dest)}`;
  if (dest.vteps) return [...dest.vteps].sort();
  const rt1 = (await d.evpnRoutes()).filter((r) => r.type === 1 && r.esi === dest.esi);
  return [...new Set(rt1.map((r) => r.nextHop ?? r.rd.split(':')[0]))].sort();
}

test.describe('evpn-mh', () => {
  test.describe.configure({ mode: 'serial' });

  test('configure: the multihoming blocks typed on leaf1 and leaf2 as the document types them', async ({ cli }, ti) => {
    for (const pe of MH_PES) {
      const out: string[] = [];
      for (const b of MH_BLOCKS) {
        try {
          out.push(await typeBlock(cli, pe, b.lines));
        } catch (e) {
          throw new Error(`${pe}, the ${b.name} block: ${(e as Error).message}`, { cause: e });
        }
      }
      await ti.attach(`${pe}: the blocks as typed`, { body: out.join(''), contentType: 'text/plain' });
      const flat = await cli.send(pe, 'info flat /interface lag1');
      expect(flat, `${pe}: lag1 in the running configuration`).toContain('set / interface lag1 lag lacp system-id-mac 00:00:00:00:00:11');
    }
  });

  test('state: lag1 on leaf1 and leaf2, ethernet-1/1 LACP in sync, collecting and distributing with ce1 as partner', async ({ device, target }) => {
    const ports = new Set<number>();
    for (const pe of MH_PES) {
      const r = await pollUntil(`${pe} ${DOC.member} distributing in ${DOC.lag}`, () => api(device, pe).lagMembers({ lag: DOC.lag }),
        (ms) => ms.some((m) => m.member === DOC.member && m.operUp && m.inSync === true && m.collecting === true && m.distributing === true),
        { deadlineMs: target.deadlineMs(LACP_S), describe: (ms) => JSON.stringify(ms) });
      const m = r.value.find((x) => x.member === DOC.member)!;
      expect([m.activity, m.timeout, m.systemId, m.key, m.partnerId, m.partnerKey], `${pe}: actor ACTIVE/LONG, system id and key of the document, partner ce1's bond`).toEqual(
        ['active', 'long', DOC.lacpSystemId, DOC.lacpKey, DOC.ce1Mac, DOC.partnerKey]);
      if (m.partnerPortNo !== undefined) ports.add(m.partnerPortNo);
    }
    expect(ports.size, 'the partner port number differs per leaf (eth1 and eth2 of ce1\'s bond)').toBe(2);
  });

  test('golden: show interface lag1 and show lag lag1 lacp-state on leaf1 and leaf2', async ({ cli }, ti) => {
    for (const pe of MH_PES) {
      await goldenCheck(ti, `${pe} ${SHOWS.interfaceLag}`, boxedContent(golden('leaf1', SHOWS.interfaceLag)), await cli.send(pe, SHOWS.interfaceLag), {});
      // "The outputs are expected to be the same in leaf1 and leaf2 except from the 'Partner Port No'".
      const masks: BoxedMasks = { columns: pe === 'leaf1' ? [] : ['PartnerPortNo'] };
      await goldenCheck(ti, `${pe} ${SHOWS.lacpState}`, boxedContent(golden('leaf1', SHOWS.lacpState), masks), await cli.send(pe, SHOWS.lacpState), masks);
    }
  });

  test('state: the eBGP underlay and the iBGP EVPN overlay (local-as 100) are established on every leaf', async ({ device, target }) => {
    for (const leaf of ['leaf1', 'leaf2', 'leaf3']) {
      const others = Object.entries(DOC.system).filter(([n]) => n !== leaf).map(([, a]) => a);
      const r = await pollUntil(`${leaf} EVPN sessions to ${others.join(', ')} established`, () => device(leaf).bgpPeers({ family: 'evpn' }),
        (ps) => others.every((a) => ps.find((p) => p.peer === a)?.state === 'established'),
        { deadlineMs: target.deadlineMs(BGP_S), describe: (ps) => ps.map((p) => `${p.peer}:${p.state}`).join(' ') });
      for (const a of others) {
        const p = r.value.find((x) => x.peer === a)!;
        expect(p.remoteAs, `${leaf} -> ${a}: the overlay AS`).toBe(DOC.overlayAs);
        if (p.localAs !== undefined) expect(p.localAs, `${leaf} -> ${a}: local-as`).toBe(DOC.overlayAs);
      }
      const under = await device(leaf).bgpPeers({ family: 'ipv4-unicast' });
      expect(under.filter((p) => p.remoteAs === 201 && p.state === 'established').length, `${leaf}: the underlay session to spine1 (AS 201)`).toBe(1);
    }
  });

  test('state: ES-1 up on leaf1 and leaf2 with candidates 10.0.0.1 and 10.0.0.2, 10.0.0.2 elected DF for mac-vrf-1', async ({ device, target }) => {
    for (const pe of MH_PES) {
      const r = await pollUntil(`${pe} ES-1 up with DF ${DOC.df}`, () => api(device, pe).ethernetSegments(),
        (s) => es1(s)?.operUp === true && dfOf(s)?.df === DOC.df,
        { deadlineMs: target.deadlineMs(EVPN_S), describe: describeEs });
      const es = es1(r.value)!;
      expect([es.esi, es.mode, es.iface, es.adminUp], `${pe}: ES-1 as configured`).toEqual([DOC.esi, 'all-active', DOC.lag, true]);
      const df = dfOf(r.value)!;
      expect([...df.candidates].sort(), `${pe}: the DF candidates (the ES peers)`).toEqual([DOC.system.leaf1, DOC.system.leaf2]);
    }
  });

  test('golden: show system network-instance ethernet-segments ES-1 detail on leaf1 and leaf2', async ({ cli }, ti) => {
    for (const pe of MH_PES) {
      // ERRATA 7: the `ES-1 0 Yes` row as printed on both leaves (the segment's name; DF: the election is done).
      const expected = boxedContent(golden('leaf1', SHOWS.esDetail), TIME_MASKS);
      await goldenCheck(ti, `${pe} ${SHOWS.esDetail}`, expected, await cli.send(pe, SHOWS.esDetail), TIME_MASKS);
    }
  });

  test('traffic: ce1 reaches 192.168.0.21-23 (ping; the document scans with nmap)', async ({ device }) => {
    const ce1 = api(device, 'ce1');
    for (const h of DOC.ce2) {
      const p = await ce1.ping(h.address, { count: 5 });
      expect(p.received, `ce1 -> ${h.address}: answered`).toBe(p.sent);
    }
  });

  test('traffic: tcpdump on ce1 eth1 and eth2 while ce2 pings ce1 from its three VRFs, each reply flow on one member as the document\'s tcpdumps show', async ({ cli, target }, ti) => {
    const want: Record<string, string[]> = { eth1: ['192.168.0.21', '192.168.0.23'], eth2: ['192.168.0.22'] };
    for (const [iface, dsts] of Object.entries(want)) {
      const count = 2 * dsts.length + 2;
      let done = false;
      const dump = cli.send('ce1', `tcpdump -ni ${iface} -c ${count}`, target.deadlineMs(30)).finally(() => (done = true));
      const deadline = Date.now() + target.deadlineMs(30);
      while (!done && Date.now() < deadline) {
        for (let v = 1; v <= 3 && !done; v++) await cli.send('ce2', `ping -I vrf-${v} -c 1 -W 1 ${DOC.ce1Address}`, target.deadlineMs(5)).catch(() => '');
      }
      const text = await dump;
      await ti.attach(`ce1 tcpdump -ni ${iface}`, { body: text, contentType: 'text/plain' });
      expect(text, `tcpdump on ${iface}: tcpdump's header line`).toContain(`listening on ${iface}, link-type EN10MB (Ethernet)`);
      const replies = icmpLines(text).filter((l) => l.kind === 'reply' && l.src === DOC.ce1Address);
      expect(replies.length, `ce1's echo replies seen on ${iface}`).toBeGreaterThan(0);
      for (const r of replies) expect(dsts, `${iface}: ce1's reply to ${r.dst} hashed onto this member`).toContain(r.dst);
    }
  });

  test('state: EVPN routes advertised by leaf1 and leaf2 to each other: RT1 per EVI and per ES, RT2 for ce1, RT3, RT4', async ({ device, target }) => {
    for (const [pe, peer] of [['leaf1', DOC.system.leaf2], ['leaf2', DOC.system.leaf1]] as const) {
      const me = DOC.system[pe];
      const r = await pollUntil(`${pe} advertises RT1 x2, RT2, RT3, RT4 to ${peer}`, () => api(device, pe).evpnRoutes({ peer, direction: 'advertised' }),
        (rs) => [1, 1, 2, 3, 4].every((t, i, a) => rs.filter((x) => x.type === t).length >= a.filter((y) => y === t).length),
        { deadlineMs: target.deadlineMs(EVPN_S), describe: describeRoutes });
      const t1 = r.value.filter((x) => x.type === 1);
      expect(t1.map((x) => [x.rd, x.esi, x.tag]).sort(), `${pe}: RT1 per EVI (tag 0) and per ES (tag 4294967295)`).toEqual(
        [[`${me}:${DOC.evi}`, DOC.esi, DOC.tagPerEvi], [`${me}:${DOC.evi}`, DOC.esi, DOC.tagPerEs]].sort());
      expect(r.value.filter((x) => x.type === 2).map((x) => [x.rd, x.mac]), `${pe}: RT2 of ce1's MAC`).toEqual([[`${me}:${DOC.evi}`, DOC.ce1Mac]]);
      expect(r.value.filter((x) => x.type === 3).map((x) => [x.rd, x.originator]), `${pe}: RT3`).toEqual([[`${me}:${DOC.evi}`, me]]);
      expect(r.value.filter((x) => x.type === 4).map((x) => [x.rd, x.esi, x.originator]), `${pe}: RT4 (RD with 0)`).toEqual([[`${me}:0`, DOC.esi, me]]);
    }
  });

  test('golden: advertised-routes evpn of leaf1 to 10.0.0.2 and of leaf2 to 10.0.0.1', async ({ cli }, ti) => {
    for (const [pe, peer] of [['leaf1', DOC.system.leaf2], ['leaf2', DOC.system.leaf1]] as const) {
      const cmd = SHOWS.advertised(peer);
      await goldenCheck(ti, `${pe} ${cmd}`, boxedContent(golden(pe, cmd), TIME_MASKS), await cli.send(pe, cmd), TIME_MASKS);
    }
  });

  test('state: received EVPN routes: leaf2 has leaf1\'s RT1/RT4 and the remote MACs, leaf3 RT1 of both ES peers and no RT4', async ({ device, target }) => {
    const l2 = await pollUntil('leaf2 receives RT2 for ce2\'s three MACs', () => api(device, 'leaf2').evpnRoutes(),
      (rs) => DOC.ce2.every((h) => rs.some((x) => x.type === 2 && x.mac === h.mac)), { deadlineMs: target.deadlineMs(EVPN_S), describe: describeRoutes });
    expect(l2.value.filter((x) => x.type === 4).map((x) => x.originator), 'leaf2: RT4 from its ES peer').toEqual([DOC.system.leaf1]);
    expect(l2.value.filter((x) => x.type === 1).map((x) => x.rd), 'leaf2: RT1 from leaf1').toEqual([`${DOC.system.leaf1}:${DOC.evi}`, `${DOC.system.leaf1}:${DOC.evi}`]);
    const l3 = await api(device, 'leaf3').evpnRoutes();
    expect(l3.filter((x) => x.type === 4), 'leaf3 (not on the segment) imports no RT4').toEqual([]);
    expect(l3.filter((x) => x.type === 1).map((x) => `${x.rd}/${x.tag}`).sort(), 'leaf3: RT1 per EVI and per ES of both ES peers').toEqual(
      [DOC.system.leaf1, DOC.system.leaf2].flatMap((a) => [`${a}:${DOC.evi}/${DOC.tagPerEvi}`, `${a}:${DOC.evi}/${DOC.tagPerEs}`]).sort());
    expect(l3.filter((x) => x.type === 2).map((x) => `${x.rd} ${x.mac} ${x.esi}`).sort(), 'leaf3: ce1\'s MAC from both ES peers, with the ESI').toEqual(
      [DOC.system.leaf1, DOC.system.leaf2].map((a) => `${a}:${DOC.evi} ${DOC.ce1Mac} ${DOC.esi}`));
  });

  test('golden: bgp routes evpn route-type summary on leaf2 and leaf3', async ({ cli }, ti) => {
    // ERRATA 8: the document's leaf2 table misses leaf3's RT2 for 00:C1:AB:00:00:22, which leaf3 learnt and advertises.
    const l2 = boxedContent(golden('leaf2', SHOWS.summary), TIME_MASKS);
    const at = l2.findIndex((l) => l.includes('| 10.0.0.3:111 | 0 | 00:C1:AB:00:00:21 |'));
    expect(at, 'the document\'s leaf2 table has the .21 row').toBeGreaterThan(0);
    l2.splice(at + 1, 0, l2[at].replace('00:C1:AB:00:00:21', '00:C1:AB:00:00:22'));
    const fixed = l2.map((l) => (l === '3 MAC-IP Advertisement routes 3 used, 3 valid' ? '4 MAC-IP Advertisement routes 4 used, 4 valid' : l));
    await goldenCheck(ti, `leaf2 ${SHOWS.summary}`, fixed, await cli.send('leaf2', SHOWS.summary), TIME_MASKS);
    await goldenCheck(ti, `leaf3 ${SHOWS.summary}`, boxedContent(golden('leaf3', SHOWS.summary), TIME_MASKS), await cli.send('leaf3', SHOWS.summary), TIME_MASKS);
  });

  test('state: leaf3\'s mac-vrf-1 table: ce1\'s MAC on the ESI through both ES peers, ce2\'s learnt on their ports', async ({ device, target }) => {
    const r = await pollUntil('leaf3 ce1 MAC on ES-1 through leaf1 and leaf2', () => api(device, 'leaf3').macTable({ networkInstance: DOC.macVrf }),
      (t) => { const d = macEntry(t, DOC.ce1Mac)?.destination; return d?.kind === 'esi' && (d.vteps === undefined || d.vteps.length === 2); },
      { deadlineMs: target.deadlineMs(EVPN_S), describe: (t) => t.map((e) => describeMac(e)).join('; ') });
    const e = macEntry(r.value, DOC.ce1Mac)!;
    expect([e.type, e.active, e.agingSec], 'ce1\'s MAC: an EVPN entry, active, not aging').toEqual(['evpn', true, null]);
    expect(e.destination, 'on the ESI').toMatchObject({ kind: 'esi', esi: DOC.esi });
    expect(await esiVteps(api(device, 'leaf3'), e.destination), 'aliasing: the ESI resolves to both ES peers').toEqual([DOC.system.leaf1, DOC.system.leaf2]);
    for (const h of DOC.ce2) {
      const x = macEntry(r.value, h.mac);
      expect(x && x.type === 'learnt' && x.destination.kind === 'interface' ? x.destination.name : describeMac(x), `${h.mac} learnt on its port`).toBe(`${h.leafPort}.0`);
    }
  });

  test('golden: show network-instance mac-vrf-1 bridge-table mac-table all on leaf3', async ({ cli }, ti) => {
    await goldenCheck(ti, `leaf3 ${SHOWS.macTable}`, boxedContent(golden('leaf3', SHOWS.macTable), TIME_MASKS), await cli.send('leaf3', SHOWS.macTable), TIME_MASKS);
  });

  test('failover: leaf2 ethernet-1/1 disabled; ES-1 down on leaf2, its RT4 and RT1 withdrawn, leaf1 DF (gNMI ON_CHANGE), ce1 on leaf3 through leaf1 alone, traffic goes on', async ({ cli, device, lab, target }, ti) => {
    const g1 = await gnmiTo(target, 'leaf1');
    const g2 = await gnmiTo(target, 'leaf2');
    try {
      const df = await watch(g1, [ES_PATH], lab.clock, dfIn);
      // The link event: leaf2's ethernet-1/1 oper-state going down, as leaf2's gNMI server stamps its ON_CHANGE notification
      // (SR Linux stamps an oper-state notification with the time of the transition).
      const link = await watch(g2, [`/interface[name=${DOC.member}]/oper-state`], lab.clock, (n) => operStateIn(n, DOC.member));
      // ce1 -> ce2 .22 (hashed onto eth2, the member to leaf2 that fails): 400 probes 50 ms apart (20 s of lab time) around the link
      // event: 1 s before the commit, and after it more than the DF change's bound (DF_CHANGE_BOUND_S) several times over.
      const interval = 0.05;
      const probes = 400;
      const tStart = lab.clock.nowSec();
      const series = cli.send('ce1', `ping -c ${probes} -i ${interval} ${DOC.ce2[1].address}`, target.deadlineMs(probes * interval + 15));
      await labSleep(lab.clock, target, 1);
      await typeBlock(cli, 'leaf2', ['enter candidate', `/interface ${DOC.member} admin-state disable`]);
      // The commit: lab time read just before `commit now` is sent.
      const t0 = lab.clock.nowSec();
      await typeBlock(cli, 'leaf2', ['commit now']);
      const seen = await pollUntil('leaf1 DF for ES-1 (gNMI ON_CHANGE)', async () => df.events, (ev) => ev.some((e) => e.value === DOC.system.leaf1),
        { deadlineMs: target.deadlineMs(EVPN_S), intervalMs: 20, describe: (ev) => ev.map((e) => e.value).join(',') || 'no notification' });
      const dfEv = seen.value.find((e) => e.value === DOC.system.leaf1)!;
      const downs = await pollUntil(`leaf2 ${DOC.member} oper-state down (gNMI ON_CHANGE)`, async () => link.events.filter((e) => e.value === 'down'), (d) => d.length > 0,
        { deadlineMs: target.deadlineMs(EVPN_S), intervalMs: 20, describe: () => link.events.map((e) => e.value).join(',') || 'no notification' });
      const downEv = downs.value.sort((x, y) => (x.atNs < y.atNs ? -1 : x.atNs > y.atNs ? 1 : 0))[0];
      // Link event to DF change: the two servers' notification timestamps (leaf1's DF minus leaf2's oper-state down; on real SR Linux
      // two devices' clocks, as close as their NTP keeps them; on the reference router both are the lab clock).
      const linkSec = Number(dfEv.atNs - downEv.atNs) / 1e9;
      // From the commit to the DF notification's arrival, on the lab clock: an upper bound (CLI and gNMI transport included).
      const dfSec = dfEv.clockSec - t0;
      await recordMeasurement(ti, `evpn_df_change_from_link_${lab.clock.kind}_s`, linkSec.toFixed(6), 's');
      await recordMeasurement(ti, `evpn_df_change_${lab.clock.kind}_s`, dfSec.toFixed(3), 's');
      await ti.attach('DF change (gNMI ON_CHANGE on leaf1, timed from leaf2\'s link event)', {
        body: `link event: leaf2 ${DOC.member} oper-state down, notification stamped ${downEv.atNs} ns (${lab.clock.kind} clock), arrived at ${downEv.clockSec.toFixed(3)} s\n` +
          `DF change: leaf1 notification ${DOC.system.leaf1} DF, stamped ${dfEv.atNs} ns, arrived at ${dfEv.clockSec.toFixed(3)} s\n` +
          `link down to DF change (stamps): ${linkSec.toFixed(6)} s (bound ${DF_CHANGE_BOUND_S} s: MRAI ${OVERLAY_MRAI_S} s + activation timer ${ES_ACTIVATION_S} s + 1 s)\n` +
          `commit of admin-state disable at ${t0.toFixed(3)} s to the DF notification's arrival: ${dfSec.toFixed(3)} s\n`,
        contentType: 'text/plain',
      });
      expect(linkSec, `the DF change (stamped ${dfEv.atNs} ns) follows leaf2's link going down (stamped ${downEv.atNs} ns)`).toBeGreaterThanOrEqual(0);
      expect(linkSec, `link down to DF change within MRAI + activation timer + 1 s`).toBeLessThanOrEqual(DF_CHANGE_BOUND_S);
      expect(dfSec, 'the DF change is seen after the commit').toBeGreaterThanOrEqual(0);

      const l2 = await pollUntil('leaf2 ES-1 oper down', () => api(device, 'leaf2').ethernetSegments(), (s) => es1(s)?.operUp === false, { deadlineMs: target.deadlineMs(EVPN_S), describe: describeEs });
      expect(l2.value.length).toBeGreaterThan(0);
      const l1 = await api(device, 'leaf1').ethernetSegments();
      expect([dfOf(l1)?.df, dfOf(l1)?.localDf, dfOf(l1)?.candidates], 'leaf1: DF alone').toEqual([DOC.system.leaf1, true, [DOC.system.leaf1]]);
      const from2 = (rs: EvpnRoute[], t: number) => rs.filter((x) => x.type === t && x.rd.startsWith(`${DOC.system.leaf2}:`));
      await pollUntil('leaf1: leaf2\'s RT4 and RT1 withdrawn', () => api(device, 'leaf1').evpnRoutes(), (rs) => from2(rs, 4).length === 0 && from2(rs, 1).length === 0,
        { deadlineMs: target.deadlineMs(EVPN_S), describe: describeRoutes });
      await pollUntil('leaf3: leaf2\'s RT1 withdrawn', () => api(device, 'leaf3').evpnRoutes(), (rs) => from2(rs, 1).length === 0,
        { deadlineMs: target.deadlineMs(EVPN_S), describe: describeRoutes });
      const mac = await pollUntil('leaf3: ce1\'s MAC on the ESI through leaf1 alone', () => api(device, 'leaf3').macTable({ networkInstance: DOC.macVrf }),
        (t) => { const d = macEntry(t, DOC.ce1Mac)?.destination; return d?.kind === 'esi' && d.esi === DOC.esi && (d.vteps === undefined || (d.vteps.length === 1 && d.vteps[0] === DOC.system.leaf1)); },
        { deadlineMs: target.deadlineMs(EVPN_S), describe: (t) => describeMac(macEntry(t, DOC.ce1Mac)) });
      const d = macEntry(mac.value, DOC.ce1Mac)!.destination;
      expect(await esiVteps(api(device, 'leaf3'), d), 'the ESI resolves to leaf1 alone').toEqual([DOC.system.leaf1]);

      const text = await series;
      const tEnd = lab.clock.nowSec();
      expect(t0 > tStart && dfEv.clockSec < tEnd, `the ping series (${tStart.toFixed(1)}-${tEnd.toFixed(1)} s) spans the link event (${t0.toFixed(1)} s) and the DF change (${dfEv.clockSec.toFixed(1)} s)`).toBe(true);
      await ti.attach('ce1 ping series to 192.168.0.22 across the failover', { body: text, contentType: 'text/plain' });
      const p = parsePing(text);
      const gap = longestGap(p.seqs, p.sent);
      await recordMeasurement(ti, 'evpn_failover_ping_lost', p.sent - p.received, ` of ${p.sent}`);
      await recordMeasurement(ti, `evpn_failover_switchover_${lab.clock.kind}_s`, (gap * interval).toFixed(3), 's');
      expect(p.received, 'traffic goes on: most of the series answered').toBeGreaterThanOrEqual(p.sent * 0.8);
      expect(p.seqs.includes(p.sent), 'the last probe (after the failover) answered').toBe(true);
      df.close();
      link.close();
    } finally {
      await g1.close();
      await g2.close();
    }
  });

  test('restore: leaf2 ethernet-1/1 enabled; LACP back, ES-1 up on leaf2 and the DF back on 10.0.0.2 (gNMI ON_CHANGE on leaf1)', async ({ cli, device, lab, target }, ti) => {
    const g1 = await gnmiTo(target, 'leaf1');
    try {
      const df = await watch(g1, [ES_PATH], lab.clock, dfIn);
      const t0 = lab.clock.nowSec();
      await typeBlock(cli, 'leaf2', ['enter candidate', `/interface ${DOC.member} admin-state enable`, 'commit now']);
      const seen = await pollUntil(`leaf1 sees DF ${DOC.df} again (gNMI ON_CHANGE)`, async () => df.events, (ev) => ev.some((e) => e.value === DOC.df),
        { deadlineMs: target.deadlineMs(LACP_S + EVPN_S), intervalMs: 20, describe: (ev) => ev.map((e) => e.value).join(',') || 'no notification' });
      const back = seen.value.find((e) => e.value === DOC.df)!;
      await recordMeasurement(ti, `evpn_df_return_${lab.clock.kind}_s`, (back.clockSec - t0).toFixed(3), 's');
      df.close();
      for (const pe of MH_PES) {
        const r = await pollUntil(`${pe} ES-1 up, DF ${DOC.df}`, () => api(device, pe).ethernetSegments(), (s) => es1(s)?.operUp === true && dfOf(s)?.df === DOC.df,
          { deadlineMs: target.deadlineMs(EVPN_S), describe: describeEs });
        expect([...dfOf(r.value)!.candidates].sort(), `${pe}: both candidates again`).toEqual([DOC.system.leaf1, DOC.system.leaf2]);
      }
      // Aliasing back: leaf3 has leaf2's RT1 per ES and per EVI again, and ce1's MAC on the ESI resolves to both ES peers.
      const both = [DOC.system.leaf1, DOC.system.leaf2];
      await pollUntil('leaf3: ce1\'s MAC on the ESI through leaf1 and leaf2 again', async () => {
        const d = macEntry(await api(device, 'leaf3').macTable({ networkInstance: DOC.macVrf }), DOC.ce1Mac)?.destination;
        return d ? esiVteps(api(device, 'leaf3'), d) : 'ce1\'s MAC absent';
      }, (v) => Array.isArray(v) && v.join() === both.join(), { deadlineMs: target.deadlineMs(EVPN_S), describe: (v) => (Array.isArray(v) ? v.join(',') : v) });
      const p = await api(device, 'ce1').ping(DOC.ce2[1].address, { count: 5 });
      expect(p.received, 'ce1 -> .22 after the restore').toBe(p.sent);
    } finally {
      await g1.close();
    }
  });

  test('traffic: ce1\'s flows with 192.168.0.21-23, both ways, ce1 sending over both bond members (per-member packet counters)', async ({ device }, ti) => {
    const ce1 = api(device, 'ce1');
    const ce2 = api(device, 'ce2');
    const before: InterfaceCounters[] = await ce1.interfaces();
    for (const { iface } of DOC.ce1Members) expect(before.find((i) => i.name === iface)?.master, `ce1 ${iface} enslaved to bond0`).toBe('bond0');
    // Both directions, as the document's tcpdumps show ("balanced both for incoming and outgoing
    // packets"): ce1 pings the three addresses (the document scans them with nmap), and each of
    // ce2's VRFs pings ce1 (six flows for the leaves' and the bond's hashes, not nmap's thousands).
    // The two hosts ping at the same time (each host's three one after the other, on its session).
    const fromCe1 = async () => {
      for (const h of DOC.ce2) {
        const p = await ce1.ping(h.address, { count: 5 });
        expect(p.received, `ce1 -> ${h.address}: answered`).toBe(p.sent);
      }
    };
    const fromCe2 = async () => {
      for (let v = 1; v <= DOC.ce2.length; v++) {
        const p = await ce2.ping(DOC.ce1Address, { count: 5, vrf: `vrf-${v}` });
        expect(p.received, `ce2 vrf-${v} -> ${DOC.ce1Address}: answered`).toBe(p.sent);
      }
    };
    await Promise.all([fromCe1(), fromCe2()]);
    const after = await ce1.interfaces();
    const delta = (iface: string, k: 'txPackets' | 'rxPackets') => (after.find((i) => i.name === iface)?.[k] ?? NaN) - (before.find((i) => i.name === iface)?.[k] ?? NaN);
    const rows = DOC.ce1Members.map(({ iface }) => `${iface}: tx +${delta(iface, 'txPackets')} rx +${delta(iface, 'rxPackets')}`);
    await ti.attach('ce1 bond members: packets during the pings', { body: rows.join('\n') + '\n', contentType: 'text/plain' });
    for (const { iface } of DOC.ce1Members) {
      expect(delta(iface, 'txPackets'), `ce1 ${iface}: sends part of the flows (${rows.join(', ')})`).toBeGreaterThan(0);
    }
    // Incoming: the echo packets towards ce1 (its 15 replies, ce2's 15 requests) come in over the bond's members; which member
    // each of these three flows (one per ce2 VRF: ICMP has no ports) takes is leaf3's aliasing hash (ERRATA 17): reported, not
    // asserted per member (a one-packet count there is control traffic, not a flow).
    const rx = DOC.ce1Members.reduce((a, { iface }) => a + delta(iface, 'rxPackets'), 0);
    expect(rx, `ce1's members together receive every echo packet towards ce1 (30 at least: ${rows.join(', ')})`).toBeGreaterThanOrEqual(30);
    // Layer-2 hashing (Linux's default xmit_hash_policy): the flow to .22 on one member, .21 and .23 on the other.
    expect(delta('eth1', 'txPackets'), 'eth1 carries the flows to .21 and .23 (10 echo requests at least)').toBeGreaterThanOrEqual(10);
    expect(delta('eth2', 'txPackets'), 'eth2 carries the flow to .22 (5 echo requests at least)').toBeGreaterThanOrEqual(5);
  });

  test('state: the device API\'s local-DF flag is true on the elected DF only (leaf2), false on leaf1', async ({ device, target }) => {
    for (const pe of MH_PES) {
      const r = await pollUntil(`${pe} ES-1 DF ${DOC.df}`, () => api(device, pe).ethernetSegments(), (s) => dfOf(s)?.df === DOC.df, { deadlineMs: target.deadlineMs(EVPN_S), describe: describeEs });
      expect(dfOf(r.value)!.localDf, `${pe}: local DF (this PE, ${DOC.system[pe]}, is the elected ${DOC.df})`).toBe(DOC.system[pe] === DOC.df);
    }
  });
});

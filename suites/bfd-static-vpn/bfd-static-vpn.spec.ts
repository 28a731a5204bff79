/**
 * Huawei VRP "Configuring BFD for Static VPN Routes" (seed 003) as a suite, one check per
 * document step: each step's lines typed as the document types them (prompts compared), the
 * step's outputs compared with the document (golden, masked) and their meaning checked on the
 * neutral model (state). Then the document's failover (CE1 GE0/1/0 shutdown) with a traffic
 * stream, the restore, and a failure the document does not show (the CE1-PE2 link going silent,
 * found by BFD alone). See ERRATA.md for where the document contradicts itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, TestInfo } from '@playwright/test';
import { suiteTest, Cli } from '../lib/fixtures';
import { pollUntil } from '../lib/poll';
import { attachDiff, attachTiming, declareDeviation, recordMeasurement } from '../../reports/attach';
import { groupRoutes, RouteEntry, type BfdSession } from '../../drivers/model/types';
import type { IgpNeighbor } from '../../drivers/api';
import type { Target } from '../../targets';
import type { StreamResult } from '../../drivers/lab/control';
import { DEVIATIONS } from './deviations';
import type { StepsFile } from './golden-source';
import { compareVrp } from './masks';
import { typeLines } from './typing';
import { ERRATA_ALTERNATIVES, ERRATA_GOLDEN, ERRATA_PROMPTS, EXTRA_LINES } from './errata';

const TOPOLOGY = path.join(__dirname, '..', '..', 'topologies', 'bfd-static-vpn', 'bfd-static-vpn.clab.yml');
const GOLDEN = path.join(__dirname, 'golden');
const STEPS = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'steps.json'), 'utf8')) as StepsFile;
const test = suiteTest(TOPOLOGY, { suite: 'bfd-static-vpn', transport: 'ssh', deviations: DEVIATIONS });

const PES = ['PE1', 'PE2', 'PE3'];
const LOOPBACK: Record<string, string> = { PE1: '2.2.2.2', PE2: '3.3.3.3', PE3: '4.4.4.4' };
/** OSPF waits up to RouterDeadInterval (40 s) before electing a DR (RFC 2328 9.4); LDP and BGP follow. */
const CONVERGE_S = 90;
/** The document: "the traffic is switched in less than 50 ms". */
const SWITCHOVER_MS = 50;
/** BFD: 3 x 10 ms detection (RFC 5880 6.8.4); a few ms of slack for in-flight packets. */
const BFD_DETECT_MS = 40;

type Step = StepsFile['steps'][number];
type Verify = Extract<Step['items'][number], { kind: 'verify' }>;

const step = (n: number): Step => STEPS.steps.find((s) => s.n === n)!;

/**
 * The scenario the state checks run on, per platform: on VRP (the reference router) the
 * document's VPN instance, static routes and named static BFD sessions; on FRR
 * (topologies/bfd-static-vpn-frr) the global table (no VRF devices on this kernel), EBGP from the
 * CEs with BFD on the sessions (FRR 8.4 has no static-route BFD and names no sessions; a session is
 * found by its peer address), IPv4 unicast IBGP between the loopbacks, and the CE links through a
 * bridge (so that a silent link keeps its carrier). The topology file says the same.
 */
interface VpnScenario {
  vpn?: string;
  /** The family the PEs exchange the VPN's routes in. */
  pePeerFamily: 'vpnv4' | 'ipv4-unicast';
  /** How PE1 and PE2 learn CE1's 1.1.1.1/32: the document's static routes, or CE1's EBGP. */
  ceRouteProtocol: 'static' | 'bgp';
  /** CE1's routes over both PEs: the document's two default routes, or CE2's loopback over EBGP multipath. */
  ce1Uplink: string;
  /** A BFD session of `node` towards `peer` (a node name). */
  bfd: (node: string, peer: string) => (b: BfdSession) => boolean;
  /** Interface names: CE1's port to PE1, PE1's port to CE1. */
  ce1ToPe1: string;
  pe1ToCe1: string;
  /** PE1's port once CE1 shut its end: carrier lost (down), or kept by the bridge in the middle (up). */
  pe1PortAfterShutdown: 'down' | 'up';
  /** The configuration lines that shut and restore CE1's port to PE1, where the document's typing does not apply. */
  shutLines?: string[];
  restoreLines?: string[];
  /** CE2's address in the VPN the traffic streams use: its link (VRP's VPN routes carry it) or its loopback (what CE2 advertises over EBGP on FRR). */
  ce2Addr: string;
}
const BFD_NAMES: Record<string, string> = { 'PE1>CE1': 'pe1_to_ce1', 'PE2>CE1': 'pe2_to_ce1', 'CE1>PE1': 'ce1_to_pe1', 'CE1>PE2': 'ce1_to_pe2' };
const LINK_PEER: Record<string, string> = { 'PE1>CE1': '10.1.1.1', 'PE2>CE1': '10.2.1.1', 'CE1>PE1': '10.1.1.2', 'CE1>PE2': '10.2.1.2' };
const SCENARIOS: Record<string, VpnScenario> = {
  vrp: {
    vpn: 'VPNA', pePeerFamily: 'vpnv4', ceRouteProtocol: 'static', ce1Uplink: '0.0.0.0/0',
    bfd: (n, p) => (b) => b.name === BFD_NAMES[`${n}>${p}`],
    ce1ToPe1: 'GigabitEthernet0/1/0', pe1ToCe1: 'GigabitEthernet0/3/0', pe1PortAfterShutdown: 'down', ce2Addr: '10.3.1.2',
  },
  frr: {
    pePeerFamily: 'ipv4-unicast', ceRouteProtocol: 'bgp', ce1Uplink: '5.5.5.5/32',
    bfd: (n, p) => (b) => b.peer === LINK_PEER[`${n}>${p}`],
    ce1ToPe1: 'eth1', pe1ToCe1: 'eth3', pe1PortAfterShutdown: 'up',
    shutLines: ['interface eth1', 'shutdown'], restoreLines: ['interface eth1', 'no shutdown'], ce2Addr: '5.5.5.5',
  },
};
const scenarioFor = (platform: string): VpnScenario => SCENARIOS[platform] ?? SCENARIOS.vrp;
/** The BGP next hop of a path: its gateway, or (FRR) the recursive next hop it resolves through. */
const bgpNextHops = (routes: RouteEntry[], prefix: string, candidates: string[]): string[] =>
  vpnPaths(routes, prefix).map((p) => [p.nextHop, p.via].find((x) => x && candidates.includes(x)) ?? `${p.nextHop}`).sort();
const vpnPaths = (routes: RouteEntry[], prefix: string) => groupRoutes(routes).find((g) => g.prefix === prefix)?.paths ?? [];

/** Type every config item of a step (in document order, up to `until` items), prompt-checked. */
async function typeStep(cli: Cli, ti: TestInfo, s: Step, items = s.items): Promise<void> {
  const mismatches: string[] = [];
  for (const it of items) {
    if (it.kind !== 'config') continue;
    const ses = await cli.session(it.node);
    const extra = EXTRA_LINES.filter((e) => e.step === s.n && e.node === it.node && e.before);
    for (const e of extra) await typeLines(ses, it.node, e.lines);
    const r = await typeLines(ses, it.node, it.lines, { allowedPromptMismatches: ERRATA_PROMPTS });
    mismatches.push(...r.promptMismatches);
    if (r.navigation.length) ti.annotations.push({ type: 'navigation', description: `${it.node}: ${r.navigation.join('; ')}` });
    for (const e of EXTRA_LINES.filter((x) => x.step === s.n && x.node === it.node && !x.before)) {
      await typeLines(ses, it.node, e.lines);
      ti.annotations.push({ type: 'errata', description: `${it.node}: ${e.why}` });
    }
  }
  expect(mismatches, 'prompts the device showed that differ from the document').toEqual([]);
}

/** A verification output against the document (or its ERRATA replacement), polled until it settles. */
async function golden(cli: Cli, target: Target, ti: TestInfo, v: Verify): Promise<void> {
  // Mixed labs: the suite's deviations.ts declares the checks of a lab without VRP nodes.
  if (target.platform(v.node) !== 'vrp') await declareDeviation(ti, `golden output is Huawei VRP's; ${v.node} speaks ${target.platform(v.node)}`);
  const errata = ERRATA_GOLDEN[v.golden];
  const file = path.join(GOLDEN, errata ? v.golden.replace(/\.txt$/, '.errata.txt') : v.golden);
  const expected = [fs.readFileSync(file, 'utf8')];
  const alt = ERRATA_ALTERNATIVES[v.golden];
  if (alt) expected.push(fs.readFileSync(path.join(GOLDEN, v.golden.replace(/\.txt$/, '.alt.txt')), 'utf8'));
  if (errata) ti.annotations.push({ type: 'errata', description: `${v.node} ${v.command}: ${errata}` });
  if (alt) ti.annotations.push({ type: 'errata', description: `${v.node} ${v.command}: ${alt}` });
  let last = { ok: false, diff: '', actual: '' };
  await pollUntil(
    `${v.node} ${v.command} matches the document`,
    async () => {
      const actual = await cli.send(v.node, v.command, 60_000);
      const rs = expected.map((e) => compareVrp(`${v.node} ${v.command}`, v.command, e, actual));
      return (last = { ...(rs.find((r) => r.ok) ?? rs[0]), actual });
    },
    (r) => r.ok,
    { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 1000, describe: () => 'see the golden diff' },
  ).catch(async (e) => {
    await attachDiff(ti, `golden diff ${v.node} ${v.command}`, last.diff);
    throw new Error(`golden diff: ${v.node} '${v.command}' differs from the document (${(e as Error).message})`);
  });
}

/** Router IDs of the neighbours whose adjacency is up (OSPF Full), sorted. */
const upIds = (ns: IgpNeighbor[]) => ns.filter((n) => n.state === 'up').map((n) => n.routerId).sort();

const verifies = (s: Step) => s.items.filter((i): i is Verify => i.kind === 'verify');

test.describe('bfd-static-vpn', () => {
  test.describe.configure({ mode: 'serial' });

  // Each document step is three checks: its lines typed as the document types them (prompts
  // compared; VRP only), its state on the neutral model (every target, on that target's
  // scenario), and its verification outputs against the document (golden; VRP only).
  const typed = (n: number, what: string) => test(`step ${n}: typed as the document (${what})`, async ({ cli }, ti) => typeStep(cli, ti, step(n)));
  const goldens = (n: number, items?: () => Verify[]) =>
    test(`step ${n}: golden outputs as the document prints them`, async ({ cli, target }, ti) => {
      const vs = items ? items() : verifies(step(n));
      for (const v of vs) await golden(cli, target, ti, v);
    });

  typed(1, 'OSPF on the backbone');
  test('step 1: OSPF on the backbone; every PE learns the other loopbacks, PE1 balances over both neighbours', async ({ device, target }) => {
    for (const pe of PES) {
      const others = PES.filter((o) => o !== pe).map((o) => LOOPBACK[o]).sort();
      // Poll for everything asserted below: the loopback routes AND every adjacency up (Full).
      const res = await pollUntil(
        `${pe} OSPF routes to the other loopbacks, neighbours Full`,
        async () => ({ rs: await device(pe).routes({ afi: 'ipv4' }), ns: await device(pe).igpNeighbors({ protocol: 'ospf' }) }),
        (x) => others.every((o) => x.rs.some((r) => r.prefix === `${o}/32` && r.protocol === 'ospf')) && JSON.stringify(upIds(x.ns)) === JSON.stringify(others),
        { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 1000, describe: (x) => `routes ${x.rs.filter((r) => r.protocol === 'ospf').map((r) => r.prefix).join(' ')}; up ${upIds(x.ns).join(' ')}` },
      );
      expect(upIds(res.value.ns), `${pe} OSPF neighbours Full`).toEqual(others);
    }
    // ECMP: PE2-PE3's link is two equal hops from PE1 (OSPF installs both once the SPF has run).
    const ecmp = await pollUntil(
      'PE1 22.22.22.0/24 over both neighbours',
      async () => device('PE1').routes({ afi: 'ipv4' }),
      (rs) => vpnPaths(rs, '22.22.22.0/24').length === 2,
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 1000, describe: (rs) => JSON.stringify(vpnPaths(rs, '22.22.22.0/24')) },
    );
    expect(vpnPaths(ecmp.value, '22.22.22.0/24').map((p) => p.nextHop).sort(), 'PE1 22.22.22.0/24 over both neighbours').toEqual(['11.11.11.2', '33.33.33.2']);
  });
  goldens(1);

  typed(2, 'MPLS LDP');
  test('step 2: MPLS LDP; sessions Operational between every pair of PEs', async ({ device, target }) => {
    for (const pe of PES) {
      const want = PES.filter((o) => o !== pe).map((o) => LOOPBACK[o]).sort();
      const res = await pollUntil(
        `${pe} LDP sessions Operational`,
        async () => device(pe).ldpSessions(),
        (ss) => want.every((w) => ss.some((x) => x.peer === w && x.state === 'operational')),
        { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 1000, describe: (ss) => ss.map((x) => `${x.peer}:${x.state}`).join(' ') },
      );
      // RFC 5036 2.5.2: the LSR with the higher transport address (LSR ID) opens the session.
      for (const x of res.value) expect(x.role, `${pe} role towards ${x.peer}`).toBe(LOOPBACK[pe] > x.peer ? 'active' : 'passive');
    }
  });
  goldens(2);

  typed(3, 'VPN instance VPNA, CE interfaces');
  test('step 3: VPN instance VPNA on the PEs with its RD, route targets and CE interface; each PE pings its CE', async ({ device }) => {
    const rd: Record<string, string> = { PE1: '100:1', PE2: '100:2', PE3: '100:3' };
    for (const pe of PES) {
      const vrfs = await device(pe).vrfs();
      expect(vrfs.map((x) => x.name), `${pe} VPN instances`).toEqual(['VPNA']);
      const v = vrfs[0];
      expect({ rd: v.rd, imp: v.importRts, exp: v.exportRts, ifs: v.interfaces }).toEqual({ rd: rd[pe], imp: ['111:1'], exp: ['111:1'], ifs: ['GigabitEthernet0/3/0'] });
    }
    const ce: Record<string, string> = { PE1: '10.1.1.1', PE2: '10.2.1.1', PE3: '10.3.1.2' };
    for (const pe of PES) {
      const p = await device(pe).ping(ce[pe], { vrf: 'VPNA' });
      expect(p.successPct, `${pe} ping -vpn-instance VPNA ${ce[pe]}`).toBe(100);
    }
  });
  goldens(3);

  typed(4, 'CE1 default routes, VPN static routes into BGP');
  test('step 4: CE1 has two routes towards the VPN, over PE1 and PE2; PE1 and PE2 reach 1.1.1.1 over their CE link', async ({ device, target }) => {
    const sc = scenarioFor(target.platform('CE1'));
    const ce1 = await pollUntil(
      `CE1 ${sc.ce1Uplink} over both PEs`,
      async () => device('CE1').routes({ afi: 'ipv4' }),
      (rs) => vpnPaths(rs, sc.ce1Uplink).length === 2,
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 500, describe: (rs) => JSON.stringify(vpnPaths(rs, sc.ce1Uplink)) },
    );
    expect(vpnPaths(ce1.value, sc.ce1Uplink).map((p) => p.nextHop).sort(), `CE1 ${sc.ce1Uplink} over both PEs`).toEqual(['10.1.1.2', '10.2.1.2']);
    for (const [pe, nh] of [['PE1', '10.1.1.1'], ['PE2', '10.2.1.1']]) {
      const v = await pollUntil(
        `${pe} 1.1.1.1/32 (${sc.ceRouteProtocol}) via ${nh}`,
        async () => device(pe).routes({ afi: 'ipv4', vrf: sc.vpn }),
        (rs) => rs.some((x) => x.prefix === '1.1.1.1/32' && x.protocol === sc.ceRouteProtocol && x.nextHop === nh),
        { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 500, describe: (rs) => JSON.stringify(rs.filter((x) => x.prefix === '1.1.1.1/32')) },
      );
      const r = v.value.find((x) => x.prefix === '1.1.1.1/32' && x.protocol === sc.ceRouteProtocol);
      expect(r?.protocol, `${pe} 1.1.1.1/32`).toBe(sc.ceRouteProtocol);
      expect(r?.nextHop).toBe(nh);
    }
  });

  typed(5, 'EBGP between PE3 and CE2');
  test('step 5: EBGP between PE3 and CE2 Established', async ({ device, target }) => {
    const res = await pollUntil(
      'CE2 EBGP peer 10.3.1.1 Established',
      async () => device('CE2').bgpPeers({ family: 'ipv4-unicast' }),
      (ps) => ps.some((p) => p.peer === '10.3.1.1' && p.state === 'established' && p.remoteAs === 100),
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 1000, describe: (ps) => ps.map((p) => `${p.peer}:${p.state}`).join(' ') },
    );
    expect(res.value.find((p) => p.peer === '10.3.1.1')?.state).toBe('established');
  });

  typed(6, 'MP-IBGP VPNv4 between the PEs');
  test('step 6: IBGP between the PEs\' loopbacks carrying the VPN; peers Established', async ({ device, target }) => {
    const sc = scenarioFor(target.platform('PE1'));
    for (const pe of PES) {
      const want = PES.filter((o) => o !== pe).map((o) => LOOPBACK[o]).sort();
      const res = await pollUntil(
        `${pe} ${sc.pePeerFamily} peers Established`,
        async () => device(pe).bgpPeers({ family: sc.pePeerFamily }),
        (ps) => want.every((w) => ps.some((p) => p.peer === w && p.state === 'established' && p.remoteAs === 100)),
        { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 1000, describe: (ps) => ps.map((p) => `${p.peer}:${p.state}`).join(' ') },
      );
      expect(want.filter((w) => res.value.some((p) => p.peer === w && p.state === 'established')), `${pe} IBGP peers Established`).toEqual(want);
    }
  });
  goldens(6);

  typed(7, 'static BFD sessions');
  test('step 7: BFD PE1-CE1 and PE2-CE1 Up, discriminators learned both ways, 10 ms x 3', async ({ device, target }) => {
    const sc = scenarioFor(target.platform('PE1'));
    for (const [a, b] of [['PE1', 'CE1'], ['PE2', 'CE1']]) {
      const get = async (n: string, peer: string) => (await device(n).bfdSessions()).find(sc.bfd(n, peer));
      const res = await pollUntil(
        `${a}-${b} BFD Up both ways`,
        async () => ({ x: await get(a, b), y: await get(b, a) }),
        // Up, discriminators learned both ways, timers as configured: everything asserted below.
        (r) =>
          r.x?.state === 'up' && r.y?.state === 'up' && r.x.remoteDisc === r.y.localDisc && r.y.remoteDisc === r.x.localDisc &&
          [r.x, r.y].every((s) => s.minTxMs === 10 && s.minRxMs === 10 && s.detectMult === 3),
        { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 500, describe: (r) => `${r.x?.state}/${r.y?.state}` },
      );
      const { x, y } = res.value;
      // Discriminators negotiated: each side's remote is the other's local (RFC 5880 6.8.6).
      expect(x!.remoteDisc, `${a} remote = ${b} local`).toBe(y!.localDisc);
      expect(y!.remoteDisc, `${b} remote = ${a} local`).toBe(x!.localDisc);
      for (const s of [x!, y!]) expect({ tx: s.minTxMs, rx: s.minRxMs, mult: s.detectMult }).toEqual({ tx: 10, rx: 10, mult: 3 });
    }
  });
  goldens(7);

  typed(8, 'static routes track BFD');
  test('step 8: the VPN static routes track the BFD sessions', async ({ device }) => {
    for (const [pe, name] of [['PE1', 'pe1_to_ce1'], ['PE2', 'pe2_to_ce1']]) {
      const run = await device(pe).cli('display current-configuration');
      expect(run, `${pe} running config`).toContain(`track bfd-session ${name}`);
      const v = await device(pe).routes({ afi: 'ipv4', vrf: 'VPNA' });
      expect(v.find((x) => x.prefix === '1.1.1.1/32')?.protocol, `${pe} 1.1.1.1/32 stays while BFD is Up`).toBe('static');
    }
  });

  const before9 = () => step(9).items.slice(0, step(9).items.findIndex((i) => i.kind === 'config')).filter((i): i is Verify => i.kind === 'verify');
  test('step 9: verification; PE3 balances 1.1.1.1 over PE1 and PE2', async ({ device, target }) => {
    const sc = scenarioFor(target.platform('PE3'));
    const pe3 = await pollUntil(
      'PE3 1.1.1.1/32 over 2.2.2.2 and 3.3.3.3',
      async () => device('PE3').routes({ afi: 'ipv4', vrf: sc.vpn }),
      (rs) => JSON.stringify(bgpNextHops(rs, '1.1.1.1/32', ['2.2.2.2', '3.3.3.3'])) === '["2.2.2.2","3.3.3.3"]',
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 1000, describe: (rs) => JSON.stringify(vpnPaths(rs, '1.1.1.1/32')) },
    );
    expect(bgpNextHops(pe3.value, '1.1.1.1/32', ['2.2.2.2', '3.3.3.3'])).toEqual(['2.2.2.2', '3.3.3.3']);
  });
  test('step 9: traceroutes; CE1 balances its first hop over PE1 and PE2, CE2 reaches CE1 in three hops', async ({ device }) => {
    const tr = await device('CE1').traceroute('10.3.1.2');
    const first = new Set((tr.hops[0]?.probes ?? []).map((p) => p.address));
    expect([...first].sort(), 'CE1 first hop: per-packet load balancing over PE1 and PE2').toEqual(['10.1.1.2', '10.2.1.2']);
    expect(tr.reached).toBe(true);
    const tr2 = await device('CE2').traceroute('1.1.1.1');
    // VRP answers a traceroute from the interface the probe came in on (the document's hop 3 is
    // 10.2.1.1, not 1.1.1.1): the last hop is one of CE1's links.
    expect(tr2.hops.length, 'CE2 -> CE1: three hops').toBe(3);
    expect(['10.1.1.1', '10.2.1.1'], 'the third hop is CE1').toContain(tr2.hops[2].address);
    expect(tr2.hops[1].probes?.[0]?.as, 'the PE hop is annotated with AS 100').toBe(100);
  });
  goldens(9, before9);

  /** The failover's traffic, for the check of its switchover. */
  let traffic: { clock: string; flows: Array<[string, StreamResult]> } | undefined;
  test('failover: shutdown on CE1\'s port to PE1 (GE0/1/0); PE1\'s BFD session to CE1 Down, PE1 withdraws its CE route, PE3 keeps 3.3.3.3, traffic measured', async ({ cli, device, lab, target }, ti) => {
    const sc = scenarioFor(target.platform('CE1'));
    const s9 = step(9);
    const at = s9.items.findIndex((i) => i.kind === 'config');
    const action = s9.items[at];
    // Both directions of the tester's traffic: CE2 -> CE1 (PE3 balances over PE1 and PE2) and
    // CE1 -> CE2 (CE1 balances over its two uplinks), where the target has a traffic generator;
    // the routing checks run on every target.
    const hasStream = lab.supports('stream');
    traffic = undefined;
    const stream = hasStream ? await lab.startStream({ from: 'CE2', vrf: '', src: sc.ce2Addr, dst: '1.1.1.1', intervalMs: 1 }) : undefined;
    const back = hasStream ? await lab.startStream({ from: 'CE1', vrf: '', src: '1.1.1.1', dst: sc.ce2Addr, intervalMs: 1 }) : undefined;
    if (hasStream) await new Promise((r) => setTimeout(r, 500));
    const v0 = lab.clock.nowSec();
    const w0 = Date.now();
    // The document's lines at the document's prompts on VRP; the same shutdown in the target's own syntax elsewhere.
    if (sc.shutLines) await device('CE1').configure(sc.shutLines);
    else await typeStep(cli, ti, { ...s9, items: [action] });
    const bfd = await pollUntil(
      'PE1 BFD session to CE1 Down',
      async () => (await device('PE1').bfdSessions()).find(sc.bfd('PE1', 'CE1')),
      (x) => x?.state === 'down',
      { deadlineMs: target.deadlineMs(5), intervalMs: 200 },
    );
    await attachTiming(ti, 'bfd_down_seen_wall', Date.now() - w0);
    expect(bfd.value?.state).toBe('down');
    // CE1's port is shut (admin down); PE1's end lost its carrier (down, not shut) where the link is a wire.
    const ce1If = (await device('CE1').interfaces()).find((i) => i.name === sc.ce1ToPe1);
    const pe1If = (await device('PE1').interfaces()).find((i) => i.name === sc.pe1ToCe1);
    expect({ ce1: ce1If?.state, pe1: pe1If?.state }).toEqual({ ce1: 'admin', pe1: sc.pe1PortAfterShutdown });
    if (sc.vpn) expect(pe1If?.vrf, 'PE1\'s CE port stays in the VPN instance').toBe(sc.vpn);
    // The BGP route from PE2 takes over once PE1's own route to CE1 is gone: poll for it.
    const pe1 = (
      await pollUntil(
        'PE1 1.1.1.1/32 from BGP via 3.3.3.3 only',
        async () => device('PE1').routes({ afi: 'ipv4', vrf: sc.vpn }),
        (rs) => {
          const r = rs.find((x) => x.prefix === '1.1.1.1/32');
          return r?.protocol === 'bgp' && !r.external && JSON.stringify(bgpNextHops(rs, '1.1.1.1/32', ['3.3.3.3'])) === '["3.3.3.3"]';
        },
        { deadlineMs: target.deadlineMs(10), intervalMs: 200, describe: (rs) => JSON.stringify(rs.filter((x) => x.prefix === '1.1.1.1/32')) },
      )
    ).value;
    const r1 = pe1.find((x) => x.prefix === '1.1.1.1/32');
    expect(r1?.protocol, 'PE1 withdrew its own route; 1.1.1.1 now comes from PE2').toBe('bgp');
    expect(r1?.external, 'over IBGP (the document prints EBGP: ERRATA E9)').toBeFalsy();
    expect(bgpNextHops(pe1, '1.1.1.1/32', ['3.3.3.3'])).toEqual(['3.3.3.3']);
    const pe3 = await pollUntil(
      'PE3 1.1.1.1/32 only via 3.3.3.3',
      async () => device('PE3').routes({ afi: 'ipv4', vrf: sc.vpn }),
      (rs) => JSON.stringify(bgpNextHops(rs, '1.1.1.1/32', ['2.2.2.2', '3.3.3.3'])) === '["3.3.3.3"]',
      { deadlineMs: target.deadlineMs(30), intervalMs: 500, describe: (rs) => JSON.stringify(vpnPaths(rs, '1.1.1.1/32')) },
    );
    expect(bgpNextHops(pe3.value, '1.1.1.1/32', ['2.2.2.2', '3.3.3.3'])).toEqual(['3.3.3.3']);
    await recordMeasurement(ti, `failover_check_${lab.clock.kind}_s`, (lab.clock.nowSec() - v0).toFixed(2), 's');
    if (!stream || !back) return;
    const s = await stream.stop();
    const r = await back.stop();
    for (const [name, x] of [['ce2_to_ce1', s], ['ce1_to_ce2', r]] as const) {
      await recordMeasurement(ti, `${name}_sent`, x.sent);
      await recordMeasurement(ti, `${name}_lost_packets`, x.lost);
      await recordMeasurement(ti, `${name}_switchover_ms`, x.switchoverMs.toFixed(1), 'ms');
    }
    traffic = { clock: lab.clock.kind, flows: [['ce2_to_ce1', s], ['ce1_to_ce2', r]] };
  });
  test('failover: the traffic through the shutdown switched over in under 50 ms, both directions', async ({ lab }) => {
    // The streams ran through the previous check (their figures are its measurements).
    if (!traffic) await declareDeviation(test.info(), `the traffic stream is a lab-control step; target kind ${lab.kind} has no traffic generator`);
    for (const [name, x] of traffic!.flows) {
      expect(x.received, `traffic ${name} flowed`).toBeGreaterThan(0);
      expect(x.switchoverMs, `traffic ${name} switchover (ms, ${traffic!.clock}); the document claims < ${SWITCHOVER_MS}`).toBeLessThan(SWITCHOVER_MS);
    }
  });
  test('failover: CE1 leaves through PE2 only (traceroute)', async ({ device }) => {
    const tr = await device('CE1').traceroute('10.3.1.2');
    expect(tr.hops[0]?.probes?.map((p) => p.address), 'CE1 leaves through PE2 only').toEqual(['10.2.1.2', '10.2.1.2', '10.2.1.2'].slice(0, tr.hops[0]?.probes?.length ?? 3));
  });
  test('failover: golden outputs after the shutdown as the document prints them', async ({ cli, target }, ti) => {
    const s9 = step(9);
    const at = s9.items.findIndex((i) => i.kind === 'config');
    for (const v of s9.items.slice(at + 1).filter((i): i is Verify => i.kind === 'verify')) await golden(cli, target, ti, v);
  });

  test('restore: undo shutdown on CE1\'s port to PE1 brings its BFD session Up and both paths back on PE3', async ({ cli, device, target }) => {
    const sc = scenarioFor(target.platform('CE1'));
    if (sc.restoreLines) await device('CE1').configure(sc.restoreLines);
    else {
      const ses = await cli.session('CE1');
      const typedLines = await typeLines(ses, 'CE1', [
        { prompt: '[~CE1-GigabitEthernet0/1/0]', command: 'undo shutdown' },
        { prompt: '[*CE1-GigabitEthernet0/1/0]', command: 'commit' },
      ]);
      expect(typedLines.promptMismatches, 'prompts while restoring').toEqual([]);
    }
    const res = await pollUntil(
      'PE1 BFD session to CE1 Up and PE3 back to two paths',
      async () => ({ b: (await device('PE1').bfdSessions()).find(sc.bfd('PE1', 'CE1')), r: await device('PE3').routes({ afi: 'ipv4', vrf: sc.vpn }) }),
      (x) => x.b?.state === 'up' && vpnPaths(x.r, '1.1.1.1/32').length === 2,
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 500, describe: (x) => `${x.b?.state}, ${vpnPaths(x.r, '1.1.1.1/32').length} paths` },
    );
    expect(res.value.b?.state).toBe('up');
  });

  test('failover (not in the document): the CE1-PE2 link goes silent; BFD finds it in 3 x 10 ms and PE3 keeps 2.2.2.2', async ({ device, lab, target }, ti) => {
    const sc = scenarioFor(target.platform('PE2'));
    const session = async () => (await device('PE2').bfdSessions()).find(sc.bfd('PE2', 'CE1'));
    // A lab that has just booted (FRR) brings BGP, then its BFD session, up first: wait for it.
    const up = await pollUntil('PE2 BFD session to CE1 Up before the failure', async () => session(), (x) => x?.state === 'up', {
      deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 500, describe: (x) => `session ${x ? x.state : 'absent'}`,
    });
    expect(up.value?.state, 'PE2\'s BFD session to CE1 before the failure').toBe('up');
    // Frames are lost but the carrier stays up: only BFD can tell (RFC 5880 6.8.4).
    const t0 = lab.clock.nowSec();
    let downAt: number | undefined;
    // The exact moment the static route goes, where the target can watch its table (reference router).
    const stop = lab.watchRoute?.('PE2', sc.vpn ?? '', '1.1.1.1/32', (t, code) => {
      if (downAt === undefined && code !== 'S') downAt = t;
    });
    await lab.setLink('PE2', 'CE1', { loss: 1 });
    const res = await pollUntil(
      'PE2 BFD session to CE1 Down',
      async () => session(),
      (x) => x?.state === 'down',
      { deadlineMs: target.deadlineMs(5), intervalMs: stop ? 200 : 10 },
    );
    const seenMs = (lab.clock.nowSec() - t0) * 1000;
    stop?.();
    expect(res.value?.lastDiag, 'diagnostic').toMatch(/Detect|Expired/i);
    if (downAt !== undefined) {
      const ms = (downAt - t0) * 1000;
      await recordMeasurement(ti, `bfd_detection_${lab.clock.kind}_ms`, ms.toFixed(1), 'ms');
      expect(ms, 'static route withdrawn within the BFD detection time').toBeLessThanOrEqual(BFD_DETECT_MS);
    } else {
      // No route watch on this target: the first poll that saw the session Down bounds the detection from above.
      await recordMeasurement(ti, `bfd_detection_polled_${lab.clock.kind}_ms`, seenMs.toFixed(1), 'ms');
    }
    await pollUntil(
      'PE3 1.1.1.1/32 only via 2.2.2.2',
      async () => device('PE3').routes({ afi: 'ipv4', vrf: sc.vpn }),
      // The BGP next hop: the route's gateway, or (FRR) the recursive next hop it resolves through.
      (rs) => vpnPaths(rs, '1.1.1.1/32').length === 1 && [vpnPaths(rs, '1.1.1.1/32')[0].nextHop, vpnPaths(rs, '1.1.1.1/32')[0].via].includes('2.2.2.2'),
      { deadlineMs: target.deadlineMs(30), intervalMs: 500 },
    );
    await lab.setLink('PE2', 'CE1', { loss: 0 });
    await pollUntil(
      'PE2 BFD session to CE1 Up again',
      async () => session(),
      (x) => x?.state === 'up',
      { deadlineMs: target.deadlineMs(10), intervalMs: 300 },
    );
  });
});

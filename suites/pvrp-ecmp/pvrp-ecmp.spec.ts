/**
 * freeRtr "pvrp ecmp connection" (seed 000) as a suite: configuration, the six outputs on r2
 * (golden), PVRP neighbours and ECMP (state), the tester's twelve tping checks (reachability),
 * and failovers (CLI shutdown; lab link cut with a traffic stream). See ERRATA.md; what cannot
 * apply on a target is declared in deviations.ts. Written on the device API and lab control only.
 * Interfaces, VRF, IGP and parallel paths come from the target's scenario (scenario.ts): on FRR
 * the same state, failover and traffic checks run on OSPF over parallel links.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from '@playwright/test';
import { suiteTest } from '../lib/fixtures';
import { compareGolden, slug } from '../lib/golden';
import { pollUntil } from '../lib/poll';
import { attachDiff, attachTiming, recordMeasurement } from '../../reports/attach';
import { groupRoutes, type Afi, type RouteEntry } from '../../drivers/model/types';
import type { Device, IgpNeighbor } from '../../drivers/api';
import type { Topology } from '../../topologies/types';
import { DEVIATIONS } from './deviations';
import { expectedNeighbours } from './expect';
import { scenarioFor, type EcmpScenario } from './scenario';

const TOPOLOGY = path.join(__dirname, '..', '..', 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');
const GOLDEN = path.join(__dirname, 'golden');
const test = suiteTest(TOPOLOGY, { deviations: DEVIATIONS });
const ROUTERS = ['r1', 'r2', 'r3'];
const AFIS: Afi[] = ['ipv4', 'ipv6'];
/** PVRP timers (freeRtr defaults): hello 5 s, dead 15 s; the open exchange waits 1-5 s. */
const DEAD_S = 15;
const CONVERGE_S = 30;
/** Columns whose values depend on when the output is taken. */
const VOLATILE = ['uptime', 'time'];

const GOLDEN_COMMANDS = ['show ipv4 pvrp 1 sum', 'show ipv6 pvrp 1 sum', 'show ipv4 pvrp 1 rou', 'show ipv6 pvrp 1 rou', 'show ipv4 route v1', 'show ipv6 route v1'];

const paths = (routes: RouteEntry[], prefix: string) => groupRoutes(routes).find((g) => g.prefix === prefix)?.paths ?? [];
const loopback = (afi: Afi, r: string) => (afi === 'ipv4' ? `2.2.2.${r.slice(1)}/32` : `4321::${r.slice(1)}/128`);

/** What is wrong with a router's IGP neighbours (empty when converged: the set, and routes exchanged both ways). */
function neighbourProblems(sc: EcmpScenario, topo: Topology, r: string, afi: Afi, ns: IgpNeighbor[]): string[] {
  const out: string[] = [];
  if (!sc.namesPeers) {
    // OSPF: one full adjacency per parallel link, nothing else.
    const got = ns.map((n) => `${n.iface}:${n.state}`).sort();
    const want = sc.uplinks(topo, r).map((u) => `${u.iface}:up`).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${r} ${afi} neighbours ${got.join(' ') || '(none)'} (want ${want.join(' ')})`);
    return out;
  }
  const got = ns.map((n) => ({ iface: n.iface, name: n.name, peerIface: n.peerIface })).sort((a, b) => (a.iface < b.iface ? -1 : 1));
  if (JSON.stringify(got) !== JSON.stringify(expectedNeighbours(topo, r))) out.push(`${r} ${afi} neighbours ${got.map((n) => `${n.iface}:${n.name ?? 'null'}`).join(' ') || '(none)'}`);
  for (const n of ns) {
    if (!((n.learned ?? 0) > 0)) out.push(`${r} ${afi} ${n.iface} learned ${n.learned}`);
    if (!((n.advertised ?? 0) > 0)) out.push(`${r} ${afi} ${n.iface} advertised ${n.advertised}`);
  }
  return out;
}

/** What is wrong with a router's ECMP (empty: 2 paths to each other loopback, 4 to each remote link subnet). */
function ecmpProblems(sc: EcmpScenario, topo: Topology, r: string, afi: Afi, routes: RouteEntry[]): string[] {
  const igp = routes.filter((x) => x.protocol === sc.routeProtocol && x.installed !== false);
  const out: string[] = [];
  for (const other of ROUTERS.filter((x) => x !== r)) {
    const want = sc.uplinks(topo, r, other).map((u) => u.iface);
    const got = paths(igp, loopback(afi, other)).map((p) => p.iface).sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${r} ${afi} paths to ${other}'s loopback: ${got.join(' ') || '(none)'} (want ${want.join(' ')})`);
  }
  // Links not attached to r (both VLANs / both parallel links) are reached over all four paths.
  const remote = remoteSubnets(igp, afi);
  if (remote.length !== 2) out.push(`${r} ${afi} remote link subnets: ${remote.length}`);
  for (const g of remote) if (g.paths.length !== 4) out.push(`${r} ${afi} ${g.prefix}: ${g.paths.length} ECMP paths`);
  return out;
}

/** The IGP's routes to link subnets (not host routes: those are the loopbacks). */
const remoteSubnets = (igp: RouteEntry[], afi: Afi) => groupRoutes(igp).filter((g) => !g.prefix.endsWith(afi === 'ipv4' ? '/32' : '/128'));

async function bothTables(d: Device, vrf: string | undefined): Promise<{ v4: RouteEntry[]; v6: RouteEntry[] }> {
  return { v4: await d.routes({ afi: 'ipv4', vrf }), v6: await d.routes({ afi: 'ipv6', vrf }) };
}

/** Routes of one table going out of one interface. */
const viaIface = (routes: RouteEntry[], iface: string) => routes.filter((r) => r.iface === iface).length;

test.describe('pvrp-ecmp', () => {
  test.describe.configure({ mode: 'serial' });

  test('configure: every router takes the document configuration', async ({ device, target }) => {
    for (const n of target.topo.nodes) {
      const text = n.startupConfigText ?? '';
      const lines = text.split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '' && !l.startsWith('!') && l.trim() !== 'end');
      await device(n.name).configure(lines);
      const run = await device(n.name).cli('show running-config');
      expect(run, `${n.name} hostname`).toContain(`hostname ${n.name}`);
      expect(run).toContain('router pvrp4 1');
      expect(run).toContain('router pvrp6 1');
    }
  });

  test('state: PVRP converges, one neighbour per VLAN subinterface, IPv4 and IPv6', async ({ device, lab, target }, ti) => {
    const sc = scenarioFor(target.platform('r1'));
    const t0 = lab.clock.nowSec();
    for (const r of ROUTERS) {
      for (const afi of AFIS) {
        // Poll for the whole condition asserted below: the neighbour set AND routes exchanged both ways.
        const got = await pollUntil(
          `${r} ${afi} ${sc.igp} neighbours with routes exchanged`,
          async () => device(r).igpNeighbors({ protocol: sc.igp, afi, vrf: sc.vrf }),
          (ns) => neighbourProblems(sc, target.topo, r, afi, ns).length === 0,
          { deadlineMs: target.deadlineMs(CONVERGE_S), describe: (ns) => neighbourProblems(sc, target.topo, r, afi, ns).join('; ') },
        );
        expect(neighbourProblems(sc, target.topo, r, afi, got.value), `${r} ${afi} ${sc.igp} neighbours`).toEqual([]);
      }
    }
    await recordMeasurement(ti, `convergence_check_${lab.clock.kind}_s`, (lab.clock.nowSec() - t0).toFixed(1), 's');
  });

  for (const cmd of GOLDEN_COMMANDS) {
    test(`golden: r2 ${cmd}`, async ({ device, target }, ti) => {
      const base = path.join(GOLDEN, 'r2', slug(cmd));
      const errata = fs.existsSync(base + '.errata.txt');
      const expected = fs.readFileSync(errata ? base + '.errata.txt' : base + '.txt', 'utf8');
      if (errata) ti.annotations.push({ type: 'errata', description: `the document captured this before convergence; expecting real freeRtr's converged output (ERRATA.md)` });
      // Wait for convergence: the table must match once routes settle (deadline: dead interval).
      let last = compareGolden(`r2 ${cmd}`, expected, '', VOLATILE);
      await pollUntil(
        `r2 ${cmd} matches the document`,
        async () => (last = compareGolden(`r2 ${cmd}`, expected, await device('r2').cli(cmd), VOLATILE)),
        (r) => r.ok,
        { deadlineMs: target.deadlineMs(DEAD_S), intervalMs: 500, describe: () => 'see the golden diff' },
      ).catch(async (e) => {
        await attachDiff(ti, `golden diff r2 ${cmd}`, last.diff);
        throw new Error(`golden diff: r2 ${cmd} differs from the document (${(e as Error).message})`);
      });
      expect(last.ok).toBe(true);
    });
  }

  test('state: ECMP on every router, 2 paths to each loopback, 4 to each remote link, IPv4 and IPv6', async ({ device, target }) => {
    const sc = scenarioFor(target.platform('r1'));
    for (const r of ROUTERS) {
      for (const afi of AFIS) {
        const res = await pollUntil(
          `${r} ${afi} ECMP`,
          async () => device(r).routes({ afi, vrf: sc.vrf }),
          (rs) => ecmpProblems(sc, target.topo, r, afi, rs).length === 0,
          { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 500, describe: (rs) => ecmpProblems(sc, target.topo, r, afi, rs).join('; ') },
        );
        expect(ecmpProblems(sc, target.topo, r, afi, res.value), `${r} ${afi} ECMP`).toEqual([]);
      }
    }
  });

  // The freeRtr test's tping checks: every router to every other loopback, IPv4 and IPv6.
  for (const r of ROUTERS) {
    for (const other of ROUTERS.filter((x) => x !== r)) {
      for (const dst of [`2.2.2.${other.slice(1)}`, `4321::${other.slice(1)}`]) {
        test(`reachability: ${r} ping ${dst} vrf v1 source loopback1`, async ({ device, target }) => {
          const sc = scenarioFor(target.platform(r));
          const res = await device(r).ping(dst, { vrf: sc.vrf, source: sc.pingSource });
          expect(res.sent).toBeGreaterThan(0);
          expect(res.successPct, `${r} -> ${dst}`).toBe(100);
        });
      }
    }
  }

  // The failed path: r1's first parallel path towards r2 (the document's ethernet1.11), and r2's end of it.
  const failed = (sc: EcmpScenario, topo: Topology) => sc.uplinks(topo, 'r1', 'r2')[0];
  /** Pings r2's view of the other loopbacks, where the platform has a ping (FRR's vtysh has none). */
  async function pingLoopbacks(sc: EcmpScenario, d: Device, dsts: string[], when: string): Promise<void> {
    if (!d.supports('ping')) return;
    for (const dst of dsts) {
      const p = await d.ping(dst, { vrf: sc.vrf, source: sc.pingSource });
      expect(p.successPct, `${d.name} -> ${dst} ${when}`).toBe(100);
    }
  }

  test('failover: shutdown on r1 ethernet1.11; r2 drops every path via 1.1.1.1 and 1234:1::1 within the dead interval; loopbacks stay reachable', async ({ device, lab, target }, ti) => {
    const sc = scenarioFor(target.platform('r1'));
    const down = failed(sc, target.topo);
    const left2 = sc.uplinks(target.topo, 'r2', 'r1').filter((u) => u.iface !== down.peerIface).map((u) => u.iface);
    const r2 = device('r2');
    const before = await bothTables(r2, sc.vrf);
    expect(viaIface(before.v4, down.peerIface), `paths via r2 ${down.peerIface} before`).toBeGreaterThan(0);
    // Traffic where the target can generate it; the routing checks run on every target.
    const stream = lab.supports('stream') ? await lab.startStream({ from: 'r2', to: 'r1', vrf: sc.vrf, src: loopback('ipv4', 'r2').split('/')[0], dst: loopback('ipv4', 'r1').split('/')[0], intervalMs: 10 }) : undefined;
    const w0 = Date.now();
    await device('r1').configure([`interface ${down.iface}`, 'shutdown']);
    // The shutdown took effect before this moment; measure from here so the router is not blamed for our latency.
    const t0 = lab.clock.nowSec();
    // Every poll is bracketed by clock readings: a poll that began after t0 + dead interval (+ 1 s of
    // slack for the clock's granularity) and still saw a path via the failed path is a failure.
    let lastSeenAt = 0;
    let goneAt: number | undefined;
    const igp = (rs: RouteEntry[]) => rs.filter((x) => x.protocol === sc.routeProtocol && x.installed !== false);
    const settled = (x: { v4: RouteEntry[]; left: number }) =>
      x.left === 0 &&
      JSON.stringify(paths(igp(x.v4), loopback('ipv4', 'r1')).map((p) => p.iface).sort()) === JSON.stringify(left2) &&
      remoteSubnets(igp(x.v4), 'ipv4').every((g) => g.paths.length === 3);
    const res = await pollUntil(
      `r2 without paths via ${down.peerIface}, ECMP down to 3 paths`,
      async () => {
        const start = lab.clock.nowSec();
        const t = await bothTables(r2, sc.vrf);
        const left = viaIface(igp(t.v4), down.peerIface) + viaIface(igp(t.v6), down.peerIface);
        if (left > 0) lastSeenAt = start - t0;
        else goneAt ??= lab.clock.nowSec() - t0;
        return { ...t, left };
      },
      settled,
      {
        deadlineMs: target.deadlineMs(DEAD_S * 2), intervalMs: 100,
        describe: (x) => `${x.left} paths via r2 ${down.peerIface} left; ${loopback('ipv4', 'r1')} via ${paths(igp(x.v4), loopback('ipv4', 'r1')).map((p) => p.iface).join(',')}; remote subnets ${remoteSubnets(igp(x.v4), 'ipv4').map((g) => `${g.prefix}:${g.paths.length}`).join(' ')}`,
      },
    );
    await attachTiming(ti, 'withdrawal_wall', Date.now() - w0);
    const unit = lab.clock.kind;
    await recordMeasurement(ti, `withdrawal_${unit}_s`, `${lastSeenAt.toFixed(2)}..${(goneAt ?? 0).toFixed(2)}`, 's');
    expect(lastSeenAt, `paths via the dead neighbour still present ${lastSeenAt.toFixed(1)} s (${unit}) after the shutdown`).toBeLessThanOrEqual(DEAD_S + 1);
    // Other paths stay: r1's loopback via the remaining path (the polled condition, asserted).
    expect(paths(igp(res.value.v4), loopback('ipv4', 'r1')).map((p) => p.iface).sort()).toEqual(left2);
    const remote = remoteSubnets(igp(res.value.v4), 'ipv4');
    expect(remote.length, 'remote link subnets').toBe(2);
    for (const g of remote) expect(g.paths.length, `ECMP to ${g.prefix} shrinks to 3 paths`).toBe(3);
    await pingLoopbacks(sc, r2, ['r1', 'r3'].flatMap((o) => AFIS.map((a) => loopback(a, o).split('/')[0])), 'after the failure');
    if (stream) {
      const s = await stream.stop();
      await recordMeasurement(ti, 'traffic_lost_packets', s.lost);
      await recordMeasurement(ti, 'traffic_switchover_ms', s.switchoverMs.toFixed(0), 'ms');
      // A flow hashed onto the dead path is black-holed until the dead timer fires.
      expect(s.switchoverMs, `traffic r2 -> ${loopback('ipv4', 'r1')} switchover (ms)`).toBeLessThanOrEqual((DEAD_S + 1) * 1000);
      expect(s.received, 'traffic flowed again after the failover').toBeGreaterThan(0);
    }
  });

  test('failover: no shutdown on r1 ethernet1.11 restores four paths', async ({ device, lab, target }, ti) => {
    const sc = scenarioFor(target.platform('r1'));
    const down = failed(sc, target.topo);
    const igp = (rs: RouteEntry[]) => rs.filter((x) => x.protocol === sc.routeProtocol && x.installed !== false);
    const w0 = Date.now();
    const t0 = lab.clock.nowSec();
    await device('r1').configure([`interface ${down.iface}`, 'no shutdown']);
    const res = await pollUntil(
      'r2 back to four paths',
      async () => bothTables(device('r2'), sc.vrf),
      (x) =>
        AFIS.every((a) => {
          const t = igp(a === 'ipv4' ? x.v4 : x.v6);
          const remote = remoteSubnets(t, a);
          return remote.length === 2 && remote.every((g) => g.paths.length === 4) && paths(t, loopback(a, 'r1')).length === 2;
        }) && viaIface(igp(x.v4), down.peerIface) > 0,
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 200, describe: (x) => `remote subnets ${remoteSubnets(igp(x.v4), 'ipv4').map((g) => `${g.prefix}:${g.paths.length}`).join(' ')}` },
    );
    await attachTiming(ti, 'restore_wall', Date.now() - w0);
    await recordMeasurement(ti, `restore_${lab.clock.kind}_s`, (lab.clock.nowSec() - t0).toFixed(2), 's');
    expect(viaIface(igp(res.value.v4), down.peerIface)).toBeGreaterThan(0);
  });

  test('failover (lab control): cut the r2-r3 link; r2 reaches r3 through r1, traffic switches over', async ({ device, lab, target }, ti) => {
    const sc = scenarioFor(target.platform('r2'));
    const r2 = device('r2');
    const toR1 = sc.uplinks(target.topo, 'r2', 'r1').map((u) => u.iface);
    const toR3 = sc.uplinks(target.topo, 'r2', 'r3').map((u) => u.iface);
    const lo3 = loopback('ipv4', 'r3');
    const igp = (rs: RouteEntry[]) => rs.filter((x) => x.protocol === sc.routeProtocol && x.installed !== false);
    const direct = igp(await r2.routes({ afi: 'ipv4', vrf: sc.vrf })).find((r) => r.prefix === lo3)?.metric;
    expect(direct, `r2's metric to ${lo3} before the cut`).toBeDefined();
    const stream = await lab.startStream({ from: 'r2', to: 'r3', vrf: sc.vrf, src: loopback('ipv4', 'r2').split('/')[0], dst: lo3.split('/')[0], intervalMs: 10 });
    await new Promise((r) => setTimeout(r, 300));
    const specs = sc.linkSpecs(target.topo, 'r2', 'r3');
    for (const [a, b] of specs) await lab.setLink(a, b, { up: false });
    const further = sc.detourMetric ?? direct!;
    const viaR1 = (v4: RouteEntry[]) => {
      const ps = paths(igp(v4), lo3);
      const m = igp(v4).find((r) => r.prefix === lo3)?.metric ?? 0;
      return JSON.stringify(ps.map((p) => p.iface).sort()) === JSON.stringify(toR1) && (sc.detourMetric !== undefined ? m === sc.detourMetric : m > further);
    };
    const res = await pollUntil(
      `r2 reaches ${lo3} via r1, one hop further`,
      async () => r2.routes({ afi: 'ipv4', vrf: sc.vrf }),
      viaR1,
      { deadlineMs: target.deadlineMs(DEAD_S), intervalMs: 100, describe: (v4) => JSON.stringify(paths(igp(v4), lo3)) },
    );
    const metric = igp(res.value).find((r) => r.prefix === lo3)?.metric;
    if (sc.detourMetric !== undefined) expect(metric, `one hop further: metric ${sc.detourMetric}`).toBe(sc.detourMetric);
    else expect(metric, `one hop further: metric above the direct ${direct}`).toBeGreaterThan(direct!);
    await pingLoopbacks(sc, r2, [loopback('ipv6', 'r3').split('/')[0]], 'after the cut');
    await new Promise((r) => setTimeout(r, 300));
    const s = await stream.stop();
    await recordMeasurement(ti, 'traffic_lost_packets', s.lost);
    await recordMeasurement(ti, 'traffic_switchover_ms', s.switchoverMs.toFixed(0), 'ms');
    // Carrier loss takes the subinterfaces down at once: no dead timer involved.
    expect(s.switchoverMs, 'switchover after a link cut (ms)').toBeLessThan(500);
    for (const [a, b] of specs) await lab.setLink(a, b, { up: true });
    await pollUntil(
      'r2 back to the direct paths to r3',
      async () => r2.routes({ afi: 'ipv4', vrf: sc.vrf }),
      (v4) => JSON.stringify(paths(igp(v4), lo3).map((x) => x.iface).sort()) === JSON.stringify(toR3) && remoteSubnets(igp(v4), 'ipv4').every((g) => g.paths.length === 4),
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 200 },
    );
  });
});

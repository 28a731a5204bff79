/**
 * freeRtr "pvrp ecmp connection" (seed 000) as a suite: configuration, the six outputs on r2
 * (golden), PVRP neighbours and ECMP (state), the tester's twelve tping checks (reachability),
 * and failovers (CLI shutdown; lab link cut with a traffic stream). See ERRATA.md; what cannot
 * apply on a target is declared in deviations.ts. Written on the device API and lab control only.
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
import { expectedNeighbours, linkBetween } from './expect';

const TOPOLOGY = path.join(__dirname, '..', '..', 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');
const GOLDEN = path.join(__dirname, 'golden');
const test = suiteTest(TOPOLOGY, { deviations: DEVIATIONS });
const ROUTERS = ['r1', 'r2', 'r3'];
const AFIS: Afi[] = ['ipv4', 'ipv6'];
const VRF = 'v1';
/** PVRP timers (freeRtr defaults): hello 5 s, dead 15 s; the open exchange waits 1-5 s. */
const DEAD_S = 15;
const CONVERGE_S = 30;
/** Columns whose values depend on when the output is taken. */
const VOLATILE = ['uptime', 'time'];

const GOLDEN_COMMANDS = ['show ipv4 pvrp 1 sum', 'show ipv6 pvrp 1 sum', 'show ipv4 pvrp 1 rou', 'show ipv6 pvrp 1 rou', 'show ipv4 route v1', 'show ipv6 route v1'];

const paths = (routes: RouteEntry[], prefix: string) => groupRoutes(routes).find((g) => g.prefix === prefix)?.paths ?? [];
const viaHop = (routes: RouteEntry[], hop: string) => routes.filter((r) => r.nextHop === hop).length;
const loopback = (afi: Afi, r: string) => (afi === 'ipv4' ? `2.2.2.${r.slice(1)}/32` : `4321::${r.slice(1)}/128`);

/** What is wrong with a router's PVRP neighbours (empty when converged: the set, and routes exchanged both ways). */
function neighbourProblems(topo: Topology, r: string, afi: Afi, ns: IgpNeighbor[]): string[] {
  const got = ns.map((n) => ({ iface: n.iface, name: n.name, peerIface: n.peerIface })).sort((a, b) => (a.iface < b.iface ? -1 : 1));
  const out: string[] = [];
  if (JSON.stringify(got) !== JSON.stringify(expectedNeighbours(topo, r))) out.push(`${r} ${afi} neighbours ${got.map((n) => `${n.iface}:${n.name ?? 'null'}`).join(' ') || '(none)'}`);
  for (const n of ns) {
    if (!((n.learned ?? 0) > 0)) out.push(`${r} ${afi} ${n.iface} learned ${n.learned}`);
    if (!((n.advertised ?? 0) > 0)) out.push(`${r} ${afi} ${n.iface} advertised ${n.advertised}`);
  }
  return out;
}

/** What is wrong with a router's ECMP (empty: 2 paths to each other loopback, 4 to each remote link subnet). */
function ecmpProblems(topo: Topology, r: string, afi: Afi, routes: RouteEntry[]): string[] {
  const pvrp = routes.filter((x) => x.protocol === 'pvrp');
  const out: string[] = [];
  for (const other of ROUTERS.filter((x) => x !== r)) {
    const [port] = linkBetween(topo, r, other)!;
    const got = paths(pvrp, loopback(afi, other)).map((p) => p.iface).sort();
    if (JSON.stringify(got) !== JSON.stringify([`${port}.11`, `${port}.22`])) out.push(`${r} ${afi} paths to ${other}'s loopback: ${got.join(' ') || '(none)'}`);
  }
  // Links not attached to r (both VLANs) are reached over all four subinterfaces.
  const remote = groupRoutes(pvrp).filter((g) => !g.prefix.startsWith(afi === 'ipv4' ? '2.2.2.' : '4321::'));
  if (remote.length !== 2) out.push(`${r} ${afi} remote link subnets: ${remote.length}`);
  for (const g of remote) if (g.paths.length !== 4) out.push(`${r} ${afi} ${g.prefix}: ${g.paths.length} ECMP paths`);
  return out;
}

async function bothTables(d: Device): Promise<{ v4: RouteEntry[]; v6: RouteEntry[] }> {
  return { v4: await d.routes({ afi: 'ipv4', vrf: VRF }), v6: await d.routes({ afi: 'ipv6', vrf: VRF }) };
}

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
    const t0 = lab.clock.nowSec();
    for (const r of ROUTERS) {
      for (const afi of AFIS) {
        // Poll for the whole condition asserted below: the neighbour set AND routes exchanged both ways.
        const got = await pollUntil(
          `${r} ${afi} PVRP neighbours with routes exchanged`,
          async () => device(r).igpNeighbors({ protocol: 'pvrp', afi, vrf: VRF }),
          (ns) => neighbourProblems(target.topo, r, afi, ns).length === 0,
          { deadlineMs: target.deadlineMs(CONVERGE_S), describe: (ns) => neighbourProblems(target.topo, r, afi, ns).join('; ') },
        );
        expect(neighbourProblems(target.topo, r, afi, got.value), `${r} ${afi} PVRP neighbours`).toEqual([]);
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
    for (const r of ROUTERS) {
      for (const afi of AFIS) {
        const res = await pollUntil(
          `${r} ${afi} ECMP`,
          async () => device(r).routes({ afi, vrf: VRF }),
          (rs) => ecmpProblems(target.topo, r, afi, rs).length === 0,
          { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 500, describe: (rs) => ecmpProblems(target.topo, r, afi, rs).join('; ') },
        );
        expect(ecmpProblems(target.topo, r, afi, res.value), `${r} ${afi} ECMP`).toEqual([]);
      }
    }
  });

  // The freeRtr test's tping checks: every router to every other loopback, IPv4 and IPv6.
  for (const r of ROUTERS) {
    for (const other of ROUTERS.filter((x) => x !== r)) {
      for (const dst of [`2.2.2.${other.slice(1)}`, `4321::${other.slice(1)}`]) {
        test(`reachability: ${r} ping ${dst} vrf v1 source loopback1`, async ({ device }) => {
          const res = await device(r).ping(dst, { vrf: VRF, source: 'loopback1' });
          expect(res.sent).toBeGreaterThan(0);
          expect(res.successPct, `${r} -> ${dst}`).toBe(100);
        });
      }
    }
  }

  test('failover: shutdown on r1 ethernet1.11; r2 drops every path via 1.1.1.1 and 1234:1::1 within the dead interval; loopbacks stay reachable', async ({ device, lab, target }, ti) => {
    const r2 = device('r2');
    const before = await r2.routes({ afi: 'ipv4', vrf: VRF });
    expect(viaHop(before, '1.1.1.1'), 'paths via 1.1.1.1 before').toBeGreaterThan(0);
    // Traffic where the target can generate it; the routing checks run on every target.
    const stream = lab.supports('stream') ? await lab.startStream({ from: 'r2', to: 'r1', vrf: VRF, src: '2.2.2.2', dst: '2.2.2.1', intervalMs: 10 }) : undefined;
    const w0 = Date.now();
    await device('r1').configure(['interface ethernet1.11', 'shutdown']);
    // The shutdown took effect before this moment; measure from here so the router is not blamed for our latency.
    const t0 = lab.clock.nowSec();
    // Every poll is bracketed by clock readings: a poll that began after t0 + dead interval (+ 1 s of
    // slack for the clock's granularity) and still saw a path via r1 ethernet1.11 is a failure.
    let lastSeenAt = 0;
    let goneAt: number | undefined;
    const settled = (x: { v4: RouteEntry[]; left: number }) =>
      x.left === 0 && JSON.stringify(paths(x.v4, '2.2.2.1/32').map((p) => p.nextHop)) === '["1.1.2.1"]' && paths(x.v4, '1.1.1.8/30').length === 3;
    const res = await pollUntil(
      'r2 without paths via r1 ethernet1.11, ECMP down to 3 paths',
      async () => {
        const start = lab.clock.nowSec();
        const t = await bothTables(r2);
        const left = viaHop(t.v4, '1.1.1.1') + viaHop(t.v6, '1234:1::1');
        if (left > 0) lastSeenAt = start - t0;
        else goneAt ??= lab.clock.nowSec() - t0;
        return { ...t, left };
      },
      settled,
      { deadlineMs: target.deadlineMs(DEAD_S * 2), intervalMs: 100, describe: (x) => `${x.left} paths via r1 ethernet1.11 left; 2.2.2.1/32 via ${paths(x.v4, '2.2.2.1/32').map((p) => p.nextHop).join(',')}; 1.1.1.8/30 ${paths(x.v4, '1.1.1.8/30').length} paths` },
    );
    await attachTiming(ti, 'withdrawal_wall', Date.now() - w0);
    const unit = lab.clock.kind;
    await recordMeasurement(ti, `withdrawal_${unit}_s`, `${lastSeenAt.toFixed(2)}..${(goneAt ?? 0).toFixed(2)}`, 's');
    expect(lastSeenAt, `paths via the dead neighbour still present ${lastSeenAt.toFixed(1)} s (${unit}) after the shutdown`).toBeLessThanOrEqual(DEAD_S + 1);
    // Other paths stay: both loopbacks via the remaining subinterfaces (the polled condition, asserted).
    expect(paths(res.value.v4, '2.2.2.1/32').map((p) => p.nextHop)).toEqual(['1.1.2.1']);
    expect(paths(res.value.v4, '1.1.1.8/30').length, 'ECMP shrinks to 3 paths').toBe(3);
    for (const dst of ['2.2.2.1', '2.2.2.3', '4321::1', '4321::3']) {
      const p = await r2.ping(dst, { vrf: VRF, source: 'loopback1' });
      expect(p.successPct, `r2 -> ${dst} after the failure`).toBe(100);
    }
    if (stream) {
      const s = await stream.stop();
      await recordMeasurement(ti, 'traffic_lost_packets', s.lost);
      await recordMeasurement(ti, 'traffic_switchover_ms', s.switchoverMs.toFixed(0), 'ms');
      // A flow hashed onto the dead subinterface is black-holed until the dead timer fires.
      expect(s.switchoverMs, 'traffic r2 -> 2.2.2.1 switchover (ms)').toBeLessThanOrEqual((DEAD_S + 1) * 1000);
      expect(s.received, 'traffic flowed again after the failover').toBeGreaterThan(0);
    }
  });

  test('failover: no shutdown on r1 ethernet1.11 restores four paths', async ({ device, lab, target }, ti) => {
    const w0 = Date.now();
    const t0 = lab.clock.nowSec();
    await device('r1').configure(['interface ethernet1.11', 'no shutdown']);
    const res = await pollUntil(
      'r2 back to four paths',
      async () => bothTables(device('r2')),
      (x) => paths(x.v4, '1.1.1.8/30').length === 4 && paths(x.v6, '1234:3::/32').length === 4 && paths(x.v4, '2.2.2.1/32').length === 2 && paths(x.v6, '4321::1/128').length === 2 && viaHop(x.v4, '1.1.1.1') > 0,
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 200, describe: (x) => `1.1.1.8/30 has ${paths(x.v4, '1.1.1.8/30').length} paths` },
    );
    await attachTiming(ti, 'restore_wall', Date.now() - w0);
    await recordMeasurement(ti, `restore_${lab.clock.kind}_s`, (lab.clock.nowSec() - t0).toFixed(2), 's');
    expect(viaHop(res.value.v4, '1.1.1.1')).toBeGreaterThan(0);
  });

  test('failover (lab control): cut the r2-r3 link; r2 reaches r3 through r1, traffic switches over', async ({ device, lab, target }, ti) => {
    const r2 = device('r2');
    const [r2port] = linkBetween(target.topo, 'r2', 'r3')!;
    const stream = await lab.startStream({ from: 'r2', to: 'r3', vrf: VRF, src: '2.2.2.2', dst: '2.2.2.3', intervalMs: 10 });
    await new Promise((r) => setTimeout(r, 300));
    await lab.setLink('r2', 'r3', { up: false });
    const viaR1 = (v4: RouteEntry[]) =>
      paths(v4, '2.2.2.3/32').length === 2 && paths(v4, '2.2.2.3/32').every((p) => p.nextHop === '1.1.1.1' || p.nextHop === '1.1.2.1') && v4.find((r) => r.prefix === '2.2.2.3/32')?.metric === 20;
    const res = await pollUntil(
      'r2 reaches 2.2.2.3 via r1, one hop further',
      async () => r2.routes({ afi: 'ipv4', vrf: VRF }),
      viaR1,
      { deadlineMs: target.deadlineMs(DEAD_S), intervalMs: 100, describe: (v4) => JSON.stringify(paths(v4, '2.2.2.3/32')) },
    );
    expect(res.value.find((r) => r.prefix === '2.2.2.3/32')?.metric, 'one hop further: metric 20').toBe(20);
    const p = await r2.ping('4321::3', { vrf: VRF, source: 'loopback1' });
    expect(p.successPct).toBe(100);
    await new Promise((r) => setTimeout(r, 300));
    const s = await stream.stop();
    await recordMeasurement(ti, 'traffic_lost_packets', s.lost);
    await recordMeasurement(ti, 'traffic_switchover_ms', s.switchoverMs.toFixed(0), 'ms');
    // Carrier loss takes the subinterfaces down at once: no dead timer involved.
    expect(s.switchoverMs, 'switchover after a link cut (ms)').toBeLessThan(500);
    await lab.setLink('r2', 'r3', { up: true });
    await pollUntil(
      'r2 back to the direct paths to r3',
      async () => r2.routes({ afi: 'ipv4', vrf: VRF }),
      (v4) => paths(v4, '2.2.2.3/32').every((x) => x.iface?.startsWith(r2port + '.')) && paths(v4, '1.1.1.8/30').length === 4,
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 200 },
    );
  });
});

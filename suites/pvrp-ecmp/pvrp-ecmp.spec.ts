/**
 * freeRtr "pvrp ecmp connection" (seed 000) as a suite: configuration, the six outputs on r2
 * (golden), PVRP neighbours and ECMP (state), the tester's twelve tping checks (reachability),
 * and failovers (CLI shutdown; lab link cut with a traffic stream). See ERRATA.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect } from '@playwright/test';
import { suiteTest } from '../lib/fixtures';
import { compareGolden, slug } from '../lib/golden';
import { pollUntil } from '../lib/poll';
import { attachDiff, attachTiming, declareDeviation, recordMeasurement } from '../../reports/attach';
import { getPvrpNeighbors, getRoutes, ping } from '../../drivers/platforms/freertr/getters';
import { groupRoutes, RouteEntry } from '../../drivers/model/types';
import { expectedNeighbours, linkBetween } from './expect';

const TOPOLOGY = path.join(__dirname, '..', '..', 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');
const GOLDEN = path.join(__dirname, 'golden');
const test = suiteTest(TOPOLOGY);
const ROUTERS = ['r1', 'r2', 'r3'];
/** PVRP timers (freeRtr defaults): hello 5 s, dead 15 s; the open exchange waits 1-5 s. */
const DEAD_S = 15;
const CONVERGE_S = 30;
/** Columns whose values depend on when the output is taken. */
const VOLATILE = ['uptime', 'time'];

const GOLDEN_COMMANDS = ['show ipv4 pvrp 1 sum', 'show ipv6 pvrp 1 sum', 'show ipv4 pvrp 1 rou', 'show ipv6 pvrp 1 rou', 'show ipv4 route v1', 'show ipv6 route v1'];

const paths = (routes: RouteEntry[], prefix: string) => groupRoutes(routes).find((g) => g.prefix === prefix)?.paths ?? [];
const viaHop = (routes: RouteEntry[], hop: string) => routes.filter((r) => r.nextHop === hop).length;

test.describe('pvrp-ecmp', () => {
  test.describe.configure({ mode: 'serial' });

  test('configure: every router takes the document configuration', async ({ cli, target }) => {
    for (const n of target.topo.nodes) {
      const text = n.startupConfigText ?? '';
      const lines = text.split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '' && !l.startsWith('!') && l.trim() !== 'end');
      await cli.configure(n.name, lines);
      const run = await cli.send(n.name, 'show running-config');
      expect(run, `${n.name} hostname`).toContain(`hostname ${n.name}`);
      expect(run).toContain('router pvrp4 1');
      expect(run).toContain('router pvrp6 1');
    }
  });

  test('state: PVRP converges, one neighbour per VLAN subinterface, IPv4 and IPv6', async ({ cli, target }, ti) => {
    const t0 = target.virtualSeconds();
    for (const r of ROUTERS) {
      const want = expectedNeighbours(target.topo, r);
      for (const afi of ['ipv4', 'ipv6'] as const) {
        const got = await pollUntil(
          `${r} ${afi} PVRP neighbours`,
          async () => getPvrpNeighbors(await cli.session(r), afi, 1),
          (ns) => want.every((w) => ns.some((n) => n.iface === w.iface && n.name === w.name && n.peerIface === w.peerIface)) && ns.length === want.length,
          { deadlineMs: target.deadlineMs(CONVERGE_S), describe: (ns) => ns.map((n) => `${n.iface}:${n.name ?? 'null'}`).join(' ') },
        );
        expect(got.value.map((n) => ({ iface: n.iface, name: n.name, peerIface: n.peerIface })).sort((a, b) => (a.iface < b.iface ? -1 : 1))).toEqual(want);
        // Every neighbour exchanged routes both ways.
        for (const n of got.value) {
          expect(n.learned, `${r} ${afi} ${n.iface} learned`).toBeGreaterThan(0);
          expect(n.advertised, `${r} ${afi} ${n.iface} adverted`).toBeGreaterThan(0);
        }
      }
    }
    const t1 = target.virtualSeconds();
    if (t0 !== undefined && t1 !== undefined) await recordMeasurement(ti, 'convergence_check_virtual_s', (t1 - t0).toFixed(1), 's');
  });

  for (const cmd of GOLDEN_COMMANDS) {
    test(`golden: r2 ${cmd}`, async ({ cli, target }, ti) => {
      const dialect = target.endpoint('r2').dialect;
      if (dialect !== 'freertr') await declareDeviation(ti, `golden output is freeRtr's; r2 speaks ${dialect}`);
      const base = path.join(GOLDEN, 'r2', slug(cmd));
      const errata = fs.existsSync(base + '.errata.txt');
      const expected = fs.readFileSync(errata ? base + '.errata.txt' : base + '.txt', 'utf8');
      if (errata) ti.annotations.push({ type: 'errata', description: `the document captured this before convergence; expecting real freeRtr's converged output (ERRATA.md)` });
      // Wait for convergence: the table must match once routes settle (deadline: dead interval).
      let last = compareGolden(`r2 ${cmd}`, expected, '', VOLATILE);
      await pollUntil(
        `r2 ${cmd} matches the document`,
        async () => (last = compareGolden(`r2 ${cmd}`, expected, await cli.send('r2', cmd), VOLATILE)),
        (r) => r.ok,
        { deadlineMs: target.deadlineMs(DEAD_S), intervalMs: 500, describe: () => 'see the golden diff' },
      ).catch(async (e) => {
        await attachDiff(ti, `golden diff r2 ${cmd}`, last.diff);
        throw new Error(`golden diff: r2 ${cmd} differs from the document (${(e as Error).message})`);
      });
      expect(last.ok).toBe(true);
    });
  }

  test('state: ECMP on every router, 2 paths to each loopback, 4 to each remote link, IPv4 and IPv6', async ({ cli, target }) => {
    for (const r of ROUTERS) {
      for (const afi of ['ipv4', 'ipv6'] as const) {
        const routes = await getRoutes(await cli.session(r), afi, 'v1');
        const pvrp = routes.filter((x) => x.protocol === 'pvrp');
        for (const other of ROUTERS.filter((x) => x !== r)) {
          const lo = afi === 'ipv4' ? `2.2.2.${other.slice(1)}/32` : `4321::${other.slice(1)}/128`;
          const ps = paths(pvrp, lo);
          const [port] = linkBetween(target.topo, r, other)!;
          expect(ps.map((p) => p.iface).sort(), `${r} ${afi} paths to ${other}'s loopback ${lo}`).toEqual([`${port}.11`, `${port}.22`]);
        }
        // Links not attached to r (both VLANs) are reached over all four subinterfaces.
        const remote = groupRoutes(pvrp).filter((g) => !g.prefix.startsWith(afi === 'ipv4' ? '2.2.2.' : '4321::'));
        expect(remote.length, `${r} ${afi} remote link subnets`).toBe(2);
        for (const g of remote) expect(g.paths.length, `${r} ${afi} ${g.prefix} ECMP paths`).toBe(4);
      }
    }
  });

  // The freeRtr test's tping checks: every router to every other loopback, IPv4 and IPv6.
  for (const r of ROUTERS) {
    for (const other of ROUTERS.filter((x) => x !== r)) {
      for (const dst of [`2.2.2.${other.slice(1)}`, `4321::${other.slice(1)}`]) {
        test(`reachability: ${r} ping ${dst} vrf v1 source loopback1`, async ({ cli }) => {
          const res = await ping(await cli.session(r), dst, { vrf: 'v1', source: 'loopback1' });
          expect(res.sent).toBeGreaterThan(0);
          expect(res.successPct, `${r} -> ${dst}`).toBe(100);
        });
      }
    }
  }

  test('failover: shutdown on r1 ethernet1.11; r2 drops every path via 1.1.1.1 and 1234:1::1 within the dead interval; loopbacks stay reachable', async ({ cli, target }, ti) => {
    const before4 = await getRoutes(await cli.session('r2'), 'ipv4', 'v1');
    expect(viaHop(before4, '1.1.1.1'), 'paths via 1.1.1.1 before').toBeGreaterThan(0);
    const stream = target.lab?.startStream({ from: 'r2', to: 'r1', vrf: 'v1', src: '2.2.2.2', dst: '2.2.2.1', intervalMs: 10 });
    // Clock: the lab's virtual seconds on the reference router, wall seconds on real devices.
    const clock = () => target.virtualSeconds() ?? Date.now() / 1000;
    const w0 = Date.now();
    await cli.configure('r1', ['interface ethernet1.11', 'shutdown']);
    // The shutdown took effect before this moment; measure from here so the router is not blamed for our latency.
    const t0 = clock();
    // Every poll is bracketed by clock readings: a poll that began after t0 + dead interval (+ 1 s of
    // slack for the clock's granularity) and still saw a path via r1 ethernet1.11 is a failure.
    let lastSeenAt = 0;
    const res = await pollUntil(
      'r2 without paths via r1 ethernet1.11',
      async () => {
        const start = clock();
        const v4 = await getRoutes(await cli.session('r2'), 'ipv4', 'v1');
        const v6 = await getRoutes(await cli.session('r2'), 'ipv6', 'v1');
        const left = viaHop(v4, '1.1.1.1') + viaHop(v6, '1234:1::1');
        if (left > 0) lastSeenAt = start - t0;
        return { v4, v6, left, end: clock() - t0 };
      },
      (x) => x.left === 0,
      { deadlineMs: target.deadlineMs(DEAD_S * 2), intervalMs: 100, describe: (x) => `${x.left} paths via r1 ethernet1.11 left` },
    );
    await attachTiming(ti, 'withdrawal_wall', Date.now() - w0);
    const unit = target.isReference ? 'virtual' : 'wall';
    await recordMeasurement(ti, `withdrawal_${unit}_s`, `${lastSeenAt.toFixed(2)}..${res.value.end.toFixed(2)}`, 's');
    expect(lastSeenAt, `paths via the dead neighbour still present ${lastSeenAt.toFixed(1)} s (${unit}) after the shutdown`).toBeLessThanOrEqual(DEAD_S + 1);
    // Other paths stay: both loopbacks via the remaining subinterfaces.
    expect(paths(res.value.v4, '2.2.2.1/32').map((p) => p.nextHop)).toEqual(['1.1.2.1']);
    expect(paths(res.value.v4, '1.1.1.8/30').length, 'ECMP shrinks to 3 paths').toBe(3);
    for (const dst of ['2.2.2.1', '2.2.2.3', '4321::1', '4321::3']) {
      const p = await ping(await cli.session('r2'), dst, { vrf: 'v1', source: 'loopback1' });
      expect(p.successPct, `r2 -> ${dst} after the failure`).toBe(100);
    }
    if (stream) {
      const s = stream.stop();
      await recordMeasurement(ti, 'traffic_lost_packets', s.lost);
      await recordMeasurement(ti, 'traffic_switchover_ms', s.switchoverMs.toFixed(0), 'ms');
      // A flow hashed onto the dead subinterface is black-holed until the dead timer fires.
      expect(s.switchoverMs, 'traffic r2 -> 2.2.2.1 switchover (ms)').toBeLessThanOrEqual((DEAD_S + 1) * 1000);
      expect(s.received, 'traffic flowed again after the failover').toBeGreaterThan(0);
    }
  });

  test('failover: no shutdown on r1 ethernet1.11 restores four paths', async ({ cli, target }, ti) => {
    const w0 = Date.now();
    const v0 = target.virtualSeconds();
    await cli.configure('r1', ['interface ethernet1.11', 'no shutdown']);
    const res = await pollUntil(
      'r2 back to four paths',
      async () => ({ v4: await getRoutes(await cli.session('r2'), 'ipv4', 'v1'), v6: await getRoutes(await cli.session('r2'), 'ipv6', 'v1') }),
      (x) => paths(x.v4, '1.1.1.8/30').length === 4 && paths(x.v6, '1234:3::/32').length === 4 && paths(x.v4, '2.2.2.1/32').length === 2 && paths(x.v6, '4321::1/128').length === 2,
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 200, describe: (x) => `1.1.1.8/30 has ${paths(x.v4, '1.1.1.8/30').length} paths` },
    );
    await attachTiming(ti, 'restore_wall', Date.now() - w0);
    const v1 = target.virtualSeconds();
    if (v0 !== undefined && v1 !== undefined) await recordMeasurement(ti, 'restore_virtual_s', (v1 - v0).toFixed(2), 's');
    expect(viaHop(res.value.v4, '1.1.1.1')).toBeGreaterThan(0);
  });

  test('failover (lab control): cut the r2-r3 link; r2 reaches r3 through r1, traffic switches over', async ({ cli, target }, ti) => {
    const lab = target.lab;
    if (!lab) await declareDeviation(ti, 'cutting a link is a lab-control step; this target is an inventory of devices without out-of-band control');
    const [r2port] = linkBetween(target.topo, 'r2', 'r3')!;
    const stream = lab!.startStream({ from: 'r2', to: 'r3', vrf: 'v1', src: '2.2.2.2', dst: '2.2.2.3', intervalMs: 10 });
    await new Promise((r) => setTimeout(r, 300));
    lab!.setLink('r2', 'r3', { up: false });
    const res = await pollUntil(
      'r2 reaches 2.2.2.3 via r1',
      async () => getRoutes(await cli.session('r2'), 'ipv4', 'v1'),
      (v4) => paths(v4, '2.2.2.3/32').length === 2 && paths(v4, '2.2.2.3/32').every((p) => p.nextHop === '1.1.1.1' || p.nextHop === '1.1.2.1'),
      { deadlineMs: target.deadlineMs(DEAD_S), intervalMs: 100, describe: (v4) => JSON.stringify(paths(v4, '2.2.2.3/32')) },
    );
    expect(res.value.find((r) => r.prefix === '2.2.2.3/32')?.metric, 'one hop further: metric 20').toBe(20);
    const p = await ping(await cli.session('r2'), '4321::3', { vrf: 'v1', source: 'loopback1' });
    expect(p.successPct).toBe(100);
    await new Promise((r) => setTimeout(r, 300));
    const s = stream.stop();
    await recordMeasurement(ti, 'traffic_lost_packets', s.lost);
    await recordMeasurement(ti, 'traffic_switchover_ms', s.switchoverMs.toFixed(0), 'ms');
    // Carrier loss takes the subinterfaces down at once: no dead timer involved.
    expect(s.switchoverMs, 'switchover after a link cut (ms)').toBeLessThan(500);
    lab!.setLink('r2', 'r3', { up: true });
    await pollUntil(
      'r2 back to the direct paths to r3',
      async () => getRoutes(await cli.session('r2'), 'ipv4', 'v1'),
      (v4) => paths(v4, '2.2.2.3/32').every((x) => x.iface?.startsWith(r2port + '.')) && paths(v4, '1.1.1.8/30').length === 4,
      { deadlineMs: target.deadlineMs(CONVERGE_S), intervalMs: 200 },
    );
  });
});

/**
 * PVRP on topologies, names, addresses and failures that no document shows: the reference
 * router must compute every answer (DESIGN.md, "The reference router" 1). Labs are generated
 * in a temporary folder by testlab.ts and run in fast mode on virtual time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import { SEC } from '../sim/scheduler';
import { Addr, Afi, addrBytes, fmtAddr, fmtPrefix } from '../net/addr';
import type { Route } from '../net/rib';
import { pvrpSummary } from '../cli/freertr/pvrp';
import type { FreeRtrDevice } from '../cli/freertr/device';
import { decodeEth, decodeIp, decodeUdp } from '../net/packet';
import { GenLab, device, lineLab, parseNormalTable, ringLab, route } from './testlab';

const SEED_TOPO = path.join(__dirname, '../../topologies/pvrp-ecmp/pvrp-ecmp.clab.yml');

/** The address of router `to` on the link it shares with router `from`. */
function peerAddr(g: GenLab, from: number, to: number, afi: Afi): string {
  const p = g.routers[to].ports.find((x) => x.peer === from);
  assert.ok(p, `no link ${from}-${to}`);
  return afi === 4 ? p.v4 : p.v6;
}
function portTo(g: GenLab, from: number, to: number): string {
  const p = g.routers[from].ports.find((x) => x.peer === to);
  assert.ok(p, `no link ${from}-${to}`);
  return p.name;
}
const lo = (g: GenLab, i: number, afi: Afi) => (afi === 4 ? `${g.routers[i].lo4}/32` : `${g.routers[i].lo6}/128`);
const hops = (r: Route) => r.paths.map((p) => `${p.iface.name} ${p.nextHop ? fmtAddr(p.nextHop) : 'null'}`).sort();

async function show(g: GenLab, i: number, cmd: string): Promise<string> {
  const s = device(g, i).sessions()('test');
  assert.equal((await s.execute('terminal table normal')).output, '');
  return (await s.execute(cmd)).output;
}

void test('line of 4 with other names and addresses, plain ports: every loopback at 10 per hop via the neighbour on the path', async () => {
  const g = await lineLab(4, { names: ['alpha', 'bravo', 'charlie', 'delta'], proc: 2, vrf: 'core' });
  g.lab.sched.runFor(40 * SEC);
  for (const afi of [4, 6] as Afi[]) {
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const r = route(g, i, lo(g, j, afi));
        assert.ok(r, `${g.routers[i].name} has no route to ${lo(g, j, afi)}`);
        if (i === j) {
          assert.equal(r.code, 'C');
          continue;
        }
        const next = j > i ? i + 1 : i - 1;
        assert.equal(r.code, 'P');
        assert.equal(r.external, true, 'redistributed connected routes are external');
        assert.equal(r.distance, 80);
        assert.equal(r.metric, 10 * Math.abs(i - j), `${g.routers[i].name} -> ${lo(g, j, afi)}`);
        assert.deepEqual(hops(r), [`${portTo(g, i, next)} ${peerAddr(g, i, next, afi)}`]);
      }
      // Link subnets: connected at their ends, 10 per hop from the nearest end elsewhere.
      for (let k = 0; k < 3; k++) {
        const net = afi === 4 ? g.routers[k].ports.find((p) => p.peer === k + 1)!.net4 : g.routers[k].ports.find((p) => p.peer === k + 1)!.net6;
        const r = route(g, i, net)!;
        if (i === k || i === k + 1) assert.equal(r.code, 'C');
        else assert.equal(r.metric, 10 * Math.min(Math.abs(i - k), Math.abs(i - k - 1)), `${g.routers[i].name} -> ${net}`);
      }
    }
  }
  // The show command prints what the table holds: 3 hops = 80/30 via bravo.
  const t = parseNormalTable(await show(g, 0, 'show ipv4 route core'));
  assert.deepEqual(t.headers, ['typ', 'prefix', 'metric', 'iface', 'hop', 'time']);
  assert.deepEqual(t.rows.find((r) => r[1] === '10.255.0.4/32')?.slice(0, 5), ['P EX', '10.255.0.4/32', '80/30', 'ethernet1', '10.20.7.6']);
  const t6 = parseNormalTable(await show(g, 3, 'show ipv6 route core'));
  assert.deepEqual(t6.rows.find((r) => r[1] === '2001:db8:ffff::1/128')?.slice(0, 5), ['P EX', '2001:db8:ffff::1/128', '80/30', 'ethernet2', '2001:db8:3::1']);
  // The neighbours carry the peers' own names and interface names.
  const sum = parseNormalTable(await show(g, 1, 'show ipv4 pvrp 2 summary'));
  assert.deepEqual(
    sum.rows.map((r) => r.slice(0, 5)),
    [
      ['ethernet1', '192.0.2.3', 'charlie', 'ethernet2', '10.21.7.6'],
      ['ethernet2', '192.0.2.1', 'alpha', 'ethernet1', '10.20.7.1'],
    ],
  );
});

void test('6-router ring with ecmp: two equal paths only to the opposite router, one path to everything else', async () => {
  const g = await ringLab(6, { names: ['n-east', 'n-se', 'n-sw', 'n-west', 'n-nw', 'n-ne'] });
  g.lab.sched.runFor(40 * SEC);
  for (const afi of [4, 6] as Afi[]) {
    for (let i = 0; i < 6; i++) {
      const opp = (i + 3) % 6;
      const rib = g.lab.node(g.routers[i].name).node.vrf(g.vrf).rib[afi];
      const multi = rib.routes().filter((r) => r.paths.length > 1);
      assert.deepEqual(multi.map((r) => fmtPrefix(r.prefix)), [lo(g, opp, afi)], `${g.routers[i].name} ECMP routes`);
      const r = multi[0];
      assert.equal(r.metric, 30);
      const nxt = (i + 1) % 6;
      const prv = (i + 5) % 6;
      assert.deepEqual(hops(r), [`${portTo(g, i, nxt)} ${peerAddr(g, i, nxt, afi)}`, `${portTo(g, i, prv)} ${peerAddr(g, i, prv, afi)}`].sort());
      for (let j = 0; j < 6; j++) {
        if (j === i) continue;
        const d = Math.min((j - i + 6) % 6, (i - j + 6) % 6);
        assert.equal(route(g, i, lo(g, j, afi))!.metric, 10 * d);
      }
    }
  }
  const t = parseNormalTable(await show(g, 0, 'show ipv4 route core'));
  assert.deepEqual(
    t.rows.filter((r) => r[1] === '10.255.0.4/32').map((r) => r.slice(0, 5)),
    [
      ['P EX', '10.255.0.4/32', '80/30', 'ethernet1', '10.20.7.6'],
      ['P EX', '10.255.0.4/32', '80/30', 'ethernet2', '10.25.7.1'],
    ],
  );
});

void test('without ecmp in the router config, one path per prefix', async () => {
  const g = await ringLab(6, { ecmp: false });
  g.lab.sched.runFor(40 * SEC);
  for (const afi of [4, 6] as Afi[]) {
    for (let i = 0; i < 6; i++) {
      const routes = g.lab.node(g.routers[i].name).node.vrf(g.vrf).rib[afi].routes();
      assert.equal(routes.filter((r) => r.code === 'P').length, 9, '5 remote loopbacks and 4 remote links');
      for (const r of routes) assert.equal(r.paths.length, 1, `${g.routers[i].name} ${fmtPrefix(r.prefix)}`);
      assert.equal(route(g, i, lo(g, (i + 3) % 6, afi))!.metric, 30);
    }
  }
  const out = await show(g, 2, 'show ipv4 pvrp 1 route');
  assert.equal(out.split('\n').filter((l) => l.includes('10.255.0.6/32')).length, 1);
});

void test('ring link cut: routes go the other way round at the higher metric, and come back when restored', async () => {
  const g = await ringLab(6);
  const { lab } = g;
  lab.sched.runFor(40 * SEC);
  const a = 0;
  const b = 1;
  for (const afi of [4, 6] as Afi[]) {
    assert.equal(route(g, a, lo(g, b, afi))!.metric, 10);
    assert.equal(route(g, a, lo(g, 3, afi))!.paths.length, 2);
  }
  lab.setLink(g.routers[a].name, g.routers[b].name, { up: false });
  lab.sched.runFor(5 * SEC);
  for (const afi of [4, 6] as Afi[]) {
    const ab = route(g, a, lo(g, b, afi))!;
    assert.equal(ab.metric, 50, 'five hops the other way');
    assert.deepEqual(hops(ab), [`${portTo(g, a, 5)} ${peerAddr(g, a, 5, afi)}`]);
    const ba = route(g, b, lo(g, a, afi))!;
    assert.equal(ba.metric, 50);
    assert.deepEqual(hops(ba), [`${portTo(g, b, 2)} ${peerAddr(g, b, 2, afi)}`]);
    const opp = route(g, a, lo(g, 3, afi))!;
    assert.equal(opp.metric, 30);
    assert.equal(opp.paths.length, 1, 'no more ECMP across the cut');
    // Nobody still routes over the dead link.
    for (let i = 0; i < 6; i++) {
      for (const r of g.lab.node(g.routers[i].name).node.vrf(g.vrf).rib[afi].routes()) {
        for (const p of r.paths) assert.ok(p.iface.up, `${g.routers[i].name} ${fmtPrefix(r.prefix)} via a down interface`);
      }
    }
  }
  lab.setLink(g.routers[a].name, g.routers[b].name, { up: true });
  lab.sched.runFor(20 * SEC);
  for (const afi of [4, 6] as Afi[]) {
    const ab = route(g, a, lo(g, b, afi))!;
    assert.equal(ab.metric, 10);
    assert.deepEqual(hops(ab), [`${portTo(g, a, b)} ${peerAddr(g, a, b, afi)}`]);
    assert.equal(route(g, a, lo(g, 3, afi))!.paths.length, 2);
  }
});

void test('shutdown typed on one side: the far side withdraws when its dead timer (15 s after the last message) fires', async () => {
  const g = await lineLab(4);
  const { lab } = g;
  lab.sched.runFor(40 * SEC);
  const s = device(g, 0).sessions()('test');
  const far = device(g, 1).pvrp.get('4:1')!;
  const farIf = far.ifaces.get(portTo(g, 1, 0))!;
  assert.equal(farIf.neighs.size, 1);
  const lastHeard = [...farIf.neighs.values()][0].lastHeard;
  for (const line of ['configure terminal', `interface ${portTo(g, 0, 1)}`, 'shutdown', 'end']) {
    assert.doesNotMatch((await s.execute(line)).output, /%/, line);
  }
  const t0 = lab.sched.now;
  assert.ok(t0 - lastHeard <= 5 * SEC + 100_000, 'heard within a hello interval');
  // The shut side forgets at once.
  lab.sched.runFor(1);
  assert.equal(route(g, 0, lo(g, 1, 4)), undefined);
  // 9 s later the far side still holds the neighbour and its routes (dead 15 s, keepalive 5 s).
  lab.sched.runUntil(t0 + 9 * SEC);
  assert.equal(route(g, 1, lo(g, 0, 4))?.metric, 10);
  assert.equal(route(g, 3, lo(g, 0, 4))?.metric, 30);
  assert.equal(farIf.neighs.size, 1);
  // It goes exactly when the dead interval runs out, counted from the last message heard.
  const gone = lab.sched.runUntilCondition(() => route(g, 1, lo(g, 0, 4)) === undefined, t0 + 20 * SEC);
  assert.ok(gone);
  const last = [...far.ifaces.get(portTo(g, 1, 0))!.neighs.values()][0]?.lastHeard ?? lastHeard;
  assert.equal(lab.sched.now, last + 15 * SEC, 'withdrawn when the dead timer fires');
  lab.sched.runUntil(t0 + 16 * SEC);
  for (let i = 1; i < 4; i++) {
    assert.equal(route(g, i, lo(g, 0, 4)), undefined, `${g.routers[i].name} withdrew`);
    assert.equal(route(g, i, lo(g, 0, 6)), undefined, `${g.routers[i].name} withdrew (IPv6)`);
  }
  const sum = parseNormalTable(await show(g, 1, 'show ipv4 pvrp 1 summary'));
  assert.deepEqual(sum.rows.map((r) => r[2]), ['charlie']);
  // no shutdown: the neighbours re-form and the routes come back.
  for (const line of ['configure terminal', `interface ${portTo(g, 0, 1)}`, 'no shutdown', 'end']) await s.execute(line);
  lab.sched.runFor(20 * SEC);
  assert.equal(route(g, 3, lo(g, 0, 4))?.metric, 30);
  assert.equal(route(g, 0, lo(g, 3, 6))?.metric, 30);
});

void test('path vector: in a triangle without split horizon no router takes back its own loopback, and a withdrawn prefix does not loop', async () => {
  const g = await ringLab(3, { splitHorizon: false });
  const { lab } = g;
  const sentBack: string[] = [];
  // Watch the wire: the neighbours do send each router its own loopback back (no split horizon).
  for (const { link } of lab.links) {
    link.taps.push((_t, from, frame) => {
      const f = decodeEth(frame);
      const ip = f && decodeIp(f.type, f.payload);
      const u = ip && ip.proto === 17 ? decodeUdp(ip.payload) : undefined;
      if (!u || u.dport !== 1547) return;
      const to = link.other(from).node.name;
      const i = g.routers.findIndex((r) => r.name === to);
      for (const l of u.data.toString().split('\n')) {
        if (l.startsWith(`reachable prefix=${g.routers[i].lo4}/32 `) && l.includes(g.routers[i].rid4)) sentBack.push(`${to}: ${l}`);
      }
    });
  }
  lab.sched.runFor(40 * SEC);
  assert.ok(sentBack.length > 0, 'the own loopback came back on the wire');
  for (let i = 0; i < 3; i++) {
    const proc = device(g, i).pvrp.get('4:1')!;
    const own = `${g.routers[i].lo4}/32`;
    const rib = lab.node(g.routers[i].name).node.vrf(g.vrf).rib[4];
    assert.equal(rib.sourceRoutes('pvrp4 1').filter((r) => fmtPrefix(r.prefix) === own).length, 0, `${g.routers[i].name} installed its own loopback`);
    for (const pi of proc.ifaces.values()) for (const n of pi.neighs.values()) for (const e of n.learned.values()) assert.ok(!e.best.path.includes(proc.routerId));
    assert.equal(route(g, i, own)!.code, 'C');
  }
  // Take alpha's loopback away: every router forgets it within a second, no count to infinity.
  const s = device(g, 0).sessions()('test');
  for (const line of ['configure terminal', 'interface loopback0', 'shutdown', 'end']) await s.execute(line);
  const t0 = lab.sched.now;
  const clean = lab.sched.runUntilCondition(() => [0, 1, 2].every((i) => route(g, i, `${g.routers[0].lo4}/32`) === undefined), t0 + 1 * SEC);
  assert.ok(clean, 'withdrawn everywhere');
  lab.sched.runFor(30 * SEC);
  for (let i = 0; i < 3; i++) assert.equal(route(g, i, `${g.routers[0].lo4}/32`), undefined);
});

void test('restartNode: the neighbours re-form and every route comes back', async () => {
  const g = await ringLab(6);
  const { lab } = g;
  lab.sched.runFor(40 * SEC);
  const snapshot = () =>
    g.routers.map((r) =>
      ([4, 6] as Afi[]).map((afi) =>
        lab
          .node(r.name)
          .node.vrf(g.vrf)
          .rib[afi].routes()
          .map((x) => `${fmtPrefix(x.prefix)} ${x.code} ${x.distance}/${x.metric} ${hops(x).join(',')}`),
      ),
    );
  const counts = () => g.routers.map((_, i) => pvrpSummary(device(g, i).pvrp.get('4:1')!).rows.map((r) => r.slice(0, 7)));
  const before = snapshot();
  const sumBefore = counts();
  const oldDev = device(g, 1);
  lab.restartNode(g.routers[1].name);
  assert.notEqual(device(g, 1), oldDev, 'a fresh device');
  lab.sched.runFor(1);
  assert.equal(route(g, 1, lo(g, 3, 4)), undefined, 'a restarted router starts with no learned routes');
  lab.sched.runFor(30 * SEC);
  assert.deepEqual(snapshot(), before);
  assert.deepEqual(counts(), sumBefore);
  // The neighbours saw a new session: their up time restarted.
  for (const i of [0, 2]) {
    const row = pvrpSummary(device(g, i).pvrp.get('4:1')!).rows.find((r) => r[2] === g.routers[1].name)!;
    const [h, m, sec] = row[7].split(':').map(Number);
    assert.ok(h * 3600 + m * 60 + sec <= 30, `${g.routers[i].name} re-formed with ${g.routers[1].name} (${row[7]})`);
  }
});

// ---- learned / adverted counts ----

const xorHash = (a: Addr) => addrBytes(a).reduce((h, x) => h ^ x, 0);

/**
 * What `show ... pvrp N summary` must print, derived from the routing tables and the wiring
 * alone: a router advertises every connected and PVRP route except, on each interface, those
 * whose hashed best path (xor of the prefix bytes modulo the paths) leaves by that interface;
 * it learns what the peer advertised minus what already passed through it.
 */
function deriveCounts(lab: Lab, vrf: string, afi: Afi, splitHorizon = true): Map<string, { learned: number; adverted: number }> {
  const nodes = [...lab.nodes.values()];
  const table = (name: string) => lab.node(name).node.vrf(vrf).rib[afi].routes().filter((r) => r.code === 'C' || r.code === 'P');
  const best = (r: Route) => r.paths[xorHash({ afi, v: r.prefix.net }) % r.paths.length];
  /** Routers the best path from `name` to `r`'s prefix passes through. */
  const pathOf = (name: string, r: Route): string[] => {
    const out: string[] = [];
    let rr: Route | undefined = table(name).find((x) => fmtPrefix(x.prefix) === fmtPrefix(r.prefix));
    while (rr && rr.code === 'P' && out.length < nodes.length) {
      const owner = lab.ownerOf(best(rr).nextHop!, vrf)!;
      out.push(owner.name);
      rr = table(owner.name).find((x) => fmtPrefix(x.prefix) === fmtPrefix(r.prefix));
    }
    return out;
  };
  const advertOn = (name: string, ifname: string) => table(name).filter((r) => !splitHorizon || best(r).iface.name !== ifname);
  const res = new Map<string, { learned: number; adverted: number }>();
  for (const n of nodes) {
    const proc = (n.device as FreeRtrDevice).pvrp.get(`${afi}:1`)!;
    for (const pi of proc.ifaces.values()) {
      for (const nb of pi.neighs.values()) {
        const peer = lab.ownerOf(nb.peer, vrf)!;
        const peerIf = [...peer.node.ifaces.values()].find((i) => i.vrf === vrf && i.addrOf(afi)?.addr.v === nb.peer.v)!;
        const fromPeer = advertOn(peer.name, peerIf.name).filter((r) => !pathOf(peer.name, r).includes(n.name));
        res.set(`${n.name} ${pi.iface.name} ${fmtAddr(nb.peer)}`, { learned: fromPeer.length, adverted: advertOn(n.name, pi.iface.name).length });
      }
    }
  }
  return res;
}

function summaryCounts(lab: Lab, afi: Afi): Map<string, { learned: number; adverted: number }> {
  const res = new Map<string, { learned: number; adverted: number }>();
  for (const n of lab.nodes.values()) {
    for (const r of pvrpSummary((n.device as FreeRtrDevice).pvrp.get(`${afi}:1`)!).rows) {
      res.set(`${n.name} ${r[0]} ${r[4]}`, { learned: Number(r[5]), adverted: Number(r[6]) });
    }
  }
  return res;
}

void test('seed lab: r2 learned/adverted are what converged freeRtr prints, and follow the rules on every router', async () => {
  const lab = Lab.create(await loadTopology(SEED_TOPO), { mode: 'fast', telnet: false });
  lab.sched.runFor(60 * SEC);
  const s = lab.node('r2').device.sessions()('test');
  await s.execute('terminal table normal');
  const col = async (cmd: string) => parseNormalTable((await s.execute(cmd)).output).rows.map((r) => [r[5], r[6]]);
  assert.deepEqual(await col('sh ipv4 pvrp 1 sum'), [['6', '8'], ['6', '6'], ['6', '7'], ['6', '7']]);
  assert.deepEqual(await col('show ipv6 pvrp 1 summary'), [['5', '8'], ['5', '5'], ['7', '8'], ['7', '7']]);
  for (const afi of [4, 6] as Afi[]) assert.deepEqual(summaryCounts(lab, afi), deriveCounts(lab, 'v1', afi));
});

void test('6-ring: learned/adverted derived by hand from split horizon and the ECMP hash', async () => {
  const g = await ringLab(6);
  g.lab.sched.runFor(40 * SEC);
  // 12 prefixes per router (6 loopbacks, 6 links). On each interface split horizon holds back
  // the link itself, the two nearer loopbacks and the two farther links on that side: 7 left.
  // The opposite loopback has two paths; the hashed one is held back too. IPv4: loopback
  // 10.255.0.(j+1) hashes to 10^255^0^(j+1) = 245^(j+1): odd j+1 -> even hash -> path 0
  // (ethernet1), even j+1 -> path 1 (ethernet2). Router 0's opposite is router 3 (j+1 = 4):
  // held back on ethernet2 -> adverted 7/6. IPv6 2001:db8:ffff::(j+1) hashes to 0x94^(j+1):
  // the other way round -> adverted 6/7. Learned on ethernet1 = what router i+1 adverts on its
  // ethernet2 (paths never lead back: shortest paths on a 6-ring are at most 3 hops).
  const want4 = [
    [7, 7, 6, 6],
    [6, 6, 7, 7],
    [7, 7, 6, 6],
    [6, 6, 7, 7],
    [7, 7, 6, 6],
    [6, 6, 7, 7],
  ];
  const want6 = want4.map((r) => [r[2], r[3], r[0], r[1]]);
  for (const [afi, want] of [
    [4, want4],
    [6, want6],
  ] as Array<[Afi, number[][]]>) {
    for (let i = 0; i < 6; i++) {
      const rows = pvrpSummary(device(g, i).pvrp.get(`${afi}:1`)!).rows;
      assert.deepEqual(rows.map((r) => r[0]), ['ethernet1', 'ethernet2']);
      assert.deepEqual(
        rows.flatMap((r) => [Number(r[5]), Number(r[6])]),
        want[i],
        `${g.routers[i].name} IPv${afi} learned/adverted`,
      );
    }
    assert.deepEqual(summaryCounts(g.lab, afi), deriveCounts(g.lab, g.vrf, afi));
  }
});

void test('triangle without split horizon: learned drops what already passed through the router', async () => {
  const g = await ringLab(3, { splitHorizon: false });
  g.lab.sched.runFor(40 * SEC);
  // 6 prefixes everywhere, all advertised (no split horizon). Router X learns from Y all but
  // X's own loopback (path Y X) and the X-Z link when Y's hashed best for it goes via X.
  // Links 10.20.7.0 (0-1), 10.21.7.0 (1-2), 10.22.7.0 (2-0) hash to 25, 24, 27: path 1, 0, 1
  // (paths in interface order: ethernet1 = next router, ethernet2 = previous).
  //  router 0 on ethernet1 (from 1): 1's best for 10.22.7.0 is path 1 = via 0 -> 6-2 = 4
  //  router 0 on ethernet2 (from 2): 2's best for 10.20.7.0 is path 1 = via 1 -> 6-1 = 5
  //  router 1 on ethernet1 (from 2): via 1 -> 4; on ethernet2 (from 0): 0's best for 10.21.7.0
  //  is path 0 = via 1 -> 4; router 2 on ethernet1 (from 0): via 1 -> 5; on ethernet2 (from 1):
  //  via 0 -> 5. IPv6 2001:db8:k::/64 hashes to 0x94^k: the same parities.
  const want = [
    [4, 6, 5, 6],
    [4, 6, 4, 6],
    [5, 6, 5, 6],
  ];
  for (const afi of [4, 6] as Afi[]) {
    for (let i = 0; i < 3; i++) {
      const rows = pvrpSummary(device(g, i).pvrp.get(`${afi}:1`)!).rows;
      assert.deepEqual(rows.flatMap((r) => [Number(r[5]), Number(r[6])]), want[i], `${g.routers[i].name} IPv${afi}`);
    }
    assert.deepEqual(summaryCounts(g.lab, afi), deriveCounts(g.lab, g.vrf, afi, false));
  }
});

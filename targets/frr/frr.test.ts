// Integration tests of the FRR target: each scenario's lab is brought up from its containerlab
// file, every node is reached over SSH with the frr platform, state is checked through the
// getters, links are cut and made silent, a stream measures switchover, and teardown must leave
// no namespace, process, interface or file. Skipped, with the reason printed, when not root or
// when FRR is not installed.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSession, type Session } from '../../drivers/connect';
import { groupRoutes } from '../../drivers/model/types';
import { frrGetters as g } from '../../drivers/platforms/frr/getters';
import '../../drivers/platforms';
import { measureBfdDetection } from './bfd-wire';
import { frrUnavailable, openFrrTarget, type FrrTarget } from './index';
import { run, sleep } from './sh';
import { STATE_ROOT } from './state';

const ROOT = path.resolve(__dirname, '..', '..');
const unavailable = frrUnavailable();
if (unavailable) console.log(`# FRR integration tests not run: ${unavailable}`);

/** Polls `get` until `ok` holds; fails naming `what` and the last value after the deadline. */
async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, deadlineMs: number): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  let last: T | undefined;
  for (;;) {
    last = await get();
    if (ok(last)) return { value: last, ms: Date.now() - t0 };
    if (Date.now() - t0 > deadlineMs) assert.fail(`${what}: not within ${deadlineMs} ms (last: ${JSON.stringify(last).slice(0, 400)})`);
    await sleep(200);
  }
}

async function connectAll(t: FrrTarget): Promise<Map<string, Session>> {
  const out = new Map<string, Session>();
  for (const [name, e] of Object.entries(t.endpoints)) {
    out.set(name, await openSession({
      device: name, host: e.host, port: e.port, transport: 'ssh', platform: 'frr', username: e.username, keyFile: e.keyFile, hostKeyFingerprint: e.hostKeyFingerprint,
    }));
  }
  return out;
}

/** Asserts that nothing of lab `id` is left: namespaces, root-side interfaces, state folder, processes. */
async function assertClean(id: string): Promise<void> {
  const ns = (await run('ip', ['netns', 'list'])).stdout;
  assert.ok(!ns.includes(`np-${id}-`), `namespaces of lab ${id} left: ${ns}`);
  const links = readdirSync('/sys/class/net').filter((l) => l.startsWith(`np${id}`));
  assert.deepEqual(links, [], 'root-side interfaces left');
  assert.ok(!existsSync(path.join(STATE_ROOT, id)), 'state folder left');
  const ps = (await run('ps', ['-eo', 'stat=,args='])).stdout.split('\n').filter((l) => !l.startsWith('Z') && l.includes(`/netproof-frr/${id}/`));
  assert.deepEqual(ps, [], 'processes left');
}

const ecmpPaths = (routes: Awaited<ReturnType<NonNullable<typeof g.routes>>>, prefix: string): number =>
  groupRoutes(routes).find((r) => r.prefix === prefix)?.paths.length ?? 0;

void describe('FRR target: the pvrp-ecmp scenario (OSPF triangle, two links per pair)', { skip: unavailable }, () => {
  let t: FrrTarget;
  let s: Map<string, Session>;
  let id = '';
  before(async () => {
    const t0 = Date.now();
    t = await openFrrTarget(path.join(ROOT, 'topologies/pvrp-ecmp-frr/pvrp-ecmp-frr.clab.yml'));
    id = t.frr.id;
    console.log(`# pvrp-ecmp-frr lab ${id} up in ${Date.now() - t0} ms`);
    s = await connectAll(t);
  });
  after(async () => {
    for (const x of s?.values() ?? []) await x.close().catch(() => undefined);
    if (t) assert.deepEqual(await t.close(), []);
    if (id) await assertClean(id);
  });

  void it('every node answers over SSH in vtysh (prompt, frr platform)', () => {
    assert.deepEqual([...s.keys()].sort(), ['r1', 'r2', 'r3']);
    for (const [n, x] of s) assert.equal(x.mode?.host, n);
  });

  void it('OSPF: r2 has four Full neighbours (v4) and four OSPFv3 neighbours', async () => {
    const r2 = s.get('r2') as Session;
    const v4 = await until('r2 OSPF Full on 4 links', () => (g.igpNeighbors as NonNullable<typeof g.igpNeighbors>)(r2, { afi: 'ipv4' }), (n) => n.filter((x) => x.state === 'up').length === 4, 20000);
    assert.deepEqual(v4.value.filter((x) => x.state === 'up').map((x) => x.routerId).sort(), ['4.4.4.1', '4.4.4.1', '4.4.4.3', '4.4.4.3']);
    await until('r2 OSPFv3 Full on 4 links', () => (g.igpNeighbors as NonNullable<typeof g.igpNeighbors>)(r2, { afi: 'ipv6' }), (n) => n.filter((x) => x.state === 'up').length === 4, 20000);
  });

  void it('ECMP: two paths to each far loopback (v4 and v6); a cut link shrinks it to one, restore brings two back', async () => {
    const r2 = s.get('r2') as Session;
    const routes = (afi: 'ipv4' | 'ipv6') => () => (g.routes as NonNullable<typeof g.routes>)(r2, { afi });
    await until('r2 ECMP x2 to 2.2.2.1 and 2.2.2.3', routes('ipv4'), (r) => ecmpPaths(r, '2.2.2.1/32') === 2 && ecmpPaths(r, '2.2.2.3/32') === 2, 20000);
    await until('r2 ECMP x2 to 4321::1', routes('ipv6'), (r) => ecmpPaths(r, '4321::1/128') === 2, 20000);
    await t.lab.setLink('r1:eth1', 'r2:eth1', { up: false });
    // Polls for the whole condition: while OSPF recomputes, zebra may show 2.2.2.3 on one path for a moment.
    const cut = await until('r2 one path to 2.2.2.1 after the cut, both still to 2.2.2.3', routes('ipv4'), (r) => ecmpPaths(r, '2.2.2.1/32') === 1 && ecmpPaths(r, '2.2.2.3/32') === 2, 10000);
    console.log(`# r2: ECMP to 2.2.2.1 shrank to 1 path ${cut.ms} ms after the cut`);
    assert.equal(ecmpPaths(cut.value, '2.2.2.3/32'), 2, 'the other pair keeps both paths');
    const ifs = await (g.interfaces as NonNullable<typeof g.interfaces>)(r2);
    assert.equal(ifs.find((i) => i.name === 'eth1')?.state, 'down');
    await t.lab.setLink('r1:eth1', 'r2:eth1', { up: true });
    await until('r2 two paths to 2.2.2.1 after restore', routes('ipv4'), (r) => ecmpPaths(r, '2.2.2.1/32') === 2, 15000);
  });
});

void describe('FRR target: the bfd-static-vpn scenario (dual-homed CE, BFD, ECMP over two PEs)', { skip: unavailable }, () => {
  let t: FrrTarget;
  let s: Map<string, Session>;
  let id = '';
  before(async () => {
    const t0 = Date.now();
    t = await openFrrTarget(path.join(ROOT, 'topologies/bfd-static-vpn-frr/bfd-static-vpn-frr.clab.yml'));
    id = t.frr.id;
    console.log(`# bfd-static-vpn-frr lab ${id} up in ${Date.now() - t0} ms`);
    s = await connectAll(t);
  });
  after(async () => {
    for (const x of s?.values() ?? []) await x.close().catch(() => undefined);
    if (t) assert.deepEqual(await t.close(), []);
    if (id) await assertClean(id);
  });
  const ses = (n: string): Session => s.get(n) as Session;
  const pe3Paths = async (): Promise<number> => ecmpPaths(await (g.routes as NonNullable<typeof g.routes>)(ses('PE3'), {}), '1.1.1.1/32');
  const bfdState = async (node: string, peer: string): Promise<string | undefined> =>
    (await (g.bfdSessions as NonNullable<typeof g.bfdSessions>)(ses(node))).find((b) => b.peer === peer)?.state;

  void it('converges: BGP established everywhere, BFD up 10 ms x 3, PE3 and CE1 balance over both PEs', async () => {
    await until('PE1 three BGP sessions established', () => (g.bgpPeers as NonNullable<typeof g.bgpPeers>)(ses('PE1'), { family: 'ipv4-unicast' }),
      (p) => p.length === 3 && p.every((x) => x.state === 'established'), 30000);
    const bfd = await until('PE1 BFD to CE1 up', () => (g.bfdSessions as NonNullable<typeof g.bfdSessions>)(ses('PE1')), (b) => b.some((x) => x.peer === '10.1.1.1' && x.state === 'up'), 20000);
    const b = bfd.value.find((x) => x.peer === '10.1.1.1');
    assert.deepEqual([b?.minTxMs, b?.minRxMs, b?.detectMult], [10, 10, 3]);
    await until('PE3 two paths to CE1', pe3Paths, (n) => n === 2, 30000);
    await until('CE1 two paths to CE2', async () => ecmpPaths(await (g.routes as NonNullable<typeof g.routes>)(ses('CE1'), {}), '5.5.5.5/32'), (n) => n === 2, 30000);
    await until('CE2 a route to CE1', async () => ecmpPaths(await (g.routes as NonNullable<typeof g.routes>)(ses('CE2'), {}), '1.1.1.1/32'), (n) => n === 1, 30000);
  });

  void it('CE1 shuts its link to PE1 (the document\'s step): PE1\'s BFD goes down, PE3 keeps one path; undo restores both', async () => {
    await ses('CE1').configure(['interface eth1', 'shutdown']);
    await until('PE1 BFD to CE1 down', () => bfdState('PE1', '10.1.1.1'), (x) => x === 'down', 5000);
    await until('PE3 one path to CE1', pe3Paths, (n) => n === 1, 10000);
    await ses('CE1').configure(['interface eth1', 'no shutdown']);
    await until('PE1 BFD to CE1 up again', () => bfdState('PE1', '10.1.1.1'), (x) => x === 'up', 15000);
    await until('PE3 two paths again', pe3Paths, (n) => n === 2, 30000);
  });

  void it('a silent link (carrier up): BFD detects it in about 3 x 10 ms; the stream switches over to the other PE', async () => {
    await until('CE2 a route to CE1', async () => ecmpPaths(await (g.routes as NonNullable<typeof g.routes>)(ses('CE2'), {}), '1.1.1.1/32'), (n) => n === 1, 30000);
    await until('PE3 two paths to CE1', pe3Paths, (n) => n === 2, 30000);
    // The PE the stream CE2 -> CE1 takes from PE3 (the kernel's own ECMP choice for this flow).
    const via = (await run('ip', ['-n', t.frr.node('PE3').ns, 'route', 'get', '1.1.1.1', 'from', '5.5.5.5', 'iif', 'eth3'])).stdout;
    const pe = /via 11\.11\.11\.1/.test(via) ? 'PE1' : 'PE2';
    const [local, peer, ceIface] = pe === 'PE1' ? ['10.1.1.2', '10.1.1.1', 'CE1:eth1'] : ['10.2.1.2', '10.2.1.1', 'CE1:eth2'];
    const stream = await t.lab.startStream({ from: 'CE2', src: '5.5.5.5', dst: '1.1.1.1', intervalMs: 1 });
    await sleep(500);
    const file = path.join(os.tmpdir(), `netproof-frr-bfd-${id}.pcap`);
    const detection = await measureBfdDetection(t.frr, pe, 'eth3', local, peer, () => t.lab.setLink(pe, ceIface, { loss: 1 }), file);
    await until(`PE3 one path to CE1 after ${pe}'s link went silent`, pe3Paths, (n) => n === 1, 10000);
    await sleep(500);
    const r = await stream.stop();
    console.log(`# BFD detection on ${pe}: ${detection} ms; stream: sent ${r.sent}, lost ${r.lost}, switchover ${r.switchoverMs} ms`);
    assert.ok(detection >= 15 && detection <= 60, `BFD detection ${detection} ms is not about 3 x 10 ms`);
    assert.equal(await bfdState(pe, peer), 'down');
    assert.ok(r.sent > 500 && r.received > 0, 'the stream ran');
    assert.ok(r.lost > 0 && r.switchoverMs > 0, 'the flow was on the silenced path: some packets were lost');
    assert.ok(r.switchoverMs < 2000, `switchover ${r.switchoverMs} ms`);
    await t.lab.setLink(pe, ceIface, { loss: 0 });
    await until(`${pe} BFD up again`, () => bfdState(pe, peer), (x) => x === 'up', 15000);
  });
});

/**
 * EVPN multihoming on engines joined by a full-mesh fabric, with names and addresses of its own:
 * three PEs on one segment, several EVIs (the DF rotates by EVI mod N), a PE failing (the DF
 * moves, mass withdrawal, aliasing shrinks), recovery through the activation timer, local bias.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler, SEC, MS } from '../../sim/scheduler';
import { electDf, orderCandidates } from './df';
import { EvpnFabric } from './fabric';
import { newEthernetSegment, newEvpnConfig, newMacVrfEvpn, type EvpnConfig } from './config';
import { MAX_ET } from '../bgp/evpn-nlri';

void test('modulo DF: two PEs and EVI 111 give the higher address; order is numeric, not textual', () => {
  assert.equal(electDf(['10.0.0.1', '10.0.0.2'], 111), '10.0.0.2');
  assert.deepEqual(orderCandidates(['172.20.0.10', '172.20.0.9', '172.20.0.100']), ['172.20.0.9', '172.20.0.10', '172.20.0.100']);
  assert.equal(electDf(['172.20.0.10', '172.20.0.9', '172.20.0.100'], 300), '172.20.0.9');
  assert.equal(electDf(['172.20.0.10', '172.20.0.9', '172.20.0.100'], 301), '172.20.0.10');
  assert.equal(electDf([], 5), undefined);
});

const ESI = '00:5e:5e:5e:01:02:03:00:00:2c';
const PES = ['192.0.2.31', '192.0.2.32', '192.0.2.33'];
const EVIS = [40, 41, 42, 77];

function cfg(timer = 3): EvpnConfig {
  const c = newEvpnConfig();
  const es = newEthernetSegment('seg-blue', ESI);
  es.iface = 'lag7';
  es.activationTimerSec = timer;
  c.segments.push(es);
  for (const evi of EVIS) {
    const m = newMacVrfEvpn(`bd-${evi}`, evi, `vx9.${evi}`);
    m.ecmp = 3;
    c.macVrfs.push(m);
  }
  return c;
}

function lab(timer = 3) {
  const sched = new Scheduler();
  const f = new EvpnFabric(sched, 64900);
  for (const ip of PES) f.add(ip, cfg(timer), ['lag7']);
  // a remote PE without the segment, where the CE's MACs are seen through the ESI
  f.add('192.0.2.40', (() => { const c = cfg(); c.segments = []; return c; })(), []);
  return { sched, f };
}

const dfOf = (f: EvpnFabric, pe: string, macVrf: string) =>
  f.pes.get(pe)!.engine.segments()[0].dfs.find((d) => d.macVrf === macVrf)!;

void test('three PEs: after the activation timer every PE elects the same DF per EVI, rotating by EVI mod 3', () => {
  const { sched, f } = lab();
  sched.runFor(2 * SEC);
  assert.equal(dfOf(f, PES[0], 'bd-40').df, undefined, 'no DF while the 3 s timer runs');
  assert.ok(dfOf(f, PES[0], 'bd-40').timerRemaining > 0);
  sched.runFor(2 * SEC);
  for (const evi of EVIS) {
    const want = PES[evi % 3];
    for (const pe of PES) {
      const r = dfOf(f, pe, `bd-${evi}`);
      assert.deepEqual(r.candidates, PES);
      assert.equal(r.df, want, `EVI ${evi} on ${pe}`);
      assert.equal(r.localDf, pe === want);
      assert.equal(f.pes.get(pe)!.engine.isDf('seg-blue', `bd-${evi}`), pe === want);
    }
  }
});

void test('originated routes: type 4 and per-ES type 1 (MAX-ET, all RTs), per-EVI type 1 and type 3 per MAC-VRF with RD router-id:EVI', () => {
  const { sched, f } = lab();
  sched.runFor(4 * SEC);
  const o = f.pes.get(PES[1])!.engine.originated();
  const t4 = o.filter((r) => r.route.type === 4);
  assert.equal(t4.length, 1);
  const perEs = o.filter((r) => r.route.type === 1 && r.route.tag === MAX_ET);
  assert.equal(perEs.length, 1);
  assert.equal(perEs[0].rts.length, EVIS.length);
  assert.equal(perEs[0].singleActive, false);
  const perEvi = o.filter((r) => r.route.type === 1 && r.route.tag === 0);
  assert.deepEqual(perEvi.map((r) => r.route.rd).sort(), EVIS.map((e) => `${PES[1]}:${e}`).sort());
  assert.deepEqual(perEvi.find((r) => r.route.rd.endsWith(':41'))!.rts, ['target:64900:41']);
  assert.equal(o.filter((r) => r.route.type === 3).length, EVIS.length);
});

void test('a PE failing: its types 4 and 1 are withdrawn, the DF moves at once, aliasing shrinks (mass withdrawal); recovery waits for the timer', () => {
  const { sched, f } = lab();
  sched.runFor(4 * SEC);
  const remote = f.pes.get('192.0.2.40')!.engine;
  // a MAC behind the segment, advertised by one PE only: aliasing spreads it over all three
  remote.receive(PES[0], { route: { type: 2, rd: `${PES[0]}:41`, esi: ESI, tag: 0, mac: '02:ce:00:00:00:41', label: 41 }, nextHop: PES[0], rts: ['target:64900:41'] }, 'mac-41');
  let mac = remote.remoteMacs('bd-41')[0];
  assert.deepEqual(mac.resolution.active, PES);
  assert.equal(mac.resolution.esi, ESI);

  const t0 = sched.now;
  f.setLink(PES[2], 'lag7', false); // 192.0.2.33 was DF for EVI 41? 41 mod 3 = 2 -> yes
  assert.equal(dfOf(f, PES[2], 'bd-41').df, undefined, 'the failed PE drops the DF role at once');
  assert.equal(f.pes.get(PES[2])!.engine.segments()[0].operUp, false);
  sched.runFor(10 * MS);
  for (const pe of PES.slice(0, 2)) {
    const r = dfOf(f, pe, 'bd-41');
    assert.deepEqual(r.candidates, PES.slice(0, 2));
    assert.equal(r.df, PES[41 % 2]);
  }
  assert.ok(sched.now - t0 <= 10 * MS);
  mac = remote.remoteMacs('bd-41')[0];
  assert.deepEqual(mac.resolution.active, PES.slice(0, 2), 'the MAC still points at the ESI and resolves to the two PEs left');
  assert.ok(!f.pes.get(PES[2])!.engine.originated().some((r) => r.route.type === 4 || r.route.type === 1));

  // mass withdrawal alone: withdrawing only the per-ES route removes the PE from every MAC
  const perEsKey = `1|${PES[1]}:0|${ESI}|${MAX_ET}`;
  remote.withdraw(PES[1], perEsKey);
  assert.deepEqual(remote.remoteMacs('bd-41')[0].resolution.active, [PES[0]]);

  // recovery
  f.setLink(PES[2], 'lag7', true);
  sched.runFor(10 * MS);
  assert.equal(dfOf(f, PES[0], 'bd-41').df, undefined, 'a new candidate restarts the activation timer');
  sched.runFor(3 * SEC);
  for (const pe of PES) assert.equal(dfOf(f, pe, 'bd-41').df, PES[2]);
});

void test('ecmp limits aliasing; single-active gives one primary and backups', () => {
  const { sched, f } = lab();
  sched.runFor(4 * SEC);
  const remote = f.pes.get('192.0.2.40')!.engine;
  const c = cfg();
  c.segments = [];
  c.macVrfs[0].ecmp = 2;
  remote.update(c);
  assert.deepEqual(remote.resolveEsi('bd-40', ESI).active, PES.slice(0, 2));
  for (const pe of PES) {
    const pc = cfg();
    pc.segments[0].mode = 'single-active';
    f.pes.get(pe)!.engine.update(pc);
    f.sync(pe);
  }
  const r = remote.resolveEsi('bd-41', ESI);
  assert.deepEqual(r.active, [PES[0]]);
  assert.deepEqual(r.backup, PES.slice(1));
});

void test('local bias: BUM from another PE of the segment never goes out on it; from elsewhere only on the DF', () => {
  const { sched, f } = lab();
  sched.runFor(4 * SEC);
  const e = f.pes.get(PES[1])!.engine; // DF for EVI 40 (40 mod 3 = 1)
  assert.equal(e.bumEgressAllowed('seg-blue', 'bd-40', PES[0]), false);
  assert.equal(e.bumEgressAllowed('seg-blue', 'bd-40', '192.0.2.40'), true);
  assert.equal(e.bumEgressAllowed('seg-blue', 'bd-41', '192.0.2.40'), false);
  assert.equal(e.bumEgressAllowed('seg-blue', 'bd-41'), true, 'locally received BUM goes out on the segment');
  assert.deepEqual(f.pes.get('192.0.2.40')!.engine.floodList('bd-40'), PES);
});

void test('bad ESI is one clear error naming the segment', () => {
  const c = cfg();
  c.segments[0].esi = '00:11:22';
  assert.throws(() => new EvpnFabric(new Scheduler(), 1).add('192.0.2.9', c, []), /ethernet-segment seg-blue: bad esi '00:11:22'/);
});

void test('dfChangeTime (bench): link down to DF change is the withdrawal propagation, in virtual time', async () => {
  const { dfChangeTime } = await import('./fabric');
  assert.equal(dfChangeTime({ evi: 111, propagationUs: 2 * MS }), 2 * MS);
  assert.throws(() => dfChangeTime({ evi: 110 }), /use an odd EVI/);
});

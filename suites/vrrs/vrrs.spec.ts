/**
 * Cisco IOS XE "Virtual Router Redundancy Service" (seed 002) as a suite: the document's two
 * configuration examples typed on Router (interface-state plug-in, MAC-address plug-in), each
 * with its verification (golden outputs and state on the neutral model), and failover: Peer takes
 * VRRP master (priority raised, preemption) and every VRRS client on Router follows; then Router
 * regains master and everything returns. Each transition's time (on the lab's clock) goes into
 * the report. See ERRATA.md; what cannot apply on a target is declared in deviations.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as dgram from 'node:dgram';
import { expect, type TestInfo } from '@playwright/test';
import { suiteTest } from '../lib/fixtures';
import { compareGolden } from '../lib/golden';
import { pollUntil as pollLib, type PollResult } from '../lib/poll';
import { attachDiff, recordMeasurement } from '../../reports/attach';
import type { Device } from '../../drivers/api';
import type { ArpEntry, InterfaceDetail, MacFilterEntry, VrrsGroup } from '../../drivers/model/types';
import { DEVIATIONS } from './deviations';
import { ACCOUNTING_EXAMPLE, DOC, INTERFACE_STATE_EXAMPLE, MAC_ADDRESS_EXAMPLE } from './document';
import { FreeRadius } from '../../tools/freeradius';

const TOPOLOGY = path.join(__dirname, '..', '..', 'topologies', 'vrrs', 'vrrs.clab.yml');
const GOLDEN = path.join(__dirname, 'golden', 'Router');
const test = suiteTest(TOPOLOGY, { suite: 'vrrs', transport: 'ssh', deviations: DEVIATIONS });
/** VRRP master-down interval (3 x 1 s + skew) plus room: protocol seconds. */
const VRRP_S = 10;
const PEER_VLAN1 = 'GigabitEthernet0/0/0.1';
/**
 * Poll interval (wall ms). On the reference router the lab clock runs scaled (10x by default):
 * Playwright's 250 ms would be 2.5 s of lab time between looks, which would both slow the suite
 * and blur every transition time it records. 50 ms is 0.5 lab s at 10x.
 */
const POLL_MS = 50;
const pollUntil = <T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, o: { deadlineMs: number; intervalMs?: number; describe?: (v: T) => string }): Promise<PollResult<T>> =>
  pollLib(what, get, ok, { intervalMs: POLL_MS, ...o });

const golden = (name: string): string => fs.readFileSync(path.join(GOLDEN, name), 'utf8');
/** Cells of each line, blank runs (and the document's tabs) as one separator; "!" remarks dropped. */
const cellsOf = (text: string): string => text.split('\n').filter((l) => l.trim() !== '' && !/^\s*!/.test(l)).map((l) => l.trim().split(/\s+/).join(' ')).join('\n') + '\n';

async function goldenCheck(ti: TestInfo, what: string, expected: string, actual: string): Promise<void> {
  const r = compareGolden(what, expected, actual, []);
  if (!r.ok) {
    await attachDiff(ti, `golden diff ${what}`, r.diff);
    throw new Error(`golden diff: ${what} differs from the document (see the attached diff)`);
  }
}

const byName = (ifs: InterfaceDetail[], n: string) => ifs.find((i) => i.name.toLowerCase() === n.toLowerCase());
const protoOf = (ifs: InterfaceDetail[], n: string) => byName(ifs, n)?.protocol ?? 'missing';
const arpOn = (arp: ArpEntry[], iface: string) => arp.find((e) => e.iface?.toLowerCase() === iface.toLowerCase() && e.ageMin === null);
const vmacIn = (f: MacFilterEntry[]) => f.some((e) => e.mac === DOC.vmac);
/** A UDP port free on loopback now (bound and released). */
async function freeUdpPort(): Promise<number> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((res) => sock.bind(0, '127.0.0.1', () => res()));
  const { port } = sock.address();
  await new Promise<void>((res) => sock.close(() => res()));
  return port;
}
const NO_FREERADIUS = 'freeradius is not installed (apt-get install freeradius): the checks against a real RADIUS server are not run';

/**
 * Poll a node's VRRP group 1 from `t0` until it leaves Init: the lab-clock time of the last look
 * that saw Init and of the first that did not (the transition lies between them).
 */
async function watchInit(clock: { nowSec(): number }, get: () => Promise<Array<{ vrid: number; state: string }>>, t0: number, deadlineMs: number): Promise<{ lastInit: number; out: number }> {
  let lastInit = t0;
  const res = await pollUntil('VRRP group 1 leaves Init', async () => {
    const g = (await get()).find((x) => x.vrid === 1);
    const t = clock.nowSec();
    if (g?.state === 'init') lastInit = t;
    return { state: g?.state ?? 'missing', t };
  }, (v) => v.state !== 'init' && v.state !== 'missing', { deadlineMs, describe: (v) => v.state });
  return { lastInit, out: res.value.t };
}

const served = async (d: Device): Promise<VrrsGroup | undefined> => (await d.vrrsGroups({ name: DOC.served }))[0];
const group1 = async (d: Device, iface?: string) => (await d.vrrpGroups(iface ? { iface } : undefined)).find((g) => g.vrid === 1);

/**
 * Before a failover is timed: Router master and Peer backup (eligible: out of Init, whatever delay
 * it was serving), so that the measured interval holds the takeover and nothing else.
 */
async function bothEligible(r: Device, p: Device, rIf: string | undefined, pIf: string | undefined, deadlineMs: number): Promise<void> {
  await pollUntil('before the failover: Router master, Peer backup', async () => [await group1(r, rIf), await group1(p, pIf)],
    ([a, b]) => a?.state === 'master' && b?.state === 'backup', { deadlineMs, describe: ([a, b]) => `Router ${a?.state} Peer ${b?.state}` });
}

test.describe('vrrs', () => {
  test.describe.configure({ mode: 'serial' });

  test('example: interface-state plug-in, typed as the document types it', async ({ device, target }, ti) => {
    const r = device('Router');
    await r.configure([...INTERFACE_STATE_EXAMPLE]);
    // Router (priority 100) wins over Peer (90) once its master-down timer runs out.
    const ifs = await pollUntil('Router .1-.3 line protocol up, .4 down', () => r.interfaces(),
      (v) => [DOC.vlan1, ...DOC.followers].every((n) => protoOf(v, n) === 'up') && protoOf(v, DOC.orphanIf) === 'down',
      { deadlineMs: target.deadlineMs(VRRP_S), describe: (v) => v.map((i) => `${i.name}:${i.protocol}`).join(' ') });
    expect(protoOf(ifs.value, DOC.orphanIf), '.4 follows a name no server has: line protocol down').toBe('down');
    const brief = await r.cli('show ip interface brief');
    // ERRATA: the document shows 172.24.1.1 on .1 after configuring 172.16.1.1; the Method of the trunk depends on its history.
    const expected = cellsOf(golden('show-ip-interface-brief.txt').replace('172.24.1.1', '172.16.1.1')).replace(/^(GigabitEthernet0\/0\/0 unassigned YES) \S+/m, '$1 *');
    await goldenCheck(ti, 'Router show ip interface brief', expected, cellsOf(brief).replace(/^(GigabitEthernet0\/0\/0 unassigned YES) \S+/m, '$1 *'));
  });

  test('example: interface-state plug-in verification, the plug-in database with Live and Disconnected servers', async ({ device }, ti) => {
    const r = device('Router');
    const db = await r.vrrsPluginDatabase();
    const one = db.find((e) => e.name === DOC.served);
    const two = db.find((e) => e.name === DOC.orphan);
    expect(one, `${DOC.served} in the database`).toBeDefined();
    expect(two, `${DOC.orphan} in the database`).toBeDefined();
    expect([one!.serverConnected, one!.state, one!.mac, one!.interfaces.length]).toEqual([true, 'active', DOC.vmac, 2]);
    expect([two!.serverConnected, two!.state, two!.mac, two!.interfaces.length]).toEqual([false, 'disabled', '00:00:00:00:00:00', 1]);
    const mask = (t: string) => cellsOf(t).replace(/Client Handle = \d+/g, 'Client Handle = *');
    await goldenCheck(ti, 'Router show vrrs plugin database', mask(golden('show-vrrs-plugin-database.txt')), mask(await r.cli('show vrrs plugin database')));
  });

  // The wrong secret is tried early, on a flap of Router's own .1 (Peer is still in its boot reload
  // delay, and is not needed): Router retransmits each refused request (3 tries), and those run out
  // during the delay check rather than holding up later checks or the lab's stop.
  test('accounting: a wrong shared secret is refused by FreeRADIUS', async ({ device, target }, ti) => {
    test.skip(!FreeRadius.available(), NO_FREERADIUS);
    const r = device('Router');
    const fr = await FreeRadius.start(await freeUdpPort(), `right${Math.random().toString(36).slice(2, 8)}`);
    try {
      await r.configure(['aaa new-model', ...ACCOUNTING_EXAMPLE, 'exit', `radius-server host 127.0.0.1 auth-port ${fr.port - 1} acct-port ${fr.port} key wrong-secret`]);
      // Router's group leaves ACTIVE (.1 down) and regains it (.1 up, master when its master-down
      // timer runs out): the pending Accounting-Off, sent at once on regaining ACTIVE, and
      // Accounting-On, both signed with the wrong secret.
      await r.configure([`interface ${DOC.vlan1}`, 'shutdown']);
      await pollUntil('Router VRRS group leaves ACTIVE', () => served(r), (v) => v !== undefined && v.state !== 'active', { deadlineMs: target.deadlineMs(VRRP_S), describe: (v) => JSON.stringify(v) });
      await r.configure([`interface ${DOC.vlan1}`, 'no shutdown']);
      await pollUntil('Router VRRS group ACTIVE again', () => served(r), (v) => v?.state === 'active', { deadlineMs: target.deadlineMs(VRRP_S), describe: (v) => JSON.stringify(v) });
      await pollUntil('FreeRADIUS logs the requests it refused', async () => fr.log(), (l) => /invalid (Request )?Authenticator|shared secret/i.test(l), { deadlineMs: target.deadlineMs(VRRP_S) });
      expect(fr.records(), 'nothing accepted with the wrong secret').toEqual([]);
      await ti.attach('FreeRADIUS log', { body: fr.log(), contentType: 'text/plain' });
    } finally {
      // The check's RADIUS server goes away: Router stops sending to it (otherwise every later VRRS
      // transition is retransmitted to a closed port, and the lab drains those at its stop). The
      // check's own error, if any, is the one reported.
      await r.configure(['no radius-server host 127.0.0.1']).catch(() => undefined);
      await fr.stop();
      fr.cleanup();
    }
  });

  // `vrrp delay minimum M reload R` (the document's "Configuring a VRRS Server" example: minimum
  // 30, reload 60). On the reference router the lab clock is virtual and runs scaled (NETPROOF_SPEED,
  // default 10x), so the delays cost a tenth of their length in wall time; the check reads the lab
  // clock. Both delays in one check, run side by side: Router's .1 is flapped (minimum) while Peer
  // reloads (reload), each group watched on its own session, so the check costs the longer delay,
  // not their sum. It runs before anything needs Peer: Peer's group is in Init for the reload delay
  // after every boot (the lab's start too), and a failover timed while it is could only time that.
  test('delay: vrrp delay minimum and reload: the group leaves Init no earlier than minimum seconds after its interface comes up, reload seconds after a reload', async ({ device, lab, target }, ti) => {
    // Peer boots with `vrrp delay minimum 30 reload 60` on its VLAN 1 (topologies/vrrs/Peer.cfg):
    // a power cycle is a reload, and its group waits the reload delay, not the minimum. The reload
    // comes first: where the lab cannot power-cycle a node the check ends there (a deviation),
    // before it has changed anything on Router.
    const tReload = lab.clock.nowSec();
    await lab.restartNode('Peer');
    const p = device('Peer');
    const r = device('Router');
    await r.configure([`interface ${DOC.vlan1}`, `vrrp delay minimum ${DOC.delayMinimum} reload ${DOC.delayReload}`, 'shutdown']);
    await pollUntil('Router group 1 in Init while .1 is down', () => group1(r, DOC.vlan1), (g) => g?.state === 'init', { deadlineMs: target.deadlineMs(VRRP_S) });
    const tUp = lab.clock.nowSec();
    await r.configure([`interface ${DOC.vlan1}`, 'no shutdown']);
    const [min, reload] = await Promise.allSettled([
      watchInit(lab.clock, () => r.vrrpGroups({ iface: DOC.vlan1 }), tUp, target.deadlineMs(DOC.delayMinimum + VRRP_S)),
      watchInit(lab.clock, () => p.vrrpGroups({ iface: PEER_VLAN1 }), tReload, target.deadlineMs(DOC.delayReload + VRRP_S)),
    ]);
    if (min.status === 'rejected') throw min.reason;
    if (reload.status === 'rejected') throw reload.reason;
    const wMin = min.value;
    const wReload = reload.value;
    await recordMeasurement(ti, `vrrp_delay_minimum_${lab.clock.kind}_s`, (wMin.out - tUp).toFixed(3), 's');
    await recordMeasurement(ti, `vrrp_delay_reload_${lab.clock.kind}_s`, (wReload.out - tReload).toFixed(3), 's');
    expect(wMin.out - tUp, `Router's group starts no earlier than the minimum delay (${DOC.delayMinimum} s)`).toBeGreaterThanOrEqual(DOC.delayMinimum);
    expect(wMin.lastInit - tUp, 'Router\'s group seen still in Init late in the minimum delay').toBeGreaterThanOrEqual(DOC.delayMinimum * 0.5);
    expect(wReload.out - tReload, `Peer's group starts no earlier than the reload delay (${DOC.delayReload} s)`).toBeGreaterThanOrEqual(DOC.delayReload);
    expect(wReload.lastInit - tReload, 'Peer\'s group seen still in Init past the minimum delay: the reload delay applies at boot').toBeGreaterThan(DOC.delayMinimum);
    // Router (priority 100, preemption) is master again; Peer (90) comes up as its backup.
    await pollUntil('Router master again', () => group1(r, DOC.vlan1), (g) => g?.state === 'master', { deadlineMs: target.deadlineMs(VRRP_S) });
    expect((await group1(p, PEER_VLAN1))?.state, 'Peer (priority 90) starts as backup to Router (100)').toBe('backup');
    await r.configure([`interface ${DOC.vlan1}`, 'no vrrp delay']);
    // Peer is back in its startup configuration (VLAN 1 in 172.16.1.0/24, the first example's
    // subnet); the MAC-address example moves it to 172.24.1.0/24 with Router.
  });

  test('example: MAC-address plug-in, typed as the document types it; virtual MAC on .2/.3, BIA on .4, filter entry', async ({ device, target }, ti) => {
    const r = device('Router');
    // ERRATA: the document's ARP output has .4's own entry, which only an up interface has; after the
    // first example .4 is down (interface-state, no server). The examples are separate set-ups: .4
    // loses the interface-state plug-in first.
    await r.configure([`interface ${DOC.orphanIf}`, 'no vrrs interface-state']);
    await r.configure([...MAC_ADDRESS_EXAMPLE]);
    // Peer (not in the document) follows Router's VLAN 1 into the example's subnet.
    await device('Peer').configure([`interface ${PEER_VLAN1}`, 'ip address 172.24.1.2 255.255.255.0', 'vrrp 1 ip 172.24.1.254']);
    const arp = await pollUntil('virtual MAC on the followers', () => r.arp(),
      (a) => DOC.followers.every((n) => arpOn(a, n)?.mac === DOC.vmac) && arpOn(a, DOC.orphanIf) !== undefined,
      { deadlineMs: target.deadlineMs(VRRP_S), describe: (a) => a.map((e) => `${e.address}:${e.mac}`).join(' ') });
    const bia = byName(await r.interfaces(), DOC.orphanIf)?.bia;
    expect(bia, 'burned-in address of .4').toBeDefined();
    expect(arpOn(arp.value, DOC.orphanIf)?.mac, '.4 follows a group with no server: its own (burned-in) address').toBe(bia);
    expect(arpOn(arp.value, DOC.vlan1)?.mac, '.1 keeps its burned-in address').toBe(bia);
    expect(arp.value.find((e) => e.address === '172.24.1.254')?.mac, 'the virtual address on .1').toBe(DOC.vmac);
    expect(vmacIn(await r.macFilter(DOC.trunk)), 'the virtual MAC in the trunk\'s MAC address filter').toBe(true);
    // Golden: the burned-in address is the lab's (the document's aabb.cc00.fb00 is its own router's).
    const dotted = (m: string) => m.replace(/:/g, '').replace(/(.{4})(.{4})(.{4})/, '$1.$2.$3');
    const expected = cellsOf(golden('show-ip-arp.txt')).replace(/aabb\.cc00\.fb00/g, dotted(bia!));
    await goldenCheck(ti, 'Router show ip arp', expected, cellsOf(await r.cli('show ip arp')));
  });

  test('accounting: the document\'s accounting example; FreeRADIUS accepts Accounting-Off after the delay and Accounting-On on regaining master', async ({ device, lab, target }, ti) => {
    test.skip(!FreeRadius.available(), NO_FREERADIUS);
    const r = device('Router');
    const p = device('Peer');
    const secret = `s${Math.random().toString(36).slice(2, 12)}`;
    const fr = await FreeRadius.start(await freeUdpPort(), secret);
    try {
      await r.configure(['aaa new-model', ...ACCOUNTING_EXAMPLE, 'exit', `radius-server host 127.0.0.1 auth-port ${fr.port - 1} acct-port ${fr.port} key ${secret}`]);
      await bothEligible(r, p, DOC.vlan1, PEER_VLAN1, target.deadlineMs(DOC.delayReload + VRRP_S));
      const t0 = lab.clock.nowSec();
      await p.configure([`interface ${PEER_VLAN1}`, 'vrrp 1 priority 200']);
      const off = await pollUntil('Accounting-Off at FreeRADIUS', async () => fr.records(), (rs) => rs.some((x) => x.attrs.get('Acct-Status-Type')?.includes('Accounting-Off')),
        { deadlineMs: target.deadlineMs(30) });
      const tOff = lab.clock.nowSec();
      expect(tOff - t0, 'Accounting-Off waits for the accounting delay (10 s)').toBeGreaterThanOrEqual(10);
      await p.configure([`interface ${PEER_VLAN1}`, 'vrrp 1 priority 90']);
      const on = await pollUntil('Accounting-On at FreeRADIUS', async () => fr.records(), (rs) => rs.some((x) => x.attrs.get('Acct-Status-Type')?.includes('Accounting-On')),
        { deadlineMs: target.deadlineMs(30) });
      for (const rec of on.value) expect(rec.raw, 'the VRRS name in the Cisco VSA').toContain(DOC.served);
      await ti.attach('RADIUS packets received (FreeRADIUS detail file)', { body: on.value.map((x) => x.raw).join('\n\n'), contentType: 'text/plain' });
      await recordMeasurement(ti, `radius_accounting_off_${lab.clock.kind}_s`, (tOff - t0).toFixed(3), 's');
      expect(off.value.length).toBeGreaterThan(0);
    } finally {
      // The check's RADIUS server goes away: Router stops sending to it (otherwise every later VRRS
      // transition is retransmitted to a closed port, and the lab drains those at its stop). The
      // check's own error, if any, is the one reported.
      await r.configure(['no radius-server host 127.0.0.1']).catch(() => undefined);
      await fr.stop();
      fr.cleanup();
    }
  });

  test('failover: Peer takes master; VRRS BACKUP with old state and reason, clients down, virtual MAC leaves ARP and filter', async ({ device, lab, target }, ti) => {
    const r = device('Router');
    const p = device('Peer');
    await bothEligible(r, p, DOC.vlan1, PEER_VLAN1, target.deadlineMs(DOC.delayReload + VRRP_S));
    const t0 = lab.clock.nowSec();
    await p.configure([`interface ${PEER_VLAN1}`, 'vrrp 1 priority 200', 'vrrp 1 preempt']);
    const g = await pollUntil('Router VRRS group BACKUP', () => served(r), (v) => v?.state === 'backup',
      { deadlineMs: target.deadlineMs(VRRP_S), describe: (v) => JSON.stringify(v) });
    const tBackup = lab.clock.nowSec();
    expect(g.value!.oldState, 'old state').toBe('active');
    expect(g.value!.reason, 'reason (IOS: a VRRP state change is reason Protocol)').toBe('Protocol');
    await pollUntil('followers line protocol down', () => r.interfaces(), (v) => DOC.followers.every((n) => protoOf(v, n) === 'down'),
      { deadlineMs: target.deadlineMs(VRRP_S), describe: (v) => v.map((i) => `${i.name}:${i.protocol}`).join(' ') });
    const tDown = lab.clock.nowSec();
    await pollUntil('virtual MAC gone from the followers\' ARP entries', () => r.arp(), (a) => DOC.followers.every((n) => arpOn(a, n)?.mac !== DOC.vmac),
      { deadlineMs: target.deadlineMs(VRRP_S) });
    await pollUntil('virtual MAC gone from the filter', () => r.macFilter(DOC.trunk), (f) => !vmacIn(f), { deadlineMs: target.deadlineMs(VRRP_S) });
    const tMac = lab.clock.nowSec();
    const peer = (await p.vrrpGroups({ iface: PEER_VLAN1 })).find((x) => x.vrid === 1);
    expect(peer?.state, 'Peer is master').toBe('master');
    await recordMeasurement(ti, `vrrs_backup_${lab.clock.kind}_s`, (tBackup - t0).toFixed(3), 's');
    await recordMeasurement(ti, `vrrs_clients_down_${lab.clock.kind}_s`, (tDown - t0).toFixed(3), 's');
    await recordMeasurement(ti, `vrrs_mac_withdrawn_${lab.clock.kind}_s`, (tMac - t0).toFixed(3), 's');
  });

  test('restore: Router regains master; clients up, virtual MAC back in ARP and filter', async ({ device, lab, target }, ti) => {
    const r = device('Router');
    const p = device('Peer');
    const t0 = lab.clock.nowSec();
    await p.configure([`interface ${PEER_VLAN1}`, 'vrrp 1 priority 90']);
    const g = await pollUntil('Router VRRS group ACTIVE', () => served(r), (v) => v?.state === 'active',
      { deadlineMs: target.deadlineMs(VRRP_S), describe: (v) => JSON.stringify(v) });
    const tActive = lab.clock.nowSec();
    expect(g.value!.oldState).toBe('backup');
    await pollUntil('followers line protocol up', () => r.interfaces(), (v) => DOC.followers.every((n) => protoOf(v, n) === 'up'), { deadlineMs: target.deadlineMs(VRRP_S) });
    const arp = await pollUntil('virtual MAC back', () => r.arp(), (a) => DOC.followers.every((n) => arpOn(a, n)?.mac === DOC.vmac), { deadlineMs: target.deadlineMs(VRRP_S) });
    await pollUntil('virtual MAC back in the filter', () => r.macFilter(DOC.trunk), vmacIn, { deadlineMs: target.deadlineMs(VRRP_S) });
    expect(arpOn(arp.value, DOC.orphanIf)?.mac, '.4 (no server for its name) keeps its burned-in address').not.toBe(DOC.vmac);
    await recordMeasurement(ti, `vrrs_active_again_${lab.clock.kind}_s`, (tActive - t0).toFixed(3), 's');
  });

  test('state: VRRP master and backup on the wire (every target)', async ({ device, target }) => {
    const [a, b] = target.topo.nodes.map((n) => device(n.name));
    const res = await pollUntil('one master, one backup', async () => [...(await a.vrrpGroups()), ...(await b.vrrpGroups())],
      (gs) => gs.filter((g) => g.state === 'master').length === 1 && gs.some((g) => g.state === 'backup'),
      { deadlineMs: target.deadlineMs(VRRP_S), describe: (gs) => gs.map((g) => `${g.iface}/${g.vrid}:${g.state}`).join(' ') });
    const master = res.value.find((g) => g.state === 'master')!;
    expect(master.virtualMac).toBe(`00:00:5e:00:01:${master.vrid.toString(16).padStart(2, '0')}`);
  });

  test('failover (VRRP, every target): Peer takes master by priority and preemption, then Router regains it; takeover times', async ({ device, lab, target }, ti) => {
    const r = device('Router');
    const p = device('Peer');
    const peerIf = (await group1(p))?.iface;
    expect(peerIf, 'Peer has VRRP group 1').toBeDefined();
    await bothEligible(r, p, undefined, peerIf, target.deadlineMs(VRRP_S));
    const t0 = lab.clock.nowSec();
    await p.configure([`interface ${peerIf}`, 'vrrp 1 priority 200']);
    await pollUntil('Peer master, Router backup', async () => [await group1(p), await group1(r)], ([a, b]) => a?.state === 'master' && b?.state === 'backup',
      { deadlineMs: target.deadlineMs(VRRP_S), describe: ([a, b]) => `Peer ${a?.state} Router ${b?.state}` });
    const t1 = lab.clock.nowSec();
    await p.configure([`interface ${peerIf}`, 'vrrp 1 priority 90']);
    await pollUntil('Router master again', async () => [await group1(r), await group1(p)], ([a, b]) => a?.state === 'master' && b?.state === 'backup',
      { deadlineMs: target.deadlineMs(VRRP_S), describe: ([a, b]) => `Router ${a?.state} Peer ${b?.state}` });
    const t2 = lab.clock.nowSec();
    // The same keys on every target, so the comparison puts them side by side (the clock's kind is in the unit).
    await recordMeasurement(ti, 'vrrp_takeover_s', (t1 - t0).toFixed(3), `s (${lab.clock.kind} clock)`);
    await recordMeasurement(ti, 'vrrp_regain_s', (t2 - t1).toFixed(3), `s (${lab.clock.kind} clock)`);
  });
});

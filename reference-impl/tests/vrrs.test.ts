/** VRRS: the named-group database fed by VRRP, the interface-state, MAC-address and accounting plug-ins. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MS, SEC } from '../sim/scheduler';
import { parseAddr } from '../net/addr';
import { decodeArp, decodeEth, ETH_ARP, macToString } from '../net/packet';
import { vrrpCfg } from '../protocols/vrrp/testnet';
import { lab, ORPHAN, SERVED, VIP } from './vrrs-lab';

void test('interface-state plug-in: clients follow the group; a name with no server keeps its client down; no shutdown cannot lift it', () => {
  const L = lab({ ifState: true, mac: false });
  L.vrrs.start();
  assert.equal(L.a12.up, false, 'down until the VRRS state is confirmed up');
  assert.equal(L.a12.adminUp, true);
  L.va.start();
  L.vb.start();
  L.sched.runFor(6 * SEC);
  assert.equal(L.va.state('te0.11', 5), 'Master');
  assert.ok(L.a12.up && L.a13.up, 'followers of the ACTIVE group are line-protocol up');
  assert.equal(L.a14.up, false, 'no VRRS server has its name');
  assert.equal(L.a14.stateWord, 'down');
  L.a14.adminUp = true;
  L.a.ifaceChanged(L.a14);
  assert.equal(L.a14.up, false, '`no shutdown` does not bring it up');
  const db = L.vrrs.pluginDatabase();
  assert.deepEqual(db.map((r) => [r.name, r.serverConnection, r.state, r.mac, r.interfaces]), [
    [SERVED, 'Live', 'Active', '0000.5e00.0105', ['te0.12', 'te0.13']],
    [ORPHAN, 'Disconnected', 'Disabled', '0000.0000.0000', ['te0.14']],
  ]);
  assert.ok(db.every((r) => r.clientHandle > 0 && r.testControl === false));
  const sum = new Map(L.vrrs.summary().map((r) => [r.group, r]));
  assert.deepEqual(sum.get(SERVED), { group: SERVED, server: 'VRRP', state: 'ACTIVE', virtualAddress: VIP });
  assert.deepEqual(sum.get(ORPHAN), { group: ORPHAN, server: 'UNKNOW', state: 'INIT', virtualAddress: '0.0.0.0' });
  const [orphan] = L.vrrs.group(ORPHAN);
  assert.equal(orphan.server, 'Not configured');
  assert.deepEqual([orphan.state, orphan.oldState, orphan.reason], ['INIT', 'INIT', 'Protocol']);
  assert.equal(orphan.virtualMac, '0000.0000.0000');
  assert.deepEqual(orphan.clients.map((c) => [c.id, c.name, c.priority]), [[1, 'VRRS-Plugins', 'High']]);
  const [served] = L.vrrs.group(SERVED);
  assert.deepEqual([served.state, served.oldState, served.reason], ['ACTIVE', 'BACKUP', 'Protocol']);
  assert.equal(served.activeAddr, '10.140.11.1');
  assert.deepEqual(L.vrrs.clients().map((c) => [c.id, c.priority, c.allGroups, c.name]), [[1, 'High', false, 'VRRS-Plugins'], [2, 'Low', true, 'VRRS-Accounting']]);
  const dbg = L.vrrs.debugs().map((d) => d.text);
  assert.ok(dbg.includes(`VRRP: Registered VRRS group "${SERVED}"`));
  assert.ok(dbg.includes(`VRRS: Client 1 add, group ${ORPHAN} does not exist, allocating...`));
  assert.ok(dbg.some((t) => t.startsWith(`VRRS: Server VRRP add, group ${SERVED}, state`)));
});

void test('MAC-address plug-in: the virtual MAC on the primary address (ARP table, filter, replies), unsolicited ARP every interval for the duration', () => {
  const L = lab({ ifState: true, mac: true });
  L.vrrs.start();
  L.va.start();
  L.vb.start();
  L.sched.runFor(4 * SEC);
  assert.equal(L.va.state('te0.11', 5), 'Master');
  const arp = new Map(L.vrrs.arpEntries().map((r) => [r.iface, r]));
  assert.equal(arp.get('te0.12')!.mac, '0000.5e00.0105');
  assert.equal(arp.get('te0.13')!.mac, '0000.5e00.0105');
  assert.equal(arp.get('te0.14')!.mac, macToString(L.a14.mac), 'no server: the burned-in address');
  assert.equal(arp.get('te0.14')!.virtual, false);
  const f = L.pa.macFilter.get('00005e000105')!;
  assert.deepEqual([...f.owners].sort(), ['vrrp:te0.11|5|4', 'vrrs:te0.12', 'vrrs:te0.13']);
  // The LAN side resolves the client's own address to the virtual MAC.
  let got: Buffer | undefined;
  L.b.neighbors.resolve(L.b12, parseAddr('10.140.12.1')!, (m) => (got = m));
  L.sched.runFor(1 * SEC);
  assert.equal(got && macToString(got), '0000.5e00.0105');
  L.sched.runFor(10 * SEC);
  // Unsolicited ARP on .12: at activation and every 2 s while 7 s have not passed: 4 in all.
  const unsol = L.frames.filter((x) => x.from === 'core-a').map((x) => decodeEth(x.frame)!).filter((e) => e.type === ETH_ARP && e.vlan === 12).map((e) => decodeArp(e.payload)!).filter((p) => p.op === 2 && p.spa.v === p.tpa.v);
  assert.equal(unsol.length, 4);
  assert.ok(unsol.every((p) => macToString(p.sha) === '0000.5e00.0105'));
  assert.ok(L.vrrs.debugs().some((d) => d.facility === 'arp' && d.text === 'IP ARP: sent rep src 10.140.12.1 0000.5e00.0105, dst 10.140.12.1 ffff.ffff.ffff te0.12'));
  assert.ok(L.vrrs.debugs().some((d) => d.text === 'VRRS-P(mac): Active count increase to (3) for MAC : 0000.5e00.0105'));
});

void test('failover: the peer preempts; VRRS goes BACKUP with its old state and reason, clients go down, the MAC leaves, Accounting-Off after the delay; then everything returns', () => {
  const L = lab({ ifState: true, mac: true });
  L.vrrs.start();
  L.va.start();
  L.vb.start();
  L.sched.runFor(6 * SEC);
  assert.equal(L.sink.sent.length, 1);
  const on = L.sink.sent[0];
  assert.deepEqual([on.status, on.vrrsName, on.nasIp, on.delaySec, on.methodList], ['Accounting-On', SERVED, '10.140.11.1', 0, 'acct-list-7']);
  L.vb.update(L.cfgB(200));
  const t0 = L.sched.now;
  assert.ok(L.sched.runUntilCondition(() => !L.a12.up && !L.a13.up, t0 + 5 * SEC), 'all clients down');
  const downAfter = L.sched.now - t0;
  // RFC 5798 6.4.2: the preempting backup discards the lower-priority advertisements and takes
  // over when its Master_Down_Timer expires; core-a steps down on its first advertisement.
  const mdiB = L.vb.group('te0.11', 5)!.masterDownMs * MS;
  assert.ok(downAfter > 0 && downAfter <= mdiB + 1100 * MS, `clients down ${downAfter} us after the peer's higher priority (its Master_Down_Interval ${mdiB} us)`);
  const [g] = L.vrrs.group(SERVED);
  assert.deepEqual([g.state, g.oldState, g.reason], ['BACKUP', 'ACTIVE', 'Protocol']);
  assert.equal(g.activeAddr, '10.140.11.2');
  assert.equal(g.standbyAddr, '10.140.11.1');
  assert.ok(!L.pa.macFilter.has('00005e000105'), 'the virtual MAC left the filter');
  assert.ok(L.vrrs.arpEntries().every((r) => !r.virtual));
  const ev = L.vrrs.events().at(-1)!;
  assert.deepEqual([ev.old, ev.state, ev.reason], ['ACTIVE', 'BACKUP', 'Protocol']);
  L.a12.adminUp = true;
  L.a.ifaceChanged(L.a12);
  assert.equal(L.a12.up, false);
  L.sched.runFor(3 * SEC);
  assert.equal(L.sink.sent.length, 1, 'Accounting-Off waits the accounting delay');
  L.sched.runFor(2 * SEC);
  assert.equal(L.sink.sent.length, 2);
  const off = L.sink.sent[1];
  assert.equal(off.status, 'Accounting-Off');
  assert.equal(off.time - ev.time, 4 * SEC);
  assert.equal(off.delaySec, 4);
  assert.notEqual(off.sessionId, on.sessionId);
  // Back: the peer lowers its priority, core-a preempts.
  L.vb.update(L.cfgB(100));
  assert.ok(L.sched.runUntilCondition(() => L.a12.up && L.a13.up, L.sched.now + 10 * SEC));
  assert.equal(L.vrrs.group(SERVED)[0].state, 'ACTIVE');
  assert.ok(L.pa.macFilter.get('00005e000105')!.owners.has('vrrs:te0.12'));
  assert.equal(L.sink.sent.at(-1)!.status, 'Accounting-On');
  assert.equal(L.a14.up, false);
});

void test('accounting: the attribute list sets Acct-Delay-Time; no aaa new-model or no method list: nothing is sent', () => {
  const L = lab({ ifState: false, mac: false });
  L.vc.names.get(SERVED)!.attributeList = 'extra-attrs';
  L.vrrs.update(L.vc);
  L.vrrs.start();
  L.va.start();
  L.sched.runFor(6 * SEC);
  assert.equal(L.sink.sent.length, 1);
  assert.equal(L.sink.sent[0].delaySec, 6);
  const M = lab({ ifState: false, mac: false });
  M.vc.names.get(SERVED)!.accountingMethod = 'undefined-list';
  M.vrrs.update(M.vc);
  M.vrrs.start();
  M.va.start();
  M.sched.runFor(6 * SEC);
  assert.equal(M.va.state('te0.11', 5), 'Master');
  assert.equal(M.sink.sent.length, 0);
  assert.ok(M.vrrs.debugs().some((d) => d.facility === 'accounting' && d.text.includes('undefined-list')));
});

void test('server removed: a renamed VRRP group leaves its followers Disconnected and down', () => {
  const L = lab({ ifState: true, mac: true });
  L.vrrs.start();
  L.va.start();
  L.sched.runFor(6 * SEC);
  assert.ok(L.a12.up);
  L.va.update(vrrpCfg({ iface: 'te0.11', vrid: 5, addresses: [VIP], priority: 150, name: 'other-name' }));
  assert.equal(L.a12.up, false);
  const db = new Map(L.vrrs.pluginDatabase().map((r) => [r.name, r]));
  assert.equal(db.get(SERVED)!.serverConnection, 'Disconnected');
  const [g] = L.vrrs.group(SERVED);
  assert.deepEqual([g.server, g.state, g.oldState, g.reason], ['Not configured', 'INIT', 'ACTIVE', 'Server removed']);
  assert.ok(L.vrrs.debugs().some((d) => d.text === `VRRP: Unregistered VRRS group "${SERVED}"`));
  assert.ok(L.vrrs.summary().some((r) => r.group === 'other-name' && r.state === 'ACTIVE'));
});

void test('clients registered by name get ids and are told High priority first; a client of a name with no server sees INIT', () => {
  const L = lab({ ifState: false, mac: false });
  L.vrrs.start();
  const told: string[] = [];
  const low = L.vrrs.registerClient('probe low', 'Low', false, (g) => told.push(`low:${g.name}:${g.state}`));
  const high = L.vrrs.registerClient('probe high', 'High', false, (g) => told.push(`high:${g.name}:${g.state}`));
  assert.deepEqual([low, high], [3, 4], 'after the built-in clients 1 and 2');
  L.vrrs.addClient(low, SERVED);
  L.vrrs.addClient(high, SERVED);
  L.vrrs.addClient(low, 'nobody-serves-this');
  L.va.start();
  L.vb.start();
  L.sched.runFor(6 * SEC);
  const active = told.filter((x) => x.endsWith(':ACTIVE'));
  assert.deepEqual(active, [`high:${SERVED}:ACTIVE`, `low:${SERVED}:ACTIVE`]);
  assert.ok(!told.some((x) => x.includes('nobody-serves-this')), 'no server: no update pushed');
  const [g] = L.vrrs.group('nobody-serves-this');
  assert.deepEqual([g.server, g.state, g.oldState, g.reason, g.virtualAddress, g.virtualMac], ['Not configured', 'INIT', 'INIT', 'Protocol', '0.0.0.0', '0000.0000.0000']);
  assert.deepEqual(g.clients, [{ id: 3, name: 'probe low', priority: 'Low' }]);
  assert.deepEqual(L.vrrs.clients().map((c) => [c.id, c.name]), [[1, 'VRRS-Plugins'], [2, 'VRRS-Accounting'], [3, 'probe low'], [4, 'probe high']]);
  assert.ok(L.vrrs.debugs().some((d) => d.text === 'VRRS: Client probe high registered, id 4'));
});

void test('two runs of the same lab give the same frames, events and handles', () => {
  const once = () => {
    const L = lab({ ifState: true, mac: true });
    L.vrrs.start();
    L.va.start();
    L.vb.start();
    L.sched.runFor(5 * SEC);
    L.vb.update(L.cfgB(230));
    L.sched.runFor(8 * SEC);
    return JSON.stringify({ f: L.frames.map((x) => [x.time, x.from, x.frame.toString('hex')]), e: L.vrrs.events(), d: L.vrrs.pluginDatabase(), a: L.sink.sent });
  };
  assert.equal(once(), once());
});

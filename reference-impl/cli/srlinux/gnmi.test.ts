/**
 * The SR Linux gNMI data source against an SrlDevice with a startup configuration: config and
 * state leaves from live state, SR Linux's errors, Set mapped onto the CLI tree and committed,
 * ON_CHANGE on commits and on protocol state moving (lab-clock ticks), and the LAG, MAC-table and
 * ethernet-segment paths from the modules' show rows (fake modules here, with the row contract of
 * protocols/l2-rows.ts, since the real ones are registered by their own branches).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Node } from '../../net/node';
import { MS, Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { ProtocolHost } from '../../config/host';
import { ProtocolRegistry, type AnyModule } from '../../protocols/registry';
import { defaultProtocols } from '../../protocols';
import { GnmiError, parsePath, type ChangeEvent, formatPath } from '../../mgmt/gnmi/source';
import type { LacpMemberRow, MacTableRow, SegmentRow } from '../../protocols/l2-rows';
import { SrlDevice } from './device';
import type { SrlSession } from './session';

const STARTUP = `
set / interface ethernet-1/7 admin-state enable
set / interface ethernet-1/7 subinterface 0 ipv4 admin-state enable
set / interface ethernet-1/7 subinterface 0 ipv4 address 172.16.9.1/30
set / interface ethernet-1/8 admin-state enable
set / interface ethernet-1/8 description to-host
set / interface system0 admin-state enable
set / interface system0 subinterface 0 ipv4 admin-state enable
set / interface system0 subinterface 0 ipv4 address 10.9.9.7/32
set / network-instance default type default
set / network-instance default interface ethernet-1/7.0
set / network-instance default interface system0.0
`;

/** Rows the fake modules serve; tests move them as protocols would. */
const state = {
  members: [] as LacpMemberRow[],
  macs: [] as MacTableRow[],
  segments: [] as SegmentRow[],
};

const fake = (name: string, model: string, rows: () => unknown[]): AnyModule => ({
  name, create: () => ({}), update: () => undefined, stop: () => undefined, show: { [model]: () => rows() },
});
const FAKES = [fake('lacp', 'members', () => state.members), fake('bridge', 'macTable', () => state.macs), fake('evpn', 'segments', () => state.segments)];

/** An SrlDevice whose host also runs the fake l2 modules. */
class TestSrl extends SrlDevice {
  constructor(node: Node) {
    super(node);
    const names = FAKES.map((f) => f.name);
    (this as { host: ProtocolHost }).host = new ProtocolHost(node, new ProtocolRegistry([...defaultProtocols().modules().filter((m) => !names.includes(m.name)), ...FAKES]));
  }

  override commit(): void {
    super.commit();
    this.host.apply({ ...this.host.config, protocols: new Map([...this.host.config.protocols, ...FAKES.map((f) => [f.name, {}] as [string, unknown])]) });
  }
}

function setup() {
  const sched = new Scheduler();
  const dev = new TestSrl(new Node('gw7', 0, sched, new Random(3)));
  assert.deepEqual(dev.applyConfig(STARTUP), []);
  return { sched, dev, src: dev.gnmiSource() };
}

const get = (src: ReturnType<typeof setup>['src'], p: string, type: 'ALL' | 'CONFIG' | 'STATE' = 'ALL') => src.get(parsePath(p), type).map((m) => [formatPath(m.path), m.value]);

void test('interface leaves: configuration and live state, filtered by data type', () => {
  const { src, dev } = setup();
  assert.deepEqual(get(src, '/interface[name=ethernet-1/8]/description'), [['/interface[name=ethernet-1/8]/description', 'to-host']]);
  assert.deepEqual(get(src, '/interface[name=*]/admin-state').map((x) => x[0]), ['/interface[name=ethernet-1/7]/admin-state', '/interface[name=ethernet-1/8]/admin-state', '/interface[name=system0]/admin-state']);
  const oper = get(src, '/interface[name=ethernet-1/7]/oper-state');
  assert.equal(oper.length, 1);
  assert.equal(oper[0][1], dev.node.ifaces.get('ethernet-1/7')!.up ? 'up' : 'down');
  assert.deepEqual(get(src, '/interface[name=system0]/oper-state'), [['/interface[name=system0]/oper-state', 'up']]);
  assert.deepEqual(get(src, '/interface[name=system0]/subinterface[index=0]/oper-state'), [['/interface[name=system0]/subinterface[index=0]/oper-state', 'up']]);
  const cfgOnly = src.get(parsePath('/interface[name=ethernet-1/8]'), 'CONFIG')[0].value as Record<string, unknown>;
  assert.equal(cfgOnly['admin-state'], 'enable');
  assert.equal(cfgOnly['oper-state'], undefined, 'CONFIG leaves out state');
  const stateOnly = src.get(parsePath('/interface[name=ethernet-1/8]'), 'STATE')[0].value as Record<string, unknown>;
  assert.equal(stateOnly.description, undefined, 'STATE leaves out config');
  assert.ok('oper-state' in stateOnly && 'statistics' in stateOnly);
});

void test('unknown paths get SR Linux\'s errors', () => {
  const { src } = setup();
  assert.throws(() => src.get(parsePath('/interface[name=ethernet-1/7]/bogus'), 'ALL'), (e: unknown) => e instanceof GnmiError && e.code === 'NOT_FOUND' && /unknown element 'bogus'/.test(e.message));
  assert.throws(() => src.validate(parsePath('/interface[nom=x]')), (e: unknown) => e instanceof GnmiError && e.code === 'INVALID_ARGUMENT' && /unknown key 'nom'/.test(e.message));
  assert.deepEqual(get(src, '/interface[name=ethernet-1/99]/admin-state'), []);
});

void test('Set: admin-state on the CLI tree, committed as one; state leaves and bad values refused whole', async () => {
  const { src, dev } = setup();
  src.set({ delete: [], replace: [], update: [{ path: parsePath('/interface[name=ethernet-1/7]/admin-state'), value: 'disable' }, { path: parsePath('/interface[name=ethernet-1/9]'), value: { 'admin-state': 'enable', description: 'new' } }] }, { user: 'u' });
  const s = dev.sessions()('t') as SrlSession;
  const flat = (await s.execute('info flat')).output;
  assert.match(flat, /^set \/ interface ethernet-1\/7 admin-state disable$/m);
  assert.match(flat, /^set \/ interface ethernet-1\/9 description new$/m);
  assert.equal(dev.node.ifaces.get('ethernet-1/7')!.adminUp, false);
  assert.deepEqual(get(src, '/interface[name=ethernet-1/7]/oper-state')[0][1], 'down');
  const before = (await s.execute('info flat')).output;
  for (const bad of [
    { path: '/interface[name=ethernet-1/8]/oper-state', value: 'down' as unknown, re: /read-only/ },
    { path: '/interface[name=ethernet-1/8]/admin-state', value: 'sideways' as unknown, re: /Invalid value 'sideways'/ },
  ]) {
    assert.throws(() => src.set({ delete: [], replace: [], update: [{ path: parsePath('/interface[name=ethernet-1/8]/description'), value: 'x' }, { path: parsePath(bad.path), value: bad.value as never }] }, { user: 'u' }),
      (e: unknown) => e instanceof GnmiError && e.code === 'INVALID_ARGUMENT' && bad.re.test(e.message));
  }
  assert.equal((await s.execute('info flat')).output, before, 'nothing applied');
  src.set({ delete: [parsePath('/interface[name=ethernet-1/9]')], replace: [], update: [] }, { user: 'u' });
  assert.doesNotMatch((await s.execute('info flat')).output, /ethernet-1\/9/);
});

void test('ON_CHANGE: a Set and protocol state moving (seen on the lab clock\'s ticks) reach the subscriber', () => {
  const { src, sched } = setup();
  const evs: ChangeEvent[] = [];
  const stop = src.subscribe((ev) => evs.push(ev));
  src.set({ delete: [], replace: [], update: [{ path: parsePath('/interface[name=ethernet-1/8]/description'), value: 'changed' }] }, { user: 'u' });
  assert.ok(evs.some((e) => e.updates.some((u) => formatPath(u.path) === '/interface[name=ethernet-1/8]/description' && u.value === 'changed')));
  evs.length = 0;
  state.segments = [segment('192.0.2.1')];
  sched.runFor(150 * MS);
  const df = evs.flatMap((e) => e.updates).filter((u) => /designated-forwarder$/.test(formatPath(u.path)));
  assert.deepEqual(df.map((u) => [u.path.find((p) => p.name === 'designated-forwarder-candidate')!.key!.address, u.value]), [['192.0.2.1', true], ['192.0.2.2', false]]);
  evs.length = 0;
  state.segments = [segment('192.0.2.2')];
  sched.runFor(150 * MS);
  assert.deepEqual(evs.flatMap((e) => e.updates).map((u) => [u.path.find((p) => p.name === 'designated-forwarder-candidate')?.key?.address, u.value]).sort(), [['192.0.2.1', false], ['192.0.2.2', true]]);
  stop();
  evs.length = 0;
  state.segments = [segment('192.0.2.1')];
  sched.runFor(500 * MS);
  assert.equal(evs.length, 0, 'no ticks once nobody listens');
  state.segments = [];
});

const OPER0 = '/interface[name=system0]/oper-state';
const operEvents = (evs: Array<{ ev: ChangeEvent; nowUs: number }>, path: string) =>
  evs.flatMap((e) => e.ev.updates.filter((u) => formatPath(u.path) === path).map((u) => ({ value: u.value, nowUs: e.nowUs, atNs: e.ev.atNs })));

void test('ON_CHANGE: an interface going down is told in the same lab instant, stamped with it (not at the 100 ms tick)', () => {
  const { src, sched, dev } = setup();
  const epoch = 1_700_000_000_000_000_000n;
  src.useClock({ nowNs: () => epoch + BigInt(sched.now) * 1000n });
  const evs: Array<{ ev: ChangeEvent; nowUs: number }> = [];
  const stop = src.subscribe((ev) => evs.push({ ev, nowUs: sched.now }));
  const i = dev.node.ifaces.get('system0')!;
  assert.equal(i.up, true);
  // 37.3 ms after the subscription: between two ticks (100 ms apart), as a protocol event would.
  sched.schedule(37_300, () => {
    i.adminUp = false;
    dev.node.ifaceChanged(i);
  });
  sched.runFor(60 * MS);
  assert.deepEqual(operEvents(evs, OPER0), [{ value: 'down', nowUs: 37_300, atNs: epoch + 37_300_000n }], 'told in the instant of the change, before the next tick, stamped with it');
  stop();
});

void test('ON_CHANGE: a CLI commit of admin-state disable notifies oper-state down stamped with the commit\'s instant', async () => {
  const { src, sched, dev } = setup();
  src.useClock({ nowNs: () => BigInt(sched.now) * 1000n });
  const evs: Array<{ ev: ChangeEvent; nowUs: number }> = [];
  const stop = src.subscribe((ev) => evs.push({ ev, nowUs: sched.now }));
  sched.runFor(1234_567);
  const s = dev.sessions()('t') as SrlSession;
  for (const line of ['enter candidate', '/interface system0 admin-state disable', 'commit now']) await s.execute(line);
  const at = sched.now;
  sched.runFor(250 * MS);
  assert.deepEqual(operEvents(evs, OPER0), [{ value: 'down', nowUs: at, atNs: BigInt(at) * 1000n }]);
  assert.deepEqual(operEvents(evs, '/interface[name=system0]/admin-state').map((e) => [e.value, e.atNs]), [['disable', BigInt(at) * 1000n]]);
  // What moves without telling the source (packet counters) is found at a tick and carries no time of its own.
  evs.length = 0;
  dev.node.ifaces.get('system0')!.rxPackets += 5;
  sched.runFor(100 * MS);
  const found = evs.filter((e) => e.ev.updates.some((u) => formatPath(u.path) === '/interface[name=system0]/statistics/in-packets'));
  assert.equal(found.length, 1);
  assert.equal(found[0].ev.atNs, undefined, 'sampled, stamped by the server when sent');
  stop();
});

function segment(df: string): SegmentRow {
  return {
    name: 'ES-77', esi: '00:aa:bb:cc:dd:ee:ff:00:11:22', adminUp: true, operUp: true, mode: 'all-active', iface: 'lag3', dfAlgorithm: 'default', activationTimerSec: 3, lastChange: 0,
    dfs: [{ segment: 'ES-77', macVrf: 'bd-20', evi: 20, candidates: ['192.0.2.1', '192.0.2.2'], df, localDf: df === '192.0.2.1', timerRemaining: 0 }],
  };
}

void test('LAG members, MAC table and ethernet segments from the modules\' rows, on SR Linux\'s paths', () => {
  const { src } = setup();
  state.members = [{
    lag: 'lag3', member: 'ethernet-1/8', operUp: true, activity: 'ACTIVE' as never, timeout: 'short', inSync: true, collecting: true, distributing: false, aggregation: true, defaulted: false, expired: false,
    systemId: '02:00:00:00:00:33', operKey: 33, partnerId: '02:aa:00:00:00:01', partnerKey: 9, partnerPriority: 1, portNo: 2, partnerPortNo: 5, rxLacpdu: 1, txLacpdu: 1,
  }];
  state.macs = [
    { macVrf: 'bd-20', mac: '02:aa:00:00:00:01', type: 'learnt', destination: { kind: 'subinterface', name: 'lag3.0' }, destIndex: 4, active: true, agingS: 300, lastUpdate: 0 },
    { macVrf: 'bd-20', mac: '02:aa:00:00:00:02', type: 'evpn', destination: { kind: 'esi', esi: '00:aa:bb:cc:dd:ee:ff:00:11:22', vteps: ['192.0.2.1'] }, destIndex: 9, active: true, lastUpdate: 0 },
  ];
  state.segments = [segment('192.0.2.2')];
  try {
    const m = get(src, '/interface[name=lag3]/lag/member[name=ethernet-1/8]/lacp');
    assert.deepEqual(m[0][1], {
      activity: 'ACTIVE', timeout: 'SHORT', synchronization: 'IN_SYNC', aggregatable: true, collecting: true, distributing: false,
      'system-id': '02:00:00:00:00:33', 'oper-key': 33, 'port-num': 2, 'partner-id': '02:AA:00:00:00:01', 'partner-key': 9, 'partner-port-num': 5,
    });
    const macs = get(src, '/network-instance[name=bd-20]/bridge-table/mac-table/mac[address=*]/destination');
    assert.deepEqual(macs.map((x) => x[1]), ['lag3.0', 'esi:00:aa:bb:cc:dd:ee:ff:00:11:22']);
    const df = get(src, '/system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=1]/ethernet-segment[name=ES-77]/association/network-instance[name=*]/bgp-instance[instance=1]/computed-designated-forwarder-candidates/designated-forwarder-candidate[address=*]/designated-forwarder');
    assert.deepEqual(df.map((x) => x[1]), [false, true]);
    assert.deepEqual(get(src, '/system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=1]/ethernet-segment[name=ES-77]/oper-state').map((x) => x[1]), ['up']);
  } finally {
    state.members = [];
    state.macs = [];
    state.segments = [];
  }
});

void test('a plain SrlDevice (modules not registered) serves interfaces and renders nothing for them', () => {
  const dev = new SrlDevice(new Node('gw8', 0, new Scheduler(), new Random(1)));
  assert.deepEqual(dev.applyConfig(STARTUP), []);
  const src = dev.gnmiSource();
  assert.equal(src, dev.gnmiSource(), 'one source per device');
  assert.deepEqual(get(src, '/system/network-instance/protocols/evpn/ethernet-segments'), []);
  assert.equal(get(src, '/interface[name=*]/oper-state').length, 3);
});

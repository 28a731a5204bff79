/**
 * VRRP in the vrp dialect: two VRP routers on one simulated LAN, configured through their
 * terminal sessions; the election, a takeover on priority, the preemption delay in virtual
 * time, `display vrrp` / `display vrrp brief` from the engine's live state, the running
 * configuration's lines and their round trip, bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Scheduler, SEC, MS } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { Link } from '../../net/link';
import { VrpDevice } from './device';
import { vrpSkin } from './index';
import type { VrpSession } from './session';
import type { VrrpStateEvent } from '../../protocols/vrrp/module';
import { displayVrrpBrief, vrpShortIfName } from './vrrp';

const PORT = 'GigabitEthernet0/2/5';

function twoRouters() {
  const sched = new Scheduler();
  const rng = new Random(11);
  const skin = vrpSkin();
  const mk = (name: string, id: number) => {
    const n = new Node(name, id, sched, rng.fork(name));
    n.addIface(PORT, 'ethernet');
    return new VrpDevice(n, skin);
  };
  const east = mk('East', 1);
  const west = mk('West', 2);
  new Link(east.node.ifaces.get(PORT)!, west.node.ifaces.get(PORT)!, sched, rng.fork('lan'));
  return { sched, east, west };
}

const session = (d: VrpDevice) => d.sessions()('test') as VrpSession;
async function type(s: VrpSession, lines: string[]): Promise<string> {
  let out = '';
  for (const l of lines) {
    const r = await s.execute(l);
    assert.ok(!r.failed, `${l}: ${r.output}`);
    out += r.output;
  }
  return out;
}
const run = async (s: VrpSession, line: string) => (await s.execute(line)).output;

function configure(d: VrpDevice, sysname: string, addr: string, extra: string[]) {
  return type(session(d), ['system-view', `sysname ${sysname}`, `interface ${PORT}`, 'undo shutdown', `ip address ${addr} 255.255.255.192`, 'vrrp vrid 42 virtual-ip 198.51.100.62', ...extra, 'commit', 'return']);
}

const stateOf = async (d: VrpDevice) => /State : (\w+)/.exec(await run(session(d), 'display vrrp'))![1];

void test('vrp VRRP: election, display vrrp, brief, running configuration', async () => {
  const { sched, east, west } = twoRouters();
  await configure(east, 'East', '198.51.100.1', ['vrrp vrid 42 priority 150', 'vrrp vrid 42 virtual-ip 198.51.100.61']);
  await configure(west, 'West', '198.51.100.2', []);
  sched.runFor(10 * SEC);

  const e = await run(session(east), 'display vrrp');
  assert.match(e, /^ {2}GigabitEthernet0\/2\/5 \| Virtual Router 42\n {4}State : Master\n {4}Virtual IP : 198\.51\.100\.62\n {17}198\.51\.100\.61\n {4}Master IP : 198\.51\.100\.1\n {4}PriorityRun : 150\n {4}PriorityConfig : 150\n {4}MasterPriority : 150\n {4}Preempt : YES {3}Delay Time : 0 s\n {4}TimerRun : 1 s\n {4}TimerConfig : 1 s\n {4}Auth type : NONE\n {4}Virtual MAC : 0000-5e00-012a\n/);
  assert.match(e, /Create time : 2008-09-21 00:00:0\d\n {4}Last change time : 2008-09-21 00:00:0\d\n/);
  const w = await run(session(west), 'display vrrp interface GE0/2/5 vrid 42');
  assert.match(w, /State : Backup\n/);
  assert.match(w, /Master IP : 198\.51\.100\.1\n/);
  assert.match(w, /PriorityRun : 100\n {4}PriorityConfig : 100\n {4}MasterPriority : 150\n/);
  assert.equal(await run(session(west), 'display vrrp verbose'), w);

  const brief = await run(session(east), 'display vrrp brief');
  assert.equal(
    brief,
    [
      'Total:1     Master:1     Backup:0     Non-active:0',
      'VRID  State        Interface                Type     Virtual IP',
      '-'.repeat(64),
      '42    Master       GE0/2/5                  Normal   198.51.100.62',
      ' '.repeat(53) + '198.51.100.61',
      '',
    ].join('\n'),
  );
  assert.equal(await run(session(east), 'dis vrrp br'), brief, 'abbreviated');
  assert.match(await run(session(west), 'display vrrp brief'), /^Total:1 {5}Master:0 {5}Backup:1 {5}Non-active:0\n[^]*\n42 {4}Backup {7}GE0\/2\/5 {18}Normal {3}198\.51\.100\.62\n$/);

  // The running configuration and its round trip through a fresh router.
  const cfg = east.currentConfiguration();
  assert.match(cfg, /interface GigabitEthernet0\/2\/5\n undo shutdown\n ip address 198\.51\.100\.1 255\.255\.255\.192\n vrrp vrid 42 virtual-ip 198\.51\.100\.62\n vrrp vrid 42 virtual-ip 198\.51\.100\.61\n vrrp vrid 42 priority 150\n#/);
  const again = twoRouters().east;
  assert.deepEqual(again.applyConfig(cfg), []);
  assert.equal(again.currentConfiguration(), cfg);

  // The group removed on the master: it sends priority 0 (RFC 3768 6.4.3) and the backup takes
  // over after Skew_Time, not the full Master_Down_Interval.
  const t0 = sched.now;
  await type(session(east), ['system-view', `interface ${PORT}`, 'undo vrrp vrid 42', 'commit', 'return']);
  sched.runFor(5 * SEC);
  assert.equal(await stateOf(west), 'Master');
  const ev = west.host.show<VrrpStateEvent>('vrrp', 'events').find((x) => x.state === 'Master')!;
  assert.ok(ev.time - t0 < 1 * SEC, `took ${(ev.time - t0) / MS} ms`);
  assert.match(await run(session(west), 'display vrrp'), /Master IP : 198\.51\.100\.2\n {4}PriorityRun : 100\n {4}PriorityConfig : 100\n {4}MasterPriority : 100\n/);
  // The port shut on East: the link goes down and West's group goes to Initialize.
  await type(session(east), ['system-view', `interface ${PORT}`, 'shutdown', 'commit', 'return']);
  sched.runFor(1 * SEC);
  assert.match(await run(session(west), 'display vrrp'), /State : Initialize\n[^]*Master IP : 0\.0\.0\.0\n {4}PriorityRun : 100\n {4}PriorityConfig : 100\n {4}MasterPriority : 0\n/);
});

void test('vrp VRRP: takeover on priority, preemption delay in virtual time, non-preemption', async () => {
  const { sched, east, west } = twoRouters();
  await configure(east, 'East', '198.51.100.1', ['vrrp vrid 42 priority 120']);
  await configure(west, 'West', '198.51.100.2', ['vrrp vrid 42 preempt-mode timer delay 7']);
  sched.runFor(10 * SEC);
  assert.equal(await stateOf(east), 'Master');
  assert.equal(await stateOf(west), 'Backup');
  assert.match(await run(session(west), 'display vrrp'), /Preempt : YES {3}Delay Time : 7 s\n/);

  // West's priority above East's: West preempts, but only after its 7 s delay.
  const t0 = sched.now;
  await type(session(west), ['system-view', `interface ${PORT}`, 'vrrp vrid 42 priority 200', 'commit', 'return']);
  sched.runFor(6 * SEC);
  assert.equal(await stateOf(west), 'Backup', 'no takeover before the preemption delay');
  sched.runFor(3 * SEC);
  assert.equal(await stateOf(west), 'Master');
  assert.equal(await stateOf(east), 'Backup');
  const ev = west.host.show<VrrpStateEvent>('vrrp', 'events').filter((x) => x.state === 'Master').pop()!;
  assert.ok(ev.time - t0 >= 7 * SEC && ev.time - t0 < 8.1 * SEC, `took ${(ev.time - t0) / MS} ms`);
  assert.match(await run(session(east), 'display vrrp'), /Master IP : 198\.51\.100\.2\n {4}PriorityRun : 120\n {4}PriorityConfig : 120\n {4}MasterPriority : 200\n/);

  // East without preemption stays backup though it now outranks West.
  await type(session(east), ['system-view', `interface ${PORT}`, 'vrrp vrid 42 preempt-mode disable', 'vrrp vrid 42 priority 254', 'commit', 'return']);
  sched.runFor(10 * SEC);
  assert.equal(await stateOf(east), 'Backup');
  assert.match(east.currentConfiguration(), / vrrp vrid 42 priority 254\n vrrp vrid 42 preempt-mode disable\n/);
  // Preemption back on: East takes over at once.
  await type(session(east), ['system-view', `interface ${PORT}`, 'vrrp vrid 42 preempt-mode', 'commit', 'return']);
  sched.runFor(3 * SEC);
  assert.equal(await stateOf(east), 'Master');
  assert.equal(await stateOf(west), 'Backup');

  // Slower advertisements on both: v2 needs the same interval on both ends (RFC 3768 7.1).
  for (const d of [east, west]) await type(session(d), ['system-view', `interface ${PORT}`, 'vrrp vrid 42 timer advertise 3', 'commit', 'return']);
  sched.runFor(10 * SEC);
  assert.match(await run(session(west), 'display vrrp'), /TimerRun : 3 s\n {4}TimerConfig : 3 s\n/);
  assert.equal(await stateOf(east), 'Master');
});

void test('vrp VRRP: bad input and undo', async () => {
  const { east } = twoRouters();
  const s = session(east);
  await type(s, ['system-view', `interface ${PORT}`]);
  assert.match(await run(s, 'vrrp vrid 0 virtual-ip 10.0.0.1'), /Error: Wrong parameter found at '\^' position\./);
  assert.match(await run(s, 'vrrp vrid 3 priority 255'), /Error: Wrong parameter found at '\^' position\./);
  assert.match(await run(s, 'vrrp vrid 3 virtual-ip 10.0.0.300'), /Error: Wrong parameter found at '\^' position\./);
  assert.match(await run(s, 'vrrp vrid 3'), /Error: Incomplete command found at '\^' position\./);
  assert.match(await run(s, 'undo vrrp vrid 9'), /Error: The VRRP backup group does not exist\./);
  assert.equal(await run(s, 'vrrp vrid 3 virtual-ip 10.0.0.1'), '');
  assert.match(await run(s, 'vrrp vrid 4 virtual-ip 10.0.0.1'), /already used by VRRP backup group 3/);
  assert.equal(await run(s, 'undo vrrp vrid 3 virtual-ip 10.0.0.1'), '');
  assert.equal(await run(s, 'vrrp vrid 5 virtual-ip 10.0.0.5'), '');
  assert.equal(await run(s, 'undo vrrp vrid 5'), '');
  await type(s, ['commit']);
  assert.doesNotMatch(east.currentConfiguration(), /vrrp/);
  assert.equal(await run(s, 'display vrrp'), 'Info: No VRRP backup group is configured.\n');
  assert.equal(displayVrrpBrief([]), 'Total:0     Master:0     Backup:0     Non-active:0\nVRID  State        Interface                Type     Virtual IP\n' + '-'.repeat(64) + '\n');
  assert.equal(vrpShortIfName('GigabitEthernet1/0/0'), 'GE1/0/0');
});

void test('vrp VRRP: vrrp version v3 in the system view runs RFC 5798 groups', async () => {
  const { sched, east, west } = twoRouters();
  for (const [d, n, a, p] of [[east, 'East', '198.51.100.1', 'vrrp vrid 42 priority 130'], [west, 'West', '198.51.100.2', 'vrrp vrid 42 priority 110']] as const) {
    await type(session(d), ['system-view', 'vrrp version v3', 'commit', 'quit']);
    await configure(d, n, a, [p]);
  }
  sched.runFor(10 * SEC);
  assert.equal(await stateOf(east), 'Master');
  assert.equal(await stateOf(west), 'Backup');
  assert.match(east.currentConfiguration(), /^#\nsysname East\n#\nvrrp version v3\n#\n/);
  const [g] = east.host.show<{ version: number }>('vrrp', 'groups');
  assert.equal(g.version, 3);
  // `undo vrrp version`: back to VRP's default, v2.
  await type(session(west), ['system-view', 'undo vrrp version', 'commit', 'quit']);
  assert.doesNotMatch(west.currentConfiguration(), /vrrp version/);
  assert.equal(west.host.show<{ version: number }>('vrrp', 'groups')[0].version, 2);
});

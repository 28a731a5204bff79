// `display vrrp [verbose]` -> the neutral VRRP model, on captures in VRP's AR and USG layouts and
// on the reference router's own output (testdata/README.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParseError } from '../../errors';
import { parseDisplayVrrp, vrrpGroupsOf } from './parsers';
import { type CommandRunner, getVrrpGroups } from './getters';

const fx = (name: string): string => readFileSync(join(__dirname, 'testdata', name), 'utf8');
const ctx = { device: 'R9', command: 'display vrrp verbose' };

function fake(out: string): CommandRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    device: 'R9',
    calls,
    async send(command) {
      calls.push(command);
      return out;
    },
  };
}

void describe('parseDisplayVrrp', () => {
  void it('reads the AR layout: two groups, tracking lines skipped, preempt and timers', () => {
    const rows = parseDisplayVrrp(fx('ar-display-vrrp.txt'), ctx);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], {
      iface: 'GigabitEthernet0/0/1', vrid: 7, state: 'Master', virtualIps: ['172.30.8.254'], masterIp: '172.30.8.2', priorityRun: 120, priorityConfig: 120,
      masterPriority: 120, preempt: true, preemptDelaySec: 20, timerRunMs: 1000, timerConfigMs: 1000, authType: 'NONE', virtualMac: '00:00:5e:00:01:07',
    });
    assert.deepEqual([rows[1]!.state, rows[1]!.preempt, rows[1]!.timerConfigMs, rows[1]!.masterPriority], ['Backup', false, 2000, 110]);
  });

  void it('reads the USG layout with its leading time line, an Initialize group without a master', () => {
    const [g] = vrrpGroupsOf(parseDisplayVrrp(fx('usg-display-vrrp.txt'), ctx));
    assert.deepEqual(g, { iface: 'GigabitEthernet1/0/3', vrid: 12, afi: 'ipv4', state: 'init', priority: 120, virtualIps: ['10.44.0.1'], virtualMac: '00:00:5e:00:01:0c', preempt: true, advertIntervalMs: 60_000 });
  });

  void it('reads the reference router: continuation lines of virtual addresses, master and backup', () => {
    const gs = vrrpGroupsOf(parseDisplayVrrp(fx('reference-display-vrrp-verbose.txt'), ctx));
    assert.deepEqual(gs.map((g) => [g.iface, g.vrid, g.state, g.priority, g.virtualIps, g.masterAddress, g.masterLocal, g.masterPriority]), [
      ['GigabitEthernet0/1/2', 3, 'backup', 100, ['203.0.113.250', '203.0.113.251'], '203.0.113.11', false, 140],
      ['GigabitEthernet0/1/3', 200, 'master', 100, ['192.0.2.129'], '192.0.2.12', true, 100],
    ]);
    assert.equal(gs[1]!.advertIntervalMs, 2000);
  });

  void it('no groups; bad input is one ParseError naming the line', () => {
    assert.deepEqual(parseDisplayVrrp('Info: No VRRP backup group is configured.\n', ctx), []);
    assert.deepEqual(parseDisplayVrrp('', ctx), []);
    assert.throws(() => parseDisplayVrrp('    State : Master\n', ctx), (e: unknown) => e instanceof ParseError && /Virtual Router/.test(e.message));
    const bad = fx('ar-display-vrrp.txt').replace('PriorityRun : 120', 'PriorityRun : high');
    assert.throws(() => parseDisplayVrrp(bad, ctx), (e: unknown) => e instanceof ParseError && /PriorityRun "high"/.test(e.message));
    const odd = fx('ar-display-vrrp.txt').replace('State : Master', 'State : Dormant');
    assert.throws(() => vrrpGroupsOf(parseDisplayVrrp(odd, ctx), ctx), (e: unknown) => e instanceof ParseError && /Dormant/.test(e.message));
    assert.throws(() => parseDisplayVrrp('  GigabitEthernet0/0/1 | Virtual Router 1\n    Virtual IP : 10.0.0.1\n', ctx), (e: unknown) => e instanceof ParseError && /State/.test(e.message));
  });
});

void describe('getVrrpGroups', () => {
  void it('runs display vrrp verbose and filters by interface (GE short names too)', async () => {
    const s = fake(fx('ar-display-vrrp.txt'));
    assert.equal((await getVrrpGroups(s)).length, 2);
    assert.deepEqual((await getVrrpGroups(s, { iface: 'GE0/0/2' })).map((g) => g.vrid), [9]);
    assert.deepEqual(s.calls, ['display vrrp verbose', 'display vrrp verbose']);
  });
});

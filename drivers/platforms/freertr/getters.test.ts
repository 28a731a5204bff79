import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParseError } from '../../errors';
import { type CommandRunner, getInterfaces, getPvrpNeighbors, getPvrpRoutes, getRoutes, ping, traceroute } from './getters';

const fx = (name: string): string => readFileSync(join(__dirname, 'testdata', name), 'utf8');

/** A session that answers from a table of command -> output, recording commands and deadlines. */
function fake(outputs: Record<string, string>): CommandRunner & { calls: [string, number | undefined][] } {
  const calls: [string, number | undefined][] = [];
  return {
    device: 'r2',
    calls,
    async send(command, opts) {
      calls.push([command, opts?.timeoutMs]);
      const out = outputs[command];
      if (out === undefined) throw new Error(`unexpected command ${command}`);
      return out;
    },
  };
}

void describe('freeRtr getters', () => {
  void it('getPvrpNeighbors runs show <afi> pvrp <n> summary', async () => {
    const s = fake({ 'show ipv6 pvrp 1 summary': fx('r2-pvrp6-sum.txt') });
    const n = await getPvrpNeighbors(s, 'ipv6', 1);
    assert.equal(n.length, 4);
    assert.ok(n.every((x) => x.afi === 'ipv6'));
    assert.deepEqual(s.calls, [['show ipv6 pvrp 1 summary', undefined]]);
  });

  void it('getRoutes runs show <afi> route <vrf> and tags the vrf', async () => {
    const s = fake({ 'show ipv4 route v1': fx('r2-route4-v1-fancy.txt') });
    const r = await getRoutes(s, 'ipv4', 'v1');
    assert.equal(r.length, 21);
    assert.ok(r.every((e) => e.vrf === 'v1' && e.afi === 'ipv4'));
  });

  void it('getPvrpRoutes reads PVRP\'s own table', async () => {
    const s = fake({ 'show ipv6 pvrp 1 route': fx('r2-pvrp6-route.txt') });
    const r = await getPvrpRoutes(s, 'ipv6', 1);
    assert.equal(r.filter((e) => e.installed === false).length, 12);
  });

  void it('getInterfaces runs show interfaces summary', async () => {
    const s = fake({ 'show interfaces summary': fx('r1-interfaces-summary.txt') });
    assert.equal((await getInterfaces(s)).find((i) => i.name === 'ethernet1.11')?.state, 'admin');
  });

  void it('ping builds the freeRtr command and a deadline from the count', async () => {
    const s = fake({
      'ping 2.2.2.1 vrf v1 source loopback1': fx('r2-ping-2.2.2.1.txt'),
      'ping 2.2.2.1 vrf v1 source loopback1 repeat 10': fx('r2-ping-2.2.2.1.txt'),
    });
    const r = await ping(s, '2.2.2.1', { vrf: 'v1', source: 'loopback1' });
    assert.equal(r.successPct, 100);
    await ping(s, '2.2.2.1', { vrf: 'v1', source: 'loopback1', count: 10 });
    assert.deepEqual(s.calls, [['ping 2.2.2.1 vrf v1 source loopback1', 15000], ['ping 2.2.2.1 vrf v1 source loopback1 repeat 10', 20000]]);
  });

  void it('traceroute builds the command; a bad line is a ParseError naming device and command', async () => {
    const s = fake({
      'traceroute 2.2.2.1 vrf v1 source loopback1': 'tracing 2.2.2.1, src=2.2.2.3\n1 1.1.1.5 time=1\n2 2.2.2.1 time=0\n',
      'traceroute 9.9.9.9': 'tracing 9.9.9.9\n1 1.1.1.5 time=1\nweird\n',
    });
    const t = await traceroute(s, '2.2.2.1', { vrf: 'v1', source: 'loopback1' });
    assert.deepEqual(t.hops.map((h) => h.address), ['1.1.1.5', '2.2.2.1']);
    assert.equal(t.reached, true);
    await assert.rejects(traceroute(s, '9.9.9.9'), (e: unknown) =>
      e instanceof ParseError && e.device === 'r2' && e.command === 'traceroute 9.9.9.9' && e.line === 'weird');
  });
});

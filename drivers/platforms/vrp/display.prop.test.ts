/**
 * Property tests of the VRP display parsers (fast-check): a model generated here is rendered in
 * VRP's layout (testdata/*.txt is the reference; drivers do not import reference-impl) and must
 * parse back to the model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIpInterfaceBrief, parseRoutingTable } from './parsers';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
const prefix = fc.tuple(ipv4, fc.nat(32)).map(([a, l]) => `${a}/${l}`);
const ifname = fc.tuple(fc.constantFrom('GigabitEthernet', 'LoopBack', 'Vlanif', 'Eth-Trunk'), fc.array(fc.nat(9), { minLength: 1, maxLength: 3 }))
  .map(([n, p]) => `${n}${p.join('/')}`);
const pad = (s: string, n: number): string => s.padEnd(n) + ' ';

void test('routing table: rows (ECMP continuations included) parse back to the model', () => {
  const route = fc.record({
    proto: fc.constantFrom('Direct', 'Static', 'OSPF', 'O_ASE', 'IBGP', 'EBGP', 'ISIS-L1', 'Unr'),
    preference: fc.nat(255), cost: fc.nat(0xffffffff), flags: fc.constantFrom('', 'D', 'RD', 'T', 'B', 'RDT'),
    nextHop: ipv4, iface: ifname,
  });
  const dest = fc.tuple(prefix, fc.array(route, { minLength: 1, maxLength: 3 }));
  fc.assert(fc.property(fc.stringMatching(/^[A-Za-z_][\w-]{0,15}$/), fc.array(dest, { maxLength: 20 }), (table, dests) => {
    const rows = dests.flatMap(([p, rs]) => rs.map((r) => ({ prefix: p, ...r })));
    const body = dests.flatMap(([p, rs]) => rs.map((r, i) => `${(i === 0 ? p : '').padStart(18)}  ${pad(r.proto, 6)}${pad(String(r.preference), 4)}` +
      `${pad(String(r.cost), 8)}${r.flags.padStart(6)}  ${pad(r.nextHop, 15)}${r.iface}`));
    const text = 'Route Flags: R - relay, D - download to fib, T - to vpn-instance, B - black hole route\n' +
      `${'-'.repeat(78)}\nRouting Table: ${table}\n         Destinations : ${dests.length}       Routes : ${rows.length}\n\n` +
      `Destination/Mask    Proto  Pre  Cost     Flags NextHop         Interface\n\n${body.join('\n')}\n`;
    assert.deepEqual(parseRoutingTable(text), { table, destinations: dests.length, routes: rows.length, rows });
  }), { numRuns: 300, seed: 11 });
});

void test('ip interface brief: rows, states and counts parse back to the model (with and without the VPN column)', () => {
  const phy = fc.constantFrom(['up', 'up'], ['down', 'down'], ['*down', 'admin-down'], ['^down', 'down'], ['!down', 'down']);
  const pro = fc.constantFrom(['up', 'up'], ['up(s)', 'up'], ['down', 'down'], ['*down', 'down']);
  const row = fc.record({ iface: ifname, bw: fc.constantFrom('', '(10G)', '(100M)'), address: fc.option(prefix, { nil: undefined }), phy, pro,
    vrf: fc.option(fc.stringMatching(/^[A-Za-z][\w-]{0,10}$/), { nil: undefined }) });
  fc.assert(fc.property(fc.boolean(), fc.array(row, { maxLength: 20 }), fc.array(fc.nat(500), { minLength: 4, maxLength: 4 }), (vpnCol, rs, counts) => {
    const [pu, pd, qu, qd] = counts as [number, number, number, number];
    const head = '*down: administratively down\n^down: standby\n(l): loopback\n(s): spoofing\n' +
      `The number of interface that is UP in Physical is ${pu}\nThe number of interface that is DOWN in Physical is ${pd}\n` +
      `The number of interface that is UP in Protocol is ${qu}\nThe number of interface that is DOWN in Protocol is ${qd}\n\n` +
      `Interface                         IP Address/Mask      Physical   Protocol  ${vpnCol ? 'VPN' : ''}\n`;
    const body = rs.map((r) => `${pad(r.iface + r.bw, 33)}${pad(r.address ?? 'unassigned', 20)}${pad(r.phy[0] as string, 10)}${pad(r.pro[0] as string, 9)}` +
      (vpnCol ? (r.vrf ?? '--') : ''));
    const want = rs.map((r) => ({
      iface: r.iface, ...(r.address !== undefined ? { address: r.address } : {}), physical: r.phy[1], protocol: r.pro[1],
      ...(vpnCol && r.vrf !== undefined ? { vrf: r.vrf } : {}), physicalRaw: r.phy[0], protocolRaw: r.pro[0],
    }));
    assert.deepEqual(parseIpInterfaceBrief(head + body.join('\n') + '\n'), { rows: want, physicalUp: pu, physicalDown: pd, protocolUp: qu, protocolDown: qd });
  }), { numRuns: 300, seed: 12 });
});

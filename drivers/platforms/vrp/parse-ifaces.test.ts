// `display ip interface brief` parser and getInterfaces. Fixtures (testdata/):
// - ne8000-ip-interface-brief.txt: an NE8000 (VRP V8) capture published, sanitized, in a public
//   automation project's parser fixtures (bandwidth suffixes, *down, a vpn-instance, one
//   misaligned row);
// - ce-ip-interface-brief.txt: the example of Huawei's CloudEngine V300R023C00 command reference
//   for `display ip interface brief` (narrower columns, NULL0);
// - ar-ip-interface-brief.txt: an AR router capture (older VRP: no VPN column, a blank line before
//   the header, trailing spaces), from a public tutorial;
// - reference-ip-interface-brief.txt: the reference router's own output (reference-impl
//   cli/vrp/show-ifaces.ts, the scenario of show-ifaces.test.ts: GE0/2/0 shut down, GE0/3/0's
//   link cut, GE0/3/0 and LoopBack9 in vpn-instance CUST).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParseError } from '../../errors';
import { type CommandRunner, getInterfaces } from './getters';
import { parseIpInterfaceBrief } from './parsers';

const fx = (name: string): string => readFileSync(join(__dirname, 'testdata', name), 'utf8');
const ctx = { device: 'PE1', command: 'display ip interface brief' };

void describe('parseIpInterfaceBrief', () => {
  void it('reads an NE8000 V8 capture: counts, bandwidth suffixes, *down, VPN', () => {
    const t = parseIpInterfaceBrief(fx('ne8000-ip-interface-brief.txt'), ctx);
    assert.deepEqual([t.physicalUp, t.physicalDown, t.protocolUp, t.protocolDown, t.rows.length], [14, 5, 11, 8, 19]);
    // The counts agree with the rows of this (unfiltered) capture.
    assert.equal(t.rows.filter((r) => r.physical === 'up').length, 14);
    assert.equal(t.rows.filter((r) => r.protocol === 'up').length, 11);
    assert.deepEqual(t.rows[0], { iface: '100GE0/1/53', physical: 'up', protocol: 'down', physicalRaw: 'up', protocolRaw: 'down' });
    const by = new Map(t.rows.map((r) => [r.iface, r]));
    assert.deepEqual(by.get('Eth-Trunk127.582'), {
      iface: 'Eth-Trunk127.582', address: '172.25.2.69/31', physical: 'admin-down', protocol: 'down', physicalRaw: '*down', protocolRaw: 'down',
    });
    assert.equal(by.get('GigabitEthernet0/0/0')?.vrf, 'l3vpn');
    assert.equal(by.get('GigabitEthernet0/0/0')?.physical, 'down');
    assert.equal(by.get('GigabitEthernet0/1/0.1003')?.address, '10.254.101.29/30');
    assert.equal(by.get('Eth-Trunk127.1500')?.address, '198.51.100.17/31'); // misaligned row
    assert.deepEqual([by.get('LoopBack1')?.protocol, by.get('LoopBack1')?.protocolRaw, by.get('LoopBack1')?.address], ['up', 'up(s)', undefined]);
    assert.ok(t.rows.filter((r) => r.iface !== 'GigabitEthernet0/0/0').every((r) => r.vrf === undefined));
  });

  void it('reads the command reference example and an older VRP layout without a VPN column', () => {
    const ce = parseIpInterfaceBrief(fx('ce-ip-interface-brief.txt'), ctx);
    assert.deepEqual(ce.rows.map((r) => [r.iface, r.address, r.physical, r.protocol]), [
      ['100GE1/0/1', '10.2.1.1/16', 'up', 'up'], ['MEth0/0/0', '192.168.190.129/16', 'up', 'up'], ['NULL0', undefined, 'up', 'up'],
    ]);
    const ar = parseIpInterfaceBrief(fx('ar-ip-interface-brief.txt'), ctx);
    assert.deepEqual([ar.physicalUp, ar.physicalDown, ar.protocolUp, ar.protocolDown], [3, 1, 3, 1]);
    assert.deepEqual(ar.rows.map((r) => [r.iface, r.address ?? '-', r.physical, r.protocol, r.vrf ?? '-']), [
      ['GigabitEthernet0/0/0', '10.0.0.254/24', 'up', 'up', '-'],
      ['GigabitEthernet0/0/1', '202.0.0.1/24', 'up', 'up', '-'],
      ['GigabitEthernet0/0/2', '-', 'down', 'down', '-'],
      ['NULL0', '-', 'up', 'up', '-'],
    ]);
  });

  void it("reads the reference router's output", () => {
    const t = parseIpInterfaceBrief(fx('reference-ip-interface-brief.txt'), ctx);
    assert.deepEqual([t.physicalUp, t.physicalDown, t.protocolUp, t.protocolDown], [4, 2, 4, 2]);
    assert.deepEqual(t.rows.map((r) => [r.iface, r.address ?? '-', r.physical, r.protocol, r.vrf ?? '-']), [
      ['GigabitEthernet0/1/0', '198.51.100.1/30', 'up', 'up', '-'],
      ['GigabitEthernet0/2/0', '203.0.113.1/24', 'admin-down', 'down', '-'],
      ['GigabitEthernet0/3/0', '192.0.2.1/25', 'down', 'down', 'CUST'],
      ['LoopBack0', '10.255.0.1/32', 'up', 'up', '-'],
      ['LoopBack9', '-', 'up', 'up', 'CUST'],
      ['NULL0', '-', 'up', 'up', '-'],
    ]);
  });

  void it('raises ParseError on unknown lines, bad states and bad addresses', () => {
    const head = 'Interface                         IP Address/Mask      Physical   Protocol VPN\n';
    const bad = [
      'Info: something unexpected\n' + head,
      head + 'GigabitEthernet0/1/0  10.0.0.1/24  sideways  up  --\n',
      head + 'GigabitEthernet0/1/0  10.0.0.1/24  up  up  --  extra\n',
      head + 'GigabitEthernet0/1/0  10.0.0.300/24  up  up  --\n',
      head + 'GigabitEthernet0/1/0  10.0.0.1/33  up  up  --\n',
      'The number of interface that is UP in Physical is 1\n', // no header
    ];
    for (const text of bad) {
      assert.throws(() => parseIpInterfaceBrief(text, ctx), (e: unknown) => e instanceof ParseError, text);
    }
    assert.deepEqual(parseIpInterfaceBrief('', ctx).rows, []);
    assert.deepEqual(parseIpInterfaceBrief(head, ctx).rows, []);
    // Standby and FIB-overload marks are down, not admin-down; markers after the state are kept raw.
    const t = parseIpInterfaceBrief(head + 'Eth-Trunk1  unassigned  ^down  down  --\nEth-Trunk2  unassigned  !down  down(d)  --\n', ctx);
    assert.deepEqual(t.rows.map((r) => [r.physical, r.protocol, r.protocolRaw]), [['down', 'down', 'down'], ['down', 'down', 'down(d)']]);
  });
});

void describe('getInterfaces', () => {
  void it('maps rows to the neutral Interface', async () => {
    const calls: string[] = [];
    const s: CommandRunner = {
      device: 'PE1',
      async send(command) {
        calls.push(command);
        return fx('reference-ip-interface-brief.txt');
      },
    };
    const ifs = await getInterfaces(s);
    assert.deepEqual(calls, ['display ip interface brief']);
    assert.deepEqual(ifs.slice(0, 3), [
      { name: 'GigabitEthernet0/1/0', state: 'up', protocol: 'up', address: '198.51.100.1/30' },
      { name: 'GigabitEthernet0/2/0', state: 'admin', protocol: 'down', address: '203.0.113.1/24' },
      { name: 'GigabitEthernet0/3/0', state: 'down', protocol: 'down', address: '192.0.2.1/25', vrf: 'CUST' },
    ]);
    assert.deepEqual(ifs[5], { name: 'NULL0', state: 'up', protocol: 'up' });
  });

  void it('names device and command in the ParseError', async () => {
    const s: CommandRunner = { device: 'R7', send: async () => 'Error: Unrecognized command found at \'^\' position.\n' };
    await assert.rejects(getInterfaces(s), (e: unknown) => e instanceof ParseError && e.device === 'R7' && e.command === 'display ip interface brief');
  });
});

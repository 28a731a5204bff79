// The SR Linux parsers on the evpn-mh document's outputs (testdata/doc-*.txt, cut verbatim from
// seeds/001_6bcc7703818999df.txt) and on public SR Linux captures (testdata/cap-*.txt, from
// srl-labs/learn-srlinux docs/tutorials/l2evpn/evpn.md: `show network-instance default protocols
// bgp neighbor`, `... bridge-table mac-table all`, `... bgp routes evpn route-type 2|3 summary`).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ParseError } from '../../errors';
import { parseBgpNeighbors, parseEthernetSegments, parseEvpnRoutes, parseLacpState, parseMacDestination, parseMacTable, parseShowInterface, parseSrlUptime } from './parsers';
import { joinFragments, parseBoxedTables } from './table';

/** A testdata file without its first line when that is the prompt and command. */
const fx = (f: string): string => fs.readFileSync(path.join(__dirname, 'testdata', f), 'utf8').replace(/^A:\S+# .*\n/, '');
const ctx = { device: 'leaf1', command: 'show' };
const ESI = '01:11:11:11:11:11:11:00:00:01';

void describe('SR Linux boxed tables', () => {
  void it('joins wrapped cells: inside a word when the fragment fills its column, after "-", else with a space', () => {
    assert.equal(joinFragments([{ text: '00:C1:AB:00:00:', width: 17 }, { text: '11', width: 17 }]), '00:C1:AB:00:00:11');
    assert.equal(joinFragments([{ text: 'iBGP-', width: 11 }, { text: 'overlay', width: 11 }]), 'iBGP-overlay');
    assert.equal(joinFragments([{ text: 'Oper', width: 11 }, { text: 'state', width: 11 }]), 'Oper state');
    const [t] = parseBoxedTables(fx('doc-show-lag-lacp-state.txt'));
    assert.deepEqual(t.headers, ['Members', 'Oper state', 'Activity', 'Timeout', 'State', 'System Id', 'Oper key', 'Partner Id', 'Partner Key', 'Port No', 'Partner Port No']);
    assert.equal(t.rows.length, 1);
    assert.equal(t.rows[0].length, 3, 'one logical row of three physical rows');
  });

  void it('keeps each table\'s title and reads tables whose rulers do not line up with the rows', () => {
    const ts = parseBoxedTables(fx('doc-leaf1-advertised-evpn.txt'));
    assert.deepEqual(ts.map((t) => t.title), ['Type 1 Ethernet Auto-Discovery Routes', 'Type 2 MAC-IP Advertisement Routes', 'Type 3 Inclusive Multicast Ethernet Tag Routes', 'Type 4 Ethernet Segment Routes']);
    assert.deepEqual(ts.map((t) => t.rows.length), [2, 1, 1, 1]);
  });
});

void describe('SR Linux parsers on the evpn-mh document', () => {
  void it('show interface lag1', () => {
    assert.deepEqual(parseShowInterface(fx('doc-show-interface-lag1.txt'), ctx), [
      { name: 'lag1', state: 'up' },
      { name: 'lag1.0', state: 'up', vrf: 'mac-vrf-1' },
    ]);
    assert.deepEqual(parseShowInterface('ethernet-1/2 is down, reason port-admin-disabled\nethernet-1/3 is down, reason port-down\n', ctx).map((i) => i.state), ['admin', 'down']);
  });

  void it('show lag lag1 lacp-state', () => {
    assert.deepEqual(parseLacpState(fx('doc-show-lag-lacp-state.txt'), ctx), [{
      lag: 'lag1', member: 'ethernet-1/1', operUp: true, activity: 'active', timeout: 'long', inSync: true, collecting: true, distributing: true,
      systemId: '00:00:00:00:00:11', key: 11, partnerId: '00:c1:ab:00:00:11', partnerKey: 15, portNo: 1, partnerPortNo: 1,
    }]);
  });

  void it('show system network-instance ethernet-segments ES-1 detail: the DF from the (DF) mark; local only with the PE\'s address', () => {
    const seg = (localDf?: boolean) => [{
      name: 'ES-1', esi: ESI, adminUp: true, operUp: true, mode: 'all-active', iface: 'lag1', dfAlgorithm: 'default',
      dfs: [{ networkInstance: 'mac-vrf-1', candidates: ['10.0.0.1', '10.0.0.2'], df: '10.0.0.2', ...(localDf === undefined ? {} : { localDf }), activationRemainingSec: 0 }],
    }];
    // The row's `DF Yes` is printed on every ES peer (learn-srlinux's evpn-mh captures of leaf1 and leaf2 both show it).
    assert.deepEqual(parseEthernetSegments(fx('doc-show-es-detail.txt'), ctx), seg());
    assert.deepEqual(parseEthernetSegments(fx('doc-show-es-detail.txt'), ctx, '10.0.0.1'), seg(false));
    assert.deepEqual(parseEthernetSegments(fx('doc-show-es-detail.txt'), ctx, '10.0.0.2'), seg(true));
  });

  void it('advertised-routes evpn on leaf1 and leaf2: types 1 (per EVI and per ES), 2, 3, 4 to the peer', () => {
    for (const [f, self, peer] of [['doc-leaf1-advertised-evpn.txt', '10.0.0.1', '10.0.0.2'], ['doc-leaf2-advertised-evpn.txt', '10.0.0.2', '10.0.0.1']] as const) {
      const rs = parseEvpnRoutes(fx(f), ctx, 'advertised');
      assert.deepEqual(rs.map((r) => [r.type, r.rd, r.tag ?? null]), [[1, `${self}:111`, 0], [1, `${self}:111`, 4294967295], [2, `${self}:111`, 0], [3, `${self}:111`, 0], [4, `${self}:0`, null]]);
      assert.ok(rs.every((r) => r.peer === peer && r.nextHop === self && r.localPref === 100 && r.direction === 'advertised'));
      assert.equal(rs[2].mac, '00:c1:ab:00:00:11');
      assert.equal(rs[3].originator, self);
      assert.deepEqual([rs[0].esi, rs[4].esi, rs[4].originator], [ESI, ESI, self]);
    }
  });

  void it('route-type summary on leaf2 (ES peer: types 1 and 4 from leaf1) and leaf3 (remote: type 1 from both, no type 4)', () => {
    const l2 = parseEvpnRoutes(fx('doc-leaf2-evpn-summary.txt'), ctx, 'received');
    assert.deepEqual(l2.map((r) => r.type), [1, 1, 2, 2, 2, 3, 3, 4]);
    assert.ok(l2.every((r) => r.used && r.valid && r.best && !r.stale));
    assert.deepEqual(l2.filter((r) => r.type === 1).map((r) => [r.peer, r.tag, r.vni ?? null]), [['10.0.0.1', 0, 1], ['10.0.0.1', 4294967295, null]]);
    assert.deepEqual(l2.filter((r) => r.type === 2).map((r) => [r.mac, r.esi]), [['00:c1:ab:00:00:11', ESI], ['00:c1:ab:00:00:21', '00:00:00:00:00:00:00:00:00:00'], ['00:c1:ab:00:00:23', '00:00:00:00:00:00:00:00:00:00']]);
    const l3 = parseEvpnRoutes(fx('doc-leaf3-evpn-summary.txt'), ctx, 'received');
    assert.deepEqual(l3.filter((r) => r.type === 1).map((r) => r.peer), ['10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2']);
    assert.equal(l3.filter((r) => r.type === 4).length, 0);
  });

  void it('mac-table all on leaf3: ce1\'s MAC points at the ESI', () => {
    const ms = parseMacTable(fx('doc-leaf3-mac-table.txt'), ctx);
    assert.deepEqual(ms[0], { networkInstance: 'mac-vrf-1', mac: '00:c1:ab:00:00:11', type: 'evpn', destination: { kind: 'esi', esi: ESI }, active: true, agingSec: null });
    assert.deepEqual(ms.slice(1).map((m) => [m.mac, m.type, m.destination, m.agingSec]), [
      ['00:c1:ab:00:00:21', 'learnt', { kind: 'interface', name: 'ethernet-1/1.0' }, 300],
      ['00:c1:ab:00:00:22', 'learnt', { kind: 'interface', name: 'ethernet-1/2.0' }, 300],
      ['00:c1:ab:00:00:23', 'learnt', { kind: 'interface', name: 'ethernet-1/3.0' }, 300],
    ]);
  });
});

void describe('SR Linux parsers on public captures (learn-srlinux l2evpn tutorial)', () => {
  void it('bgp neighbor: wrapped group, state and uptime', () => {
    assert.deepEqual(parseBgpNeighbors(fx('cap-l2evpn-bgp-neighbor.txt'), ctx), [{ family: 'evpn', peer: '10.0.0.2', remoteAs: 100, state: 'established', uptimeSec: 129, prefixesReceived: 1 }]);
    assert.equal(parseSrlUptime('1d:2h:3m:4s'), 93784);
  });

  void it('bgp neighbor with two families per peer (continuation rows)', () => {
    const text = [
      '+----------+-------------+---------+-------+---------+-------------+-------------+--------------+---------------+',
      '| Net-Inst |    Peer     |  Group  | Flags | Peer-AS |    State    |   Uptime    |   AFI/SAFI   | [Rx/Active/Tx]|',
      '+==========+=============+=========+=======+=========+=============+=============+==============+===============+',
      '| default  | 192.0.2.9   | under   | S     | 65009   | established | 0d:1h:0m:0s | ipv4-unicast | [4/3/2]       |',
      '|          |             |         |       |         |             |             | evpn         | [7/7/1]       |',
      '| default  | 192.0.2.13  | under   | S     | 65013   | active      | -           | ipv4-unicast | [0/0/0]       |',
      '+----------+-------------+---------+-------+---------+-------------+-------------+--------------+---------------+',
    ].join('\n');
    assert.deepEqual(parseBgpNeighbors(text, ctx).map((p) => [p.peer, p.family, p.state, p.prefixesReceived, p.uptimeSec ?? null]), [
      ['192.0.2.9', 'ipv4-unicast', 'established', 4, 3600], ['192.0.2.9', 'evpn', 'established', 7, 3600], ['192.0.2.13', 'ipv4-unicast', 'active', 0, null],
    ]);
  });

  void it('mac-table: a learnt MAC and an EVPN MAC behind a VTEP; an empty table', () => {
    assert.deepEqual(parseMacTable(fx('cap-l2evpn-mac-table.txt'), ctx).map((m) => [m.networkInstance, m.mac, m.type, m.destination, m.agingSec]), [
      ['vrf-1', '00:c1:ab:00:00:01', 'learnt', { kind: 'interface', name: 'ethernet-1/1.0' }, 240],
      ['vrf-1', '00:c1:ab:00:00:02', 'evpn', { kind: 'vtep', address: '10.0.0.2', vni: 1 }, null],
    ]);
    assert.deepEqual(parseMacTable(fx('cap-l2evpn-mac-table-empty.txt'), ctx), []);
    assert.deepEqual(parseMacDestination('irb-interface'), { kind: 'interface', name: 'irb-interface' });
    assert.deepEqual(parseMacDestination('reserved:x y'), { kind: 'other', text: 'reserved:x y' });
  });

  void it('route-type 2 and 3 summaries', () => {
    const [rt2] = parseEvpnRoutes(fx('cap-l2evpn-rt2-summary.txt'), ctx, 'received');
    assert.deepEqual([rt2.type, rt2.rd, rt2.mac, rt2.peer, rt2.vni, rt2.esi], [2, '10.0.0.2:111', '00:c1:ab:00:00:02', '10.0.0.2', 1, '00:00:00:00:00:00:00:00:00:00']);
    const [rt3] = parseEvpnRoutes(fx('cap-l2evpn-rt3-summary.txt'), ctx, 'received');
    assert.deepEqual([rt3.type, rt3.originator, rt3.tag], [3, '10.0.0.2', 0]);
  });

  void it('an error answer or a foreign format is a ParseError naming the device', () => {
    assert.throws(() => parseMacTable("Parsing error: Unknown token 'mac-vrf-9'", ctx), (e: unknown) => e instanceof ParseError && /leaf1/.test(e.message));
    assert.throws(() => parseLacpState('something else entirely', ctx), ParseError);
    assert.throws(() => parseEthernetSegments('Name : ES-9\nESI : nope\n', ctx), ParseError);
  });
});

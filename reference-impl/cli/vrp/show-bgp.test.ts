/** VRP BGP peer displays over the BGP test triangle (protocols/bgp/testlab.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import { buildLab } from '../../protocols/bgp/testlab';
import { BGP_PEER_COLUMNS, bgpPeerRow, displayBgpPeer, displayBgpVpnv4AllPeer, fmtUpDown } from './show-bgp';
import { renderFixedLines } from '../../show/fixed';

void test('display bgp vpnv4 all peer in the document layout, VPN-instance peers in their own section', () => {
  const lab = buildLab(2);
  lab.sched.runFor(10 * SEC);
  // The display lists both peers in the document's columns.
  const out = displayBgpVpnv4AllPeer(lab.bgp.PE1, lab.sched.now);
  const lines = out.split('\n');
  assert.equal(lines[1], ' BGP local router ID : 2.2.2.2');
  assert.equal(lines[2], ' Local AS number : 100');
  assert.equal(lines[3], ' Total number of peers : 2                 Peers in established state : 2');
  assert.equal(lines[5], 'Peer            V    AS  MsgRcvd  MsgSent    OutQ  Up/Down  State PrefRcv');
  assert.match(lines[7], /^3\.3\.3\.3 {9}4 {3}100 +\d+ +\d+ +0 00:00:\d\d Established +\d+$/);
  assert.equal(lines[7].length, '4.4.4.4         4   100      205      202       0 03:05:25 Established       0'.length);
  assert.match(lines[8], /^4\.4\.4\.4 /);
  const d = displayBgpVpnv4AllPeer(lab.bgp.PE3, lab.sched.now);
  assert.match(d, /VPN-Instance VPNA, Router ID 4\.4\.4\.4:\n10\.3\.1\.2 {8}4 65410 /);
  assert.match(displayBgpPeer(lab.bgp.CE2, lab.sched.now), /\n10\.3\.1\.1 {8}4 {3}100 .* Established +\d+\n/);
});

void test('Up/Down switches from HH:MM:SS to hours and minutes after a day', () => {
  assert.equal(fmtUpDown((3 * 3600 + 5 * 60 + 25) * SEC), '03:05:25');
  assert.equal(fmtUpDown((26 * 3600 + 3 * 60 + 59) * SEC), '0026h03m');
});

void test('peer rows are typed; a state shorter than Established stands under the State header', () => {
  const lab = buildLab(2);
  lab.sched.runFor(10 * SEC);
  const info = lab.bgp.PE1.peers().find((x) => x.addr === '3.3.3.3')!;
  const row = bgpPeerRow(info, lab.sched.now, 7);
  assert.equal(row.peer, '3.3.3.3');
  assert.equal(row.as, 100);
  assert.equal(row.state, 'Established');
  assert.equal(row.prefRcv, 7);
  assert.equal(typeof row.msgRcvd, 'number');
  const [header, idle] = renderFixedLines({ columns: BGP_PEER_COLUMNS, rows: [{ ...row, state: 'Idle', upDown: '00:00:10' }] });
  assert.equal(idle.indexOf('Idle') + 'Idle'.length, header.indexOf('State') + 'State'.length);
  assert.equal(idle.length, header.length);
});

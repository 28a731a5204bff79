import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParseError } from '../../errors';
import {
  parseBfdSessionsVerbose, parseBgpPeers, parseLdpSessions, parseOspfPeerBrief, parsePing, parseRoutingTable, parseTracert,
  parseVpnInstanceVerbose,
} from './parsers';

const fx = (name: string): string => readFileSync(join(__dirname, 'testdata', name), 'utf8');
const ctx = { device: 'PE1', command: 'display test' };
const HEAD = 'Route Flags: R - relay, D - download to fib, T - to vpn-instance, B - black hole route\n' +
  '------------------------------------------------------------------------------\n';

void describe('parseRoutingTable', () => {
  void it('reads the public table with an ECMP continuation row', () => {
    const t = parseRoutingTable(fx('pe1-routing-table.txt'), ctx);
    assert.deepEqual([t.table, t.destinations, t.routes, t.rows.length], ['_public_', 14, 15, 15]);
    assert.deepEqual(t.rows.filter((r) => r.prefix === '22.22.22.0/24').map((r) => [r.proto, r.nextHop, r.iface]), [
      ['OSPF', '11.11.11.2', 'GigabitEthernet0/1/0'], ['OSPF', '33.33.33.2', 'GigabitEthernet0/2/0'],
    ]);
    assert.deepEqual(t.rows[1], { prefix: '3.3.3.3/32', proto: 'OSPF', preference: 10, cost: 2, flags: 'D', nextHop: '33.33.33.2', iface: 'GigabitEthernet0/2/0' });
  });

  void it('reads misaligned rows by fields (the document\'s Static and EBGP rows)', () => {
    const t = parseRoutingTable(fx('pe1-vpna-routes.txt'), ctx);
    assert.equal(t.table, 'VPNA');
    assert.deepEqual(t.rows[0], { prefix: '1.1.1.1/32', proto: 'Static', preference: 60, cost: 0, flags: 'RD', nextHop: '10.1.1.1', iface: 'GigabitEthernet0/3/0' });
    const after = parseRoutingTable(fx('pe1-vpna-routes-after-shutdown.txt'), ctx);
    assert.deepEqual([after.rows[0]?.prefix, after.rows[0]?.proto, after.rows[0]?.nextHop], ['1.1.1.1/32', 'EBGP', '3.3.3.3']);
  });

  void it('PE3 has two IBGP paths to 1.1.1.1 before the failure and one after', () => {
    const before = parseRoutingTable(fx('pe3-vpna-routes.txt'), ctx).rows.filter((r) => r.prefix === '1.1.1.1/32');
    assert.deepEqual(before.map((r) => r.nextHop), ['3.3.3.3', '2.2.2.2']);
    const after = parseRoutingTable(fx('pe3-vpna-routes-after-shutdown.txt'), ctx).rows.filter((r) => r.prefix === '1.1.1.1/32');
    assert.deepEqual(after.map((r) => r.nextHop), ['3.3.3.3']);
  });

  void it('zero rows, a row without flags, many ECMP rows', () => {
    const empty = parseRoutingTable(`${HEAD}Routing Table: X\n         Destinations : 0        Routes : 0\n\nDestination/Mask    Proto  Pre  Cost     Flags NextHop         Interface\n\n`, ctx);
    assert.deepEqual([empty.table, empty.rows], ['X', []]);
    const rows = ['       9.9.9.0/24  OSPF   10   3           D  10.0.0.1        GigabitEthernet0/1/0'];
    for (let i = 2; i <= 8; i++) rows.push(`                   OSPF   10   3           D  10.0.0.${i}        GigabitEthernet0/${i}/0`);
    rows.push('       8.8.8.0/24  Static 60   0              10.0.0.9        GigabitEthernet0/9/0');
    const many = parseRoutingTable(`${HEAD}Routing Table: _public_\n Destinations : 2 Routes : 9\n\nDestination/Mask    Proto  Pre  Cost     Flags NextHop         Interface\n\n${rows.join('\n')}\n`, ctx);
    assert.equal(many.rows.filter((r) => r.prefix === '9.9.9.0/24').length, 8);
    assert.deepEqual([many.rows[8]?.prefix, many.rows[8]?.flags], ['8.8.8.0/24', '']);
  });

  void it('a bad row or a wrong count is a ParseError naming device and line', () => {
    const bad = `${HEAD}Routing Table: X\n Destinations : 1 Routes : 1\n\nDestination/Mask    Proto  Pre  Cost     Flags NextHop         Interface\n   1.1.1.1/32 Static 60 0 RD nothex GE0/1/0\n`;
    assert.throws(() => parseRoutingTable(bad, ctx), (e: unknown) => e instanceof ParseError && e.device === 'PE1' && e.line.includes('nothex'));
    assert.throws(() => parseRoutingTable(fx('pe1-vpna-routes.txt').replace('Routes : 8', 'Routes : 9'), ctx), /says 9 routes and lists 8/);
  });
});

void describe('parseLdpSessions', () => {
  void it('reads the document output', () => {
    const s = parseLdpSessions(fx('pe1-ldp-session.txt'), ctx);
    assert.equal(s.total, 2);
    assert.deepEqual(s.sessions[0], { peerId: '3.3.3.3:0', status: 'Operational', lam: 'DU', role: 'Passive', ageMinutes: 142, kaSent: 572, kaRcvd: 572, deleting: false });
  });
  void it('zero sessions and a non-operational session being deleted', () => {
    const head = ' ------------------------------------------------------------------------------\n Peer-ID            Status      LAM  SsnRole  SsnAge      KA-Sent/Rcv\n ------------------------------------------------------------------------------\n';
    assert.deepEqual(parseLdpSessions(`${head} ------------------------------------------------------------------------------\n TOTAL: 0 session(s) Found.\n`, ctx).sessions, []);
    const s = parseLdpSessions(`${head}*5.5.5.5:0          Initialized DU   Active   0001:00:05   1/0\n TOTAL: 1 session(s) Found.\n`, ctx);
    assert.deepEqual([s.sessions[0]?.status, s.sessions[0]?.deleting, s.sessions[0]?.ageMinutes], ['Initialized', true, 1445]);
  });
});

void describe('parseVpnInstanceVerbose', () => {
  void it('reads the document output', () => {
    const v = parseVpnInstanceVerbose(fx('pe1-vpn-instance-verbose.txt'), ctx);
    const i = v.instances[0];
    assert.deepEqual([v.total, i?.name, i?.id, i?.interfaces, i?.rd, i?.exportRts, i?.importRts, i?.status, i?.labelPolicy, i?.upTimeSeconds],
      [1, 'VPNA', 1, ['GigabitEthernet0/3/0'], '100:1', ['111:1'], ['111:1'], 'UP', 'label per instance', 2 * 3600 + 35 * 60 + 58]);
  });
  void it('two instances, wrapped interface lists, several targets', () => {
    const text = ' Total VPN-Instances configured : 2\n VPN-Instance Name and ID : A, 1\n  Interfaces : GigabitEthernet0/3/0, GigabitEthernet0/4/0,\n   GigabitEthernet0/5/0\n Address family ipv4\n  Up time : 1 days, 00 hours, 00 minutes and 01 seconds\n  Vrf Status : DOWN\n  Route Distinguisher : 1:1\n  Export VPN Targets :  1:1 2:2\n  Import VPN Targets :  1:1\n VPN-Instance Name and ID : B, 2\n Address family ipv4\n  Vrf Status : UP\n  Export VPN Targets :  \n  Import VPN Targets :  3:3\n';
    const v = parseVpnInstanceVerbose(text, ctx);
    assert.deepEqual(v.instances.map((i) => [i.name, i.interfaces.length, i.rd, i.exportRts, i.importRts, i.status, i.upTimeSeconds]), [
      ['A', 3, '1:1', ['1:1', '2:2'], ['1:1'], 'DOWN', 86401], ['B', 0, undefined, [], ['3:3'], 'UP', undefined],
    ]);
  });
});

void describe('parseBgpPeers', () => {
  void it('reads the document output', () => {
    const b = parseBgpPeers(fx('pe1-bgp-vpnv4-all-peer.txt'), ctx);
    assert.deepEqual([b.routerId, b.localAs, b.totalPeers, b.establishedPeers], ['2.2.2.2', 100, 2, 2]);
    assert.deepEqual(b.peers[1], { addr: '3.3.3.3', version: 4, as: 100, msgRcvd: 197, msgSent: 254, outQ: 0, upDown: '03:06:54', upDownSeconds: 11214, state: 'Established', prefRcv: 0 });
  });
  void it('VPN-instance sections and a peer that is not established', () => {
    const text = ' BGP local router ID : 4.4.4.4\n Local AS number : 100\n Total number of peers : 2                 Peers in established state : 1\n\n  Peer            V          AS  MsgRcvd  MsgSent  OutQ  Up/Down       State  PrefRcv\n  2.2.2.2         4         100       12       18     0 00:09:38 Established        2\n\n  Peer of IPv4-family for vpn instance :\n\n VPN-Instance VPNA, Router ID 4.4.4.4:\n  10.3.1.2        4       65410        0        1     0 00:00:07      Active        0\n';
    const b = parseBgpPeers(text, ctx);
    assert.deepEqual(b.peers.map((p) => [p.vrf, p.addr, p.as, p.state]), [[undefined, '2.2.2.2', 100, 'Established'], ['VPNA', '10.3.1.2', 65410, 'Active']]);
  });
});

void describe('parseOspfPeerBrief', () => {
  void it('reads the VRP layout', () => {
    const o = parseOspfPeerBrief(fx('ospf-peer-brief.txt'), ctx);
    assert.equal(o.total, 2);
    assert.deepEqual(o.rows[0], { process: 1, routerId: '2.2.2.2', area: '0.0.0.0', iface: 'GigabitEthernet0/1/0', neighborId: '4.4.4.4', state: 'Full' });
  });
  void it('zero peers; a count that does not match is a ParseError', () => {
    const none = fx('ospf-peer-brief.txt').split('\n').filter((l) => !l.includes('Full')).join('\n').replace('Total Peer(s):     2', 'Total Peer(s):     0');
    assert.deepEqual(parseOspfPeerBrief(none, ctx).rows, []);
    assert.throws(() => parseOspfPeerBrief(fx('ospf-peer-brief.txt').replace('Total Peer(s):     2', 'Total Peer(s):     3'), ctx), ParseError);
  });
});

void describe('parseBfdSessionsVerbose', () => {
  void it('PE1 Up: the remote discriminator printed as a name stays text', () => {
    const b = parseBfdSessionsVerbose(fx('pe1-bfd-verbose-up.txt'), ctx);
    const s = b.sessions[0];
    assert.deepEqual([b.totalUp, b.totalDown, b.sessions.length], [1, 0, 1]);
    assert.deepEqual([s?.name, s?.state, s?.localDisc, s?.remoteDisc, s?.sessionType, s?.peer, s?.iface, s?.vrf, s?.source], [
      'pe1_to_ce1', 'Up', 8192, 'ce1_to_pe1', 'Static_Auto', '10.1.1.1', 'GigabitEthernet0/3/0', 'vpna', '10.1.1.2',
    ]);
    assert.deepEqual([s?.minTxMs, s?.minRxMs, s?.actualTxMs, s?.actualRxMs, s?.detectMult, s?.detectIntervalMs, s?.lastDiag, s?.notUpReason], [
      10, 10, undefined, undefined, 3, undefined, 'No Diagnostic', 'In negotiation',
    ]);
    assert.equal(s?.detectMode, 'Asynchronous Mode Without Echo Function');
    assert.equal(s?.fields['PDT Index'], undefined);
  });
  void it('CE1: two sessions, numeric discriminators, the PDT Index with spaces', () => {
    const b = parseBfdSessionsVerbose(fx('ce1-bfd-verbose.txt'), ctx);
    assert.deepEqual(b.sessions.map((s) => [s.name, s.localDisc, s.remoteDisc, s.peer, s.vrf]), [
      ['ce1_to_pe1', 8192, 8192, '10.1.1.2', undefined], ['ce1_to_pe2', 8193, 8193, '10.2.1.2', undefined],
    ]);
    assert.equal(b.sessions[0]?.fields['PDT Index'], 'FSM-5020000 | RCV-0 | IF-5020000 | TOKEN-0');
  });
  void it('PE1 after the shutdown: Down', () => {
    const b = parseBfdSessionsVerbose(fx('pe1-bfd-verbose-down.txt'), ctx);
    assert.deepEqual([b.sessions[0]?.state, b.sessions[0]?.notUpReason], ['Down', 'In negotiation']);
  });
  void it('no sessions; actual intervals as numbers', () => {
    assert.deepEqual(parseBfdSessionsVerbose('(w): State in WTR\n(*): State is invalid\n\n     Total UP/DOWN Session Number : 0/0\n', ctx), { sessions: [], totalUp: 0, totalDown: 0 });
    const up = fx('ce1-bfd-verbose.txt').replace('Actual Tx Interval (ms): -                Actual Rx Interval (ms): -', 'Actual Tx Interval (ms): 10               Actual Rx Interval (ms): 20');
    assert.deepEqual([parseBfdSessionsVerbose(up, ctx).sessions[0]?.actualTxMs, parseBfdSessionsVerbose(up, ctx).sessions[0]?.actualRxMs], [10, 20]);
  });
});

void describe('parsePing and parseTracert', () => {
  void it('ping: the document output', () => {
    const p = parsePing(fx('pe1-ping-vpna-10.1.1.1.txt'), ctx);
    assert.deepEqual([p.target, p.sent, p.received, p.lossPct, p.minMs, p.avgMs, p.maxMs, p.replies.length], ['10.1.1.1', 5, 5, 0, 30, 58, 130, 5]);
    assert.deepEqual(p.replies[0], { from: '10.1.1.1', bytes: 56, sequence: 1, ttl: 255, timeMs: 130 });
  });
  void it('ping: timeouts and no round-trip line', () => {
    const text = 'PING 9.9.9.9: 56  data bytes, press CTRL_C to break\n    Request time out\n    Request time out\n\n  --- 9.9.9.9 ping statistics ---\n    2 packet(s) transmitted\n    0 packet(s) received\n    100.00% packet loss\n';
    const p = parsePing(text, ctx);
    assert.deepEqual([p.timeouts, p.received, p.lossPct, p.minMs], [2, 0, 100, undefined]);
  });
  void it('tracert: per-probe addresses (ECMP) and AS annotations', () => {
    const t = parseTracert(fx('ce1-tracert-10.3.1.2.txt'), ctx);
    assert.deepEqual(t.hops[0]?.probes, [{ address: '10.1.1.2', rttMs: 20 }, { address: '10.2.1.2', rttMs: 1 }, { address: '10.1.1.2', rttMs: 40 }]);
    const c = parseTracert(fx('ce2-tracert-1.1.1.1.txt'), ctx);
    assert.deepEqual(c.hops.map((h) => [h.ttl, h.address, h.probes?.[0]?.as]), [[1, '10.3.1.1', undefined], [2, '10.2.1.2', 100], [3, '10.2.1.1', 100]]);
    const after = parseTracert(fx('ce1-tracert-10.3.1.2-after-shutdown.txt'), ctx);
    assert.deepEqual(after.hops[0]?.probes?.map((p) => p.address), ['10.2.1.2', '10.2.1.2', '10.2.1.2']);
  });
  void it('tracert: hops that time out; junk is a ParseError', () => {
    const t = parseTracert(' traceroute to  9.9.9.9(9.9.9.9), max hops: 30 ,packet length: 40\n 1 10.0.0.1 1 ms * 2 ms\n 2 * * *\n', ctx);
    assert.deepEqual(t.hops.map((h) => [h.address, h.probes?.length]), [['10.0.0.1', 3], [null, 3]]);
    assert.throws(() => parseTracert(' traceroute to  9.9.9.9(9.9.9.9)\n 1 10.0.0.1 fast\n', ctx), ParseError);
  });
});

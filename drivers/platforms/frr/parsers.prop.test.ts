/**
 * Property tests of the FRR JSON parsers (fast-check): a model generated here is rendered as the
 * JSON FRR 8.4 prints (testdata/*.json is the shape reference) and must parse back to the model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBfdPeers, parseBgpSummary, parseOspfNeighbors } from './parsers';

const ctx = { device: 'r1', command: 'show' };
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
const ifname = fc.stringMatching(/^[a-z][a-z0-9.-]{0,12}$/);
const vrfName = fc.option(fc.stringMatching(/^[A-Za-z][\w-]{0,10}$/), { nil: undefined });

void test('ospf neighbor json: neighbours parse back to the model', () => {
  const states = { Full: 'up', '2-Way': 'up', Down: 'down', Deleted: 'down', Init: 'init', ExStart: 'init', Loading: 'init' } as const;
  const nbr = fc.record({ state: fc.constantFrom(...(Object.keys(states) as (keyof typeof states)[])), role: fc.constantFrom('DR', 'Backup', 'DROther', '-'),
    address: ipv4, iface: ifname, upMs: fc.option(fc.nat(1e9), { nil: undefined }) });
  fc.assert(fc.property(fc.dictionary(ipv4, fc.array(nbr, { minLength: 1, maxLength: 3 }), { maxKeys: 8 }), vrfName, (byId, vrf) => {
    const json = { neighbors: Object.fromEntries(Object.entries(byId).map(([id, ns]) => [id, ns.map((n) => ({
      priority: 1, state: `${n.state}/${n.role}`, nbrState: `${n.state}/${n.role}`, converged: n.state, role: n.role,
      ...(n.upMs !== undefined ? { upTimeInMsec: n.upMs } : {}), address: n.address, ifaceAddress: n.address, ifaceName: `${n.iface}:${n.address}`,
    }))])) };
    const want = Object.entries(byId).flatMap(([routerId, ns]) => ns.map((n) => ({
      protocol: 'ospf', afi: 'ipv4', iface: n.iface, routerId, state: states[n.state], vendorState: n.state.toLowerCase(), address: n.address,
      ...(n.upMs !== undefined ? { uptimeSec: Math.floor(n.upMs / 1000) } : {}), ...(vrf ? { vrf } : {}),
    })));
    assert.deepEqual(parseOspfNeighbors(`\n${JSON.stringify(json, null, 2)}\n`, ctx, vrf), want);
  }), { numRuns: 300, seed: 21 });
});

void test('bfd peers json: sessions parse back to the model', () => {
  const statuses = { up: 'up', down: 'down', init: 'init', shutdown: 'admin-down' } as const;
  const peer = fc.record({
    peer: ipv4, local: fc.option(ipv4, { nil: undefined }), iface: fc.option(ifname, { nil: undefined }), vrf: vrfName, multihop: fc.boolean(),
    id: fc.integer({ min: 1, max: 0xffffffff }), remote: fc.nat(0xffffffff), status: fc.constantFrom(...(Object.keys(statuses) as (keyof typeof statuses)[])),
    diag: fc.constantFrom('ok', 'control detection time expired', 'neighbor signaled session down'),
    tx: fc.integer({ min: 10, max: 60000 }), rx: fc.integer({ min: 10, max: 60000 }), mult: fc.integer({ min: 1, max: 255 }),
  });
  fc.assert(fc.property(fc.array(peer, { maxLength: 10 }), (ps) => {
    const json = ps.map((p) => ({
      multihop: p.multihop, peer: p.peer, ...(p.local ? { local: p.local } : {}), vrf: p.vrf ?? 'default', ...(p.iface ? { interface: p.iface } : {}),
      id: p.id, 'remote-id': p.remote, 'passive-mode': false, status: p.status, uptime: 10, diagnostic: p.diag, 'remote-diagnostic': 'ok',
      'receive-interval': p.rx, 'transmit-interval': p.tx, 'echo-receive-interval': 50, 'detect-multiplier': p.mult,
    }));
    const want = ps.map((p) => ({
      state: statuses[p.status], localDisc: p.id, remoteDisc: p.remote === 0 ? null : p.remote, peer: p.peer, ...(p.local ? { local: p.local } : {}),
      ...(p.iface ? { iface: p.iface } : {}), ...(p.vrf ? { vrf: p.vrf } : {}), multihop: p.multihop, minTxMs: p.tx, minRxMs: p.rx, detectMult: p.mult, lastDiag: p.diag,
    }));
    assert.deepEqual(parseBfdPeers(JSON.stringify(json), ctx), want);
  }), { numRuns: 300, seed: 22 });
});

void test('bgp summary json: peers of the asked family parse back to the model', () => {
  const families = { 'ipv4-unicast': 'ipv4Unicast', 'ipv6-unicast': 'ipv6Unicast', vpnv4: 'ipv4Vpn', vpnv6: 'ipv6Vpn', evpn: 'l2VpnEvpn' } as const;
  const state = fc.constantFrom('Idle', 'Idle (Admin)', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established');
  const peer = fc.record({ remoteAs: fc.integer({ min: 1, max: 0xffffffff }), localAs: fc.option(fc.integer({ min: 1, max: 0xffffffff }), { nil: undefined }),
    state, upMs: fc.nat(1e9), pfx: fc.nat(1e6), rcvd: fc.nat(1e6), sent: fc.nat(1e6) });
  const fam = fc.constantFrom(...(Object.keys(families) as (keyof typeof families)[]));
  fc.assert(fc.property(fam, fc.integer({ min: 1, max: 0xffffffff }), ipv4, fc.dictionary(ipv4, peer, { maxKeys: 8 }), vrfName, (family, as, routerId, peers, vrf) => {
    const json = { [families[family]]: { routerId, as, vrfId: 0, vrfName: vrf ?? 'default', peers: Object.fromEntries(Object.entries(peers).map(([a, p]) => [a, {
      remoteAs: p.remoteAs, ...(p.localAs !== undefined ? { localAs: p.localAs } : {}), version: 4, msgRcvd: p.rcvd, msgSent: p.sent,
      peerUptimeMsec: p.upMs, pfxRcd: p.pfx, state: p.state, connectionsEstablished: 1,
    }])) } };
    const want = Object.entries(peers).map(([addr, p]) => {
      const st = (p.state.split(' ')[0] as string).toLowerCase();
      return { family, peer: addr, remoteAs: p.remoteAs, state: st, localAs: p.localAs ?? as, routerId,
        ...(st === 'established' ? { uptimeSec: Math.floor(p.upMs / 1000) } : {}), prefixesReceived: p.pfx, messagesReceived: p.rcvd, messagesSent: p.sent,
        ...(vrf ? { vrf } : {}) };
    });
    assert.deepEqual(parseBgpSummary(JSON.stringify(json), family, ctx, vrf), want);
  }), { numRuns: 300, seed: 23 });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as P from '../../net/packet';
import { parseAddr } from '../../net/addr';
import { SEC } from '../../sim/scheduler';
import type { VxlanIfRow } from '../l2-rows';
import { decodeVxlan, encodeVxlan, flowHash, sourcePort, VXLAN_FLAG_I } from './engine';
import { fabric, hostOn, macVrf, newNet } from '../bridge/testnet';

void test('VXLAN header: flags 0x08, 24-bit VNI, reserved bytes zero; I flag clear or short is refused', () => {
  const inner = P.encodeEth({ dst: P.BROADCAST, src: Buffer.from('020000000001', 'hex'), type: 0x0806, payload: Buffer.alloc(28) });
  const b = encodeVxlan(0xabcdef, inner);
  assert.equal(b.length, 8 + inner.length);
  assert.deepEqual([...b.subarray(0, 8)], [0x08, 0, 0, 0, 0xab, 0xcd, 0xef, 0]);
  assert.deepEqual(decodeVxlan(b), { vni: 0xabcdef, inner });
  const noI = Buffer.from(b);
  noI[0] = 0;
  assert.equal(decodeVxlan(noI), undefined);
  assert.equal(decodeVxlan(b.subarray(0, 12)), undefined);
  // Reserved bits set by a sender are ignored on receipt (RFC 7348 section 5).
  const rsv = Buffer.from(b);
  rsv[0] = VXLAN_FLAG_I | 0x80;
  rsv[7] = 0x55;
  assert.equal(decodeVxlan(rsv)?.vni, 0xabcdef);
});

void test('source port: a hash of the inner frame in 49152..65535, the same for one flow, varied across flows', () => {
  const mk = (sport: number) => {
    const s = parseAddr('10.0.0.1')!;
    const d = parseAddr('10.0.0.2')!;
    const ip = P.encodeIp({ src: s, dst: d, proto: P.PROTO_UDP, ttl: 64, id: 1, payload: P.encodeUdp(s, d, { sport, dport: 53, data: Buffer.alloc(4) }) });
    return P.encodeEth({ dst: Buffer.from('02000000000a', 'hex'), src: Buffer.from('02000000000b', 'hex'), type: P.ETH_IPV4, payload: ip });
  };
  const ports = new Set<number>();
  for (let k = 0; k < 50; k++) {
    const p = sourcePort(mk(1000 + k));
    assert.ok(p >= 49152 && p <= 65535);
    assert.equal(p, sourcePort(mk(1000 + k)));
    ports.add(p);
  }
  assert.ok(ports.size > 40);
  assert.equal(flowHash(mk(7)), flowHash(mk(7)));
});

void test('vxlan module: configuration errors are single lines; unknown VNI and bad headers are dropped and counted', () => {
  const net = newNet(71);
  const { leaves } = fabric(net, ['v1', 'v2']);
  const [a, b] = leaves;
  hostOn(net, 'ha', '10.66.0.1/24', a.node, 'p');
  const hb = hostOn(net, 'hb', '10.66.0.2/24', b.node, 'p');
  a.apply({ macVrfs: [macVrf('bd', ['p.0'], { vxlanInterface: 'vx1.5' })] }, {
    sourceAddress: a.vtep,
    interfaces: [
      { name: 'vx1.5', vni: 5005, type: 'bridged' },
      { name: 'vx1.6', vni: 5005, type: 'bridged' },
      { name: 'vx1.7', vni: 0, type: 'bridged' },
    ],
  });
  assert.deepEqual(a.vxlan()!.errors, ['vxlan: vx1.6: vni 5005 is already used by vx1.5', 'vxlan: vx1.7: vni 0 is out of range 1..16777215']);
  assert.deepEqual(a.host.show<VxlanIfRow>('vxlan', 'interfaces').map((r) => r.name), ['vx1.5']);
  b.apply({ macVrfs: [macVrf('bd', ['p.0'], { vxlanInterface: 'vx1.9' })] }, { sourceAddress: 'ten.one', interfaces: [{ name: 'vx1.9', vni: 9009, type: 'bridged' }] });
  assert.deepEqual(b.vxlan()!.errors, ["vxlan: source address 'ten.one' is not an IPv4 address"]);
  b.apply({ macVrfs: [macVrf('bd', ['p.0'], { vxlanInterface: 'vx1.9' })] }, { sourceAddress: b.vtep, interfaces: [{ name: 'vx1.9', vni: 9009, type: 'bridged' }] });
  // b floods into VNI 9009, which a does not have: a drops it.
  b.bridge().setFloodList('bd', [a.vtep]);
  hb.iface.send(P.encodeEth({ dst: P.BROADCAST, src: hb.iface.mac, type: 0x88b5, payload: Buffer.alloc(46) }));
  net.sched.runFor(SEC);
  assert.equal(b.host.show<VxlanIfRow>('vxlan', 'interfaces')[0].txPackets, 1);
  assert.equal(a.vxlan()!.rxDrops, 1);
  assert.equal(a.host.show<VxlanIfRow>('vxlan', 'interfaces')[0].rxPackets, 0);
  // A datagram to 4789 with the I flag clear is dropped too.
  const s = parseAddr(b.vtep)!;
  const d = parseAddr(a.vtep)!;
  const bad = encodeVxlan(5005, P.encodeEth({ dst: P.BROADCAST, src: hb.iface.mac, type: 0x88b5, payload: Buffer.alloc(46) }));
  bad[0] = 0;
  b.node.ip.sendUdp(s, d, 50000, 4789, bad);
  net.sched.runFor(SEC);
  assert.equal(a.vxlan()!.rxDrops, 2);
  // The VXLAN section removed: the bridge keeps running, its VXLAN copies are dropped, not thrown.
  b.apply({ macVrfs: [macVrf('bd', ['p.0'], { vxlanInterface: 'vx1.9' })] });
  assert.equal(b.vxlan(), undefined);
  hb.iface.send(P.encodeEth({ dst: P.BROADCAST, src: hb.iface.mac, type: 0x88b5, payload: Buffer.alloc(46) }));
  net.sched.runFor(SEC);
  assert.equal(a.vxlan()!.rxDrops, 2);
  assert.equal(b.host.show('vxlan', 'interfaces').length, 0);
});

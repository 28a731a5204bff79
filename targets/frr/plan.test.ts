// Unit tests of the FRR target that need neither root nor FRR: topology planning, the daemons
// file, the per-node scripts, and BFD detection from a capture.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseTopology } from '../../topologies';
import { detectionFromPackets, parseBfdPcap, type BfdPacket } from './bfd-wire';
import { daemonOptions } from './lab';
import { isFrrTopology, parseDaemons, planLab } from './plan';
import { sshdConfig, startScript } from './scripts';

const ROOT = path.resolve(__dirname, '..', '..');

void describe('FRR lab plan', () => {
  void it('the two FRR scenarios are FRR topologies; the reference router\'s are not', async () => {
    const { loadTopology } = await import('../../topologies');
    for (const f of ['pvrp-ecmp-frr/pvrp-ecmp-frr.clab.yml', 'bfd-static-vpn-frr/bfd-static-vpn-frr.clab.yml']) {
      const t = await loadTopology(path.join(ROOT, 'topologies', f));
      assert.ok(isFrrTopology(t), f);
      const p = planLab(t);
      assert.ok(p.nodes.every((n) => n.frr && n.frrConf?.endsWith('frr.conf') && n.daemons[0] === 'zebra'));
    }
    assert.ok(!isFrrTopology(await loadTopology(path.join(ROOT, 'topologies/pvrp-ecmp/pvrp-ecmp.clab.yml'))));
    const tri = planLab(await loadTopology(path.join(ROOT, 'topologies/pvrp-ecmp-frr/pvrp-ecmp-frr.clab.yml')));
    assert.deepEqual(tri.nodes.find((n) => n.name === 'r2')?.ifaces, ['eth1', 'eth2', 'eth3', 'eth4']);
    assert.deepEqual(tri.nodes[0].daemons, ['zebra', 'staticd', 'ospfd', 'ospf6d', 'bfdd']);
  });
  void it('errors name the file and the node: a missing bind, a missing file, eth0 in a link', async () => {
    const file = path.join(ROOT, 'topologies/pvrp-ecmp-frr/x.clab.yml');
    const t1 = await parseTopology('name: x\ntopology:\n  nodes:\n    a:\n      kind: linux\n      image: quay.io/frrouting/frr:8.4.1\n', file);
    assert.throws(() => planLab(t1), /x\.clab\.yml:4: node a: no frr\.conf in binds/);
    const t2 = await parseTopology('name: x\ntopology:\n  nodes:\n    a:\n      kind: linux\n      binds: [nope/frr.conf:/etc/frr/frr.conf, r1/daemons:/etc/frr/daemons]\n', file);
    assert.throws(() => planLab(t2), /node a: frr\.conf .*nope\/frr\.conf \(from binds\) is not a file/);
    const t3 = await parseTopology('name: x\ntopology:\n  nodes:\n    a:\n      kind: linux\n      binds: [r1/frr.conf:/etc/frr/frr.conf, r1/daemons:/etc/frr/daemons]\n    h:\n      kind: linux\n  links:\n    - endpoints: ["a:eth0", "h:eth1"]\n', file);
    assert.throws(() => planLab(t3), /a:eth0 is the management interface/);
    const t4 = await parseTopology('name: x\ntopology:\n  nodes:\n    h:\n      kind: linux\n', file);
    assert.throws(() => planLab(t4), /no FRR node/);
  });
  void it('the daemons file: yes switches on; zebra and staticd always; options keep only -A, -s, -M', () => {
    assert.deepEqual(parseDaemons('bgpd=yes\nospfd=no\nbfdd="yes"  # fast\n#vrrpd=yes\n'), ['zebra', 'staticd', 'bgpd', 'bfdd']);
    const opts = daemonOptions(path.join(ROOT, 'topologies/pvrp-ecmp-frr/r1/daemons'));
    assert.deepEqual(opts.zebra, ['-A', '127.0.0.1', '-s', '90000000']);
  });
});

void describe('FRR node scripts', () => {
  void it('start script: host name, /run/frr and /etc/frr bound per node, per-instance paths, bfdd control socket, sshd', () => {
    const s = startScript({ node: 'r1', dir: '/run/netproof-frr/abc/r1', bin: '/usr/lib/frr', daemons: ['zebra', 'bfdd'], daemonOptions: {}, sshd: true });
    assert.match(s, /^hostname 'r1'$/m);
    assert.match(s, /^mount --bind '\/run\/netproof-frr\/abc\/r1\/run' \/run\/frr$/m);
    assert.match(s, /zebra' '-d' .*'--vty_socket' '\/run\/netproof-frr\/abc\/r1\/run' '-z' '\/run\/netproof-frr\/abc\/r1\/run\/zserv.api' '-i' '[^']*zebra.pid'/);
    assert.match(s, /bfdd' .*'--bfdctl' '\/run\/netproof-frr\/abc\/r1\/run\/bfdd.sock'/);
    assert.match(s, /^\/usr\/sbin\/sshd -f /m);
    const c = sshdConfig({ listen: '198.18.0.2', dir: '/x/ssh', vtySocketDir: '/x/run' });
    assert.match(c, /^ListenAddress 198\.18\.0\.2:22$/m);
    assert.match(c, /^PasswordAuthentication no$/m);
    assert.match(c, /^ForceCommand \/x\/ssh\/vtysh-session$/m);
  });
});

/** A pcap file (Ethernet) of the given frames. */
function pcap(frames: { t: number; frame: Buffer }[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(1, 20);
  const recs = frames.map(({ t, frame }) => {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(Math.floor(t / 1000), 0);
    h.writeUInt32LE(Math.round((t % 1000) * 1000), 4);
    h.writeUInt32LE(frame.length, 8);
    h.writeUInt32LE(frame.length, 12);
    return Buffer.concat([h, frame]);
  });
  return Buffer.concat([head, ...recs]);
}

function ipv4(src: string, dst: string, proto: number, l4: Buffer): Buffer {
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip[9] = proto;
  src.split('.').forEach((b, i) => (ip[12 + i] = Number(b)));
  dst.split('.').forEach((b, i) => (ip[16 + i] = Number(b)));
  return Buffer.concat([eth, ip, l4]);
}

function bfd(src: string, dst: string, state: number): Buffer {
  const udp = Buffer.alloc(8 + 24);
  udp.writeUInt16BE(49152, 0);
  udp.writeUInt16BE(3784, 2);
  udp[8] = 0x20;
  udp[9] = state << 6;
  return ipv4(src, dst, 17, udp);
}

function bgpNotification(src: string, dst: string): Buffer {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(179, 0);
  tcp[12] = 5 << 4;
  const msg = Buffer.alloc(21, 0xff);
  msg.writeUInt16BE(21, 16);
  msg[18] = 3;
  msg[19] = 6;
  msg[20] = 10;
  return ipv4(src, dst, 6, Buffer.concat([tcp, msg]));
}

void describe('BFD detection from a capture', () => {
  void it('from the peer\'s last BFD packet to the first reaction (BGP NOTIFICATION or BFD Down)', () => {
    const frames = [
      { t: 1000, frame: bfd('10.1.1.1', '10.1.1.2', 3) },
      { t: 1005, frame: bfd('10.1.1.2', '10.1.1.1', 3) },
      { t: 1010, frame: bfd('10.1.1.1', '10.1.1.2', 3) },
      { t: 1040.5, frame: bgpNotification('10.1.1.2', '10.1.1.1') },
      { t: 2000, frame: bfd('10.1.1.2', '10.1.1.1', 1) },
    ];
    const pkts = parseBfdPcap(pcap(frames));
    assert.deepEqual(pkts.map((p: BfdPacket) => [p.kind, p.src, p.state]), [
      ['bfd', '10.1.1.1', 3], ['bfd', '10.1.1.2', 3], ['bfd', '10.1.1.1', 3], ['bgp-notification', '10.1.1.2', -1], ['bfd', '10.1.1.2', 1],
    ]);
    assert.equal(detectionFromPackets(pkts, '10.1.1.2', '10.1.1.1'), 30.5);
    assert.equal(detectionFromPackets(pkts.filter((p) => p.kind === 'bfd'), '10.1.1.2', '10.1.1.1'), 990);
    assert.equal(detectionFromPackets(pkts.slice(0, 3), '10.1.1.2', '10.1.1.1'), undefined);
  });
});

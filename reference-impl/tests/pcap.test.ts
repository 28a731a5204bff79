import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import { SEC } from '../sim/scheduler';
import { LINKTYPE_ETHERNET, PCAP_MAGIC } from '../net/pcap';
import { decodeEth, decodeIp, ETH_VLAN } from '../net/packet';

const SEED_TOPO = path.join(__dirname, '../../topologies/pvrp-ecmp/pvrp-ecmp.clab.yml');

void test('a link capture is a pcap file of the frames on the wire, timestamped in virtual time', async () => {
  const lab = Lab.create(await loadTopology(SEED_TOPO), { mode: 'fast', telnet: false });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'np-pcap-')), 'r1-r2.pcap');
  const stop = lab.capture('r1:eth1', 'r2:eth1', file);
  lab.sched.runFor(10 * SEC);
  stop();
  const b = fs.readFileSync(file);
  assert.equal(b.readUInt32LE(0), PCAP_MAGIC);
  assert.equal(b.readUInt32LE(20), LINKTYPE_ETHERNET);
  let off = 24;
  let n = 0;
  let last = 0;
  let ip = 0;
  while (off < b.length) {
    const t = b.readUInt32LE(off) * 1e6 + b.readUInt32LE(off + 4);
    const len = b.readUInt32LE(off + 8);
    assert.equal(len, b.readUInt32LE(off + 12), 'whole frames captured');
    assert.ok(t >= last && t <= 10 * SEC, 'timestamps are virtual time, in order');
    last = t;
    const frame = b.subarray(off + 16, off + 16 + len);
    assert.equal(frame.readUInt16BE(12), ETH_VLAN, 'the link carries 802.1Q-tagged subinterface traffic');
    const eth = decodeEth(frame)!;
    assert.ok(eth.vlan === 11 || eth.vlan === 22);
    if (decodeIp(eth.type, eth.payload)) ip++;
    off += 16 + len;
    n++;
  }
  assert.equal(off, b.length);
  assert.ok(n > 20, `frames captured: ${n}`);
  assert.ok(ip > 10, 'IPv4/IPv6 packets with valid headers');
  await lab.stop();
});

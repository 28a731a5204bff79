/**
 * Wire fidelity on the document lab (bfd-static-vpn), read back from captures: BGP OPEN
 * capabilities and session TTLs, no redundant TCP ACKs, no ARP request for an address just
 * resolved. Decoded here, and by tshark where it is installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import { SEC } from '../sim/scheduler';
import { fmtAddr } from '../net/addr';
import { ETH_ARP, decodeEth, decodeIp, PROTO_TCP } from '../net/packet';
import type { VrpDevice } from '../cli/vrp/device';

const SEED = path.join(__dirname, '..', '..', '..', 'shared', 'seeds', '003_ec677ba149024c37.txt');
const SEED2 = '/work/shared/seeds/003_ec677ba149024c37.txt';
const seed = fs.existsSync(SEED) ? SEED : SEED2;
const TOPO = path.join(__dirname, '../../topologies/bfd-static-vpn/bfd-static-vpn.clab.yml');

function tsharkOk(): boolean {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function tshark(file: string, filter: string, fields: string[]): string[][] {
  const out = execFileSync('tshark', ['-r', file, '-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

function configFile(text: string, name: string): string {
  const i = text.indexOf(`* ${name} configuration file`);
  const a = text.indexOf('```', i) + 3;
  const b = text.indexOf('```', a);
  return text.slice(a, b).split('\n').map((x) => x.replace(/^ {2}/, '').trimEnd()).filter((x) => x !== '').join('\n') + '\n';
}

interface Frame {
  t: number;
  eth: NonNullable<ReturnType<typeof decodeEth>>;
}

function frames(file: string): Frame[] {
  const b = fs.readFileSync(file);
  const out: Frame[] = [];
  for (let off = 24; off < b.length; ) {
    const t = b.readUInt32LE(off) * 1e6 + b.readUInt32LE(off + 4);
    const len = b.readUInt32LE(off + 8);
    const eth = decodeEth(b.subarray(off + 16, off + 16 + len));
    if (eth) out.push({ t, eth });
    off += 16 + len;
  }
  return out;
}

void test('BGP capabilities and TTLs, TCP ACKs and ARP on the wire', { skip: fs.existsSync(seed) ? false : 'seed not found' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-wire-'));
  const ebgp = path.join(dir, 'pe3-ce2.pcap');
  const core = path.join(dir, 'pe1-pe2.pcap');
  const after = path.join(dir, 'pe1-pe2-after.pcap');
  const l = await Lab.create(await loadTopology(TOPO), { mode: 'fast', telnet: false });
  const text = fs.readFileSync(seed, 'utf8');
  const s1 = l.capture('PE3:GigabitEthernet0/3/0', 'CE2:GigabitEthernet0/1/0', ebgp);
  const s2 = l.capture('PE1:GigabitEthernet0/2/0', 'PE2:GigabitEthernet0/2/0', core);
  for (const n of ['PE1', 'PE2', 'PE3', 'CE1', 'CE2']) assert.deepEqual((l.node(n).device as VrpDevice).applyConfig(configFile(text, n)), []);
  l.sched.runFor(120 * SEC);
  s1();
  s2();

  // An interface change that leaves its address in place keeps the ARP cache (no re-request).
  const pe1 = (l.node('PE1').device as VrpDevice).node;
  const port = pe1.ifaces.get('GigabitEthernet0/2/0')!;
  assert.ok(pe1.neighbors.entriesOf(port, 4).length > 0, 'PE1 has resolved PE2');
  const s3 = l.capture('PE1:GigabitEthernet0/2/0', 'PE2:GigabitEthernet0/2/0', after);
  pe1.ifaceChanged(port);
  l.sched.runFor(30 * SEC);
  s3();
  await l.stop();

  // Own decoding: TTLs of the BGP sessions and their TCP acknowledgements.
  const tcpOf = (f: Frame[]) =>
    f.flatMap(({ eth }) => {
      const ip = decodeIp(eth.type, eth.payload);
      if (!ip || ip.proto !== PROTO_TCP) return [];
      const sport = ip.payload.readUInt16BE(0);
      const dport = ip.payload.readUInt16BE(2);
      if (sport !== 179 && dport !== 179) return [];
      return [{ src: fmtAddr(ip.src), ttl: ip.ttl }];
    });
  const e = tcpOf(frames(ebgp));
  assert.ok(e.length > 10);
  assert.deepEqual([...new Set(e.map((x) => x.ttl))], [1], 'EBGP (PE3-CE2) both ways with TTL 1');
  const c = tcpOf(frames(core)).filter((x) => x.src === '2.2.2.2' || x.src === '3.3.3.3');
  assert.ok(c.length > 10);
  assert.deepEqual([...new Set(c.map((x) => x.ttl))], [255], 'IBGP between loopbacks with TTL 255');
  const arpAfter = frames(after).filter((f) => f.eth.type === ETH_ARP);
  assert.equal(arpAfter.length, 0, 'no ARP after an interface change that keeps the address');

  if (!tsharkOk()) return;
  // tshark's view: the OPEN capabilities, and no duplicate ACK anywhere.
  const opens = tshark(ebgp, 'bgp.type == 1', ['ip.src', 'ip.ttl', 'bgp.cap.type']);
  assert.equal(opens.length, 2);
  for (const [, ttl, caps] of opens) {
    assert.equal(ttl, '1');
    assert.equal(caps, '1,128,2,65');
  }
  const ibgp = tshark(core, 'bgp.type == 1', ['ip.src', 'bgp.cap.type', 'bgp.cap.mp.safi']);
  assert.ok(ibgp.length >= 2);
  for (const [, caps, safi] of ibgp) {
    assert.match(caps, /^(1,)+128,2,65$/);
    assert.ok(safi.split(',').includes('128'), 'VPNv4 (SAFI 128) announced between the PEs');
  }
  for (const f of [ebgp, core]) assert.deepEqual(tshark(f, 'tcp.analysis.duplicate_ack', ['frame.number']), [], `${path.basename(f)}: no duplicate ACK`);
});

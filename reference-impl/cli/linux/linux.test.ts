/**
 * The linux dialect: the document's two CE scripts booted as binds + exec in a lab of other
 * names, bond and VRF state, ping and ARP per VRF, tcpdump lines, the shell's script semantics,
 * and bad input (one error line, never a throw).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab, LabError } from '../../lab';
import type { TerminalSession, CommandResult } from '../../mgmt/terminal';
import { CommandControl, withCommand } from '../../mgmt/command';
import * as P from '../../net/packet';
import { parseAddr } from '../../net/addr';
import { encodeTcp } from '../../net/tcp-segment';
import { SEC } from '../../sim/scheduler';
import { bond3adKey } from './state';
import { describeFrame, tcpdumpTime } from './tcpdump';
import { parseLine } from './shell';

const SEEDS = '/work/shared/seeds/001-evpn-mh-lab/configs';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'np-linux-'));
}

async function labOf(files: Record<string, string>, topo: string): Promise<Lab> {
  const dir = tmp();
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  fs.writeFileSync(path.join(dir, 'lab.clab.yml'), topo);
  return Lab.create(await loadTopology(path.join(dir, 'lab.clab.yml')), { mode: 'fast' });
}

/** Runs a command, driving the lab's clock until it ends (at most `limitS` virtual seconds). */
async function run(lab: Lab, s: TerminalSession, line: string, limitS = 60, ctl = new CommandControl()): Promise<CommandResult> {
  let done = false;
  const p = withCommand(ctl, () => s.execute(line));
  void p.then(() => { done = true; });
  const end = lab.sched.now + limitS * SEC;
  while (!done && lab.sched.now < end) {
    lab.sched.runFor(50_000);
    await new Promise((r) => setImmediate(r));
  }
  assert.ok(done, `${line}: still running after ${limitS} s`);
  return p;
}

const session = (lab: Lab, node: string) => lab.node(node).device.sessions()('test');

void test('Linux derives the 802.3ad port key from speed and duplex (bond_3ad.c): 15 for 10G full duplex', () => {
  assert.equal(bond3adKey(10000, true), 15);
  assert.equal(bond3adKey(1000, true), 9);
  assert.equal(bond3adKey(25000, false), 20);
  assert.equal(bond3adKey(10000, true, 3), (3 << 6) | 15);
});

const CE_TOPO = `name: cpe-pair
topology:
  nodes:
    cpe-west:
      kind: linux
      binds:
        - ce1-config.sh:/opt/west.sh
      exec:
        - bash /opt/west.sh
    cpe-east:
      kind: linux
      binds: [ce2-config.sh:/east.sh]
      exec: [bash /east.sh]
    tester:
      kind: linux
      binds: [tester.sh:/tester.sh]
      exec: [bash /tester.sh]
  links:
    - endpoints: ["cpe-west:eth1", "tester:eth4"]
    - endpoints: ["cpe-west:eth2", "tester:eth5"]
    - endpoints: ["cpe-east:eth1", "tester:eth1"]
    - endpoints: ["cpe-east:eth2", "tester:eth2"]
    - endpoints: ["cpe-east:eth3", "tester:eth3"]
`;

// The tester puts each of its ports to cpe-east in a VRF of its own, in the same subnet.
const TESTER = [1, 2, 3].map((k) => `ip link add dev t${k} type vrf table ${10 + k}\nip link set dev t${k} up\nip link set dev eth${k} master t${k}\nip addr add 192.168.0.${40 + k}/24 dev eth${k}`).join('\n') + '\n';

async function ceLab(): Promise<Lab> {
  return labOf({ 'ce1-config.sh': fs.readFileSync(path.join(SEEDS, 'ce1-config.sh'), 'utf8'), 'ce2-config.sh': fs.readFileSync(path.join(SEEDS, 'ce2-config.sh'), 'utf8'), 'tester.sh': TESTER }, CE_TOPO);
}

void test('the document\'s ce1 script: bond0 in 802.3ad with its MAC and address, eth1 and eth2 its slaves', async () => {
  const lab = await ceLab();
  const s = session(lab, 'cpe-west');
  const links = JSON.parse((await run(lab, s, 'ip -j link')).output) as Array<Record<string, unknown>>;
  const by = (n: string) => links.find((l) => l.ifname === n)!;
  assert.equal(by('bond0').address, '00:c1:ab:00:00:11');
  assert.ok((by('bond0').flags as string[]).includes('MASTER'));
  for (const m of ['eth1', 'eth2']) {
    assert.equal(by(m).master, 'bond0');
    assert.equal(by(m).address, '00:c1:ab:00:00:11', '802.3ad slaves take the bond\'s address');
    assert.ok((by(m).flags as string[]).includes('SLAVE'));
    assert.equal(by(m).operstate, 'UP');
  }
  const addrs = JSON.parse((await run(lab, s, 'ip -j addr show dev bond0')).output) as Array<{ addr_info: Array<{ local: string; prefixlen: number }> }>;
  assert.deepEqual(addrs[0].addr_info.map((a) => `${a.local}/${a.prefixlen}`), ['192.168.0.11/24']);
  const node = lab.node('cpe-west').node;
  assert.equal(node.ifaces.get('bond0')!.kind, 'lag');
  assert.equal(node.ifaces.get('bond0')!.mac.toString('hex'), '00c1ab000011');
  const bonding = (await run(lab, s, 'cat /proc/net/bonding/bond0')).output;
  assert.match(bonding, /Bonding Mode: IEEE 802.3ad Dynamic link aggregation/);
  assert.match(bonding, /Transmit Hash Policy: layer2 \(0\)/);
  assert.match(bonding, /System MAC address: 00:c1:ab:00:00:11/);
  assert.match(bonding, /Actor Key: 15/);
  assert.deepEqual([...bonding.matchAll(/Slave Interface: (\S+)/g)].map((m) => m[1]), ['eth1', 'eth2']);
  assert.match(bonding, /Permanent HW addr: 02:00:/);
  const device = lab.node('cpe-west').device as unknown as { host: { registry: { has(n: string): boolean }; config: { protocols: Map<string, unknown> } } };
  // The bond is the lacp module's LAG: Linux's defaults (active, slow, priority 65535, layer2 hash), its MAC as system id, key 15.
  assert.deepEqual(device.host.config.protocols.get('lacp'), { lags: [{ lag: 'bond0', members: ['eth1', 'eth2'], portPriority: { eth1: 255, eth2: 255 }, mode: 'active', interval: 'slow', systemId: '00:c1:ab:00:00:11', systemPriority: 65535, adminKey: 15, hashPolicy: 'layer2' }] });
});

void test('two Linux bonds face to face: LACP comes up, ping crosses the bond, /proc/net/bonding shows the partner, tcpdump on a member shows LACPDUs', async () => {
  const bond = (mac: string, ip: string) => `ip link add bond5 type bond mode 802.3ad\nip link set address ${mac} dev bond5\nip link set eth1 down\nip link set eth2 down\nip link set eth1 master bond5\nip link set eth2 master bond5\nip link set eth1 up\nip link set eth2 up\nip addr add ${ip}/29 dev bond5\nip link set bond5 up\n`;
  const lab = await labOf({ 'n.sh': bond('02:0a:00:00:00:01', '10.44.0.1'), 's.sh': bond('02:0b:00:00:00:02', '10.44.0.2') },
    'name: bonds\ntopology:\n  nodes:\n    north: {kind: linux, binds: [n.sh:/n.sh], exec: [bash /n.sh]}\n    south: {kind: linux, binds: [s.sh:/s.sh], exec: [bash /s.sh]}\n  links:\n    - endpoints: ["north:eth1", "south:eth2"]\n    - endpoints: ["north:eth2", "south:eth1"]\n');
  const n = session(lab, 'north');
  const device = lab.node('north').device as unknown as { host: { registry: { has(n: string): boolean } } };
  assert.ok(device.host.registry.has('lacp'));
  lab.sched.runFor(5 * SEC);
  assert.match((await run(lab, n, 'ip link show bond5')).output, /^\d+: bond5: <BROADCAST,MULTICAST,MASTER,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP /);
  const p = await run(lab, n, 'ping -c 3 -i 0.2 10.44.0.2');
  assert.equal(p.exitStatus, 0, p.output);
  assert.match(p.output, /3 packets transmitted, 3 received, 0% packet loss/);
  const proc = (await run(lab, n, 'cat /proc/net/bonding/bond5')).output;
  assert.match(proc, /^MII Status: up$/m);
  assert.match(proc, /Partner Mac Address: 02:0b:00:00:00:02/);
  assert.match(proc, /Partner Key: 15/);
  assert.match(proc, /details actor lacp pdu:\n {4}system priority: 65535\n {4}system mac address: 02:0a:00:00:00:01\n {4}port key: 15\n {4}port priority: 255\n {4}port number: \d+\n {4}port state: 61\n/);
  assert.match(proc, /details partner lacp pdu:\n {4}system priority: 65535\n {4}system mac address: 02:0b:00:00:00:02\n {4}oper key: 15\n/);
  // LACPDUs go every 30 s (slow): a capture of 70 s on a member shows them, the bond does not.
  const dump = await run(lab, n, 'timeout 70 tcpdump -ni eth1', 80);
  assert.match(dump.output, /^\d\d:\d\d:\d\d\.\d{6} LACPv1, length 110$/m);
  const onBond = await run(lab, n, 'timeout 70 tcpdump -ni bond5', 80);
  assert.doesNotMatch(onBond.output, /LACPv1/);
});

void test('the document\'s ce2 script: three VRFs, one port each in one subnet, each answering ARP and ping on its own', async () => {
  const lab = await ceLab();
  const e = session(lab, 'cpe-east');
  const br = (await run(lab, e, 'ip -br addr')).output;
  assert.match(br, /^eth1 +UP +192\.168\.0\.21\/24 $/m);
  assert.match(br, /^eth3 +UP +192\.168\.0\.23\/24 $/m);
  assert.match((await run(lab, e, 'ip link show eth2')).output, /master vrf-2 state UP .*\n +link\/ether 00:c1:ab:00:00:22 /);
  assert.equal((await run(lab, e, 'ip route show vrf vrf-3')).output, '192.168.0.0/24 dev eth3 proto kernel scope link src 192.168.0.23 \n');
  assert.equal((await run(lab, e, 'ip route show table 1')).output,
    '192.168.0.0/24 dev eth1 proto kernel scope link src 192.168.0.21 \nlocal 192.168.0.21 dev eth1 proto kernel scope host src 192.168.0.21 \nbroadcast 192.168.0.255 dev eth1 proto kernel scope link src 192.168.0.21 \n');
  assert.equal((await run(lab, e, 'ip route')).output, '', 'the main table has no route: every port is in a VRF');

  const t = session(lab, 'tester');
  for (const k of [1, 2, 3]) {
    const r = await run(lab, t, `ping -c 2 -i 0.5 -I t${k} 192.168.0.2${k}`);
    assert.equal(r.exitStatus, 0, r.output);
    assert.match(r.output, new RegExp(`^PING 192\\.168\\.0\\.2${k} \\(192\\.168\\.0\\.2${k}\\) from 192\\.168\\.0\\.4${k} t${k}: 56\\(84\\) bytes of data\\.\n`));
    assert.match(r.output, /2 packets transmitted, 2 received, 0% packet loss, time 50\dms\nrtt min\/avg\/max\/mdev = /);
    const ar = await run(lab, t, `arping -c 1 -I eth${k} 192.168.0.2${k}`);
    assert.match(ar.output, new RegExp(`Unicast reply from 192\\.168\\.0\\.2${k} \\[00:C1:AB:00:00:2${k}\\]`));
  }
  // Each VRF owns one address: the port in t1 reaches .21 only.
  const other = await run(lab, t, 'ping -c 1 -W 1 -I t1 192.168.0.22');
  assert.equal(other.exitStatus, 1);
  assert.match(other.output, /1 packets transmitted, 0 received, 100% packet loss/);
  assert.doesNotMatch(other.output, /rtt min/);
});

const PAIR = `name: pair
topology:
  nodes:
    left: {kind: linux, binds: [l.sh:/l.sh], exec: [bash /l.sh]}
    right: {kind: linux, binds: [r.sh:/r.sh], exec: [bash /r.sh]}
  links:
    - endpoints: ["left:eth1", "right:eth1"]
`;

async function pairLab(): Promise<Lab> {
  return labOf({ 'l.sh': 'ip addr add 10.77.0.1/30 dev eth1\n', 'r.sh': 'ip addr add 10.77.0.2/30 dev eth1\n' }, PAIR);
}

void test('ping between two hosts on a plain link, and tcpdump on the far end printing ARP and ICMP in tcpdump\'s format', async () => {
  const lab = await pairLab();
  const l = session(lab, 'left');
  const r = session(lab, 'right');
  let dumpDone = false;
  const dump = withCommand(new CommandControl(), () => r.execute('tcpdump -ni eth1 -c 4'));
  void dump.then(() => { dumpDone = true; });
  const p = await run(lab, l, 'ping -c 1 10.77.0.2');
  assert.equal(p.exitStatus, 0);
  assert.match(p.output, /^64 bytes from 10\.77\.0\.2: icmp_seq=1 ttl=\d+ time=\d+\.\d{3} ms$/m);
  for (let k = 0; k < 20 && !dumpDone; k++) { lab.sched.runFor(50_000); await new Promise((x) => setImmediate(x)); }
  const out = (await dump).output.split('\n');
  const mac = lab.node('right').node.ifaces.get('eth1')!.mac;
  const macText = [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
  assert.equal(out[0], 'tcpdump: verbose output suppressed, use -v or -vv for full protocol decode');
  assert.equal(out[1], 'listening on eth1, link-type EN10MB (Ethernet), capture size 262144 bytes');
  const T = '\\d\\d:\\d\\d:\\d\\d\\.\\d{6}';
  assert.match(out[2], new RegExp(`^${T} ARP, Request who-has 10\\.77\\.0\\.2 tell 10\\.77\\.0\\.1, length 28$`));
  assert.match(out[3], new RegExp(`^${T} ARP, Reply 10\\.77\\.0\\.2 is-at ${macText}, length 28$`));
  assert.match(out[4], new RegExp(`^${T} IP 10\\.77\\.0\\.1 > 10\\.77\\.0\\.2: ICMP echo request, id \\d+, seq 1, length 64$`));
  assert.match(out[5], new RegExp(`^${T} IP 10\\.77\\.0\\.2 > 10\\.77\\.0\\.1: ICMP echo reply, id \\d+, seq 1, length 64$`));
  assert.deepEqual(out.slice(6), ['4 packets captured', '4 packets received by filter', '0 packets dropped by kernel', '']);
  // Times are the lab clock's, in order.
  const times = out.slice(2, 6).map((x) => x.slice(0, 15));
  assert.deepEqual([...times].sort(), times);
});

void test('ip -s link: each interface\'s packet and byte counters (stats64 in JSON, RX:/TX: lines in text) follow the traffic', async () => {
  const lab = await pairLab();
  const l = session(lab, 'left');
  type Row = { ifname: string; stats64: { rx: { packets: number; bytes: number }; tx: { packets: number; bytes: number } } };
  const counters = async () => (JSON.parse((await run(lab, l, 'ip -s -j link')).output) as Row[]).find((x) => x.ifname === 'eth1')!.stats64;
  const before = await counters();
  const p = await run(lab, l, 'ping -c 3 -i 0.2 10.77.0.2');
  assert.equal(p.exitStatus, 0);
  const after = await counters();
  // Three echo requests and the ARP request out; three replies and the ARP reply in.
  assert.equal(after.tx.packets - before.tx.packets, 4, 'tx packets');
  assert.equal(after.rx.packets - before.rx.packets, 4, 'rx packets');
  assert.ok(after.tx.bytes - before.tx.bytes >= 3 * 98, 'tx bytes');
  const text = (await run(lab, l, 'ip -s link show dev eth1')).output.split('\n');
  const rx = text.findIndex((x) => x.trim().startsWith('RX:'));
  assert.match(text[rx], /^ {4}RX: {2}bytes packets errors dropped {2}missed {3}mcast/);
  assert.equal(Number(text[rx + 1].trim().split(/\s+/)[1]), after.rx.packets);
  assert.match(text[rx + 2], /^ {4}TX: {2}bytes packets errors dropped carrier collsns/);
  assert.equal(Number(text[rx + 3].trim().split(/\s+/)[1]), after.tx.packets);
});

void test('Ctrl-C ends a ping without -c and a tcpdump: iputils\' and tcpdump\'s summaries', async () => {
  const lab = await pairLab();
  const l = session(lab, 'left');
  const ctl = new CommandControl();
  let done = false;
  const p = withCommand(ctl, () => l.execute('ping 10.77.0.2'));
  void p.then(() => { done = true; });
  lab.sched.runFor(3.5 * SEC);
  await new Promise((x) => setImmediate(x));
  ctl.interrupt();
  for (let k = 0; k < 10 && !done; k++) { lab.sched.runFor(10_000); await new Promise((x) => setImmediate(x)); }
  const r = await p;
  assert.match(r.output, /\n--- 10\.77\.0\.2 ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time 3500ms\n/);
  assert.equal(r.exitStatus, 0);
  const c2 = new CommandControl();
  const d = withCommand(c2, () => session(lab, 'right').execute('tcpdump -ni eth1'));
  lab.sched.runFor(1 * SEC);
  c2.interrupt();
  lab.sched.runFor(1000);
  assert.match((await d).output, /\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n$/);
  // `timeout` ends a capture in virtual time, with coreutils' status 124.
  assert.equal((await run(lab, l, 'timeout 2 tcpdump -ni eth1')).exitStatus, 124);
});

void test('tcpdump lines for TCP, LACP and ICMP errors, as the document shows them', () => {
  const a = parseAddr('192.168.0.11')!;
  const b = parseAddr('192.168.0.23')!;
  const eth = (type: number, payload: Buffer) => P.encodeEth({ dst: Buffer.alloc(6, 2), src: Buffer.alloc(6, 4), type, payload });
  const syn = encodeTcp(a, b, { sport: 49747, dport: 445, seq: 2625981132, ack: 0, flags: 0x02, window: 1024, mss: 1460, data: Buffer.alloc(0) });
  assert.equal(describeFrame(eth(P.ETH_IPV4, P.encodeIp({ src: a, dst: b, proto: P.PROTO_TCP, ttl: 64, payload: syn }))),
    'IP 192.168.0.11.49747 > 192.168.0.23.445: Flags [S], seq 2625981132, win 1024, options [mss 1460], length 0');
  const rst = encodeTcp(b, a, { sport: 23, dport: 49747, seq: 0, ack: 2625981133, flags: 0x14, window: 0, data: Buffer.alloc(0) });
  assert.equal(describeFrame(eth(P.ETH_IPV4, P.encodeIp({ src: b, dst: a, proto: P.PROTO_TCP, ttl: 64, payload: rst }))),
    'IP 192.168.0.23.23 > 192.168.0.11.49747: Flags [R.], seq 0, ack 2625981133, win 0, length 0');
  const lacpdu = Buffer.alloc(110);
  lacpdu[0] = 1;
  lacpdu[1] = 1;
  assert.equal(describeFrame(eth(0x8809, lacpdu)), 'LACPv1, length 110');
  assert.equal(tcpdumpTime((13 * 3600 + 58 * 60 + 7) * SEC + 487592), '13:58:07.487592');
});

void test('a script runs on past a failing line (bash without -e), with bash\'s and iproute2\'s error lines', async () => {
  const lab = await labOf({
    's.sh': '#!/bin/bash\n# set-up\nip link set eth9 up\nip addr add 10.5.0.1/24 dev eth1\nip addr add 10.5.0.1/24 dev eth1\nip link add b1 type bond mode 802.3ad\nip link add b1 type bond mode 802.3ad\nfrobnicate --now\nip link set eth1 master nosuch\necho done\n',
    'e.sh': 'set -e\nip addr add 10.6.0.1/24 dev eth2\nip link set eth7 down\nip addr add 10.6.0.2/24 dev eth2\n',
  }, 'name: scripts\ntopology:\n  nodes:\n    h: {kind: linux, binds: [s.sh:/s.sh, e.sh:/e.sh]}\n  links:\n    - endpoints: ["h:eth1", "h:eth2"]\n');
  const s = session(lab, 'h');
  const r = await run(lab, s, 'bash /s.sh');
  assert.equal(r.output, [
    'Cannot find device "eth9"',
    'RTNETLINK answers: File exists',
    'RTNETLINK answers: File exists',
    '/s.sh: line 8: frobnicate: command not found',
    'Error: argument "nosuch" is wrong: Device does not exist',
    'done',
    '',
  ].join('\n'));
  assert.equal(r.exitStatus, 0, 'a script\'s status is its last command\'s');
  const e = await run(lab, s, 'bash /e.sh');
  assert.equal(e.output, 'Cannot find device "eth7"\n');
  assert.equal(e.exitStatus, 1);
  assert.doesNotMatch((await run(lab, s, 'ip -br addr show dev eth2')).output, /10\.6\.0\.2/, 'set -e stopped the script');
  assert.equal((await run(lab, s, 'bash /missing.sh')).output, 'bash: /missing.sh: No such file or directory\n');
  assert.equal((await run(lab, s, 'false || echo $?')).output, '1\n');
  assert.equal(s.prompt(), 'bash-5.0# ');
  const ex = await run(lab, s, 'exit 3');
  assert.equal(ex.close, true);
  assert.equal(ex.exitStatus, 3);
});

void test('bad input: one error line and a status, never a throw', async () => {
  const lab = await pairLab();
  const s = session(lab, 'left');
  const cases: Array<[string, RegExp, number]> = [
    ['ip foo', /^Object "foo" is unknown, try "ip help"\.\n$/, 1],
    ['ip addr add 10.1.2.300/24 dev eth1', /^Error: any valid prefix is expected rather than "10\.1\.2\.300\/24"\.\n$/, 1],
    ['ip addr del 10.9.9.9/24 dev eth1', /^RTNETLINK answers: Cannot assign requested address\n$/, 2],
    ['ip link set eth1 address zz:00', /^"zz:00" is invalid lladdr\.\n$/, 1],
    ['ip link set eth1 bogus', /^Error: either "dev" is duplicate, or "bogus" is a garbage\.\n$/, 1],
    ['ip link add dev v1 type vrf', /^Error: argument "table" is required\.\n$/, 2],
    ['ip link add x type bond mode nonsense', /^Error: argument of "mode" is wrong: "nonsense"\n$/, 1],
    ['ip link add x type bond mode active-backup', /^netproof: bond mode active-backup is not modelled/, 2],
    ['ip route show vrf nope', /^Error: argument "nope" is wrong: Invalid VRF\n$/, 1],
    ['ping', /^ping: usage error: Destination address required\n$/, 2],
    ['ping -c abc 10.77.0.2', /^ping: invalid argument: 'abc'\n$/, 2],
    ['ping -s 70000 10.77.0.2', /^Error: packet size 70000 is too large\. Maximum is 65507\n$/, 2],
    ['ping -c 1 -I eth9 10.77.0.2', /^ping: SO_BINDTODEVICE eth9: No such device\n$/, 2],
    ['ping -c 1 10.200.0.1', /^ping: connect: Network is unreachable\n$/, 2],
    ['tcpdump -ni eth9', /^tcpdump: eth9: No such device exists\n/, 1],
    ['tcpdump -ni eth1 -c 0', /^tcpdump: invalid packet count 0\n$/, 1],
    ['arping -c 1 -I eth9 10.77.0.2', /^arping: Device eth9 not available\.\n$/, 2],
    ['cat /proc/net/bonding/bond0', /^cat: \/proc\/net\/bonding\/bond0: No such file or directory\n$/, 1],
    ['echo "unterminated', /unexpected EOF while looking for matching/, 2],
    ['ip link | grep eth1', /no pipes/, 2],
    ['timeout x ping 10.77.0.2', /^timeout: invalid time interval 'x'/, 125],
    ['sleep nope', /^sleep: invalid time interval 'nope'/, 1],
  ];
  for (const [line, want, status] of cases) {
    const r = await run(lab, s, line);
    assert.match(r.output, want, line);
    assert.equal(r.exitStatus, status, line);
  }
});

void test('topology binds and exec: a missing bound file and a failing exec are LabErrors naming the file, line, node and command', async () => {
  const dir = tmp();
  fs.writeFileSync(path.join(dir, 'ok.sh'), 'ip link set eth1 up\n');
  fs.writeFileSync(path.join(dir, 'bad.sh'), 'ip link set eth1 up\nip link set eth5 up\n');
  const write = (name: string, body: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, `name: binds\ntopology:\n  nodes:\n    srv:\n      kind: linux\n${body}  links:\n    - endpoints: ["srv:eth1", "srv:eth2"]\n`);
    return f;
  };
  const missing = write('missing.clab.yml', '      binds:\n        - ok.sh:/ok.sh\n        - gone.sh:/gone.sh\n');
  const tm = await loadTopology(missing);
  assert.throws(() => Lab.create(tm), (e: Error) => e instanceof LabError && e.message === `${missing}:8: node srv: bind ${path.join(dir, 'gone.sh')}: no such file or directory`);
  const failing = write('failing.clab.yml', '      binds: [bad.sh:/bad.sh]\n      exec:\n        - bash /bad.sh\n');
  const tf = await loadTopology(failing);
  assert.throws(() => Lab.create(tf), (e: Error) => e instanceof LabError && e.message === `${failing}:8: node srv: Failed to execute command "bash /bad.sh" on the node "srv". rc=1, stdout: "", stderr: ${JSON.stringify('Cannot find device "eth5"')}`);
  const timed = write('timed.clab.yml', '      exec: [ping -c 1 10.0.0.1]\n');
  const tt = await loadTopology(timed);
  assert.throws(() => Lab.create(tt), /rc=2, stdout: "", stderr: "netproof: ping needs the lab clock running; not available in a topology exec"/);
});

void test('parseLine: words, quotes, operators and comments', () => {
  assert.deepEqual(parseLine(`ip addr add '10.0.0.1/24' dev "eth1" # comment`).cmds.map((c) => c.words), [['ip', 'addr', 'add', '10.0.0.1/24', 'dev', 'eth1']]);
  assert.deepEqual(parseLine('a; b && c || d').cmds.map((c) => [c.op, ...c.words]), [[';', 'a'], [';', 'b'], ['&&', 'c'], ['||', 'd']]);
  assert.ok(parseLine('&& a').error);
});

void test('random command lines never throw and never hang (seeded)', async () => {
  const lab = await pairLab();
  const words = ['ip', 'link', 'addr', 'route', 'neigh', 'add', 'del', 'set', 'show', 'dev', 'eth1', 'eth9', 'bond0', 'type', 'bond', 'vrf', 'table', '7', 'mode', '802.3ad', 'master', 'nomaster', 'up', 'down', 'address', '02:00:00:00:00:09', 'ff:ff:ff:ff:ff:ff', '10.77.0.9/30', '10.77.0.2', '-j', '-br', '-4', '-6', 'ping', '-c', '1', '-i', '0', '-W', '0.1', '-s', '-1', '-I', 'arping', 'tcpdump', '-ni', 'timeout', '0.5', 'cat', '/proc/net/bonding/bond0', 'bash', '-c', ';', '&&', '||', '"', "'", '#', 'exit', 'mtu', '99999', 'flush', 'x'];
  let seed = 12345;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  for (let k = 0; k < 400; k++) {
    const line = Array.from({ length: 1 + rnd(7) }, () => words[rnd(words.length)]).join(' ');
    // A fresh shell each time (an `exit` ends one); the host's devices carry over. A command
    // that runs until stopped (ping or tcpdump without a count) gets Ctrl-C after 20 s and must end.
    const ctl = new CommandControl();
    let done = false;
    const p = withCommand(ctl, () => session(lab, 'left').execute(line));
    void p.then(() => { done = true; });
    const end = lab.sched.now + 20 * SEC;
    while (!done && lab.sched.now < end) { lab.sched.runFor(100_000); await new Promise((x) => setImmediate(x)); }
    if (!done) ctl.interrupt();
    for (let j = 0; j < 20 && !done; j++) { lab.sched.runFor(100_000); await new Promise((x) => setImmediate(x)); }
    assert.ok(done, `${line}: did not stop after Ctrl-C`);
    const r = await p;
    assert.equal(typeof r.exitStatus, 'number', line);
    assert.doesNotMatch(r.output, /internal error|TypeError|undefined/, line);
  }
});

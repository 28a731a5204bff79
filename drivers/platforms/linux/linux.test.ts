// The linux platform: shell prompts, and the parsers on iproute2 JSON in the format iproute2 5.x
// prints (`ip -s -j link` stats64, `ip -j addr` addr_info, `ip -j route`) and on ping summaries:
// iputils as in srl-labs/learn-srlinux docs/tutorials/l2evpn/evpn.md ("3 packets transmitted, 3
// received, 0% packet loss, time 2013ms" / "rtt min/avg/max/mdev = 0.784/0.986/1.275/0.209 ms",
// and the 100% loss one), BusyBox ash's ("packets received", "round-trip min/avg/max").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDevice, type DeviceSession } from '../../api/device';
import { NotSupportedError } from '../../api/types';
import { ParseError } from '../../errors';
import { detectMode } from '../../session/modes';
import { linuxPlatform } from './platform';
import { parseIpLinkAddr, parseIpRoute, parsePing } from './parsers';
import '../index';

const ctx = { device: 'ce1', command: 'ip -s -j link' };

void describe('Linux shell prompts', () => {
  for (const [line, ok] of [
    ['bash-5.0#', true], ['bash-5.1$ ', true], ['root@ce1:~#', true], ['admin@host-3:/tmp$ ', true], ['/ # ', true], ['~ # ', true], ['#', true], ['$ ', true],
    ['bash-5.0# ip -j link', false], ['PING 192.168.0.2 (192.168.0.2) 56(84) bytes of data.', false], ['3 packets transmitted, 3 received', false], ['A:leaf1#', false],
  ] as const) {
    void it(`${JSON.stringify(line)} ${ok ? 'is' : 'is not'} a prompt`, () => {
      assert.equal(detectMode(linuxPlatform.modes, line)?.name ?? null, ok ? 'shell' : null);
    });
  }
});

const LINK = JSON.stringify([
  { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, qdisc: 'noqueue', operstate: 'UNKNOWN', link_type: 'loopback', address: '00:00:00:00:00:00', stats64: { rx: { bytes: 0, packets: 0, errors: 0, dropped: 0 }, tx: { bytes: 0, packets: 0, errors: 0, dropped: 0 } } },
  { ifindex: 5, ifname: 'bond0', flags: ['BROADCAST', 'MULTICAST', 'MASTER', 'UP', 'LOWER_UP'], mtu: 1500, operstate: 'UP', address: '02:c1:ab:00:00:77', stats64: { rx: { bytes: 8800, packets: 110, errors: 0, dropped: 1 }, tx: { bytes: 9000, packets: 100, errors: 0, dropped: 0 } } },
  { ifindex: 11, link_index: 12, ifname: 'eth1', flags: ['BROADCAST', 'MULTICAST', 'SLAVE', 'UP', 'LOWER_UP'], mtu: 1500, master: 'bond0', operstate: 'UP', address: '02:c1:ab:00:00:77', link_netnsid: 0, stats64: { rx: { bytes: 4000, packets: 52, errors: 0, dropped: 0 }, tx: { bytes: 4100, packets: 47, errors: 0, dropped: 0 } } },
  { ifindex: 13, link_index: 14, ifname: 'eth2', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'SLAVE', 'UP'], mtu: 1500, master: 'bond0', operstate: 'DOWN', address: '02:c1:ab:00:00:77', stats64: { rx: { bytes: 4800, packets: 58, errors: 0, dropped: 0 }, tx: { bytes: 4900, packets: 53, errors: 0, dropped: 0 } } },
  { ifindex: 15, ifname: 'eth3', flags: ['BROADCAST', 'MULTICAST'], mtu: 1500, master: 'red', operstate: 'DOWN', address: '02:c1:ab:00:00:99' },
  { ifindex: 16, ifname: 'red', flags: ['NOARP', 'MASTER', 'UP', 'LOWER_UP'], mtu: 65575, operstate: 'UP', address: '7a:1c:00:00:00:01', linkinfo: { info_kind: 'vrf', info_data: { table: 10 } } },
]);
const ADDR = JSON.stringify([
  { ifindex: 1, ifname: 'lo', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }, { family: 'inet6', local: '::1', prefixlen: 128 }] },
  { ifindex: 5, ifname: 'bond0', addr_info: [{ family: 'inet', local: '10.20.30.11', prefixlen: 24, broadcast: '10.20.30.255', scope: 'global', label: 'bond0' }, { family: 'inet6', local: 'fe80::c1:abff:fe00:77', prefixlen: 64, scope: 'link' }] },
  { ifindex: 11, ifname: 'eth1', addr_info: [] },
]);

void describe('Linux parsers', () => {
  void it('ip -s -j link with ip -j addr: state, counters per member, master, VRF, addresses', () => {
    const ifs = parseIpLinkAddr(LINK, ADDR, ctx);
    assert.deepEqual(ifs.map((i) => [i.name, i.state, i.rxPackets ?? null, i.txPackets ?? null, i.master ?? null, i.vrf ?? null]), [
      ['lo', 'up', 0, 0, null, null], ['bond0', 'up', 110, 100, null, null], ['eth1', 'up', 52, 47, 'bond0', null], ['eth2', 'down', 58, 53, 'bond0', null], ['eth3', 'admin', null, null, 'red', 'red'], ['red', 'up', null, null, null, null],
    ]);
    const bond = ifs[1];
    assert.deepEqual([bond.address, bond.addresses, bond.mac, bond.mtu, bond.rx, bond.drops], ['10.20.30.11/24', ['10.20.30.11/24', 'fe80::c1:abff:fe00:77/64'], '02:c1:ab:00:00:77', 1500, 8800, 1]);
    assert.throws(() => parseIpLinkAddr('Object "lnk" is unknown, try "ip help".', '[]', ctx), (e: unknown) => e instanceof ParseError && /ce1/.test(e.message));
  });

  void it('ip -j route: default, connected, host routes; non-unicast types left out', () => {
    const text = JSON.stringify([
      { dst: 'default', gateway: '10.20.30.1', dev: 'bond0', flags: [] },
      { dst: '10.20.30.0/24', dev: 'bond0', protocol: 'kernel', scope: 'link', prefsrc: '10.20.30.11', flags: [] },
      { dst: '198.51.100.9', gateway: '10.20.30.2', dev: 'bond0', protocol: 'static', metric: 20, flags: [] },
      { type: 'broadcast', dst: '10.20.30.255', dev: 'bond0', protocol: 'kernel', scope: 'link', prefsrc: '10.20.30.11', flags: [] },
    ]);
    assert.deepEqual(parseIpRoute(text, ctx, 'ipv4', 'red').map((r) => [r.prefix, r.protocol, r.nextHop, r.iface, r.vrf, r.metric ?? null]), [
      ['0.0.0.0/0', 'static', '10.20.30.1', 'bond0', 'red', null], ['10.20.30.0/24', 'connected', null, 'bond0', 'red', null], ['198.51.100.9/32', 'static', '10.20.30.2', 'bond0', 'red', 20],
    ]);
    assert.deepEqual(parseIpRoute('', ctx, 'ipv6'), []);
  });

  void it('ping summaries: iputils, iputils with 100% loss and errors, BusyBox', () => {
    assert.deepEqual(parsePing('PING 192.168.0.2 (192.168.0.2) 56(84) bytes of data.\n64 bytes from 192.168.0.2: icmp_seq=1 ttl=64 time=1.28 ms\n\n--- 192.168.0.2 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 2013ms\nrtt min/avg/max/mdev = 0.784/0.986/1.275/0.209 ms\n', '192.168.0.2', ctx),
      { target: '192.168.0.2', sent: 3, received: 3, lost: 0, successPct: 100, rttMin: 0.784, rttAvg: 0.986, rttMax: 1.275 });
    assert.deepEqual(parsePing('--- 192.168.0.2 ping statistics ---\n3 packets transmitted, 0 received, 100% packet loss, time 2028ms\n', '192.168.0.2', ctx), { target: '192.168.0.2', sent: 3, received: 0, lost: 3, successPct: 0 });
    assert.equal(parsePing('4 packets transmitted, 1 received, +3 errors, 75% packet loss, time 3004ms\n', 'x', ctx).successPct, 25);
    assert.deepEqual(parsePing('--- 10.0.0.9 ping statistics ---\n5 packets transmitted, 5 packets received, 0% packet loss\nround-trip min/avg/max = 0.084/0.106/0.130 ms\n', '10.0.0.9', ctx),
      { target: '10.0.0.9', sent: 5, received: 5, lost: 0, successPct: 100, rttMin: 0.084, rttAvg: 0.106, rttMax: 0.13 });
    assert.throws(() => parsePing('connect: Network is unreachable', 'x', ctx), ParseError);
  });
});

void describe('linux getters through the device API', () => {
  void it('sends ip -s -j link / ip -j addr / ping -c N -I VRF; LAG methods are not supported', async () => {
    const sent: string[] = [];
    const answers: Record<string, string> = {
      'ip -s -j link': LINK, 'ip -j addr': ADDR, 'ping -c 2 -I red 10.20.30.99': '2 packets transmitted, 2 received, 0% packet loss, time 1001ms\n',
      'ip -j route show vrf red': '[]',
    };
    const s: DeviceSession = { device: 'ce1', send: async (c) => (sent.push(c), answers[c] ?? ''), configure: async () => [] };
    const d = createDevice('ce1', 'linux', s);
    assert.equal((await d.interfaces()).find((i) => i.name === 'eth1')?.state, 'up');
    assert.equal((await d.ping('10.20.30.99', { count: 2, vrf: 'red' })).received, 2);
    assert.deepEqual(await d.routes({ vrf: 'red' }), []);
    assert.deepEqual(sent, ['ip -s -j link', 'ip -j addr', 'ping -c 2 -I red 10.20.30.99', 'ip -j route show vrf red']);
    await assert.rejects(d.lagMembers(), NotSupportedError);
    await assert.rejects(d.ping('1.2.3.4; reboot'), /bad target/);
  });
});

/**
 * Property tests of the IOS XE parsers (fast-check): a model generated here is rendered the way IOS
 * XE prints it (blank-padded columns, as the xe-* captures) and must parse back to the model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseIpArp, parseShowVrrp, parseVrrsPluginDatabase, parseIpInterfaceBrief } from './parsers';

const ctx = { device: 'r1', command: 'show' };
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
const macHex = fc.array(fc.nat(255), { minLength: 6, maxLength: 6 });
const dotted = (b: number[]): string => [0, 2, 4].map((i) => b[i].toString(16).padStart(2, '0') + b[i + 1].toString(16).padStart(2, '0')).join('.');
const colon = (b: number[]): string => b.map((x) => x.toString(16).padStart(2, '0')).join(':');
const ifname = fc.tuple(fc.constantFrom('GigabitEthernet', 'TenGigabitEthernet', 'Ethernet'), fc.nat(9), fc.nat(9), fc.option(fc.integer({ min: 1, max: 4094 }), { nil: undefined }))
  .map(([t, a, b, s]) => `${t}${a}/0/${b}${s === undefined ? '' : `.${s}`}`);
const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s.padEnd(n));

void test('show ip arp: entries parse back', () => {
  const entry = fc.record({ address: ipv4, mac: fc.option(macHex, { nil: null }), age: fc.option(fc.nat(240), { nil: null }), iface: ifname });
  fc.assert(fc.property(fc.array(entry, { maxLength: 12 }), (es) => {
    const text = ['Protocol  Address          Age (min)  Hardware Addr   Type   Interface', ...es.map((e) =>
      `Internet  ${pad(e.address, 16)} ${(e.age === null ? '-' : String(e.age)).padStart(8)}   ${pad(e.mac ? dotted(e.mac) : 'Incomplete', 15)} ARPA   ${e.mac ? e.iface : ''}`.trimEnd())].join('\n');
    const want = es.map((e) => (e.mac ? { address: e.address, ageMin: e.age, mac: colon(e.mac), type: 'ARPA', iface: e.iface } : { address: e.address, ageMin: e.age, mac: null, type: 'ARPA' }));
    assert.deepEqual(parseIpArp(text, ctx), want);
  }), { numRuns: 300, seed: 101 });
});

void test('show vrrp (IOS XE v3): groups parse back', () => {
  const grp = fc.record({
    iface: ifname, vrid: fc.integer({ min: 1, max: 255 }), state: fc.constantFrom('MASTER', 'BACKUP', 'INIT'), priority: fc.integer({ min: 1, max: 254 }),
    vip: ipv4, vmac: macHex, adv: fc.integer({ min: 100, max: 40950 }), preempt: fc.boolean(), master: fc.option(ipv4, { nil: undefined }),
    name: fc.option(fc.stringMatching(/^[A-Za-z][\w-]{0,15}$/), { nil: undefined }),
  });
  fc.assert(fc.property(fc.array(grp, { maxLength: 6 }), (gs) => {
    const text = gs.map((g) => [
      `${g.iface} - Group ${g.vrid} - Address-Family IPv4`,
      ...(g.name ? [`  Description is "${g.name}"`] : []),
      `  State is ${g.state}`, '  State duration 1 mins 2.003 secs', `  Virtual IP address is ${g.vip}`,
      `  Virtual MAC address is ${dotted(g.vmac).toUpperCase()}`, `  Advertisement interval is ${g.adv} msec`, `  Preemption ${g.preempt ? 'enabled' : 'disabled'}`,
      `  Priority is ${g.priority}`,
      g.master ? `  Master Router is ${g.master}${g.state === 'MASTER' ? ' (local)' : ''}, priority is ${g.priority}` : '  Master Router is unknown, priority is unknown',
      '  Master Down interval is unknown', '  FLAGS: 1/1', '',
    ].join('\n')).join('\n');
    const want = gs.map((g) => ({
      iface: g.iface, vrid: g.vrid, afi: 'ipv4', version: 3, state: g.state.toLowerCase(), priority: g.priority, virtualIps: [g.vip], ...(g.name ? { name: g.name } : {}),
      virtualMac: colon(g.vmac), advertIntervalMs: g.adv, preempt: g.preempt,
      ...(g.master ? { masterAddress: g.master, masterLocal: g.state === 'MASTER', masterPriority: g.priority } : { masterLocal: false }),
    }));
    assert.deepEqual(parseShowVrrp(text, ctx), want);
  }), { numRuns: 300, seed: 102 });
});

void test('show vrrs plugin database: entries parse back', () => {
  const ent = fc.record({ name: fc.stringMatching(/^[A-Za-z][\w-]{0,20}$/), live: fc.boolean(), state: fc.constantFrom('Active', 'Disabled', 'Inactive'),
    mac: macHex, handle: fc.nat(0xffffffff), ifs: fc.array(fc.stringMatching(/^Gi[0-9]\/0\/[0-9]\.[1-9][0-9]{0,3}$/), { maxLength: 5 }) });
  fc.assert(fc.property(fc.array(ent, { maxLength: 5 }), (es) => {
    const text = ['VRRS Plugin Database', ...es.flatMap((e) => ['-----', `Name = ${e.name}`, `Server connection = ${e.live ? 'Live' : 'Disconnected'}`, `State = ${e.state}`,
      `MAC addr = ${dotted(e.mac)}`, 'Test Control = False', `Client Handle = ${e.handle}`, 'Interface list =', ...e.ifs.map((i) => `                ${i}`)])].join('\n');
    assert.deepEqual(parseVrrsPluginDatabase(text, ctx), es.map((e) => ({
      name: e.name, serverConnected: e.live, state: e.state.toLowerCase(), mac: colon(e.mac), testControl: false, clientHandle: e.handle, interfaces: e.ifs,
    })));
  }), { numRuns: 300, seed: 103 });
});

void test('show ip interface brief: rows parse back', () => {
  const row = fc.record({ name: ifname, addr: fc.option(ipv4, { nil: undefined }), status: fc.constantFrom('up', 'down', 'administratively down'), proto: fc.constantFrom('up', 'down') });
  fc.assert(fc.property(fc.array(row, { maxLength: 10 }), (rs) => {
    const text = ['Interface              IP-Address      OK? Method Status                Protocol', ...rs.map((r) =>
      `${pad(r.name, 23)}${pad(r.addr ?? 'unassigned', 16)}YES manual ${pad(r.status, 22)}${r.proto}`)].join('\n');
    assert.deepEqual(parseIpInterfaceBrief(text, ctx), rs.map((r) => ({
      name: r.name, state: r.status === 'up' ? 'up' : r.status === 'down' ? 'down' : 'admin', protocol: r.proto, ...(r.addr ? { address: r.addr } : {}),
    })));
  }), { numRuns: 300, seed: 104 });
});

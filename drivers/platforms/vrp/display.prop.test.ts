/**
 * Property tests of the VRP display parsers (fast-check): a model generated here is rendered in
 * VRP's layout (testdata/*.txt is the reference; drivers do not import reference-impl) and must
 * parse back to the model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseBfdSessionsVerbose, parseBgpPeers, parseIpInterfaceBrief, parseLdpSessions, parseOspfPeerBrief, parseRoutingTable, parseVpnInstanceVerbose } from './parsers';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((b) => b.join('.'));
const prefix = fc.tuple(ipv4, fc.nat(32)).map(([a, l]) => `${a}/${l}`);
const ifname = fc.tuple(fc.constantFrom('GigabitEthernet', 'LoopBack', 'Vlanif', 'Eth-Trunk'), fc.array(fc.nat(9), { minLength: 1, maxLength: 3 }))
  .map(([n, p]) => `${n}${p.join('/')}`);
const pad = (s: string, n: number): string => s.padEnd(n) + ' ';

void test('routing table: rows (ECMP continuations included) parse back to the model', () => {
  const route = fc.record({
    proto: fc.constantFrom('Direct', 'Static', 'OSPF', 'O_ASE', 'IBGP', 'EBGP', 'ISIS-L1', 'Unr'),
    preference: fc.nat(255), cost: fc.nat(0xffffffff), flags: fc.constantFrom('', 'D', 'RD', 'T', 'B', 'RDT'),
    nextHop: ipv4, iface: ifname,
  });
  const dest = fc.tuple(prefix, fc.array(route, { minLength: 1, maxLength: 3 }));
  fc.assert(fc.property(fc.stringMatching(/^[A-Za-z_][\w-]{0,15}$/), fc.array(dest, { maxLength: 20 }), (table, dests) => {
    const rows = dests.flatMap(([p, rs]) => rs.map((r) => ({ prefix: p, ...r })));
    const body = dests.flatMap(([p, rs]) => rs.map((r, i) => `${(i === 0 ? p : '').padStart(18)}  ${pad(r.proto, 6)}${pad(String(r.preference), 4)}` +
      `${pad(String(r.cost), 8)}${r.flags.padStart(6)}  ${pad(r.nextHop, 15)}${r.iface}`));
    const text = 'Route Flags: R - relay, D - download to fib, T - to vpn-instance, B - black hole route\n' +
      `${'-'.repeat(78)}\nRouting Table: ${table}\n         Destinations : ${dests.length}       Routes : ${rows.length}\n\n` +
      `Destination/Mask    Proto  Pre  Cost     Flags NextHop         Interface\n\n${body.join('\n')}\n`;
    assert.deepEqual(parseRoutingTable(text), { table, destinations: dests.length, routes: rows.length, rows });
  }), { numRuns: 300, seed: 11 });
});

void test('ip interface brief: rows, states and counts parse back to the model (with and without the VPN column)', () => {
  const phy = fc.constantFrom(['up', 'up'], ['down', 'down'], ['*down', 'admin-down'], ['^down', 'down'], ['!down', 'down']);
  const pro = fc.constantFrom(['up', 'up'], ['up(s)', 'up'], ['down', 'down'], ['*down', 'down']);
  const row = fc.record({ iface: ifname, bw: fc.constantFrom('', '(10G)', '(100M)'), address: fc.option(prefix, { nil: undefined }), phy, pro,
    vrf: fc.option(fc.stringMatching(/^[A-Za-z][\w-]{0,10}$/), { nil: undefined }) });
  fc.assert(fc.property(fc.boolean(), fc.array(row, { maxLength: 20 }), fc.array(fc.nat(500), { minLength: 4, maxLength: 4 }), (vpnCol, rs, counts) => {
    const [pu, pd, qu, qd] = counts as [number, number, number, number];
    const head = '*down: administratively down\n^down: standby\n(l): loopback\n(s): spoofing\n' +
      `The number of interface that is UP in Physical is ${pu}\nThe number of interface that is DOWN in Physical is ${pd}\n` +
      `The number of interface that is UP in Protocol is ${qu}\nThe number of interface that is DOWN in Protocol is ${qd}\n\n` +
      `Interface                         IP Address/Mask      Physical   Protocol  ${vpnCol ? 'VPN' : ''}\n`;
    const body = rs.map((r) => `${pad(r.iface + r.bw, 33)}${pad(r.address ?? 'unassigned', 20)}${pad(r.phy[0] as string, 10)}${pad(r.pro[0] as string, 9)}` +
      (vpnCol ? (r.vrf ?? '--') : ''));
    const want = rs.map((r) => ({
      iface: r.iface, ...(r.address !== undefined ? { address: r.address } : {}), physical: r.phy[1], protocol: r.pro[1],
      ...(vpnCol && r.vrf !== undefined ? { vrf: r.vrf } : {}), physicalRaw: r.phy[0], protocolRaw: r.pro[0],
    }));
    assert.deepEqual(parseIpInterfaceBrief(head + body.join('\n') + '\n'), { rows: want, physicalUp: pu, physicalDown: pd, protocolUp: qu, protocolDown: qd });
  }), { numRuns: 300, seed: 12 });
});

void test('ospf peer brief: peers of several processes parse back to the model', () => {
  const peer = fc.record({ area: ipv4, iface: ifname, neighborId: ipv4, state: fc.constantFrom('Full', '2-Way', 'ExStart', 'Exchange', 'Loading', 'Init', 'Down') });
  const proc = fc.tuple(fc.integer({ min: 1, max: 65535 }), ipv4, fc.array(peer, { maxLength: 6 }));
  fc.assert(fc.property(fc.array(proc, { minLength: 1, maxLength: 3 }), (procs) => {
    const rule = ` ${'-'.repeat(76)}`;
    const text = procs.map(([n, rid, ps]) => `\n          OSPF Process ${n} with Router ID ${rid}\n                  Peer Statistic Information\n${rule}\n` +
      ' Area Id          Interface                        Neighbor id      State\n' +
      ps.map((p) => ` ${pad(p.area, 16)}${pad(p.iface, 32)}${pad(p.neighborId, 16)}${p.state}\n`).join('') +
      `${rule}\n Total Peer(s):     ${ps.length}\n`).join('');
    const rows = procs.flatMap(([n, rid, ps]) => ps.map((p) => ({ process: n, routerId: rid, ...p })));
    assert.deepEqual(parseOspfPeerBrief(text), { rows, total: rows.length });
  }), { numRuns: 300, seed: 13 });
});

void test('ldp sessions: rows (deleting ones included) parse back to the model', () => {
  const session = fc.record({
    peerId: ipv4.map((a) => `${a}:0`), status: fc.constantFrom('Operational', 'Initialized', 'OpenSent', 'OpenRec', 'Non Existent'),
    lam: fc.constantFrom('DU', 'DoD'), role: fc.constantFrom('Active', 'Passive'),
    age: fc.tuple(fc.nat(9999), fc.nat(23), fc.nat(59)), kaSent: fc.nat(1e6), kaRcvd: fc.nat(1e6), deleting: fc.boolean(),
  });
  fc.assert(fc.property(fc.array(session, { maxLength: 10 }), (ss) => {
    const rule = ` ${'-'.repeat(78)}`;
    const two = (n: number): string => String(n).padStart(2, '0');
    const text = '\n               LDP Session(s) in Public Network\n Codes: LAM(Label Advertisement Mode), SsnAge Unit(DDDD:HH:MM)\n' +
      ` An asterisk (*) before a session means the session is being deleted.\n\n${rule}\n Peer-ID            Status      LAM  SsnRole  SsnAge      KA-Sent/Rcv\n${rule}\n` +
      ss.map((s) => `${s.deleting ? '*' : ' '}${pad(s.peerId, 18)}${pad(s.status, 11)}${pad(s.lam, 4)}${pad(s.role, 8)}` +
        `${String(s.age[0]).padStart(4, '0')}:${two(s.age[1])}:${two(s.age[2])}   ${s.kaSent}/${s.kaRcvd}\n`).join('') +
      `${rule}\n TOTAL: ${ss.length} session(s) Found.\n`;
    const sessions = ss.map((s) => ({ peerId: s.peerId, status: s.status, lam: s.lam, role: s.role,
      ageMinutes: s.age[0] * 1440 + s.age[1] * 60 + s.age[2], kaSent: s.kaSent, kaRcvd: s.kaRcvd, deleting: s.deleting }));
    assert.deepEqual(parseLdpSessions(text), { sessions, total: ss.length });
  }), { numRuns: 300, seed: 14 });
});

void test('bgp peer: public and VPN-instance sections parse back to the model (AS numbers in asplain and asdot)', () => {
  const asn = fc.integer({ min: 1, max: 0xffffffff });
  const asText = (as: number, dot: boolean): string => (dot && as > 0xffff ? `${Math.floor(as / 65536)}.${as % 65536}` : String(as));
  const two = (n: number): string => String(n).padStart(2, '0');
  const upDown = fc.oneof(fc.tuple(fc.nat(9999), fc.nat(59), fc.nat(59)).map(([h, m, x]) => [`${two(h)}:${two(m)}:${two(x)}`, h * 3600 + m * 60 + x] as const),
    fc.tuple(fc.nat(99), fc.nat(23)).map(([d, h]) => [`${d}d${two(h)}h`, d * 86400 + h * 3600] as const));
  const peer = fc.record({ addr: ipv4, as: asn, msgRcvd: fc.nat(1e7), msgSent: fc.nat(1e7), outQ: fc.nat(1000), upDown,
    state: fc.constantFrom('Established', 'Idle', 'Idle(Admin)', 'Active', 'Connect', 'OpenSent', 'OpenConfirm'), prefRcv: fc.nat(1e6) });
  const section = fc.tuple(fc.stringMatching(/^[A-Za-z][\w-]{0,10}$/), ipv4, fc.array(peer, { maxLength: 4 }));
  fc.assert(fc.property(ipv4, asn, fc.boolean(), fc.array(peer, { maxLength: 5 }), fc.uniqueArray(section, { maxLength: 3, selector: (x) => x[0] }), (rid, las, dot, pub, vrfs) => {
    const row = (p: typeof pub[number]): string =>
      `${pad(p.addr, 15)}4 ${asText(p.as, dot).padStart(10)} ${String(p.msgRcvd).padStart(8)} ${String(p.msgSent).padStart(8)} ${String(p.outQ).padStart(7)} ${p.upDown[0]} ${pad(p.state, 11)} ${String(p.prefRcv).padStart(7)}\n`;
    const all = [...pub, ...vrfs.flatMap((v) => v[2])];
    const text = `\n BGP local router ID : ${rid}\n Local AS number : ${asText(las, dot)}\n Total number of peers : ${all.length}                 Peers in established state : ` +
      `${all.filter((p) => p.state === 'Established').length}\n\nPeer            V    AS  MsgRcvd  MsgSent    OutQ  Up/Down  State PrefRcv\n\n${pub.map(row).join('')}` +
      vrfs.map(([n, r, ps]) => `\n  Peer of IPv4-family for vpn instance :\n\n  VPN-Instance ${n}, Router ID ${r}:\n${ps.map(row).join('')}`).join('');
    const want = (p: typeof pub[number], vrf?: string) => ({ ...(vrf !== undefined ? { vrf } : {}), addr: p.addr, version: 4, as: p.as, msgRcvd: p.msgRcvd, msgSent: p.msgSent,
      outQ: p.outQ, upDown: p.upDown[0], upDownSeconds: p.upDown[1], state: p.state, prefRcv: p.prefRcv });
    assert.deepEqual(parseBgpPeers(text), {
      routerId: rid, localAs: las, totalPeers: all.length, establishedPeers: all.filter((p) => p.state === 'Established').length,
      vrfRouterIds: Object.fromEntries(vrfs.map(([n, r]) => [n, r])), peers: [...pub.map((p) => want(p)), ...vrfs.flatMap(([n, , ps]) => ps.map((p) => want(p, n)))],
    });
  }), { numRuns: 300, seed: 15 });
});

void test('bfd session verbose: sessions, their fields and the totals parse back to the model', () => {
  const num = fc.option(fc.integer({ min: 1, max: 60000 }), { nil: undefined });
  const word = fc.stringMatching(/^[A-Za-z][\w-]{0,12}$/);
  const session = fc.record({
    name: word, hop: fc.constantFrom('one' as const, 'multi' as const), state: fc.constantFrom('Up', 'Down', 'Init', 'AdminDown'), mark: fc.constantFrom('', '(w)', '(*)'),
    localDisc: fc.nat(0xffffffff), remoteDisc: fc.oneof(fc.nat(0xffffffff), word), peer: ipv4, iface: fc.option(ifname, { nil: undefined }),
    vrf: fc.option(word, { nil: undefined }), source: fc.option(ipv4, { nil: undefined }), minTxMs: num, minRxMs: num, actualTxMs: num, actualRxMs: num,
    detectMult: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }), lastDiag: fc.constantFrom('No Diagnostic', 'Control Detection Time Expired'),
  });
  fc.assert(fc.property(fc.array(session, { maxLength: 5 }), fc.nat(100), fc.nat(100), (ss, up, down) => {
    const dash = (v: string | number | undefined): string => (v === undefined ? '-' : String(v));
    const kv = (k: string, v: string): string => `${k.padEnd(22)} : ${v}`;
    const blocks = ss.map((x) => {
      const pairs: [string, string][][] = [
        [['Local Discriminator', String(x.localDisc)], ['Remote Discriminator', String(x.remoteDisc)]],
        [['Session Detect Mode', 'Asynchronous Mode Without Echo Function']], [['Bind Session Type', 'Static_Auto']], [['Bind Peer IP Address', x.peer]],
        [['Bind Interface', dash(x.iface)]], [['Vpn Instance Name', dash(x.vrf)]], [['Bind Source IP Address', dash(x.source)]],
        [['Min Tx Interval (ms)', dash(x.minTxMs)], ['Min Rx Interval (ms)', dash(x.minRxMs)]],
        [['Actual Tx Interval (ms)', dash(x.actualTxMs)], ['Actual Rx Interval (ms)', dash(x.actualRxMs)]],
        [['Local Detect Multi', dash(x.detectMult)], ['Detect Interval (ms)', '-']], [['Last Local Diagnostic', x.lastDiag]],
      ];
      const body = pairs.map((ps) => `  ${ps.map(([k, v]) => kv(k, v).padEnd(42)).join(' ').trimEnd()}\n`).join('');
      const want = {
        name: x.name, hop: x.hop, state: x.state, localDisc: x.localDisc, remoteDisc: x.remoteDisc, detectMode: 'Asynchronous Mode Without Echo Function',
        sessionType: 'Static_Auto', peer: x.peer, ...strip({ iface: x.iface, vrf: x.vrf, source: x.source, minTxMs: x.minTxMs, minRxMs: x.minRxMs,
          actualTxMs: x.actualTxMs, actualRxMs: x.actualRxMs, detectMult: x.detectMult }), lastDiag: x.lastDiag, fields: Object.fromEntries(pairs.flat()),
      };
      return { want, text: `${'-'.repeat(78)}\n  (${x.hop === 'one' ? 'One' : 'Multi'} Hop) State : ${(x.state + x.mark).padEnd(20)}  Name : ${x.name}\n${'-'.repeat(78)}\n${body}` };
    });
    const out = parseBfdSessionsVerbose(`(w): State in WTR \n(*): State is invalid\n${blocks.map((x) => x.text).join('')}${'-'.repeat(78)}\n\n     Total UP/DOWN Session Number : ${up}/${down}\n`);
    assert.deepEqual(out, { sessions: blocks.map((x) => x.want), totalUp: up, totalDown: down });
  }), { numRuns: 300, seed: 16 });
});

void test('ip vpn-instance verbose: instances, wrapped interface lists and families parse back to the model', () => {
  const rt = fc.tuple(fc.nat(65535), fc.nat(65535)).map(([a, b]) => `${a}:${b}`);
  const family = fc.record({
    createDate: fc.option(fc.constant('2008/09/21 12:18:46'), { nil: undefined }), up: fc.option(fc.tuple(fc.nat(999), fc.nat(23), fc.nat(59), fc.nat(59)), { nil: undefined }),
    status: fc.option(fc.constantFrom('UP', 'DOWN'), { nil: undefined }), rd: fc.option(rt, { nil: undefined }),
    exportRts: fc.array(rt, { maxLength: 4 }), importRts: fc.array(rt, { maxLength: 4 }), labelPolicy: fc.option(fc.constantFrom('label per instance', 'label per route'), { nil: undefined }),
  });
  const inst = fc.record({ name: fc.stringMatching(/^[A-Za-z][\w-]{0,10}$/), id: fc.nat(4096), interfaces: fc.array(ifname, { maxLength: 8 }),
    afis: fc.constantFrom([], ['ipv4'], ['ipv6'], ['ipv4', 'ipv6'], ['ipv6', 'ipv4']) as fc.Arbitrary<('ipv4' | 'ipv6')[]> }).chain((i) =>
    fc.tuple(fc.constant(i), fc.array(family, { minLength: i.afis.length, maxLength: i.afis.length })));
  fc.assert(fc.property(fc.array(inst, { maxLength: 4 }), ([...is]) => {
    let text = ` Total VPN-Instances configured : ${is.length}\n Total IPv4 VPN-Instances configured : 0 \n`;
    const want = is.map(([i, fams]) => {
      text += ` VPN-Instance Name and ID : ${i.name}, ${i.id}\n`;
      // VRP wraps a long interface list: a line ending with "," continues on the next one.
      const chunks = [];
      for (let k = 0; k < i.interfaces.length; k += 3) chunks.push(i.interfaces.slice(k, k + 3).join(', '));
      if (chunks.length) text += `  Interfaces : ${chunks.join(',\n    ')}\n`;
      const families = fams.map((f, k) => {
        const afi = i.afis[k] as 'ipv4' | 'ipv6';
        text += ` Address family ${afi}\n`;
        if (f.createDate) text += `  Create date : ${f.createDate}\n`;
        if (f.up) text += `  Up time : ${f.up[0]} days, ${f.up[1]} hours, ${f.up[2]} minutes and ${f.up[3]} seconds\n`;
        if (f.status) text += `  Vrf Status : ${f.status}\n`;
        if (f.rd) text += `  Route Distinguisher : ${f.rd}\n`;
        text += `  Export VPN Targets :  ${f.exportRts.join(' ')}\n  Import VPN Targets :  ${f.importRts.join(' ')}\n`;
        if (f.labelPolicy) text += `  Label policy : ${f.labelPolicy}\n`;
        text += '  The diffserv-mode Information is : uniform\n  The ttl-mode Information is : pipe\n';
        return { afi, ...strip({ createDate: f.createDate, upTimeSeconds: f.up && f.up[0] * 86400 + f.up[1] * 3600 + f.up[2] * 60 + f.up[3], status: f.status, rd: f.rd }),
          exportRts: f.exportRts, importRts: f.importRts, ...strip({ labelPolicy: f.labelPolicy }) };
      });
      const main = families.find((f) => f.afi === 'ipv4') ?? families[0];
      return { name: i.name, id: i.id, interfaces: i.interfaces, exportRts: main?.exportRts ?? [], importRts: main?.importRts ?? [],
        ...strip({ rd: main?.rd, status: main?.status, labelPolicy: main?.labelPolicy, upTimeSeconds: main?.upTimeSeconds }), families };
    });
    assert.deepEqual(parseVpnInstanceVerbose(text), { total: is.length, instances: want });
  }), { numRuns: 300, seed: 17 });
});

function strip<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The SR Linux BGP and ethernet-segment renderers (show-bgp.ts, show-es.ts): on rows built here
 * with the document's values, compared with the document's outputs (the ES detail exactly; the
 * BGP tables cell for cell, since the document's extracted tables have broken rulers), and on the
 * live rows of an EVPN fabric with other names and addresses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEC } from '../../sim/scheduler';
import type { EvpnRouteRow, SegmentRow } from '../../protocols/l2-rows';
import type { BgpPeerInfo } from '../../protocols/bgp/process';
import { renderAdvertisedEvpn, renderBgpNeighbors, renderEvpnRouteSummary, showBgp, srlUptime } from './show-bgp';
import { isoMs, renderEsDetail, showEthernetSegments } from './show-es';
import { CliError } from './tree';
import { buildFabric } from '../../protocols/evpn/testlab';

const DOC = (() => {
  for (const p of [join(__dirname, '../../../../shared/seeds/001_6bcc7703818999df.txt'), '/work/shared/seeds/001_6bcc7703818999df.txt']) {
    try {
      return readFileSync(p, 'utf8').split('\n');
    } catch {
      /* next */
    }
  }
  return undefined;
})();

/** Doc lines [from, to] (1-based, inclusive), the 4-blank indent of tabbed blocks removed. */
const docLines = (from: number, to: number) => DOC!.slice(from - 1, to).map((l) => l.replace(/^ {4}/, ''));

/** Lines as structure: rules `-`, titles as they are, table data rows as trimmed cells (headers and rulers left out). */
function structure(lines: string[]): string[] {
  const out: string[] = [];
  let inData = false;
  let prev: string[] | undefined;
  const rowsAt: Array<[number, string[]]> = [];
  for (const raw of lines) {
    const l = raw.trimEnd();
    if (/^-+(\s+-+)*$/.test(l)) {
      out.push('-');
      inData = false;
      continue;
    }
    if (l.startsWith('+')) {
      inData = l.includes('=');
      continue;
    }
    if (l.startsWith('|')) {
      if (!inData) continue;
      const cells = l.split('|').slice(1, -1).map((c) => c.trim());
      // A wrapped row (SR Linux at a narrow terminal) continues with an empty first cell.
      if (cells[0] === '' && prev) prev.splice(0, prev.length, ...prev.map((c, k) => c + (cells[k] ?? '')));
      else {
        prev = cells;
        rowsAt.push([out.length, cells]);
        out.push('');
      }
      continue;
    }
    out.push(l);
  }
  for (const [i, cells] of rowsAt) out[i] = cells.join('|');
  return out;
}

const ESI1 = '01:11:11:11:11:11:11:00:00:01';
const row = (r: Partial<EvpnRouteRow> & Pick<EvpnRouteRow, 'routeType' | 'rd' | 'nextHop'>): EvpnRouteRow => ({
  direction: 'advertised', peer: '10.0.0.2', asPath: [], origin: 'i', rts: [], used: true, valid: true, best: true, localPref: 100, ...r,
});

void test('ES-1 detail: the document\'s leaf1 output, line for line', { skip: !DOC }, () => {
  const lastChange = 5 * SEC + 270_000;
  const epochMs = Date.parse('2023-08-16T14:53:25.000Z');
  assert.equal(isoMs(lastChange, epochMs), '2023-08-16T14:53:30.270Z');
  const seg: SegmentRow = {
    name: 'ES-1', esi: ESI1, adminUp: true, operUp: true, mode: 'all-active', iface: 'lag1', dfAlgorithm: 'default', activationTimerSec: 3, lastChange,
    dfs: [{ segment: 'ES-1', macVrf: 'mac-vrf-1', evi: 111, candidates: ['10.0.0.1', '10.0.0.2'], df: '10.0.0.2', localDf: false, timerRemaining: 0 }],
  };
  const got = showEthernetSegments(['system', 'network-instance', 'ethernet-segments', 'ES-1', 'detail'], [seg], { epochMs, localIp: '10.0.0.1' })!;
  assert.deepEqual(got.trimEnd().split('\n'), docLines(364, 387));
  assert.throws(() => showEthernetSegments(['system', 'network-instance', 'ethernet-segments', 'ES-9'], [seg]), CliError);
  const sum = showEthernetSegments(['system', 'network-instance', 'ethernet-segments'], [seg], { localIp: '10.0.0.1', subinterfaces: () => ['lag1.0'] })!;
  assert.match(sum, /^ES-1 is up, all-active$/m);
  assert.match(sum, /^ {2}Peers: 10\.0\.0\.2$/m);
  assert.match(sum, /^ {6}Candidates : 10\.0\.0\.1, 10\.0\.0\.2 \(DF\)$/m);
  assert.match(sum, /^ {6}Interface : lag1\.0$/m);
  assert.match(sum, /^ 1 Ethernet Segments Up$/m);
  // During the activation timer: no DF, the remaining seconds.
  const waiting = renderEsDetail([{ ...seg, dfs: [{ ...seg.dfs[0], df: undefined, timerRemaining: 2_400_000 }] }]);
  assert.match(waiting, /^ES-1 {6}3 {16}No$/m);
});

/** leaf1's iBGP overlay peer 10.0.0.2, as the document's advertised-routes tables name it. */
function leaf1Peer(): BgpPeerInfo {
  return {
    addr: '10.0.0.2', vrf: '', remoteAs: 100, version: 4, msgRcvd: 0, msgSent: 0, outQ: 0, state: 'Established', since: 0, prefRcv: { ipv4: 0, vpnv4: 0 },
    families: ['evpn'], localAs: 100, group: 'iBGP-overlay',
  };
}

/** The five routes leaf1 advertises to 10.0.0.2 in the document: RT1 per ES and per EVI, RT2 for ce1, RT3, RT4. */
function leaf1Advertised(): EvpnRouteRow[] {
  return [
    row({ routeType: 1, rd: '10.0.0.1:111', esi: ESI1, tag: 4294967295, nextHop: '10.0.0.1' }),
    row({ routeType: 1, rd: '10.0.0.1:111', esi: ESI1, tag: 0, nextHop: '10.0.0.1', vni: 1 }),
    row({ routeType: 2, rd: '10.0.0.1:111', esi: ESI1, tag: 0, mac: '00:c1:ab:00:00:11', nextHop: '10.0.0.1', vni: 1 }),
    row({ routeType: 3, rd: '10.0.0.1:111', tag: 0, originator: '10.0.0.1', nextHop: '10.0.0.1', vni: 1 }),
    row({ routeType: 4, rd: '10.0.0.1:0', esi: ESI1, originator: '10.0.0.1', nextHop: '10.0.0.1' }),
  ];
}

void test('advertised-routes evpn: the document\'s leaf1 tables cell for cell', { skip: !DOC }, () => {
  const peer = leaf1Peer();
  const rows = [
    ...leaf1Advertised(),
    row({ routeType: 3, rd: '10.0.0.9:111', tag: 0, originator: '10.0.0.9', nextHop: '10.0.0.9', peer: '10.0.0.3' }),
  ];
  const got = renderAdvertisedEvpn(peer, rows);
  // The document's first rule line is the command's; its rows from `Peer` on.
  assert.deepEqual(structure(got.trimEnd().split('\n')), structure(docLines(475, 518)));
  // Natural widths: every line of a table is as wide as its rulers.
  for (const block of got.split(/\n(?=Type )/)) {
    const t = block.split('\n').filter((l) => l.startsWith('+') || l.startsWith('|'));
    assert.ok(t.every((l) => l.length === t[0].length));
  }
});

void test('routes evpn route-type summary: the document\'s leaf3 and leaf2 tables cell for cell (MACs upper case, VNI `-` per ES)', { skip: !DOC }, () => {
  const rx = (r: Partial<EvpnRouteRow> & Pick<EvpnRouteRow, 'routeType' | 'rd' | 'nextHop'>) => row({ direction: 'received', peer: r.nextHop, ...r });
  const leaf3 = [
    ...['10.0.0.1', '10.0.0.2'].flatMap((ip) => [
      rx({ routeType: 1, rd: `${ip}:111`, esi: ESI1, tag: 0, nextHop: ip, vni: 1 }),
      rx({ routeType: 1, rd: `${ip}:111`, esi: ESI1, tag: 4294967295, nextHop: ip }),
      rx({ routeType: 2, rd: `${ip}:111`, esi: ESI1, tag: 0, mac: '00:c1:ab:00:00:11', nextHop: ip, vni: 1 }),
      rx({ routeType: 3, rd: `${ip}:111`, tag: 0, originator: ip, nextHop: ip, vni: 1 }),
    ]),
    row({ direction: 'local', routeType: 3, rd: '10.0.0.3:111', tag: 0, originator: '10.0.0.3', nextHop: '10.0.0.3' }),
  ];
  const got = renderEvpnRouteSummary(leaf3, { routerId: '10.0.0.3', asn: 103 });
  assert.deepEqual(structure(got.trimEnd().split('\n')), structure(docLines(637, 679)));
  const leaf2 = [
    rx({ routeType: 1, rd: '10.0.0.1:111', esi: ESI1, tag: 0, nextHop: '10.0.0.1', vni: 1 }),
    rx({ routeType: 1, rd: '10.0.0.1:111', esi: ESI1, tag: 4294967295, nextHop: '10.0.0.1' }),
    rx({ routeType: 2, rd: '10.0.0.1:111', esi: ESI1, tag: 0, mac: '00:c1:ab:00:00:11', nextHop: '10.0.0.1', vni: 1 }),
    rx({ routeType: 2, rd: '10.0.0.3:111', esi: '00:00:00:00:00:00:00:00:00:00', tag: 0, mac: '00:c1:ab:00:00:21', nextHop: '10.0.0.3', vni: 1 }),
    rx({ routeType: 2, rd: '10.0.0.3:111', esi: '00:00:00:00:00:00:00:00:00:00', tag: 0, mac: '00:c1:ab:00:00:23', nextHop: '10.0.0.3', vni: 1 }),
    rx({ routeType: 3, rd: '10.0.0.1:111', tag: 0, originator: '10.0.0.1', nextHop: '10.0.0.1', vni: 1 }),
    rx({ routeType: 3, rd: '10.0.0.3:111', tag: 0, originator: '10.0.0.3', nextHop: '10.0.0.3', vni: 1 }),
    rx({ routeType: 4, rd: '10.0.0.1:0', esi: ESI1, originator: '10.0.0.1', nextHop: '10.0.0.1' }),
  ];
  const got2 = renderEvpnRouteSummary(leaf2, { routerId: '10.0.0.2', asn: 102 });
  assert.deepEqual(structure(got2.trimEnd().split('\n')), structure(docLines(583, 632)));
});

/** Per table of a rendered page: its title and the widths of its columns (padding included), from its first rule. */
function tableWidths(text: string): Array<[string, number[]]> {
  const out: Array<[string, number[]]> = [];
  let title = '';
  let inTable = false;
  for (const l of text.split('\n')) {
    if (l.startsWith('Type ')) title = l;
    if (l.startsWith('+') && !inTable) {
      out.push([title, l.split('+').slice(1, -1).map((c) => c.length)]);
      inTable = true;
    } else if (!l.startsWith('+') && !l.startsWith('|')) inTable = false;
  }
  return out;
}

void test('at the document\'s terminal width, the BGP tables fill it as SR Linux\'s do: typed columns fixed, the others an equal share', () => {
  const peer = leaf1Peer();
  const adv = leaf1Advertised();
  // The document's leaf1 tables (lines 484-509), the page's 4 stray blanks (ERRATA 4) taken out of LocPref's rule: its terminal is 158 wide.
  const got = renderAdvertisedEvpn(peer, adv, { terminalWidth: 158 });
  assert.deepEqual(tableWidths(got), [
    ['Type 1 Ethernet Auto-Discovery Routes', [24, 32, 12, 24, 24, 9, 24]],
    ['Type 2 MAC-IP Advertisement Routes', [21, 12, 19, 21, 21, 21, 9, 21]],
    ['Type 3 Inclusive Multicast Ethernet Tag Routes', [27, 12, 21, 27, 27, 9, 27]],
    ['Type 4 Ethernet Segment Routes', [21, 32, 21, 21, 21, 9, 21]],
  ]);
  assert.ok(got.split('\n').filter((l) => /^-+$/.test(l)).every((l) => l.length === 158), 'page rules as wide as the terminal');
  // The document's leaf2 route-type summary (lines 592-625) at 162: types 1, 3 and 4 fit and fill; type 2's ten columns do not (SR Linux wraps it).
  const rx = (r: Partial<EvpnRouteRow> & Pick<EvpnRouteRow, 'routeType' | 'rd' | 'nextHop'>) => row({ direction: 'received', peer: r.nextHop, ...r });
  const sum = renderEvpnRouteSummary([
    rx({ routeType: 1, rd: '10.0.0.1:111', esi: ESI1, tag: 0, nextHop: '10.0.0.1', vni: 1 }),
    rx({ routeType: 2, rd: '10.0.0.1:111', esi: ESI1, tag: 0, mac: '00:c1:ab:00:00:11', nextHop: '10.0.0.1', vni: 1 }),
    rx({ routeType: 3, rd: '10.0.0.1:111', tag: 0, originator: '10.0.0.1', nextHop: '10.0.0.1', vni: 1 }),
    rx({ routeType: 4, rd: '10.0.0.1:0', esi: ESI1, originator: '10.0.0.1', nextHop: '10.0.0.1' }),
  ], { routerId: '10.0.0.2', asn: 102 }, { terminalWidth: 162 });
  const w = new Map(tableWidths(sum));
  assert.deepEqual(w.get('Type 1 Ethernet Auto-Discovery Routes'), [8, 25, 32, 12, 25, 25, 25]);
  assert.deepEqual(w.get('Type 3 Inclusive Multicast Ethernet Tag Routes'), [8, 38, 12, 21, 38, 38]);
  assert.deepEqual(w.get('Type 4 Ethernet Segment Routes'), [8, 28, 32, 28, 28, 28]);
  assert.ok(w.get('Type 2 MAC-IP Advertisement Routes')!.reduce((a, x) => a + x + 1, 1) <= 162, 'type 2 wrapped into the terminal');
  // Without a terminal width: natural widths, as before.
  assert.deepEqual(tableWidths(renderAdvertisedEvpn(peer, adv))[0][1], [21, 31, 12, 10, 5, 9, 6]);
});

void test('live rows: neighbor summary, advertised routes and the route table of an EVPN fabric (other names and addresses)', () => {
  const f = buildFabric([
    { name: 'x', ip: '198.51.100.1', onEs: true },
    { name: 'y', ip: '198.51.100.2', onEs: true },
    { name: 'z', ip: '198.51.100.9', onEs: false },
  ], { evis: [42] });
  f.sched.runFor(10 * SEC);
  f.pes.y.bridge.learn('bd-42', '02:cc:00:00:00:01', 'bond7.0');
  f.sched.runFor(2 * SEC);
  const z = f.pes.z.bgp;
  const src = { peers: () => z.peers(), evpnRoutes: () => z.evpnRows(), routerId: z.routerId, asn: z.localAs, now: f.sched.now };
  const nb = showBgp(['network-instance', 'default', 'protocols', 'bgp', 'neighbor'], src)!;
  assert.match(nb, /^BGP neighbor summary for network-instance "default"$/m);
  assert.match(nb, /^\| default +\| 198\.51\.100\.1 +\| overlay +\| S +\| 65100 +\| established +\| 0d:0h:0m:\d+s +\| evpn +\| \[3\/3\/1\] +\|$/m);
  assert.match(nb, /^2 configured neighbors, 2 configured sessions are established,0 disabled peers$/m);
  const adv = showBgp('network-instance default protocols bgp neighbor 198.51.100.2 advertised-routes evpn'.split(' '), src)!;
  assert.match(adv, /^Peer {8}: 198\.51\.100\.2, remote AS: 65100, local AS: 65100$/m);
  assert.match(adv, /^\| 198\.51\.100\.9:42 +\| 0 +\| 198\.51\.100\.9 +\| 198\.51\.100\.9 +\| - +\| 100 +\| +\|$/m);
  assert.match(adv, /^1 advertised Inclusive Multicast Ethernet Tag routes$/m);
  assert.match(adv, /^0 advertised Ethernet Segment routes$/m);
  const sum = showBgp('network-instance default protocols bgp routes evpn route-type summary'.split(' '), src)!;
  assert.match(sum, /^\| u\*> +\| 198\.51\.100\.2:42 +\| 0 +\| 02:CC:00:00:00:01 +\| 0\.0\.0\.0 +\| 198\.51\.100\.2 +\| 198\.51\.100\.2 +\| 5042 +\| 00:77:66:55:44:33:22:00:00:07 +\| - +\|$/m);
  assert.match(sum, /^4 Ethernet Auto-Discovery routes 4 used, 4 valid$/m);
  assert.match(sum, /^0 Ethernet Segment routes 0 used, 0 valid$/m);
  assert.match(sum, /^BGP Router ID: 198\.51\.100\.9 {6}AS: 65103 {6}Local AS: 65103$/m);
  const t2 = showBgp('network-instance default protocols bgp routes evpn route-type 2 summary'.split(' '), src)!;
  assert.match(t2, /^Type 2 MAC-IP Advertisement Routes$/m);
  assert.doesNotMatch(t2, /^Type [134] /m);
  assert.match(t2, /^\| u\*> +\| 198\.51\.100\.2:42 +\| 0 +\| 02:CC:00:00:00:01 /m);
  assert.deepEqual(t2.split('\n').filter((l) => / routes \d+ used, /.test(l)), ['1 MAC-IP Advertisement routes 1 used, 1 valid']);
  assert.equal(showBgp('network-instance default protocols bgp routes evpn route-type 6 summary'.split(' '), src), undefined);
  assert.throws(() => showBgp('network-instance default protocols bgp neighbor 203.0.113.1'.split(' '), src), CliError);
  assert.equal(srlUptime(((18 * 60 + 20) * 60 + 49) * SEC), '0d:18h:20m:49s');
  assert.match(renderBgpNeighbors([], 0), /^0 configured neighbors, 0 configured sessions are established,0 disabled peers$/m);
});

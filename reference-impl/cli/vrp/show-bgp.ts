/**
 * VRP `display bgp vpnv4 all peer` and `display bgp peer`, rendered from the live BGP process.
 * Column layout from the Huawei document (step 6 of "Configuring BFD for Static VPN Routes").
 */
import type { BgpPeerInfo, BgpProcess } from '../../protocols/bgp/process';
import { parseAddr } from '../../net/addr';
import { renderFixedLines } from '../../show/fixed';
import type { Column } from '../../show/model';

/** VRP's old-format peer columns (the document's): header and rows from the same fields. */
export interface BgpPeerRow {
  [k: string]: string | number;
  peer: string;
  version: number;
  as: number;
  msgRcvd: number;
  msgSent: number;
  outQ: number;
  /** fmtUpDown of the time in this state */
  upDown: string;
  state: string;
  prefRcv: number;
}

export const BGP_PEER_COLUMNS: Column<BgpPeerRow>[] = [
  { key: 'peer', header: 'Peer', width: 15 },
  { key: 'version', header: 'V', width: 1, align: 'right' },
  { key: 'as', header: 'AS', width: 5, align: 'right' },
  { key: 'msgRcvd', header: 'MsgRcvd', width: 8, align: 'right' },
  { key: 'msgSent', header: 'MsgSent', width: 8, align: 'right' },
  { key: 'outQ', header: 'OutQ', width: 7, align: 'right' },
  { key: 'upDown', header: 'Up/Down', width: 8, align: 'right' },
  // `Established` is wider than the field: it pushes PrefRcv on, as the document shows.
  { key: 'state', header: 'State', width: 6, align: 'right' },
  { key: 'prefRcv', header: 'PrefRcv', width: 7, align: 'right' },
];

/** VRP Up/Down: HH:MM:SS below one day, then hours and minutes as 0026h03m (our choice, see report). */
export function fmtUpDown(us: number): string {
  const s = Math.max(0, Math.floor(us / 1_000_000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const p2 = (n: number) => String(n).padStart(2, '0');
  if (h >= 24) return `${String(h).padStart(4, '0')}h${p2(m)}m`;
  return `${p2(h)}:${p2(m)}:${p2(sec)}`;
}

export function bgpPeerRow(p: BgpPeerInfo, now: number, pref: number): BgpPeerRow {
  return { peer: p.addr, version: 4, as: p.remoteAs, msgRcvd: p.msgRcvd, msgSent: p.msgSent, outQ: p.outQ, upDown: fmtUpDown(now - p.since), state: p.state, prefRcv: pref };
}

/** The header line and one line per row. */
function table(rows: BgpPeerRow[]): string[] {
  return renderFixedLines({ columns: BGP_PEER_COLUMNS, rows });
}

/** Peers sorted by address (VRP's own order is not documented; the document's example is not sorted). */
function byAddr(a: BgpPeerInfo, b: BgpPeerInfo): number {
  const x = parseAddr(a.addr)?.v ?? 0n;
  const y = parseAddr(b.addr)?.v ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}

function head(p: BgpProcess, peers: BgpPeerInfo[]): string[] {
  const est = peers.filter((x) => x.state === 'Established').length;
  return [
    '',
    ` BGP local router ID : ${p.routerId}`,
    ` Local AS number : ${p.localAs}`,
    ` Total number of peers : ${peers.length}`.padEnd(43) + `Peers in established state : ${est}`,
    '',
  ];
}

const enabled = (x: BgpPeerInfo, f: 'ipv4' | 'vpnv4') => (x.enabled ?? x.families).includes(f);

export function displayBgpVpnv4AllPeer(p: BgpProcess | undefined, now: number): string {
  if (!p) return '';
  const all = p.peers();
  const pub = all.filter((x) => x.vrf === '' && enabled(x, 'vpnv4')).sort(byAddr);
  const vrfPeers = all.filter((x) => x.vrf !== '').sort((a, b) => a.vrf.localeCompare(b.vrf) || byAddr(a, b));
  const lines = head(p, [...pub, ...vrfPeers]);
  const [header, ...body] = table(pub.map((x) => bgpPeerRow(x, now, x.prefRcv.vpnv4)));
  lines.push(header, '', ...body);
  const vrfs = [...new Set(vrfPeers.map((x) => x.vrf))];
  if (vrfs.length) {
    lines.push('', '  Peer of IPv4-family for vpn instance :');
    for (const v of vrfs) {
      lines.push('', ` VPN-Instance ${v}, Router ID ${p.routerId}:`);
      lines.push(...table(vrfPeers.filter((y) => y.vrf === v).map((x) => bgpPeerRow(x, now, x.prefRcv.ipv4))).slice(1));
    }
  }
  lines.push('');
  return lines.join('\n') + '\n';
}

/** `display bgp peer`: the public IPv4 unicast peers. */
export function displayBgpPeer(p: BgpProcess | undefined, now: number): string {
  if (!p) return '';
  const peers = p.peers().filter((x) => x.vrf === '' && enabled(x, 'ipv4')).sort(byAddr);
  const lines = head(p, peers);
  const [header, ...body] = table(peers.map((x) => bgpPeerRow(x, now, x.prefRcv.ipv4)));
  lines.push(header, '', ...body);
  lines.push('');
  return lines.join('\n') + '\n';
}

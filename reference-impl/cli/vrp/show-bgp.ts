/**
 * VRP `display bgp vpnv4 all peer` and `display bgp peer`, rendered from the live BGP process.
 * Column layout from the Huawei document (step 6 of "Configuring BFD for Static VPN Routes").
 */
import type { BgpPeerInfo, BgpProcess } from '../../protocols/bgp/process';
import { parseAddr } from '../../net/addr';

const HEADER = 'Peer            V    AS  MsgRcvd  MsgSent    OutQ  Up/Down  State PrefRcv';

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

function row(p: BgpPeerInfo, now: number, pref: number): string {
  return (
    p.addr.padEnd(15) +
    ' 4' +
    String(p.remoteAs).padStart(6) +
    String(p.msgRcvd).padStart(9) +
    String(p.msgSent).padStart(9) +
    String(p.outQ).padStart(8) +
    ' ' +
    fmtUpDown(now - p.since) +
    ' ' +
    p.state.padStart(11) +
    String(pref).padStart(8)
  );
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
  lines.push(HEADER, '');
  for (const x of pub) lines.push(row(x, now, x.prefRcv.vpnv4));
  const vrfs = [...new Set(vrfPeers.map((x) => x.vrf))];
  if (vrfs.length) {
    lines.push('', '  Peer of IPv4-family for vpn instance :');
    for (const v of vrfs) {
      lines.push('', ` VPN-Instance ${v}, Router ID ${p.routerId}:`);
      for (const x of vrfPeers.filter((y) => y.vrf === v)) lines.push(row(x, now, x.prefRcv.ipv4));
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
  lines.push(HEADER, '');
  for (const x of peers) lines.push(row(x, now, x.prefRcv.ipv4));
  lines.push('');
  return lines.join('\n') + '\n';
}

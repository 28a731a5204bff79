// `display ip interface brief`: a legend ("*down: administratively down", "(s): spoofing", ...),
// four "The number of interface that is UP|DOWN in Physical|Protocol is N" lines, the header
// "Interface  IP Address/Mask  Physical  Protocol [VPN]" and one row per interface:
//   GigabitEthernet0/1/0.1003(10G)    10.254.101.29/30     down       down     --
// NE40E/NE8000 V8 and CloudEngine print the VPN column ("--" = public network); AR and older
// VRP do not. Rows are read by fields, not columns (captures show misaligned rows). The counts
// cover every interface even when the output is filtered (`| include`), so they are returned
// as printed and not checked against the rows.
import { IPV4, type ParseContext, lines, parseError } from './text';

export interface VrpIpInterfaceRow {
  /** The name without the bandwidth identifier VRP may append ("100GE0/1/53(100M)" -> "100GE0/1/53"). */
  iface: string;
  /** "A.B.C.D/len"; absent when "unassigned". */
  address?: string;
  /** `*down` (shutdown) is admin-down; `^down` (standby), `!down` (FIB overload) and `down` are down. */
  physical: 'up' | 'down' | 'admin-down';
  /** "up(s)" (spoofing) is up; "*down" (shutdown network-layer) is down. */
  protocol: 'up' | 'down';
  /** The vpn-instance; absent for "--" or without a VPN column. */
  vrf?: string;
  /** The state words as printed ("*down", "up(s)"). */
  physicalRaw: string;
  protocolRaw: string;
}

export interface VrpIpInterfaceBrief {
  rows: VrpIpInterfaceRow[];
  physicalUp?: number;
  physicalDown?: number;
  protocolUp?: number;
  protocolDown?: number;
}

const HEADER = /^Interface\s+IP Address\/Mask\s+Physical\s+Protocol(\s+VPN)?$/;
const COUNT = /^The number of interface that is (UP|DOWN) in (Physical|Protocol) is (\d+)$/;
/** "*down: administratively down", "^down: standby", "(l): loopback", "(td): transceiver unmatch down". */
const LEGEND = /^(?:[*!^]down|\([A-Za-z]+\)):\s+\S/;
/** up, down, *down, ^down, !down, with optional markers: up(s), down(d), down(E). */
const STATE = /^([*!^]?)(up|down)((?:\([A-Za-z]+\))*)$/i;
const BANDWIDTH = /\(\d+(?:\.\d+)?[KMGT]\)$/;

function state(word: string, what: string, ctx: ParseContext, line: string): { mark: string; up: boolean } {
  const m = STATE.exec(word);
  if (!m) throw parseError(ctx, line, `unknown ${what} state "${word}"`);
  return { mark: m[1] as string, up: (m[2] as string).toLowerCase() === 'up' };
}

function address(word: string, ctx: ParseContext, line: string): string | undefined {
  if (word.toLowerCase() === 'unassigned') return undefined;
  const [a, len] = word.split('/');
  if (a === undefined || len === undefined || !IPV4.test(a) || a.split('.').some((o) => Number(o) > 255) || !/^\d{1,2}$/.test(len) || Number(len) > 32) {
    throw parseError(ctx, line, `address "${word}" is neither A.B.C.D/len nor unassigned`);
  }
  return word;
}

export function parseIpInterfaceBrief(text: string, ctx: ParseContext = {}): VrpIpInterfaceBrief {
  const out: VrpIpInterfaceBrief = { rows: [] };
  let vpnColumn: boolean | undefined;
  for (const line of lines(text)) {
    const t = line.trim();
    if (t === '') continue;
    if (vpnColumn === undefined) {
      const h = HEADER.exec(t);
      if (h) {
        vpnColumn = h[1] !== undefined;
        continue;
      }
      const c = COUNT.exec(t);
      if (c) {
        const key = `${(c[2] as string).toLowerCase()}${c[1] === 'UP' ? 'Up' : 'Down'}` as 'physicalUp' | 'physicalDown' | 'protocolUp' | 'protocolDown';
        out[key] = Number(c[3]);
        continue;
      }
      if (LEGEND.test(t)) continue;
      throw parseError(ctx, line, 'unexpected line before the "Interface IP Address/Mask Physical Protocol" header');
    }
    const f = t.split(/\s+/);
    if (f.length !== (vpnColumn ? 5 : 4)) throw parseError(ctx, line, `expected ${vpnColumn ? 5 : 4} fields, found ${f.length}`);
    const [name, addr, phy, proto, vpn] = f as [string, string, string, string, string | undefined];
    const p = state(phy, 'physical', ctx, line);
    const q = state(proto, 'protocol', ctx, line);
    const row: VrpIpInterfaceRow = {
      iface: name.replace(BANDWIDTH, ''),
      physical: p.up ? 'up' : p.mark === '*' ? 'admin-down' : 'down',
      protocol: q.up ? 'up' : 'down',
      physicalRaw: phy,
      protocolRaw: proto,
    };
    const a = address(addr, ctx, line);
    if (a !== undefined) row.address = a;
    if (vpn !== undefined && vpn !== '--') row.vrf = vpn;
    out.rows.push(row);
  }
  if (vpnColumn === undefined && text.trim() !== '') {
    throw parseError(ctx, text.trim().split('\n')[0] as string, 'no "Interface IP Address/Mask Physical Protocol" header');
  }
  return out;
}

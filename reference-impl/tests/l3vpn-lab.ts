/**
 * The Huawei VRP "BFD for static VPN routes" design with every name and number changed: three PEs
 * (P-EDGE-1..3) in AS 65000 running OSPF, LDP and MP-IBGP VPNv4 over loopbacks 10.255.0.x, a
 * dual-homed customer edge SITE-A-CE (loopback 198.51.100.1) reached through static routes that
 * track BFD sessions, and SITE-B-CE speaking EBGP (AS 64512) to P-EDGE-3, all in VPN instance
 * CUST_X (RT 200:7). The interface layout differs from the document's too: each PE's slots are
 * wired to other neighbours, and the topology mixes `ethN` and `GigabitEthernet` endpoints.
 */
import { parseTopology } from '../../topologies/loader';
import { Lab } from '../lab';
import { fmtAddr, parsePrefix } from '../net/addr';
import type { Route } from '../net/rib';
import { SEC } from '../sim/scheduler';
import type { TerminalSession } from '../mgmt/terminal';

export const VPN = 'CUST_X';
export const CE_LOOPBACK = '198.51.100.1';
export const LOOPBACK = { pe1: '10.255.0.1', pe2: '10.255.0.2', pe3: '10.255.0.3' } as const;
export const N = { pe1: 'P-EDGE-1', pe2: 'P-EDGE-2', pe3: 'P-EDGE-3', ce1: 'SITE-A-CE', ce2: 'SITE-B-CE' } as const;

/**
 * Links (GE0/N/0 is ethN):
 *   P-EDGE-1 GE0/3/0 172.16.13.1/30 -- P-EDGE-3 GE0/2/0 172.16.13.2/30
 *   P-EDGE-1 GE0/2/0 172.16.12.1/30 -- P-EDGE-2 GE0/1/0 172.16.12.2/30
 *   P-EDGE-2 GE0/2/0 172.16.23.1/30 -- P-EDGE-3 GE0/3/0 172.16.23.2/30
 *   P-EDGE-1 GE0/1/0 192.168.11.254/24 -- SITE-A-CE GE0/2/0 192.168.11.10/24
 *   P-EDGE-2 GE0/4/0 192.168.21.254/24 -- SITE-A-CE GE0/1/0 192.168.21.10/24
 *   P-EDGE-3 GE0/1/0 192.168.30.1/24 -- SITE-B-CE GE0/5/0 192.168.30.2/24
 */
export const TOPOLOGY = `name: l3vpn-bfd
topology:
  nodes:
    ${N.pe1}: { kind: huawei_vrp }
    ${N.pe2}: { kind: huawei_vrp }
    ${N.pe3}: { kind: huawei_vrp }
    ${N.ce1}: { kind: huawei_vrp }
    ${N.ce2}: { kind: huawei_vrp }
  links:
    - endpoints: ["${N.pe1}:eth3", "${N.pe3}:GigabitEthernet0/2/0"]
    - endpoints: ["${N.pe1}:GigabitEthernet0/2/0", "${N.pe2}:eth1"]
    - endpoints: ["${N.pe2}:eth2", "${N.pe3}:eth3"]
    - endpoints: ["${N.pe1}:eth1", "${N.ce1}:GigabitEthernet0/2/0"]
    - endpoints: ["${N.pe2}:GigabitEthernet0/4/0", "${N.ce1}:eth1"]
    - endpoints: ["${N.pe3}:eth1", "${N.ce2}:eth5"]
`;

interface PeSpec {
  name: string;
  lo: string;
  rd: string;
  core: Array<{ iface: string; addr: string; net: string }>;
  ce: { iface: string; addr: string; mask: string; net: string };
  /** The static route to the CE loopback and its BFD session (dual-homing PEs only). */
  bfd?: { name: string; peer: string };
  others: string[];
  ebgp?: { peer: string; as: number };
}

function peConfig(p: PeSpec): string {
  const l: string[] = ['#', `sysname ${p.name}`, '#', `ip vpn-instance ${VPN}`, ' ipv4-family',
    `  route-distinguisher ${p.rd}`, '  apply-label per-instance',
    '  vpn-target 200:7 export-extcommunity', '  vpn-target 200:7 import-extcommunity', '#'];
  if (p.bfd) l.push('bfd', '#');
  l.push(`mpls lsr-id ${p.lo}`, '#', 'mpls', '#', 'mpls ldp', '#');
  for (const c of p.core) l.push(`interface ${c.iface}`, ' undo shutdown', ` ip address ${c.addr} 255.255.255.252`, ' mpls', ' mpls ldp', '#');
  l.push(`interface ${p.ce.iface}`, ' undo shutdown', ` ip binding vpn-instance ${VPN}`, ` ip address ${p.ce.addr} ${p.ce.mask}`, '#');
  l.push('interface LoopBack1', ` ip address ${p.lo} 255.255.255.255`, '#');
  l.push('bgp 65000');
  for (const o of p.others) l.push(` peer ${o} as-number 65000`, ` peer ${o} connect-interface LoopBack1`);
  l.push(' #', ' ipv4-family unicast', '  undo synchronization');
  for (const o of p.others) l.push(`  peer ${o} enable`);
  l.push(' #', ' ipv4-family vpnv4', '  policy vpn-target');
  for (const o of p.others) l.push(`  peer ${o} enable`);
  l.push(' #', ` ipv4-family vpn-instance ${VPN}`);
  if (p.ebgp) l.push(`  peer ${p.ebgp.peer} as-number ${p.ebgp.as}`);
  l.push('  import-route direct');
  if (p.bfd) l.push('  import-route static');
  else l.push('  maximum load-balancing 2');
  l.push('#', 'ospf 1', ' area 0.0.0.0');
  for (const c of p.core) l.push(`  network ${c.net} 0.0.0.3`);
  l.push(`  network ${p.lo} 0.0.0.0`, '#');
  if (p.bfd) {
    l.push(`ip route-static vpn-instance ${VPN} ${CE_LOOPBACK} 255.255.255.255 ${p.bfd.peer} track bfd-session ${p.bfd.name}`, '#');
    l.push(`bfd ${p.bfd.name} bind peer-ip ${p.bfd.peer} vpn-instance ${VPN} interface ${p.ce.iface} source-ip ${p.ce.addr} auto`, '#');
  }
  l.push('return', '');
  return l.join('\n');
}

export const CONFIGS: Record<string, string> = {
  [N.pe1]: peConfig({
    name: N.pe1, lo: LOOPBACK.pe1, rd: '65000:11',
    core: [
      { iface: 'GigabitEthernet0/3/0', addr: '172.16.13.1', net: '172.16.13.0' },
      { iface: 'GigabitEthernet0/2/0', addr: '172.16.12.1', net: '172.16.12.0' },
    ],
    ce: { iface: 'GigabitEthernet0/1/0', addr: '192.168.11.254', mask: '255.255.255.0', net: '192.168.11.0' },
    bfd: { name: 'edge1_site_a', peer: '192.168.11.10' },
    others: [LOOPBACK.pe2, LOOPBACK.pe3],
  }),
  [N.pe2]: peConfig({
    name: N.pe2, lo: LOOPBACK.pe2, rd: '65000:12',
    core: [
      { iface: 'GigabitEthernet0/1/0', addr: '172.16.12.2', net: '172.16.12.0' },
      { iface: 'GigabitEthernet0/2/0', addr: '172.16.23.1', net: '172.16.23.0' },
    ],
    ce: { iface: 'GigabitEthernet0/4/0', addr: '192.168.21.254', mask: '255.255.255.0', net: '192.168.21.0' },
    bfd: { name: 'edge2_site_a', peer: '192.168.21.10' },
    others: [LOOPBACK.pe1, LOOPBACK.pe3],
  }),
  [N.pe3]: peConfig({
    name: N.pe3, lo: LOOPBACK.pe3, rd: '65000:13',
    core: [
      { iface: 'GigabitEthernet0/2/0', addr: '172.16.13.2', net: '172.16.13.0' },
      { iface: 'GigabitEthernet0/3/0', addr: '172.16.23.2', net: '172.16.23.0' },
    ],
    ce: { iface: 'GigabitEthernet0/1/0', addr: '192.168.30.1', mask: '255.255.255.0', net: '192.168.30.0' },
    others: [LOOPBACK.pe1, LOOPBACK.pe2],
    ebgp: { peer: '192.168.30.2', as: 64512 },
  }),
  [N.ce1]: `#
sysname ${N.ce1}
#
bfd
#
interface GigabitEthernet0/1/0
 undo shutdown
 ip address 192.168.21.10 255.255.255.0
#
interface GigabitEthernet0/2/0
 undo shutdown
 ip address 192.168.11.10 255.255.255.0
#
interface LoopBack1
 ip address ${CE_LOOPBACK} 255.255.255.255
#
load-balance packet all
#
ip route-static 0.0.0.0 0.0.0.0 192.168.11.254
ip route-static 0.0.0.0 0.0.0.0 192.168.21.254
#
bfd site_a_edge1 bind peer-ip 192.168.11.254 interface GigabitEthernet0/2/0 source-ip 192.168.11.10 auto
#
bfd site_a_edge2 bind peer-ip 192.168.21.254 interface GigabitEthernet0/1/0 source-ip 192.168.21.10 auto
#
return
`,
  [N.ce2]: `#
sysname ${N.ce2}
#
interface GigabitEthernet0/5/0
 undo shutdown
 ip address 192.168.30.2 255.255.255.0
#
bgp 64512
 peer 192.168.30.1 as-number 65000
 #
 ipv4-family unicast
  undo synchronization
  import-route direct
  peer 192.168.30.1 enable
#
return
`,
};

/** The lab built from TOPOLOGY with every node configured (asserting no configuration error). */
export async function createLab(seed: number): Promise<Lab> {
  const topo = await parseTopology(TOPOLOGY, 'l3vpn-bfd.clab.yml');
  const lab = Lab.create(topo, { mode: 'fast', telnet: false, ssh: false, seed });
  for (const [name, text] of Object.entries(CONFIGS)) {
    const errs = lab.node(name).device.applyConfig(text);
    if (errs.length) throw new Error(`${name}: ${JSON.stringify(errs)}`);
  }
  return lab;
}

/** The best route for `prefix` in a node's table (vrf '' is the public one). */
export function best(lab: Lab, node: string, vrf: string, prefix: string): Route | undefined {
  const p = parsePrefix(prefix);
  if (!p) throw new Error(`bad prefix ${prefix}`);
  return lab.node(node).node.vrf(vrf).rib[4].bestFor(p);
}

/** Next hops of the best route, sorted (empty when there is no route). */
export function nextHops(lab: Lab, node: string, vrf: string, prefix: string): string[] {
  const r = best(lab, node, vrf, prefix);
  return (r?.paths ?? []).map((p) => fmtAddr(p.via ?? p.nextHop ?? p.iface.v4!.addr)).sort();
}

/** Run one line in a session, advancing virtual time until it answers (at most `maxSec`). */
export async function run(lab: Lab, s: TerminalSession, line: string, maxSec = 120): Promise<string> {
  let done = false;
  const p = s.execute(line).then((r) => {
    done = true;
    return r.output;
  });
  await Promise.resolve();
  const deadline = lab.sched.now + maxSec * SEC;
  // Ping and tracert wait on scheduler timers: step the clock until the command resolves.
  while (!done && lab.sched.now < deadline) {
    lab.sched.runFor(SEC / 10);
    await new Promise((r) => setImmediate(r));
  }
  if (!done) throw new Error(`'${line}' did not finish in ${maxSec} s of virtual time`);
  return p;
}

/** Run one command in a fresh session on `node`. */
export async function cli(lab: Lab, node: string, line: string, maxSec = 120): Promise<string> {
  const s = lab.node(node).device.sessions()('test');
  try {
    return await run(lab, s, line, maxSec);
  } finally {
    s.close();
  }
}

/** Type several lines in one session (e.g. system-view, interface X, shutdown, commit); returns the outputs. */
export async function type(lab: Lab, node: string, lines: string[]): Promise<string[]> {
  const s = lab.node(node).device.sessions()('test');
  const out: string[] = [];
  try {
    for (const l of lines) out.push(await run(lab, s, l));
  } finally {
    s.close();
  }
  return out;
}

export interface BfdRow {
  local: number;
  remote: number;
  peer: string;
  state: string;
  iface: string;
}

/** The rows of `display bfd session all`. */
export function bfdRows(text: string): BfdRow[] {
  const rows: BfdRow[] = [];
  for (const m of text.matchAll(/^(\d+)\s+(\d+)\s+(\d+\.\d+\.\d+\.\d+)\s+(\S+)\s+\S+\s+(\S+)\s*$/gm)) {
    rows.push({ local: Number(m[1]), remote: Number(m[2]), peer: m[3], state: m[4], iface: m[5] });
  }
  return rows;
}

/** `display mpls ldp session`: peer LSR IDs by status. */
export function ldpPeers(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^ (\d+\.\d+\.\d+\.\d+):0\s+(\S+)/gm)].map((m) => [m[1], m[2]]));
}

/** `display bgp peer` / `display bgp vpnv4 all peer`: state and Up/Down by peer address. */
export function bgpPeers(text: string): Map<string, { as: number; state: string; upDown: string; prefRcv: number }> {
  return new Map([...text.matchAll(/^(\d+\.\d+\.\d+\.\d+)\s+4\s+(\d+)\s+\d+\s+\d+\s+\d+\s+(\S+)\s+(\S+)\s+(\d+)\s*$/gm)]
    .map((m) => [m[1], { as: Number(m[2]), upDown: m[3], state: m[4], prefRcv: Number(m[5]) }]));
}

/**
 * Test labs generated on the fly: a containerlab topology and freeRtr startup configs written to
 * a temporary folder, with hostnames, addresses, VRF and process numbers that appear in no
 * document, then loaded the way `netproof lab up` loads a lab. Used by the PVRP, net and lab
 * tests to show that the reference router computes its answers.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../topologies';
import { Lab } from '../lab';
import { Afi, parsePrefix, prefixKey } from '../net/addr';
import type { Route } from '../net/rib';
import type { FreeRtrDevice } from '../cli/freertr/device';
import type { FreeRtrSession } from '../cli/freertr/session';

export const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];

export interface GenOpts {
  /** Hostnames (and node names); default alpha, bravo, ... */
  names?: string[];
  /** `ecmp` under `router pvrpX` (default true). */
  ecmp?: boolean;
  /** Split horizon on every PVRP interface (default true: freeRtr's default). */
  splitHorizon?: boolean;
  vrf?: string;
  /** PVRP process number (default 1). */
  proc?: number;
  seed?: number;
  /** IPv6 too (default true). */
  v6?: boolean;
}

export interface GenPort {
  /** freeRtr name, e.g. ethernet2. */
  name: string;
  peer: number;
  peerPort: string;
  v4: string;
  v6: string;
  /** The link's subnets, e.g. 10.21.7.0/29 and 2001:db8:2::/64. */
  net4: string;
  net6: string;
}

export interface GenRouter {
  name: string;
  index: number;
  rid4: string;
  rid6: string;
  lo4: string;
  lo6: string;
  ports: GenPort[];
}

export interface GenLab {
  lab: Lab;
  /** Where the topology was written (removed once loaded). */
  file: string;
  vrf: string;
  proc: number;
  routers: GenRouter[];
}

/** One link: [node index, port number] on each side. */
export type LinkSpec = [[number, number], [number, number]];

const v4Of = (k: number, host: number) => `10.${20 + k}.7.${host}`;
const v6Of = (k: number, host: number) => `2001:db8:${(k + 1).toString(16)}::${host.toString(16)}`;

export function loopback4(i: number): string {
  return `10.255.0.${i + 1}`;
}
export function loopback6(i: number): string {
  return `2001:db8:ffff::${(i + 1).toString(16)}`;
}

/** Write the topology and configs for `n` routers and `links`, and load the lab (fast mode). */
export async function buildLab(n: number, links: LinkSpec[], opts: GenOpts = {}, patch?: (router: number, cfg: string) => string): Promise<GenLab> {
  const names = opts.names ?? NAMES.slice(0, n);
  if (names.length < n) throw new Error('not enough names');
  const vrf = opts.vrf ?? 'core';
  const proc = opts.proc ?? 1;
  const v6 = opts.v6 ?? true;
  const routers: GenRouter[] = names.slice(0, n).map((name, i) => ({
    name,
    index: i,
    rid4: `192.0.2.${i + 1}`,
    rid6: `198.51.100.${i + 1}`,
    lo4: loopback4(i),
    lo6: loopback6(i),
    ports: [],
  }));
  links.forEach(([[a, pa], [b, pb]], k) => {
    const net4 = `10.${20 + k}.7.0/29`;
    const net6 = `2001:db8:${(k + 1).toString(16)}::/64`;
    routers[a].ports.push({ name: `ethernet${pa}`, peer: b, peerPort: `ethernet${pb}`, v4: v4Of(k, 1), v6: v6Of(k, 1), net4, net6 });
    routers[b].ports.push({ name: `ethernet${pb}`, peer: a, peerPort: `ethernet${pa}`, v4: v4Of(k, 6), v6: v6Of(k, 6), net4, net6 });
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-pvrp-'));
  const yml: string[] = ['name: generated', 'topology:', '  nodes:'];
  for (const r of routers) {
    yml.push(`    ${r.name}:`, '      kind: rare', `      startup-config: ${r.name}.cfg`);
    let cfg = routerConfig(r, { vrf, proc, v6, ecmp: opts.ecmp ?? true, splitHorizon: opts.splitHorizon ?? true });
    if (patch) cfg = patch(r.index, cfg);
    fs.writeFileSync(path.join(dir, `${r.name}.cfg`), cfg);
  }
  yml.push('  links:');
  for (const [[a, pa], [b, pb]] of links) yml.push(`    - endpoints: ["${routers[a].name}:eth${pa}", "${routers[b].name}:eth${pb}"]`);
  const file = path.join(dir, 'generated.clab.yml');
  fs.writeFileSync(file, yml.join('\n') + '\n');
  const topo = await loadTopology(file);
  // The loaded topology holds the config texts (restartNode reapplies them from memory).
  fs.rmSync(dir, { recursive: true, force: true });
  const lab = Lab.create(topo, { mode: 'fast', telnet: false, seed: opts.seed ?? 7 });
  return { lab, file, vrf, proc, routers };
}

function routerConfig(r: GenRouter, o: { vrf: string; proc: number; v6: boolean; ecmp: boolean; splitHorizon: boolean }): string {
  const l: string[] = [`hostname ${r.name}`, '!', `vrf definition ${o.vrf}`, ' rd 65000:7', ' exit', '!'];
  const afis: Array<[4 | 6, string]> = o.v6 ? [[4, r.rid4], [6, r.rid6]] : [[4, r.rid4]];
  for (const [afi, rid] of afis) {
    l.push(`router pvrp${afi} ${o.proc}`, ` vrf ${o.vrf}`, ` router-id ${rid}`, ' redistribute connected');
    if (o.ecmp) l.push(' ecmp');
    l.push(' exit', '!');
  }
  l.push('interface loopback0', ` vrf forwarding ${o.vrf}`, ` ipv4 address ${r.lo4} 255.255.255.255`);
  if (o.v6) l.push(` ipv6 address ${r.lo6} ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff`);
  l.push(' no shutdown', ' exit', '!');
  for (const p of [...r.ports].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))) {
    l.push(`interface ${p.name}`, ` vrf forwarding ${o.vrf}`, ` ipv4 address ${p.v4} 255.255.255.248`);
    if (o.v6) l.push(` ipv6 address ${p.v6} ffff:ffff:ffff:ffff::`);
    for (const [afi] of afis) {
      l.push(` router pvrp${afi} ${o.proc} enable`);
      if (!o.splitHorizon) l.push(` no router pvrp${afi} ${o.proc} split-horizon`);
    }
    l.push(' no shutdown', ' exit', '!');
  }
  l.push('end');
  return l.join('\n') + '\n';
}

/** A line: router i's ethernet1 goes to router i+1's ethernet2. */
export function lineLab(n: number, opts: GenOpts = {}): Promise<GenLab> {
  const links: LinkSpec[] = [];
  for (let i = 0; i + 1 < n; i++) links.push([[i, 1], [i + 1, 2]]);
  return buildLab(n, links, opts);
}

/** A ring: like a line, plus the last router's ethernet1 to the first router's ethernet2. */
export function ringLab(n: number, opts: GenOpts = {}): Promise<GenLab> {
  const links: LinkSpec[] = [];
  for (let i = 0; i < n; i++) links.push([[i, 1], [(i + 1) % n, 2]]);
  return buildLab(n, links, opts);
}

export function device(g: GenLab, i: number): FreeRtrDevice {
  return g.lab.node(g.routers[i].name).device as FreeRtrDevice;
}

/** The route the VRF's routing table holds for exactly `prefix` (text), if any. */
export function route(g: GenLab, i: number, prefix: string, afi?: Afi): Route | undefined {
  const p = parsePrefix(prefix);
  if (!p) throw new Error(`bad prefix ${prefix}`);
  const rib = g.lab.node(g.routers[i].name).node.vrf(g.vrf).rib[afi ?? p.afi];
  return rib.routes().find((r) => prefixKey(r.prefix) === prefixKey(p));
}

/** Parse freeRtr's normal table form (`terminal table normal`) into rows of cells. */
export function parseNormalTable(text: string): { headers: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((x) => x.trim() !== '');
  const headers = lines[0].trim().split(/\s+/);
  // Columns start where their header starts (cells such as `P EX` hold a space).
  const rows = lines.slice(1).map((l) => splitByHeader(lines[0], l));
  return { headers, rows };
}

function splitByHeader(header: string, line: string): string[] {
  const starts: number[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header))) starts.push(m.index);
  return starts.map((s, i) => line.slice(s, i + 1 < starts.length ? starts[i + 1] : undefined).trim());
}

/** A freeRtr node's test session. */
export const freertrSession = (lab: Lab, n: string): FreeRtrSession => lab.node(n).device.sessions()('test') as FreeRtrSession;

/** A freeRtr show table's rows as whitespace-split cells, its header line dropped; a `%` answer fails the test. */
export async function freertrTable(s: FreeRtrSession, cmd: string): Promise<string[][]> {
  const out = (await s.execute(cmd)).output;
  assert.doesNotMatch(out, /^%/, cmd);
  return out
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.trim().split(/\s+/));
}

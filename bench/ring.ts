/**
 * A ring of N freeRtr routers running PVRP for IPv4 (containerlab kind `rare`):
 * r1:eth1-r2:eth2, r2:eth1-r3:eth2, ..., rN:eth1-r1:eth2. Written to a directory as a
 * *.clab.yml and one startup config per router, then loaded with loadTopology like any lab.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/** 2.2.X.Y/32 for router n. */
export function loopbackOf(n: number): string {
  return `2.2.${n >> 8}.${n & 255}`;
}

/** The /30 of link k (rk eth1 <-> r(k+1) eth2): .1 on rk, .2 on r(k+1), inside 10.0.0.0/16. */
function linkAddr(k: number, side: 1 | 2): string {
  const v = k * 4 + side;
  return `10.0.${v >> 8}.${v & 255}`;
}

export function routerConfig(n: number, size: number): string {
  const prev = n === 1 ? size : n - 1; // link `prev` ends on our eth2
  const iface = (name: string, addr: string) => [
    `interface ${name}`,
    ' vrf forwarding v1',
    ` ipv4 address ${addr} 255.255.255.252`,
    ' router pvrp4 1 enable',
    ' no shutdown',
    ' no log-link-change',
    ' exit',
    '!',
  ];
  return [
    `hostname r${n}`,
    '!',
    'vrf definition v1',
    ' rd 1:1',
    ' exit',
    '!',
    'router pvrp4 1',
    ' vrf v1',
    ` router-id 4.0.${n >> 8}.${n & 255}`,
    ' redistribute connected',
    ' ecmp',
    ' exit',
    '!',
    'interface loopback1',
    ' vrf forwarding v1',
    ` ipv4 address ${loopbackOf(n)} 255.255.255.255`,
    ' no shutdown',
    ' exit',
    '!',
    ...iface('ethernet1', linkAddr(n, 1)),
    ...iface('ethernet2', linkAddr(prev, 2)),
    'end',
    '',
  ].join('\n');
}

export function ringTopology(size: number): string {
  const out = [`name: pvrp-ring${size}`, 'topology:', '  nodes:'];
  for (let n = 1; n <= size; n++) out.push(`    r${n}:`, '      kind: rare', `      startup-config: r${n}.cfg`);
  out.push('  links:');
  for (let n = 1; n <= size; n++) out.push(`    - endpoints: ["r${n}:eth1", "r${n === size ? 1 : n + 1}:eth2"]`);
  return out.join('\n') + '\n';
}

/** Write the lab into `dir`; returns the path of the topology file. */
export async function writeRing(dir: string, size: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (let n = 1; n <= size; n++) await writeFile(path.join(dir, `r${n}.cfg`), routerConfig(n, size));
  const file = path.join(dir, `pvrp-ring${size}.clab.yml`);
  await writeFile(file, ringTopology(size));
  return file;
}

/** The router opposite `n` on a ring of `size` (equal distance both ways when size is even). */
export function opposite(n: number, size: number): number {
  return ((n - 1 + size / 2) % size) + 1;
}

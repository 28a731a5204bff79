/**
 * Checking and resolving `topology.links`: the brief form (`endpoints: ["r1:eth1", "r2:eth1"]`)
 * and the extended form (`{type: veth, endpoints: [{node, interface}]}`). Each link joins exactly
 * two endpoints of known nodes, and no node:interface is used twice.
 */
import type { Locator, YamlPath } from './errors';
import { getKind } from './kinds';
import { isDict } from './nodes';
import type { LinkEndpoint, TopologyLink, TopologyNode } from './types';

/** containerlab's special endpoints; the harness has no host or management bridge to attach to. */
const SPECIAL_NODES = new Set(['host', 'mgmt-net', 'macvlan', 'bridge', 'ovs-bridge']);

export function resolveLinks(loc: Locator, raw: unknown, nodes: ReadonlyMap<string, TopologyNode>): TopologyLink[] {
  const at: YamlPath = ['topology', 'links'];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw loc.error(at, '`topology.links` must be a list');
  const used = new Map<string, number>(); // node + native interface -> line of first use
  return raw.map((link: unknown, i) => {
    const linkPath = [...at, i];
    if (!isDict(link)) throw loc.error(linkPath, `link ${i + 1} must be a mapping with \`endpoints\``);
    if (link.type !== undefined && link.type !== 'veth') {
      throw loc.error([...linkPath, 'type'], `link ${i + 1}: link type '${String(link.type)}' is not supported (only veth)`);
    }
    const endpoints = link.endpoints;
    if (!Array.isArray(endpoints)) throw loc.error(linkPath, `link ${i + 1}: \`endpoints\` must be a list of two "node:interface" endpoints`);
    if (endpoints.length !== 2) {
      throw loc.error([...linkPath, 'endpoints'], `link ${i + 1} has ${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'}; a link needs exactly 2`);
    }
    const [a, b] = endpoints.map((ep: unknown, j) => {
      const epPath = [...linkPath, 'endpoints', j];
      const end = resolveEndpoint(loc, ep, epPath, nodes);
      const key = `${end.node}\u0000${end.nativeIface}`;
      const line = loc.pos(epPath).line;
      const first = used.get(key);
      if (first !== undefined) {
        throw loc.error(epPath, `endpoint '${end.node}:${end.iface}' is used twice (first at line ${first})`);
      }
      used.set(key, line);
      return end;
    });
    const result: TopologyLink = { a, b, line: loc.pos(linkPath).line };
    if (typeof link.mtu === 'number') result.mtu = link.mtu;
    return result;
  });
}

function resolveEndpoint(loc: Locator, ep: unknown, at: YamlPath, nodes: ReadonlyMap<string, TopologyNode>): LinkEndpoint {
  let node: string;
  let iface: string;
  if (typeof ep === 'string') {
    const m = /^([^:\s]+):([^:\s]+)$/.exec(ep);
    if (!m) throw loc.error(at, `malformed endpoint '${ep}': expected "node:interface"`);
    [, node, iface] = m;
  } else if (isDict(ep) && typeof ep.node === 'string' && typeof ep.interface === 'string' && ep.node && ep.interface) {
    node = ep.node;
    iface = ep.interface;
  } else {
    throw loc.error(at, `malformed endpoint ${JSON.stringify(ep)}: expected "node:interface" or {node, interface}`);
  }
  const def = nodes.get(node);
  if (!def) {
    if (SPECIAL_NODES.has(node)) throw loc.error(at, `endpoint '${node}:${iface}': links to '${node}' are not supported`);
    throw loc.error(at, `endpoint '${node}:${iface}': unknown node '${node}' (nodes: ${[...nodes.keys()].join(', ')})`);
  }
  let nativeIface: string;
  try {
    nativeIface = getKind(def.kind).ifaceName(iface);
  } catch (err) {
    throw loc.error(at, `endpoint '${node}:${iface}': ${err instanceof Error ? err.message : String(err)}`);
  }
  return { node, iface, nativeIface };
}

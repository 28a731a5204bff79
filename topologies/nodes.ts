/**
 * Resolving one node of a topology: check the fields of each layer, merge them in containerlab's
 * order (defaults < kinds[kind] < groups[group] < node), look the kind up in the registry and read
 * the startup config.
 */
import { stat, readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, YamlPath } from './errors';
import { findKind, knownKinds } from './kinds';
import type { NodeDef, TopologyNode } from './types';

type Dict = Record<string, unknown>;

/** One source of settings: its values (checked) and where it sits in the file. */
interface Layer {
  def: Dict;
  path: YamlPath;
}

const STRING_FIELDS = ['kind', 'image', 'type', 'startup-config', 'license', 'cmd', 'entrypoint', 'user', 'network-mode', 'mgmt-ipv4', 'mgmt-ipv6', 'group'];
const BOOLEAN_FIELDS = ['enforce-startup-config', 'suppress-startup-config'];
const LIST_FIELDS = ['binds', 'exec', 'ports'];
const MAP_FIELDS = ['env', 'labels'];
const NODE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** Checks the field types of one settings block; returns a copy with scalars as strings. */
export function checkSettings(loc: Locator, value: unknown, at: YamlPath, what: string): Dict {
  if (value === null || value === undefined) return {};
  if (!isDict(value)) throw loc.error(at, `${what} must be a mapping`);
  const out: Dict = {};
  for (const [key, v] of Object.entries(value)) {
    const p = [...at, key];
    if (v === null || v === undefined) continue;
    if (STRING_FIELDS.includes(key)) {
      if (typeof v !== 'string' && typeof v !== 'number') throw loc.error(p, `${what}: \`${key}\` must be a string`);
      out[key] = String(v);
    } else if (BOOLEAN_FIELDS.includes(key)) {
      if (typeof v !== 'boolean') throw loc.error(p, `${what}: \`${key}\` must be true or false`);
      out[key] = v;
    } else if (LIST_FIELDS.includes(key)) {
      if (!Array.isArray(v)) throw loc.error(p, `${what}: \`${key}\` must be a list of strings`);
      v.forEach((item, i) => {
        if (!isScalar(item)) throw loc.error([...p, i], `${what}: \`${key}\` must be a list of strings`);
      });
      out[key] = v.map(String);
    } else if (MAP_FIELDS.includes(key)) {
      if (!isDict(v)) throw loc.error(p, `${what}: \`${key}\` must be a mapping of names to values`);
      const m: Record<string, string> = {};
      for (const [k, x] of Object.entries(v)) {
        if (x !== null && !isScalar(x)) throw loc.error([...p, k], `${what}: \`${key}.${k}\` must be a scalar`);
        m[k] = x === null ? '' : String(x);
      }
      out[key] = m;
    } else {
      out[key] = v; // fields the harness does not model are kept as written
    }
  }
  return out;
}

/** `host:container[:opts]` binds: a later layer's bind replaces an earlier one for the same container path. */
function mergeBinds(earlier: string[], later: string[]): string[] {
  const target = (b: string): string => b.split(':')[1] ?? b;
  const replaced = new Set(later.map(target));
  return [...earlier.filter((b) => !replaced.has(target(b))), ...later];
}

/** The host side of a bind, relative to the topology file's folder, made absolute. */
function absoluteBind(dir: string, bind: string): string {
  const [host, ...rest] = bind.split(':');
  return rest.length === 0 ? bind : [path.resolve(dir, host), ...rest].join(':');
}

export interface NodeSections {
  defaults: Dict;
  kinds: Record<string, Dict>;
  groups: Record<string, Dict>;
}

/** Resolves node `name` (its raw value as parsed) against the checked sections. */
export async function resolveNode(loc: Locator, dir: string, name: string, raw: unknown, sections: NodeSections): Promise<TopologyNode> {
  const nodePath = ['topology', 'nodes', name];
  if (!NODE_NAME.test(name)) throw loc.error(nodePath, `node name '${name}' is not valid (letters, digits, '_', '.', '-')`, true);
  const what = `node ${name}`;
  const node = checkSettings(loc, raw, nodePath, what);

  let group: Layer | undefined;
  if (typeof node.group === 'string') {
    const g = sections.groups[node.group];
    if (!g) {
      const known = Object.keys(sections.groups);
      throw loc.error([...nodePath, 'group'], `${what}: unknown group '${node.group}' (${known.length ? `groups: ${known.join(', ')}` : 'topology.groups is empty'})`);
    }
    group = { def: g, path: ['topology', 'groups', node.group] };
  }
  const defaults: Layer = { def: sections.defaults, path: ['topology', 'defaults'] };
  const own: Layer = { def: node, path: nodePath };

  // The kind comes from the node, its group or the defaults; it then selects the kinds[] block.
  const kindLayer = [own, group, defaults].find((l) => l && typeof l.def.kind === 'string');
  if (!kindLayer) throw loc.error(nodePath, `${what} has no kind (set \`kind\` on the node, its group or topology.defaults)`, true);
  const kindName = kindLayer.def.kind as string;
  const kind = findKind(kindName);
  if (!kind) throw loc.error([...kindLayer.path, 'kind'], `${what}: unknown kind '${kindName}' (known kinds: ${knownKinds().join(', ')})`);
  const kindLayers: Layer[] = Object.entries(sections.kinds)
    .filter(([k]) => findKind(k) === kind)
    .map(([k, def]) => ({ def, path: ['topology', 'kinds', k] }));

  const merged: Dict = {};
  const source: Record<string, YamlPath> = {};
  for (const layer of [defaults, ...kindLayers, ...(group ? [group] : []), own]) {
    for (const [key, v] of Object.entries(layer.def)) {
      if (key === 'env' || key === 'labels') merged[key] = { ...(merged[key] as Dict | undefined), ...(v as Dict) };
      else if (key === 'binds') merged[key] = mergeBinds((merged[key] as string[] | undefined) ?? [], v as string[]);
      else merged[key] = v;
      source[key] = [...layer.path, key];
    }
  }
  merged.kind = kind.name;

  const result: TopologyNode = {
    name,
    kind: kind.name,
    dialect: kind.dialect,
    image: (merged.image as string | undefined) ?? kind.defaultImage,
    labels: (merged.labels as Record<string, string> | undefined) ?? {},
    env: (merged.env as Record<string, string> | undefined) ?? {},
    binds: ((merged.binds as string[] | undefined) ?? []).map((b) => absoluteBind(dir, b)),
    exec: (merged.exec as string[] | undefined) ?? [],
    settings: merged as NodeDef,
    line: loc.pos(nodePath, true).line,
  };
  if (kind.dialectOf) result.dialect = kind.dialectOf(result);
  if (typeof merged.type === 'string') result.type = merged.type;
  if (typeof merged.group === 'string') result.group = merged.group;
  if (typeof merged['mgmt-ipv4'] === 'string') result.mgmtIpv4 = merged['mgmt-ipv4'];
  if (typeof merged['mgmt-ipv6'] === 'string') result.mgmtIpv6 = merged['mgmt-ipv6'];
  if (typeof merged['startup-config'] === 'string') {
    Object.assign(result, await readStartupConfig(loc, dir, name, merged['startup-config'], source['startup-config']));
  }
  return result;
}

/**
 * A startup-config is a file path relative to the topology file's folder (`~/` and
 * containerlab's `__clabNodeName__` are expanded), or the config itself when it spans lines.
 */
async function readStartupConfig(
  loc: Locator, dir: string, node: string, value: string, at: YamlPath,
): Promise<{ startupConfig?: string; startupConfigText: string }> {
  if (value.includes('\n')) return { startupConfigText: value };
  const written = value.replace(/__clabNodeName__/g, node);
  const expanded = written.startsWith('~/') ? path.join(os.homedir(), written.slice(2)) : written;
  const file = path.resolve(dir, expanded);
  const where = `${written} (looked for ${file}; relative paths are taken from the topology file's folder)`;
  let info;
  try {
    info = await stat(file);
  } catch {
    throw loc.error(at, `node ${node}: startup-config file not found: ${where}`);
  }
  if (!info.isFile()) throw loc.error(at, `node ${node}: startup-config is not a file: ${where}`);
  return { startupConfig: file, startupConfigText: await readFile(file, 'utf8') };
}

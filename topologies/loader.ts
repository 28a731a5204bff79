/**
 * loadTopology(): a containerlab topology file (*.clab.yml) to a checked, resolved Topology.
 * Every problem is a TopologyError with the file, line and column (errors.ts).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { Locator, TopologyError } from './errors';
import { resolveLinks } from './links';
import { checkSettings, isDict, resolveNode, type NodeSections } from './nodes';
import type { MgmtDef, Topology, TopologyNode } from './types';

export async function loadTopology(file: string): Promise<Topology> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new TopologyError(file, 1, 1, `cannot read the topology file (${code})`);
  }
  return parseTopology(text, file);
}

/** Parses topology text; `file` names it in errors and anchors relative paths. */
export async function parseTopology(text: string, file: string): Promise<Topology> {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const loc = new Locator(file, doc, lines);
  const syntax = doc.errors[0];
  if (syntax) {
    const p = loc.posAt(syntax.pos[0]);
    throw new TopologyError(file, p.line, p.column, `YAML syntax error: ${syntax.message}`);
  }

  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw loc.error([], `YAML error: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isDict(root)) {
    const found = root === null || root === undefined ? 'the file is empty' : `found ${Array.isArray(root) ? 'a list' : `a ${typeof root}`}`;
    throw loc.error([], `a topology file must be a mapping with \`name\` and \`topology\` (${found})`);
  }
  const name = root.name ?? defaultName(abs);
  if (typeof name !== 'string' && typeof name !== 'number') throw loc.error(['name'], '`name` must be a string');
  if (root.prefix !== undefined && typeof root.prefix !== 'string') throw loc.error(['prefix'], '`prefix` must be a string');
  if (root.mgmt !== undefined && !isDict(root.mgmt)) throw loc.error(['mgmt'], '`mgmt` must be a mapping');

  const topo = root.topology;
  if (topo === undefined || topo === null) throw loc.error([], 'missing `topology.nodes` (there is no `topology` section)');
  if (!isDict(topo)) throw loc.error(['topology'], '`topology` must be a mapping with `nodes` and `links`');
  if (topo.nodes === undefined || topo.nodes === null) throw loc.error(['topology'], 'missing `topology.nodes`', true);
  if (!isDict(topo.nodes)) throw loc.error(['topology', 'nodes'], '`topology.nodes` must be a mapping of node names to nodes');
  if (Object.keys(topo.nodes).length === 0) throw loc.error(['topology', 'nodes'], '`topology.nodes` is empty');

  const sections: NodeSections = {
    defaults: checkSettings(loc, topo.defaults, ['topology', 'defaults'], 'topology.defaults'),
    kinds: checkSection(loc, topo.kinds, 'kinds'),
    groups: checkSection(loc, topo.groups, 'groups'),
  };
  const nodes = new Map<string, TopologyNode>();
  for (const [nodeName, raw] of Object.entries(topo.nodes)) {
    nodes.set(nodeName, await resolveNode(loc, dir, nodeName, raw, sections));
  }
  const links = resolveLinks(loc, topo.links, nodes);

  const result: Topology = { name: String(name), file: abs, dir, nodes: [...nodes.values()], links };
  if (typeof root.prefix === 'string') result.prefix = root.prefix;
  if (isDict(root.mgmt)) result.mgmt = root.mgmt as MgmtDef;
  return result;
}

/** `topology.kinds` or `topology.groups`: a mapping of names to settings blocks. */
function checkSection(loc: Locator, value: unknown, section: 'kinds' | 'groups'): Record<string, Record<string, unknown>> {
  const at = ['topology', section];
  if (value === undefined || value === null) return {};
  if (!isDict(value)) throw loc.error(at, `\`topology.${section}\` must be a mapping`);
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, v] of Object.entries(value)) out[key] = checkSettings(loc, v, [...at, key], `topology.${section}.${key}`);
  return out;
}

/** A file without `name` is named after itself: `lab.clab.yml` -> `lab`. */
function defaultName(file: string): string {
  return path.basename(file).replace(/(\.clab)?\.ya?ml$/, '');
}

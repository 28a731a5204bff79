// Inventory files: topology node names -> how to reach the device.
//
//   defaults:                      # optional, applies to every device
//     transport: telnet
//     dialect: freertr
//   devices:
//     r1: {host: 10.0.0.1, port: 2323, username_env: R1_USER, password_env: R1_PASS}
//
// Credentials never sit in the file: it names environment variables, read at load time.
// Every problem is one InventoryError line: file, line number where known, what is wrong.
import { readFileSync } from 'node:fs';
import { LineCounter, type Node, type ParsedNode, isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { InventoryError } from './errors';
import { listPlatforms } from './platforms';

export type TransportKind = 'telnet' | 'ssh';
export const TRANSPORTS: readonly TransportKind[] = ['telnet', 'ssh'];
const DEFAULT_PORTS: Record<TransportKind, number> = { telnet: 23, ssh: 22 };

export interface InventoryDevice {
  /** The topology node name. */
  name: string;
  host: string;
  port: number;
  transport: TransportKind;
  dialect: string;
  usernameEnv?: string;
  passwordEnv?: string;
  username?: string;
  /** Not enumerable: JSON.stringify and console.log do not show it. */
  password?: string;
}

export interface Inventory {
  file: string;
  devices: Record<string, InventoryDevice>;
}

const DEVICE_KEYS = ['host', 'port', 'transport', 'dialect', 'username_env', 'password_env'] as const;
const DEFAULT_KEYS = ['port', 'transport', 'dialect', 'username_env', 'password_env'] as const;
const TOP_KEYS = ['devices', 'defaults'] as const;

type Env = Record<string, string | undefined>;

class Reader {
  constructor(readonly file: string, private readonly lc: LineCounter) {}

  fail(node: Node | null | undefined, problem: string): never {
    const offset = node?.range?.[0];
    const line = offset === undefined ? undefined : this.lc.linePos(offset).line;
    throw new InventoryError(this.file, line, problem);
  }

  map(node: ParsedNode | null | undefined, what: string, at: Node | null | undefined): YAMLMap<ParsedNode, ParsedNode | null> {
    if (!isMap(node)) this.fail(node ?? at, `${what} must be a mapping`);
    return node as YAMLMap<ParsedNode, ParsedNode | null>;
  }

  /** The map's entries as [key, value node], rejecting unknown keys. */
  entries(map: YAMLMap<ParsedNode, ParsedNode | null>, allowed: readonly string[], what: string): Map<string, ParsedNode | null> {
    const out = new Map<string, ParsedNode | null>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null) this.fail(pair.key, `${what}: keys must be plain names`);
      if (!allowed.includes(key)) this.fail(pair.key, `${what}: unknown key "${key}" (known: ${allowed.join(', ')})`);
      out.set(key, pair.value);
    }
    return out;
  }

  str(node: ParsedNode | null | undefined, what: string): string {
    if (!isScalar(node) || node.value === null || typeof node.value === 'object' || String(node.value).trim() === '') {
      this.fail(node, `${what} must be a non-empty string`);
    }
    return String((node as { value: unknown }).value);
  }
}

/** Parses inventory text. `file` is used in messages only. */
export function parseInventory(text: string, file: string, env: Env = process.env): Inventory {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const r = new Reader(file, lc);
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? lc.linePos(err.pos[0]).line;
    throw new InventoryError(file, line, `not valid YAML: ${err.message.split('\n')[0] ?? ''}`);
  }
  const top = r.entries(r.map(doc.contents, 'the inventory', null), TOP_KEYS, 'inventory');
  const defaults = top.has('defaults') ? r.entries(r.map(top.get('defaults'), '"defaults"', null), DEFAULT_KEYS, 'defaults') : new Map<string, ParsedNode | null>();
  if (!top.has('devices')) r.fail(doc.contents, 'missing "devices" mapping');
  const devicesNode = r.map(top.get('devices'), '"devices"', doc.contents);
  const devices: Record<string, InventoryDevice> = {};
  for (const pair of devicesNode.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : r.fail(pair.key, 'device names must be plain names');
    devices[name] = readDevice(r, name, pair.value, pair.key, defaults, env);
  }
  return { file, devices };
}

function readDevice(r: Reader, name: string, node: ParsedNode | null, keyNode: Node | null, defaults: Map<string, ParsedNode | null>, env: Env): InventoryDevice {
  const own = r.entries(r.map(node, `device "${name}"`, keyNode), DEVICE_KEYS, `device "${name}"`);
  const get = (k: string): ParsedNode | null | undefined => (own.has(k) ? own.get(k) : defaults.get(k));
  const has = (k: string): boolean => own.has(k) || defaults.has(k);

  if (!own.has('host')) r.fail(node, `device "${name}": missing "host"`);
  const host = r.str(own.get('host'), `device "${name}": host`);

  const transportNode = get('transport');
  const transport = has('transport') ? r.str(transportNode, `device "${name}": transport`) : 'telnet';
  if (!(TRANSPORTS as readonly string[]).includes(transport)) {
    r.fail(transportNode, `device "${name}": unknown transport "${transport}" (known: ${TRANSPORTS.join(', ')})`);
  }
  const kind = transport as TransportKind;

  let port = DEFAULT_PORTS[kind];
  if (has('port')) {
    const p = get('port');
    const v = isScalar(p) ? Number(p.value) : NaN;
    if (!Number.isInteger(v) || v < 1 || v > 65535) r.fail(p, `device "${name}": port must be a whole number from 1 to 65535`);
    port = v;
  }

  if (!has('dialect')) r.fail(node, `device "${name}": missing "dialect"`);
  const dialectNode = get('dialect');
  const dialect = r.str(dialectNode, `device "${name}": dialect`);
  const known = listPlatforms();
  if (!known.includes(dialect)) r.fail(dialectNode, `device "${name}": unknown dialect "${dialect}" (known: ${known.join(', ')})`);

  const device: InventoryDevice = { name, host, port, transport: kind, dialect };
  for (const [key, field] of [['username_env', 'username'], ['password_env', 'password']] as const) {
    if (!has(key)) continue;
    const n = get(key);
    const varName = r.str(n, `device "${name}": ${key}`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(varName)) r.fail(n, `device "${name}": ${key} "${varName}" is not an environment variable name`);
    const value = env[varName];
    if (value === undefined) r.fail(n, `device "${name}": environment variable ${varName} (${key}) is not set`);
    if (field === 'username') {
      device.usernameEnv = varName;
      device.username = value;
    } else {
      device.passwordEnv = varName;
      Object.defineProperty(device, 'password', { value, enumerable: false, writable: false });
    }
  }
  return device;
}

/** Reads and parses an inventory file. */
export function loadInventory(file: string, env: Env = process.env): Inventory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
    throw new InventoryError(file, undefined, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code || 'error'})`);
  }
  return parseInventory(text, file, env);
}

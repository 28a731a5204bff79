// Inventory files: topology node names -> how to reach the device.
//
//   defaults:                      # optional, applies to every device
//     transport: telnet
//     dialect: freertr
//   devices:
//     r1: {host: 10.0.0.1, port: 2323, username_env: R1_USER, password_env: R1_PASS}
//     r2:
//       host: 10.0.0.2
//       transport: ssh                # port defaults to 22
//       username_env: R2_USER
//       key_file: keys/r2_ed25519     # private key; relative to this file; tried before the password
//       passphrase_env: R2_KEY_PASS   # the key's passphrase, if it has one
//       enable_password_env: R2_ENABLE  # IOS XE enable secret (answered when a mode needs it)
//       host_key_fingerprint: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s   # pinned host key
//       known_hosts: ~/.ssh/known_hosts   # used when no fingerprint is pinned (this is the default)
//       insecure_accept_host_key: false   # true accepts any host key (labs only)
//     leaf1:
//       host: 10.0.0.3
//       transport: ssh
//       dialect: srlinux
//       username_env: SRL_USER            # the gNMI login is the device's username and password
//       password_env: SRL_PASS
//       gnmi_port: 57400                  # the device's gNMI server (SR Linux's default port)
//       gnmi_ca_file: certs/lab-ca.pem    # the CA that signed its TLS certificate; relative to this file
//       gnmi_insecure: false              # true: TLS without checking the certificate (labs only)
//
// Credentials never sit in the file: it names environment variables, read at load time.
// SSH host keys: the pinned fingerprint, else known_hosts (plain, hashed and [host]:port entries),
// unless insecure_accept_host_key (or NETPROOF_INSECURE_ACCEPT_HOST_KEY=1, or
// `netproof run --insecure-accept-host-key`) says otherwise.
// Every problem is one InventoryError line: file, line number where known, what is wrong.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
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
  /** SSH private key file, absolute (resolved against the inventory file's folder). */
  keyFile?: string;
  passphraseEnv?: string;
  /** Not enumerable, like the password. */
  passphrase?: string;
  enablePasswordEnv?: string;
  /** Not enumerable, like the password: the enable secret, for platforms whose mode graph asks for it. */
  enablePassword?: string;
  /** Pinned SSH host key, "SHA256:...". */
  hostKeyFingerprint?: string;
  /** known_hosts file, absolute ("~/" expanded). */
  knownHostsFile?: string;
  insecureAcceptHostKey?: boolean;
  /** The device's gNMI server (same host), where the inventory names one. */
  gnmi?: { port: number; caFile?: string; insecure?: boolean };
}

export interface Inventory {
  file: string;
  devices: Record<string, InventoryDevice>;
  /** Line of each device's entry (its name), for messages. */
  lines?: Record<string, number>;
  /** Line of the "devices:" key. */
  devicesLine?: number;
}

const SSH_KEYS = ['key_file', 'passphrase_env', 'host_key_fingerprint', 'known_hosts', 'insecure_accept_host_key'] as const;
const GNMI_KEYS = ['gnmi_port', 'gnmi_ca_file', 'gnmi_insecure'] as const;
const DEVICE_KEYS = ['host', 'port', 'transport', 'dialect', 'username_env', 'password_env', 'enable_password_env', ...SSH_KEYS, ...GNMI_KEYS] as const;
const DEFAULT_KEYS = ['port', 'transport', 'dialect', 'username_env', 'password_env', 'enable_password_env', ...SSH_KEYS, ...GNMI_KEYS] as const;
const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}=?$/;
const TOP_KEYS = ['devices', 'defaults'] as const;

type Env = Record<string, string | undefined>;

class Reader {
  /** Problems that do not stop the reading (an unset variable, a missing key file, an unknown dialect). */
  readonly problems: InventoryError[] = [];

  constructor(readonly file: string, private readonly lc: LineCounter) {}

  line(node: Node | null | undefined): number | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lc.linePos(offset).line;
  }

  fail(node: Node | null | undefined, problem: string): never {
    throw new InventoryError(this.file, this.line(node), problem);
  }

  /** Records a problem and goes on reading. */
  soft(node: Node | null | undefined, problem: string): void {
    this.problems.push(new InventoryError(this.file, this.line(node), problem));
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

/** Parses inventory text. `file` is used in messages only. Throws the first problem. */
export function parseInventory(text: string, file: string, env: Env = process.env): Inventory {
  const r = readInventoryText(text, file, env);
  if (r.problems.length > 0) throw r.problems[0] as InventoryError;
  return r.inventory as Inventory;
}

/**
 * Parses inventory text and returns every problem found (one InventoryError line each, naming
 * the file and line) instead of stopping at the first. `inventory` is null only when the file's
 * structure is unusable (not YAML, not a mapping); otherwise it holds what could be read.
 */
export function readInventoryText(text: string, file: string, env: Env = process.env): { inventory: Inventory | null; problems: InventoryError[] } {
  const lc = new LineCounter();
  const r = new Reader(file, lc);
  try {
    const inventory = parseWith(r, lc, text, file, env);
    return { inventory, problems: r.problems };
  } catch (e) {
    if (e instanceof InventoryError) return { inventory: null, problems: [...r.problems, e] };
    throw e;
  }
}

function parseWith(r: Reader, lc: LineCounter, text: string, file: string, env: Env): Inventory {
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
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
  const lines: Record<string, number> = {};
  for (const pair of devicesNode.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : r.fail(pair.key, 'device names must be plain names');
    const line = r.line(pair.key as Node);
    if (line !== undefined) lines[name] = line;
    // One device's structural problem (a missing host, a bad port) does not hide the others'.
    try {
      devices[name] = readDevice(r, name, pair.value, pair.key, defaults, env);
    } catch (e) {
      if (!(e instanceof InventoryError)) throw e;
      r.problems.push(e);
    }
  }
  const devicesKey = doc.contents && isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'devices')?.key : undefined;
  return { file, devices, lines, devicesLine: r.line(devicesKey as Node | undefined) };
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
  if (!known.includes(dialect)) r.soft(dialectNode, `device "${name}": unknown dialect "${dialect}" (known: ${known.join(', ')})`);

  const device: InventoryDevice = { name, host, port, transport: kind, dialect };
  for (const [key, field] of [['username_env', 'username'], ['password_env', 'password'], ['passphrase_env', 'passphrase'], ['enable_password_env', 'enable']] as const) {
    if (!has(key)) continue;
    const n = get(key);
    const varName = r.str(n, `device "${name}": ${key}`);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(varName)) r.fail(n, `device "${name}": ${key} "${varName}" is not an environment variable name`);
    const value = env[varName];
    if (value === undefined) { r.soft(n, `device "${name}": environment variable ${varName} (${key}) is not set`); continue; }
    if (field === 'username') {
      device.usernameEnv = varName;
      device.username = value;
    } else if (field === 'password') {
      device.passwordEnv = varName;
      Object.defineProperty(device, 'password', { value, enumerable: false, writable: false });
    } else if (field === 'passphrase') {
      device.passphraseEnv = varName;
      Object.defineProperty(device, 'passphrase', { value, enumerable: false, writable: false });
    } else {
      device.enablePasswordEnv = varName;
      Object.defineProperty(device, 'enablePassword', { value, enumerable: false, writable: false });
    }
  }
  readSshFields(r, name, device, get, has);
  readGnmiFields(r, name, device, own, get, has);
  return device;
}

/**
 * gNMI: a port, and how its TLS certificate is checked: a CA file, or gnmi_insecure: true said
 * out loud (as insecure_accept_host_key is for SSH). A CA file or gnmi_insecure without a port is
 * refused too: it names a server the inventory does not give.
 */
function readGnmiFields(r: Reader, name: string, device: InventoryDevice, own: Map<string, ParsedNode | null>, get: (k: string) => ParsedNode | null | undefined, has: (k: string) => boolean): void {
  if (!has('gnmi_port')) {
    // A default CA file for an inventory whose other devices have no gNMI is fine; a device's own key without a port is not.
    const stray = (['gnmi_ca_file', 'gnmi_insecure'] as const).find((k) => own.has(k));
    if (stray) r.soft(own.get(stray), `device "${name}": ${stray} without gnmi_port`);
    return;
  }
  const pn = get('gnmi_port');
  const port = isScalar(pn) ? Number(pn.value) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) r.fail(pn, `device "${name}": gnmi_port must be a whole number from 1 to 65535`);
  const gnmi: NonNullable<InventoryDevice['gnmi']> = { port };
  if (has('gnmi_insecure')) {
    const n = get('gnmi_insecure');
    if (!isScalar(n) || typeof n.value !== 'boolean') r.fail(n, `device "${name}": gnmi_insecure must be true or false`);
    gnmi.insecure = (n as { value: boolean }).value;
  }
  if (has('gnmi_ca_file')) {
    gnmi.caFile = readableFile(r, name, 'gnmi_ca_file', get('gnmi_ca_file'));
  } else if (!gnmi.insecure) {
    r.soft(pn, `device "${name}": gnmi_port needs gnmi_ca_file (the CA of the server's TLS certificate) or gnmi_insecure: true`);
  }
  if (device.username === undefined && !has('username_env')) r.soft(pn, `device "${name}": gnmi_port needs username_env and password_env (the gNMI login)`);
  device.gnmi = gnmi;
}

/** A file the inventory names (resolved as resolvePath does), or undefined with a problem recorded when it is not a readable file. */
function readableFile(r: Reader, name: string, key: string, n: ParsedNode | null | undefined): string | undefined {
  const p = resolvePath(r.file, r.str(n, `device "${name}": ${key}`));
  let isFile: boolean;
  try { isFile = statSync(p).isFile(); } catch { isFile = false; }
  if (isFile) return p;
  r.soft(n, `device "${name}": ${key} ${p} is not a readable file`);
  return undefined;
}

/** A path from the inventory: "~/" is the home folder, relative paths are from the inventory file. */
function resolvePath(file: string, p: string): string {
  if (p === '~' || p.startsWith('~/')) return join(homedir(), p.slice(1));
  return isAbsolute(p) ? p : resolve(dirname(file), p);
}

function readSshFields(r: Reader, name: string, device: InventoryDevice, get: (k: string) => ParsedNode | null | undefined, has: (k: string) => boolean): void {
  if (has('key_file')) {
    device.keyFile = readableFile(r, name, 'key_file', get('key_file'));
  }
  if (has('host_key_fingerprint')) {
    const n = get('host_key_fingerprint');
    const fp = r.str(n, `device "${name}": host_key_fingerprint`).trim();
    if (!FINGERPRINT.test(fp)) r.fail(n, `device "${name}": host_key_fingerprint must look like SHA256:<43 base64 characters> (as ssh-keygen -l prints it)`);
    device.hostKeyFingerprint = fp;
  }
  if (has('known_hosts')) device.knownHostsFile = resolvePath(r.file, r.str(get('known_hosts'), `device "${name}": known_hosts`));
  if (has('insecure_accept_host_key')) {
    const n = get('insecure_accept_host_key');
    if (!isScalar(n) || typeof n.value !== 'boolean') r.fail(n, `device "${name}": insecure_accept_host_key must be true or false`);
    device.insecureAcceptHostKey = (n as { value: boolean }).value;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
    throw new InventoryError(file, undefined, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code || 'error'})`);
  }
}

/** Reads and parses an inventory file. Throws the first problem. */
export function loadInventory(file: string, env: Env = process.env): Inventory {
  return parseInventory(readText(file), file, env);
}

/** Reads an inventory file and returns every problem (see readInventoryText). */
export function readInventory(file: string, env: Env = process.env): { inventory: Inventory | null; problems: InventoryError[] } {
  let text: string;
  try {
    text = readText(file);
  } catch (e) {
    if (e instanceof InventoryError) return { inventory: null, problems: [e] };
    throw e;
  }
  return readInventoryText(text, file, env);
}

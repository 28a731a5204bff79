// The gNMI transport: Capabilities, Get, Set and Subscribe over @grpc/grpc-js with TLS and
// username/password metadata, with the same failures as telnet and SSH: refused or unreachable:
// ConnectError; bad login: AuthError; every call has a deadline: TimeoutError; the channel dying
// under a call or stream: ConnectionLostError; the device refusing a request (NOT_FOUND,
// INVALID_ARGUMENT, ...): CommandError naming the RPC and path. The password goes into the call
// metadata and nowhere else: transcript lines and errors show it as ****.
// proto/gnmi.proto is the protocol's one definition (written from the gNMI specification): a
// file of facts both sides read, not code; the driver and the reference router still meet only on
// the wire.
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { AuthError, CommandError, ConnectError, ConnectionLostError, DriverError, TimeoutError } from '../errors';

export type GnmiEncoding = 'JSON' | 'JSON_IETF';
export type GnmiDataType = 'ALL' | 'CONFIG' | 'STATE' | 'OPERATIONAL';

export interface GnmiTransportOptions {
  device: string;
  host: string;
  port: number;
  username: string;
  password: string;
  /** PEM of the CA (or the self-signed certificate) the server's certificate must chain to. */
  ca?: string;
  /** Accept any server certificate (lab use only; default false). */
  skipVerify?: boolean;
  /** The name to check the certificate against (default: host). */
  serverName?: string;
  /** Deadline of each unary call and of a subscription's initial sync (default 10 s). */
  timeoutMs?: number;
  /** Deadline of connect (channel ready and Capabilities answered; default 10 s). */
  connectTimeoutMs?: number;
  encoding?: GnmiEncoding;
  /** One line per request and answer, secrets masked. */
  transcript?: (line: string) => void;
}

export interface GnmiUpdate {
  /** `/interface[name=ethernet-1/1]/oper-state`, module prefixes removed. */
  path: string;
  value: unknown;
}

export interface GnmiNotification {
  timestampNs: bigint;
  updates: GnmiUpdate[];
  deletes: string[];
}

export interface GnmiCapabilities {
  models: Array<{ name: string; organization: string; version: string }>;
  encodings: string[];
  version: string;
}

export interface GnmiSubscribeRequest {
  paths: string[];
  /** STREAM (default), ONCE or POLL. */
  mode?: 'STREAM' | 'ONCE' | 'POLL';
  /** Per path mode in STREAM (default ON_CHANGE). */
  streamMode?: 'ON_CHANGE' | 'SAMPLE' | 'TARGET_DEFINED';
  sampleIntervalMs?: number;
  heartbeatIntervalMs?: number;
  updatesOnly?: boolean;
}

export interface GnmiSubscription {
  /** Resolves at sync_response (rejects with TimeoutError past the deadline, or the stream's error). */
  readonly synced: Promise<void>;
  /** Resolves when the stream ends: undefined for a normal end or close(), else the typed error. */
  readonly ended: Promise<DriverError | undefined>;
  /** POLL mode: ask for the data again. */
  poll(): void;
  close(): void;
}

type Any = Record<string, any>;
type PathElem = { name: string; key?: Record<string, string> };

let proto: grpc.ServiceClientConstructor | undefined;
function gnmiClient(): grpc.ServiceClientConstructor {
  if (!proto) {
    const def = protoLoader.loadSync(path.join(__dirname, '..', '..', 'proto', 'gnmi.proto'), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    proto = (grpc.loadPackageDefinition(def).gnmi as grpc.GrpcObject).gNMI as grpc.ServiceClientConstructor;
  }
  return proto;
}

/** `/a/b[k=v]/c` -> gNMI path elems (`\]` and `\\` escape in key values). */
export function parseGnmiPath(text: string): PathElem[] {
  const out: PathElem[] = [];
  const s = text.trim().replace(/^\//, '');
  let i = 0;
  while (i < s.length) {
    let name = '';
    while (i < s.length && s[i] !== '/' && s[i] !== '[') name += s[i++];
    const e: PathElem = { name };
    while (s[i] === '[') {
      const eq = s.indexOf('=', i);
      if (eq < 0) throw new Error(`bad gNMI path ${JSON.stringify(text)}: key without '='`);
      const k = s.slice(i + 1, eq);
      i = eq + 1;
      let v = '';
      while (i < s.length && s[i] !== ']') {
        if (s[i] === '\\') i++;
        v += s[i++];
      }
      if (s[i] !== ']') throw new Error(`bad gNMI path ${JSON.stringify(text)}: missing ']'`);
      i++;
      (e.key ??= {})[k] = v;
    }
    if (!name) throw new Error(`bad gNMI path ${JSON.stringify(text)}: empty element`);
    out.push(e);
    if (s[i] === '/') i++;
  }
  return out;
}

export function formatGnmiPath(elems: readonly Any[] | undefined): string {
  if (!elems?.length) return '/';
  return elems
    .map((e) => {
      const name = String(e.name).replace(/^[^:]*:/, '');
      const keys = Object.keys(e.key ?? {}).sort();
      return '/' + name + keys.map((k) => `[${k}=${String(e.key[k]).replace(/[\\\]]/g, (c) => '\\' + c)}]`).join('');
    })
    .join('');
}

const wire = (p: string): Any => ({ elem: parseGnmiPath(p).map((e) => ({ name: e.name, key: e.key ?? {} })) });

function stripPrefixes(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripPrefixes);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, c]) => [k.replace(/^[^:]*:/, ''), stripPrefixes(c)]));
  return v;
}

function decodeValue(val: Any | null | undefined): unknown {
  if (!val) return undefined;
  const which = val.value as string;
  if (which === 'json_val' || which === 'json_ietf_val') return stripPrefixes(JSON.parse(Buffer.from(val[which]).toString('utf8')));
  if (which === 'int_val' || which === 'uint_val') return Number(val[which]);
  if (which === 'leaflist_val') return (val.leaflist_val.element ?? []).map(decodeValue);
  return val[which];
}

function decodeNotification(n: Any): GnmiNotification {
  const prefix = formatGnmiPath(n.prefix?.elem);
  const join = (p: Any): string => {
    const rest = formatGnmiPath(p?.elem);
    return prefix === '/' ? rest : rest === '/' ? prefix : prefix + rest;
  };
  return {
    timestampNs: BigInt(n.timestamp ?? 0),
    updates: (n.update ?? []).map((u: Any) => ({ path: join(u.path), value: decodeValue(u.val) })),
    deletes: (n.delete ?? []).map(join),
  };
}

export class GnmiTransport {
  private client?: grpc.Client & Any;
  private readonly timeoutMs: number;
  private connected = false;

  constructor(private readonly o: GnmiTransportOptions) {
    this.timeoutMs = o.timeoutMs ?? 10_000;
  }

  get device(): string {
    return this.o.device;
  }

  private log(line: string): void {
    this.o.transcript?.(this.mask(line));
  }

  /** Never lets the password out, in whatever text. */
  private mask(text: string): string {
    return this.o.password ? text.split(this.o.password).join('****') : text;
  }

  /** Opens the channel and checks the login with a Capabilities call. */
  async connect(): Promise<void> {
    const { host, port, device } = this.o;
    const tls = grpc.credentials.createSsl(this.o.ca ? Buffer.from(this.o.ca) : null, null, null, this.o.skipVerify ? { rejectUnauthorized: false } : {});
    const md = grpc.credentials.createFromMetadataGenerator((_p, cb) => {
      const m = new grpc.Metadata();
      m.set('username', this.o.username);
      m.set('password', this.o.password);
      cb(null, m);
    });
    const Ctor = gnmiClient();
    const opts: grpc.ChannelOptions = { 'grpc.max_receive_message_length': 64 * 1024 * 1024 };
    if (this.o.serverName) opts['grpc.ssl_target_name_override'] = this.o.serverName;
    const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    this.client = new Ctor(target, grpc.credentials.combineChannelCredentials(tls, md), opts) as grpc.Client & Any;
    this.log(`gnmi connect ${target} user ${this.o.username} password ****`);
    const ms = this.o.connectTimeoutMs ?? 10_000;
    try {
      await new Promise<void>((resolve, reject) => this.client!.waitForReady(Date.now() + ms, (e) => (e ? reject(e) : resolve())));
    } catch (e) {
      const state = this.client.getChannel().getConnectivityState(false);
      this.client.close();
      if (state === grpc.connectivityState.TRANSIENT_FAILURE) throw new ConnectError(device, host, port, `gNMI channel failed: ${this.mask((e as Error).message)}`);
      throw new TimeoutError(device, `gNMI connection to ${host}:${port}`, ms, undefined, 'connect');
    }
    this.connected = true;
    try {
      await this.capabilities();
    } catch (e) {
      this.client.close();
      this.connected = false;
      if (e instanceof ConnectionLostError) throw new ConnectError(device, host, port, e.message);
      throw e;
    }
  }

  /** grpc status -> the driver's typed errors. */
  private typed(e: Any, what: string, ms: number): DriverError {
    const d = this.o.device;
    const details = this.mask(String(e.details ?? e.message ?? e));
    switch (e.code) {
      case grpc.status.UNAUTHENTICATED:
        return new AuthError(d, `gNMI server at ${this.o.host}:${this.o.port} refused the login of ${this.o.username}: ${details}`);
      case grpc.status.DEADLINE_EXCEEDED:
        return new TimeoutError(d, `gNMI ${what}`, ms, what);
      case grpc.status.UNAVAILABLE:
      case grpc.status.CANCELLED:
        return this.connected ? new ConnectionLostError(d, `gNMI channel lost: ${details}`, what) : new ConnectError(d, this.o.host, this.o.port, details);
      default:
        return new CommandError(d, what, `${grpc.status[e.code] ?? e.code}: ${details}`);
    }
  }

  private unary(rpc: string, req: Any, what: string): Promise<Any> {
    if (!this.client) return Promise.reject(new ConnectionLostError(this.o.device, 'gNMI transport not connected', what));
    const ms = this.timeoutMs;
    this.log(`> ${what}`);
    return new Promise((resolve, reject) => {
      this.client![rpc](req, { deadline: Date.now() + ms }, (e: Any, r: Any) => {
        if (e) {
          const t = this.typed(e, what, ms);
          this.log(`< ${t.message}`);
          reject(t);
        } else resolve(r);
      });
    });
  }

  async capabilities(): Promise<GnmiCapabilities> {
    const r = await this.unary('Capabilities', {}, 'Capabilities');
    this.log(`< gNMI ${r.gNMI_version}, ${r.supported_models.length} models, ${r.supported_encodings.join(' ')}`);
    return { models: r.supported_models, encodings: r.supported_encodings, version: r.gNMI_version };
  }

  async get(paths: string[], opts: { type?: GnmiDataType; encoding?: GnmiEncoding; prefix?: string } = {}): Promise<GnmiNotification[]> {
    const what = `Get ${paths.join(' ')}${opts.type && opts.type !== 'ALL' ? ` type ${opts.type}` : ''}`;
    const req = { prefix: opts.prefix ? wire(opts.prefix) : null, path: paths.map(wire), type: opts.type ?? 'ALL', encoding: opts.encoding ?? this.o.encoding ?? 'JSON_IETF' };
    const r = await this.unary('Get', req, what);
    const out = (r.notification ?? []).map(decodeNotification);
    this.log(`< ${out.reduce((n: number, x: GnmiNotification) => n + x.updates.length, 0)} updates`);
    return out;
  }

  async set(ops: { delete?: string[]; replace?: GnmiUpdate[]; update?: GnmiUpdate[] }): Promise<void> {
    const enc = this.o.encoding ?? 'JSON_IETF';
    const val = (v: unknown): Any => ({ [enc === 'JSON' ? 'json_val' : 'json_ietf_val']: Buffer.from(JSON.stringify(v)) });
    const what = `Set${(ops.delete ?? []).map((p) => ` delete ${p}`).join('')}${(ops.replace ?? []).map((u) => ` replace ${u.path}`).join('')}${(ops.update ?? []).map((u) => ` update ${u.path}`).join('')}`;
    await this.unary(
      'Set',
      {
        delete: (ops.delete ?? []).map(wire),
        replace: (ops.replace ?? []).map((u) => ({ path: wire(u.path), val: val(u.value) })),
        update: (ops.update ?? []).map((u) => ({ path: wire(u.path), val: val(u.value) })),
      },
      what,
    );
    this.log('< committed');
  }

  /** A subscription; `onNotification` gets every update after (and before) sync. */
  subscribe(req: GnmiSubscribeRequest, onNotification: (n: GnmiNotification) => void): GnmiSubscription {
    const what = `Subscribe ${req.mode ?? 'STREAM'} ${req.streamMode ?? ''} ${req.paths.join(' ')}`.replace(/\s+/g, ' ');
    if (!this.client) throw new ConnectionLostError(this.o.device, 'gNMI transport not connected', what);
    this.log(`> ${what}`);
    const ms = this.timeoutMs;
    const stream = this.client.Subscribe() as grpc.ClientDuplexStream<Any, Any>;
    let syncedOk!: () => void;
    let syncedFail!: (e: Error) => void;
    const synced = new Promise<void>((res, rej) => {
      syncedOk = res;
      syncedFail = rej;
    });
    synced.catch(() => undefined);
    let endedWith!: (e: DriverError | undefined) => void;
    const ended = new Promise<DriverError | undefined>((res) => (endedWith = res));
    let closedLocally = false;
    let isSynced = false;
    const syncTimer = setTimeout(() => {
      if (isSynced) return;
      const t = new TimeoutError(this.o.device, `gNMI sync_response of ${what}`, ms, what);
      syncedFail(t);
      closedLocally = true;
      stream.cancel();
      endedWith(t);
    }, ms);
    stream.on('data', (m: Any) => {
      if (m.response === 'sync_response') {
        isSynced = true;
        clearTimeout(syncTimer);
        syncedOk();
      } else if (m.response === 'update') onNotification(decodeNotification(m.update));
    });
    stream.on('error', (e: Any) => {
      clearTimeout(syncTimer);
      if (closedLocally && e.code === grpc.status.CANCELLED) return endedWith(undefined);
      const t = this.typed(e, what, ms);
      this.log(`< ${t.message}`);
      syncedFail(t);
      endedWith(t);
    });
    stream.on('end', () => {
      clearTimeout(syncTimer);
      endedWith(undefined);
    });
    const mode = req.mode ?? 'STREAM';
    const ns = (x?: number): string => String(BigInt(Math.round((x ?? 0) * 1e6)));
    stream.write({
      subscribe: {
        mode,
        encoding: this.o.encoding ?? 'JSON_IETF',
        updates_only: Boolean(req.updatesOnly),
        subscription: req.paths.map((p) => ({
          path: wire(p),
          mode: mode === 'STREAM' ? (req.streamMode ?? 'ON_CHANGE') : 'TARGET_DEFINED',
          sample_interval: ns(req.sampleIntervalMs),
          heartbeat_interval: ns(req.heartbeatIntervalMs),
        })),
      },
    });
    return {
      synced,
      ended,
      poll: () => stream.write({ poll: {} }),
      close: () => {
        closedLocally = true;
        clearTimeout(syncTimer);
        stream.cancel();
      },
    };
  }

  async close(): Promise<void> {
    this.connected = false;
    this.client?.close();
    this.client = undefined;
  }
}

/**
 * The reference router's gNMI server for one node: gnmi.proto over @grpc/grpc-js with TLS,
 * username/password in the call metadata, Capabilities, Get, Set and Subscribe (ONCE, POLL,
 * STREAM with ON_CHANGE and SAMPLE, heartbeats) over a GnmiDataSource (source.ts).
 * Streams are bounded: a client that does not read makes its subscription end with
 * RESOURCE_EXHAUSTED instead of the router buffering without limit.
 */
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { GnmiError, pathCovers, type DataType, type GnmiDataSource, type JsonTree, type Match, type PathElem } from './source';

export const GNMI_VERSION = '0.10.0';
/** The one gnmi.proto of the project (proto/), read by the server and by the driver's transport. */
export const PROTO_FILE = path.join(__dirname, '..', '..', '..', 'proto', 'gnmi.proto');

/** The lab's clock as the server needs it: now in nanoseconds since the epoch, and a repeating timer. */
export interface GnmiClock {
  nowNs(): bigint;
  /** Calls fn every `ns` nanoseconds until the returned function is called. */
  every(ns: bigint, fn: () => void): () => void;
}

export const wallClock: GnmiClock = {
  nowNs: () => BigInt(Date.now()) * 1_000_000n,
  every: (ns, fn) => {
    const t = setInterval(fn, Math.max(1, Number(ns / 1_000_000n)));
    return () => clearInterval(t);
  },
};

export interface GnmiServerOptions {
  host: string;
  port: number;
  source: GnmiDataSource;
  tls: { key: string; cert: string };
  auth: { username: string; password: string };
  clock?: GnmiClock;
  log?: (message: string) => void;
  /** Most bytes a subscription may have queued towards a slow client (default 4 MiB). */
  maxQueuedBytes?: number;
  /** Smallest SAMPLE interval accepted, in ns (default 1 s as SR Linux). */
  minSampleNs?: bigint;
}

export interface GnmiServer {
  host: string;
  port: number;
  connections(): number;
  dropConnections(): void;
  close(): Promise<void>;
}

type Proto = Record<string, unknown>;
interface WirePath {
  origin?: string;
  elem?: Array<{ name: string; key?: Record<string, string> }>;
  target?: string;
}

let loaded: grpc.GrpcObject | undefined;
export function loadGnmiProto(): grpc.GrpcObject {
  if (!loaded) {
    const def = protoLoader.loadSync(PROTO_FILE, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    loaded = grpc.loadPackageDefinition(def);
  }
  return loaded;
}

const CODES: Record<string, grpc.status> = {
  INVALID_ARGUMENT: grpc.status.INVALID_ARGUMENT,
  NOT_FOUND: grpc.status.NOT_FOUND,
  ALREADY_EXISTS: grpc.status.ALREADY_EXISTS,
  FAILED_PRECONDITION: grpc.status.FAILED_PRECONDITION,
  ABORTED: grpc.status.ABORTED,
  UNIMPLEMENTED: grpc.status.UNIMPLEMENTED,
  UNAVAILABLE: grpc.status.UNAVAILABLE,
  RESOURCE_EXHAUSTED: grpc.status.RESOURCE_EXHAUSTED,
  PERMISSION_DENIED: grpc.status.PERMISSION_DENIED,
  INTERNAL: grpc.status.INTERNAL,
};

function statusOf(e: unknown): Partial<grpc.StatusObject> {
  if (e instanceof GnmiError) return { code: CODES[e.code] ?? grpc.status.UNKNOWN, details: e.message };
  return { code: grpc.status.INTERNAL, details: 'internal error' };
}

/** Drop a JSON_IETF module prefix (`srl_nokia-interfaces:interface` -> `interface`). */
const bare = (name: string): string => name.slice(name.indexOf(':') + 1);

function fromWire(prefix: WirePath | null | undefined, p: WirePath | null | undefined): PathElem[] {
  const elems = [...(prefix?.elem ?? []), ...(p?.elem ?? [])];
  return elems.map((e) => {
    const key = e.key && Object.keys(e.key).length ? e.key : undefined;
    return key ? { name: bare(e.name), key: { ...key } } : { name: bare(e.name) };
  });
}

function toWire(elems: readonly PathElem[], names?: (i: number) => string): WirePath {
  return { elem: elems.map((e, i) => ({ name: names ? names(i) : e.name, key: e.key ?? {} })) };
}

type Encoding = 'JSON' | 'JSON_IETF';

function checkEncoding(enc: string | undefined): Encoding {
  if (enc === 'JSON' || enc === 'JSON_IETF' || enc === undefined) return (enc ?? 'JSON') as Encoding;
  throw new GnmiError('UNIMPLEMENTED', `Unsupported encoding '${enc}'. Supported encodings are [JSON JSON_IETF]`);
}

export class GnmiService {
  constructor(private readonly o: GnmiServerOptions) {
    o.source.useClock?.(this.clock);
  }

  private get clock(): GnmiClock {
    return this.o.clock ?? wallClock;
  }

  /** JSON_IETF: a module prefix where a node's module differs from its parent's (RFC 7951 4). */
  private qualify(names: readonly string[], value: JsonTree, enc: Encoding): JsonTree {
    if (enc !== 'JSON_IETF' || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.qualify(names, v, enc));
    const out: Record<string, JsonTree> = {};
    for (const [k, v] of Object.entries(value)) {
      const at = [...names, k];
      const ns = this.o.source.namespace(at);
      out[ns ? `${ns}:${k}` : k] = this.qualify(at, v, enc);
    }
    return out;
  }

  private pathNames(elems: readonly PathElem[], enc: Encoding): (i: number) => string {
    return (i) => {
      const name = elems[i].name;
      if (enc !== 'JSON_IETF') return name;
      const ns = this.o.source.namespace(elems.slice(0, i + 1).map((e) => e.name));
      return ns ? `${ns}:${name}` : name;
    };
  }

  update(m: Match, enc: Encoding): Proto {
    const names = m.path.map((e) => e.name);
    const json = Buffer.from(JSON.stringify(this.qualify(names, m.value, enc)));
    return { path: toWire(m.path, this.pathNames(m.path, enc)), val: enc === 'JSON_IETF' ? { json_ietf_val: json } : { json_val: json } };
  }

  authenticate(md: grpc.Metadata): void {
    const user = md.get('username')[0]?.toString();
    const pass = md.get('password')[0]?.toString();
    if (user === undefined || pass === undefined) throw Object.assign(new Error('no credentials'), { grpc: { code: grpc.status.UNAUTHENTICATED, details: 'Authentication failed: username and password metadata required' } });
    if (user !== this.o.auth.username || pass !== this.o.auth.password) {
      this.o.log?.(`gnmi: authentication failed for user ${JSON.stringify(user)}`);
      throw Object.assign(new Error('bad credentials'), { grpc: { code: grpc.status.UNAUTHENTICATED, details: 'Authentication failed' } });
    }
  }

  private unary<Req, Res>(fn: (req: Req) => Res): grpc.handleUnaryCall<Req, Res> {
    return (call, cb) => {
      try {
        this.authenticate(call.metadata);
        cb(null, fn(call.request));
      } catch (e) {
        const g = (e as { grpc?: Partial<grpc.StatusObject> }).grpc;
        cb((g ?? statusOf(e)) as grpc.ServiceError, null);
      }
    };
  }

  handlers(): grpc.UntypedServiceImplementation {
    return {
      Capabilities: this.unary(() => ({
        supported_models: this.o.source.modules(),
        supported_encodings: ['JSON', 'JSON_IETF'],
        gNMI_version: GNMI_VERSION,
      })),
      Get: this.unary((req: Proto) => this.get(req)),
      Set: this.unary((req: Proto) => this.set(req)),
      Subscribe: (call: grpc.ServerDuplexStream<Proto, Proto>) => this.subscribe(call),
    };
  }

  get(req: Proto): Proto {
    const enc = checkEncoding(req.encoding as string);
    const type = (req.type as DataType) ?? 'ALL';
    const prefix = req.prefix as WirePath | undefined;
    const paths = (req.path as WirePath[]) ?? [];
    const list = paths.length ? paths : [{ elem: [] }];
    const ts = this.clock.nowNs().toString();
    return {
      notification: list.map((p) => {
        const elems = fromWire(prefix, p);
        const matches = this.o.source.get(elems, type);
        return { timestamp: ts, update: matches.map((m) => this.update(m, enc)) };
      }),
    };
  }

  set(req: Proto): Proto {
    const prefix = req.prefix as WirePath | undefined;
    const value = (u: Proto): JsonTree => {
      const v = (u.val ?? {}) as Proto;
      const which = v.value as string | undefined;
      if (which === 'json_ietf_val' || which === 'json_val') {
        let parsed: JsonTree;
        try {
          parsed = JSON.parse((v[which] as Buffer).toString('utf8')) as JsonTree;
        } catch {
          throw new GnmiError('INVALID_ARGUMENT', `Invalid JSON value for path '${JSON.stringify(u.path)}'`);
        }
        return strip(parsed);
      }
      if (which === 'string_val' || which === 'ascii_val' || which === 'bool_val' || which === 'double_val' || which === 'float_val') return v[which] as JsonTree;
      if (which === 'int_val' || which === 'uint_val') return Number(v[which]);
      throw new GnmiError('INVALID_ARGUMENT', `Unsupported value type '${which ?? 'none'}'`);
    };
    const del = ((req.delete as WirePath[]) ?? []).map((p) => fromWire(prefix, p));
    const rep = ((req.replace as Proto[]) ?? []).map((u) => ({ path: fromWire(prefix, u.path as WirePath), value: value(u) }));
    const upd = ((req.update as Proto[]) ?? []).map((u) => ({ path: fromWire(prefix, u.path as WirePath), value: value(u) }));
    if (((req.union_replace as Proto[]) ?? []).length) throw new GnmiError('UNIMPLEMENTED', 'union_replace is not supported');
    for (const p of [...del, ...rep.map((r) => r.path), ...upd.map((u) => u.path)]) this.o.source.validate(p);
    this.o.source.set({ delete: del, replace: rep, update: upd }, { user: this.o.auth.username });
    const ts = this.clock.nowNs().toString();
    return {
      prefix: prefix ?? null,
      timestamp: ts,
      response: [
        ...((req.delete as WirePath[]) ?? []).map((p) => ({ path: p, op: 'DELETE' })),
        ...((req.replace as Proto[]) ?? []).map((u) => ({ path: u.path, op: 'REPLACE' })),
        ...((req.update as Proto[]) ?? []).map((u) => ({ path: u.path, op: 'UPDATE' })),
      ],
    };
  }

  subscribe(call: grpc.ServerDuplexStream<Proto, Proto>): void {
    const stops: Array<() => void> = [];
    let done = false;
    let started = false;
    const finish = (status?: Partial<grpc.StatusObject>): void => {
      if (done) return;
      done = true;
      for (const s of stops) s();
      if (status) call.emit('error', status);
      else call.end();
    };
    call.on('cancelled', () => finish());
    call.on('error', () => finish());
    // A client half-closing its side (no more requests: Python's grpc does it after an iterator
    // of one request) does not end a STREAM subscription; it ends a stream that never subscribed.
    call.on('end', () => {
      if (!done && !started) finish();
    });
    try {
      this.authenticate(call.metadata);
    } catch (e) {
      finish((e as { grpc: Partial<grpc.StatusObject> }).grpc);
      return;
    }
    const limit = this.o.maxQueuedBytes ?? 4 * 1024 * 1024;
    const send = (msg: Proto): void => {
      if (done) return;
      if (call.writableLength > limit) {
        this.o.log?.('gnmi: subscription dropped: client too slow');
        finish({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'Subscription dropped: the client does not read its updates' });
        return;
      }
      call.write(msg);
    };
    call.on('data', (req: Proto) => {
      if (done) return;
      try {
        if (req.request === 'poll') {
          if (!started || !poll) throw new GnmiError('INVALID_ARGUMENT', 'Poll received on a subscription that is not in POLL mode');
          poll();
          return;
        }
        if (req.request !== 'subscribe') throw new GnmiError('INVALID_ARGUMENT', 'first SubscribeRequest must carry a SubscriptionList');
        if (started) throw new GnmiError('INVALID_ARGUMENT', 'a subscription is already active on this stream');
        started = true;
        poll = this.start(req.subscribe as Proto, send, stops, finish);
      } catch (e) {
        finish(statusOf(e));
      }
    });
    let poll: (() => void) | undefined;
  }

  /** Starts a SubscriptionList; returns the poll function for POLL mode. */
  private start(list: Proto, send: (m: Proto) => void, stops: Array<() => void>, finish: (s?: Partial<grpc.StatusObject>) => void): (() => void) | undefined {
    const enc = checkEncoding(list.encoding as string);
    const prefix = list.prefix as WirePath | undefined;
    const subs = ((list.subscription as Proto[]) ?? []).map((s) => ({
      path: fromWire(prefix, s.path as WirePath),
      mode: (s.mode as string) ?? 'TARGET_DEFINED',
      sample: BigInt((s.sample_interval as string) ?? '0'),
      heartbeat: BigInt((s.heartbeat_interval as string) ?? '0'),
      suppress: Boolean(s.suppress_redundant),
    }));
    if (subs.length === 0) throw new GnmiError('INVALID_ARGUMENT', 'SubscriptionList has no subscription');
    for (const s of subs) this.o.source.validate(s.path);
    const mode = (list.mode as string) ?? 'STREAM';
    const updatesOnly = Boolean(list.updates_only);
    const full = (p: readonly PathElem[]): void => {
      const ms = this.o.source.get(p, 'ALL');
      if (ms.length) send({ update: { timestamp: this.clock.nowNs().toString(), update: ms.map((m) => this.update(m, enc)) } });
    };
    const sync = (): void => send({ sync_response: true });
    if (mode === 'ONCE') {
      for (const s of subs) full(s.path);
      sync();
      finish();
      return undefined;
    }
    if (mode === 'POLL') {
      const all = (): void => {
        for (const s of subs) full(s.path);
        sync();
      };
      all();
      return all;
    }
    // STREAM
    if (!updatesOnly) for (const s of subs) full(s.path);
    sync();
    const minSample = this.o.minSampleNs ?? 1_000_000_000n;
    for (const s of subs) {
      if (s.mode === 'SAMPLE') {
        const every = s.sample === 0n ? minSample : s.sample < minSample ? minSample : s.sample;
        let last = new Map<string, string>();
        stops.push(
          this.clock.every(every, () => {
            const ms = this.o.source.get(s.path, 'ALL');
            const now = new Map(ms.map((m) => [JSON.stringify(m.path), JSON.stringify(m.value)]));
            const out = s.suppress ? ms.filter((m) => last.get(JSON.stringify(m.path)) !== JSON.stringify(m.value)) : ms;
            last = now;
            if (out.length) send({ update: { timestamp: this.clock.nowNs().toString(), update: out.map((m) => this.update(m, enc)) } });
          }),
        );
      } else {
        // ON_CHANGE and TARGET_DEFINED (ON_CHANGE for every leaf here), stamped with the time of
        // the change itself where the source knows it (ChangeEvent.atNs).
        stops.push(
          this.o.source.subscribe((ev) => {
            const ups = ev.updates.filter((u) => pathCovers(s.path, u.path));
            const dels = ev.deletes.filter((d) => pathCovers(s.path, d));
            if (!ups.length && !dels.length) return;
            send({
              update: {
                timestamp: (ev.atNs ?? this.clock.nowNs()).toString(),
                update: ups.map((u) => this.update({ path: u.path, value: u.value }, enc)),
                delete: dels.map((d) => toWire(d, this.pathNames(d, enc))),
              },
            });
          }),
        );
        if (s.heartbeat > 0n) stops.push(this.clock.every(s.heartbeat < minSample ? minSample : s.heartbeat, () => full(s.path)));
      }
    }
    return undefined;
  }
}

/** Removes JSON_IETF module prefixes from the member names of a value. */
function strip(v: JsonTree): JsonTree {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(strip);
  const out: Record<string, JsonTree> = {};
  for (const [k, c] of Object.entries(v)) out[bare(k)] = strip(c);
  return out;
}

/** Starts the gNMI server on host:port (0 picks a port). */
export function startGnmiServer(o: GnmiServerOptions): Promise<GnmiServer> {
  const proto = loadGnmiProto();
  const svc = (proto.gnmi as grpc.GrpcObject).gNMI as grpc.ServiceClientConstructor;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  const service = new GnmiService(o);
  server.addService(svc.service, service.handlers());
  const creds = grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(o.tls.key), cert_chain: Buffer.from(o.tls.cert) }], false);
  const addr = o.host.includes(':') ? `[${o.host}]:${o.port}` : `${o.host}:${o.port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(addr, creds, (err, port) => {
      if (err) {
        server.forceShutdown();
        reject(err);
        return;
      }
      resolve({
        host: o.host,
        port,
        connections: () => 0,
        dropConnections: () => {
          // grpc-js has no per-connection drop on the server; a forced restart of the listener is
          // what "drop sessions" means here: every call ends with UNAVAILABLE.
        },
        close: () =>
          new Promise<void>((done) => {
            server.tryShutdown(() => done());
            setTimeout(() => server.forceShutdown(), 1000).unref();
          }),
      });
    });
  });
}

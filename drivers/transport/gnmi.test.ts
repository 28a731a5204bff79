// The gNMI transport against a small gRPC server of its own (this side's gnmi.proto): decoding,
// typed errors, deadlines and masking. The end-to-end run against the reference router's server is
// the Python client test and the lab wiring test on the reference-impl side.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { AuthError, CommandError, ConnectError, ConnectionLostError, TimeoutError } from '../errors';
import { GnmiTransport, parseGnmiPath, formatGnmiPath } from './gnmi';

type Any = Record<string, any>;
type Cb = (e: Any | null, r?: Any) => void;
const SECRET = 's3cret-Pw!';
let dir: string;
let key: string;
let cert: string;
let server: grpc.Server;
let port: number;
const streams: Any[] = [];

function authed(md: grpc.Metadata): boolean {
  return md.get('username')[0] === 'alice' && md.get('password')[0] === SECRET;
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnmi-drv-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k'), '-out', path.join(dir, 'c'), '-days', '2', '-subj', '/CN=t', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  key = fs.readFileSync(path.join(dir, 'k'), 'utf8');
  cert = fs.readFileSync(path.join(dir, 'c'), 'utf8');
  const def = protoLoader.loadSync(path.join(__dirname, '..', '..', 'proto', 'gnmi.proto'), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
  const svc = ((grpc.loadPackageDefinition(def).gnmi as grpc.GrpcObject).gNMI as grpc.ServiceClientConstructor).service;
  server = new grpc.Server();
  const deny = { code: grpc.status.UNAUTHENTICATED, details: 'Authentication failed' };
  server.addService(svc, {
    Capabilities: (call: Any, cb: Cb) => (authed(call.metadata) ? cb(null, { supported_models: [], supported_encodings: ['JSON_IETF'], gNMI_version: '0.10.0' }) : cb(deny)),
    Get: (call: Any, cb: Cb) => {
      const p = formatGnmiPath(call.request.path[0].elem);
      if (p === '/slow') return; // never answers: the deadline must fire
      if (p === '/nope') return cb({ code: grpc.status.NOT_FOUND, details: "Path not valid - unknown element 'nope'" });
      cb(null, {
        notification: [{ timestamp: '17', prefix: { elem: [{ name: 'srl_nokia-interfaces:interface', key: { name: 'ethernet-1/3' } }] }, update: [{ path: { elem: [{ name: 'oper-state' }] }, val: { json_ietf_val: Buffer.from('"up"') } }] }],
      });
    },
    Set: (_call: Any, cb: Cb) => cb(null, { response: [] }),
    Subscribe: (call: Any) => {
      streams.push(call);
      call.on('data', () => {
        call.write({ update: { timestamp: '1', update: [{ path: { elem: [{ name: 'a' }] }, val: { json_val: Buffer.from('{"srl_x:b":1}') } }] } });
        call.write({ sync_response: true });
      });
      call.on('error', () => undefined);
    },
  });
  port = await new Promise<number>((res, rej) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(key), cert_chain: Buffer.from(cert) }]), (e, p) => (e ? rej(e) : res(p))));
});

after(() => {
  server.forceShutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const open = (over: Partial<ConstructorParameters<typeof GnmiTransport>[0]> = {}, lines: string[] = []): GnmiTransport =>
  new GnmiTransport({ device: 'pe4', host: '127.0.0.1', port, username: 'alice', password: SECRET, ca: cert, timeoutMs: 800, connectTimeoutMs: 1500, transcript: (l) => lines.push(l), ...over });

void describe('gnmi transport', () => {
  void it('parses and formats paths with keys and escapes', () => {
    const p = parseGnmiPath('/interface[name=ethernet-1/3]/subinterface[index=0]/x[k=a\\]b]');
    assert.deepEqual(p[0], { name: 'interface', key: { name: 'ethernet-1/3' } });
    assert.equal(formatGnmiPath(p), '/interface[name=ethernet-1/3]/subinterface[index=0]/x[k=a\\]b]');
  });

  void it('connects, gets, decodes prefix + path and drops module prefixes; transcript masks the password', async () => {
    const lines: string[] = [];
    const t = open({}, lines);
    await t.connect();
    const [n] = await t.get(['/interface[name=ethernet-1/3]/oper-state']);
    assert.deepEqual(n.updates, [{ path: '/interface[name=ethernet-1/3]/oper-state', value: 'up' }]);
    assert.equal(n.timestampNs, 17n);
    await assert.rejects(t.get(['/nope']), (e: Error) => e instanceof CommandError && /NOT_FOUND: Path not valid/.test(e.message));
    await assert.rejects(t.get(['/slow']), (e: Error) => e instanceof TimeoutError);
    await t.close();
    assert.ok(lines.some((l) => l.includes('password ****')));
    assert.ok(!lines.join('\n').includes(SECRET));
  });

  void it('a wrong password is AuthError without the password', async () => {
    const bad = 'wr0ng-' + SECRET;
    await assert.rejects(open({ password: bad }).connect(), (e: Error) => e instanceof AuthError && !e.message.includes(bad));
  });

  void it('a closed port is ConnectError, an untrusted certificate too', async () => {
    const free = await new Promise<number>((res) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => res(p));
      });
    });
    await assert.rejects(open({ port: free }).connect(), (e: Error) => e instanceof ConnectError || e instanceof TimeoutError);
    await assert.rejects(open({ ca: undefined }).connect(), (e: Error) => e instanceof ConnectError || e instanceof TimeoutError);
  });

  void it('subscribe syncs, delivers, and a dropped stream is ConnectionLostError', async () => {
    const t = open();
    await t.connect();
    const got: unknown[] = [];
    const sub = t.subscribe({ paths: ['/a'] }, (n) => got.push(...n.updates));
    await sub.synced;
    assert.deepEqual(got, [{ path: '/a', value: { b: 1 } }]);
    streams.at(-1)!.emit('error', { code: grpc.status.UNAVAILABLE, details: 'gone' });
    const e = await sub.ended;
    assert.ok(e instanceof ConnectionLostError, String(e));
    await t.close();
  });
});

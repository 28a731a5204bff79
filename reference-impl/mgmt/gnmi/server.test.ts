import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { loadGnmiProto, startGnmiServer, wallClock, type GnmiServer } from './server';
import { loadGnmiTls, type GnmiTls } from './tls';
import { makeSource } from './testdata/fixture';
import type { MemorySource } from './memory';
import type { ChangeEvent } from './source';

type Any = Record<string, any>;
const USER = 'opsuser';
const PASS = 'c0rrect-h0rse';

let dir: string;
let tls: GnmiTls;
let srv: GnmiServer;
let source: MemorySource;

function client(pass = PASS): Any {
  const Ctor = ((loadGnmiProto().gnmi as grpc.GrpcObject).gNMI as grpc.ServiceClientConstructor);
  const creds = grpc.credentials.combineChannelCredentials(
    grpc.credentials.createSsl(Buffer.from(tls.cert)),
    grpc.credentials.createFromMetadataGenerator((_p, cb) => {
      const md = new grpc.Metadata();
      md.set('username', USER);
      md.set('password', pass);
      cb(null, md);
    }),
  );
  return new Ctor(`127.0.0.1:${srv.port}`, creds) as unknown as Any;
}

function call(c: Any, rpc: string, req: Any): Promise<Any> {
  return new Promise((resolve, reject) => c[rpc](req, { deadline: Date.now() + 5000 }, (e: Error | null, r: Any) => (e ? reject(e) : resolve(r))));
}

const p = (...elem: Array<string | Any>): Any => ({ elem: elem.map((e) => (typeof e === 'string' ? { name: e } : e)) });
const json = (u: Any): unknown => JSON.parse(Buffer.from(u.val.json_ietf_val ?? u.val.json_val).toString());

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnmi-test-'));
  tls = loadGnmiTls(dir);
  source = makeSource();
  srv = await startGnmiServer({ host: '127.0.0.1', port: 0, source, tls, auth: { username: USER, password: PASS } });
});
after(async () => {
  await srv.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

void describe('gnmi server', () => {
  void it('keeps the TLS identity in the state folder and reuses it', () => {
    assert.equal(fs.statSync(path.join(dir, 'gnmi.key')).mode & 0o777, 0o600);
    assert.equal(loadGnmiTls(dir).cert, tls.cert);
  });

  void it('Capabilities: models, JSON and JSON_IETF, version', async () => {
    const r = await call(client(), 'Capabilities', {});
    assert.deepEqual(r.supported_encodings, ['JSON', 'JSON_IETF']);
    assert.equal(r.gNMI_version, '0.10.0');
    assert.ok(r.supported_models.some((m: Any) => m.name === 'srl_nokia-interfaces'));
  });

  void it('a wrong password is UNAUTHENTICATED, and the password is not in the message', async () => {
    await assert.rejects(call(client('guess'), 'Capabilities', {}), (e: Any) => e.code === grpc.status.UNAUTHENTICATED && !String(e.details).includes('guess'));
  });

  void it('Get with a key, JSON_IETF prefixes in path and value', async () => {
    const r = await call(client(), 'Get', { path: [p({ name: 'interface', key: { name: 'ethernet-1/7' } }, 'oper-state')], encoding: 'JSON_IETF' });
    const u = r.notification[0].update[0];
    assert.equal(u.path.elem[0].name, 'srl_nokia-interfaces:interface');
    assert.equal(u.path.elem[0].key.name, 'ethernet-1/7');
    assert.equal(json(u), 'up');
    const sys = await call(client(), 'Get', { path: [p('system')], encoding: 'JSON_IETF' });
    const v = json(sys.notification[0].update[0]) as Any;
    assert.equal(v['srl_nokia-system-name:name']['host-name'], 'pe7');
  });

  void it('Get with a wildcard key and a prefix gives one update per entry', async () => {
    const r = await call(client(), 'Get', { prefix: p({ name: 'interface', key: { name: '*' } }), path: [p('oper-state')], encoding: 'JSON' });
    const got = r.notification[0].update.map((u: Any) => [u.path.elem[0].key.name, json(u)]);
    assert.deepEqual(got, [['ethernet-1/7', 'up'], ['lag5', 'down']]);
  });

  void it('Get type CONFIG leaves out state leaves, STATE keeps only them (and the keys)', async () => {
    const path1 = [p({ name: 'interface', key: { name: 'lag5' } })];
    const c = json((await call(client(), 'Get', { path: path1, type: 'CONFIG' })).notification[0].update[0]);
    assert.deepEqual(c, { name: 'lag5', 'admin-state': 'enable' });
    const s = json((await call(client(), 'Get', { path: path1, type: 'STATE' })).notification[0].update[0]);
    assert.deepEqual(s, { name: 'lag5', 'oper-state': 'down' });
  });

  void it('an unknown element is NOT_FOUND naming the options; an unknown encoding UNIMPLEMENTED', async () => {
    await assert.rejects(call(client(), 'Get', { path: [p('interface', 'bogus-leaf')] }), (e: Any) => e.code === grpc.status.NOT_FOUND && /unknown element 'bogus-leaf'/.test(e.details) && /admin-state/.test(e.details));
    await assert.rejects(call(client(), 'Get', { path: [p('interface')], encoding: 'PROTO' }), (e: Any) => e.code === grpc.status.UNIMPLEMENTED);
  });

  void it('Set update, replace and delete commit together; a bad op commits nothing', async () => {
    const c = client();
    const val = (v: unknown): Any => ({ json_ietf_val: Buffer.from(JSON.stringify(v)) });
    const r = await call(c, 'Set', {
      update: [{ path: p({ name: 'interface', key: { name: 'ethernet-1/7' } }, 'description'), val: val('uplink-x') }],
      replace: [{ path: p({ name: 'interface', key: { name: 'ethernet-1/9' } }), val: val({ 'srl_nokia-interfaces:admin-state': 'disable' }) }],
      delete: [p({ name: 'interface', key: { name: 'lag5' } })],
    });
    assert.deepEqual(r.response.map((x: Any) => x.op), ['DELETE', 'REPLACE', 'UPDATE']);
    const names = (await call(c, 'Get', { path: [p({ name: 'interface', key: { name: '*' } }, 'name')] })).notification[0].update.map((u: Any) => json(u));
    assert.deepEqual(names, ['ethernet-1/7', 'ethernet-1/9']);
    await assert.rejects(
      call(c, 'Set', {
        update: [
          { path: p({ name: 'interface', key: { name: 'ethernet-1/7' } }, 'description'), val: val('never') },
          { path: p({ name: 'interface', key: { name: 'ethernet-1/7' } }, 'oper-state'), val: val('down') },
        ],
      }),
      (e: Any) => e.code === grpc.status.INVALID_ARGUMENT && /read-only/.test(e.details),
    );
    const d = (await call(c, 'Get', { path: [p({ name: 'interface', key: { name: 'ethernet-1/7' } }, 'description')] })).notification[0].update;
    assert.equal(json(d[0]), 'uplink-x');
  });

  function subscribe(req: Any, n: number, onData?: (m: Any, s: Any) => void): Promise<Any[]> {
    return new Promise((resolve, reject) => {
      const s = client().Subscribe({ deadline: Date.now() + 8000 });
      const got: Any[] = [];
      s.on('data', (m: Any) => {
        got.push(m);
        onData?.(m, s);
        if (got.length === n) {
          s.cancel();
          resolve(got);
        }
      });
      s.on('error', (e: Any) => (e.code === grpc.status.CANCELLED ? resolve(got) : reject(e)));
      s.on('end', () => resolve(got));
      s.write(req);
    });
  }

  void it('Subscribe ONCE: the data, then sync_response, then the end', async () => {
    const got = await subscribe({ subscribe: { mode: 'ONCE', encoding: 'JSON', subscription: [{ path: p('system', 'name', 'host-name') }] } }, 99);
    assert.equal(got.length, 2);
    assert.equal(json(got[0].update.update[0]), 'pe7');
    assert.equal(got[1].sync_response, true);
  });

  void it('Subscribe STREAM ON_CHANGE: initial sync, sync_response, then the DF change', async () => {
    const esPath = p('system', 'network-instance', 'protocols', 'evpn', 'ethernet-segments', { name: 'bgp-instance', key: { id: '1' } }, { name: 'ethernet-segment', key: { name: '*' } }, 'designated-forwarder');
    const got = await subscribe({ subscribe: { mode: 'STREAM', encoding: 'JSON_IETF', subscription: [{ path: esPath, mode: 'ON_CHANGE' }] } }, 3, (m) => {
      if (m.sync_response) {
        source.setState((tree) => {
          const t = tree as Any;
          t.system['network-instance'].protocols.evpn['ethernet-segments']['bgp-instance'][0]['ethernet-segment'][0]['designated-forwarder'] = true;
          t.interface[0].mtu = 1500; // not under the path: not sent
        });
      }
    });
    assert.equal(json(got[0].update.update[0]), false);
    assert.equal(got[1].sync_response, true);
    const u = got[2].update.update;
    assert.equal(u.length, 1);
    assert.equal(u[0].path.elem.at(-2).key.name, 'seg-a');
    assert.equal(json(u[0]), true);
  });

  void it('ON_CHANGE is stamped with the time of the change the source reports (ChangeEvent.atNs), not the server\'s now', async () => {
    // The lab's clock stands at 7 s; the source says the change happened at 6.25 s.
    const clock = { nowNs: () => 7_000_000_000n, every: wallClock.every };
    const src = makeSource();
    let told: { nowNs(): bigint } | undefined;
    const inner = src.subscribe.bind(src);
    src.useClock = (c) => { told = c; };
    src.subscribe = (l: (ev: ChangeEvent) => void) => inner((ev) => l({ ...ev, atNs: 6_250_000_000n }));
    const s2 = await startGnmiServer({ host: '127.0.0.1', port: 0, source: src, tls, auth: { username: USER, password: PASS }, clock });
    const keep = srv;
    srv = s2;
    try {
      assert.equal(told, clock, 'the server gives the source its clock');
      const got = await subscribe({ subscribe: { mode: 'STREAM', subscription: [{ path: p({ name: 'interface', key: { name: 'ethernet-1/7' } }, 'oper-state'), mode: 'ON_CHANGE' }] } }, 3, (m) => {
        if (m.sync_response) src.setState((tree) => { ((tree as Any).interface[0] as Any)['oper-state'] = 'down'; });
      });
      assert.equal(got[0].update.timestamp, '7000000000', 'the initial sync: stamped now');
      assert.equal(json(got[2].update.update[0]), 'down');
      assert.equal(got[2].update.timestamp, '6250000000', 'the change: stamped with its own time');
    } finally {
      srv = keep;
      await s2.close();
    }
  });

  void it('Subscribe POLL answers each Poll with the data and sync_response', async () => {
    let polled = false;
    const got = await subscribe({ subscribe: { mode: 'POLL', subscription: [{ path: p('system', 'name') }] } }, 4, (m, s) => {
      if (m.sync_response && !polled) {
        polled = true;
        s.write({ poll: {} });
      }
    });
    assert.deepEqual(got.map((m) => m.response), ['update', 'sync_response', 'update', 'sync_response']);
  });

  void it('a Subscribe with a bad path ends with NOT_FOUND', async () => {
    await assert.rejects(subscribe({ subscribe: { subscription: [{ path: p('nothing-here') }] } }, 1), (e: Any) => e.code === grpc.status.NOT_FOUND);
  });
});

// The lab wiring: a node whose device serves gNMI gets a gNMI listener (TLS with the certificate
// kept in the lab's state folder, the lab's login), others get none; SAMPLE runs on the lab clock.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { loadTopology } from '../../../topologies';
import { Lab } from '../../lab';
import { loadGnmiProto } from './server';
import { makeSource } from './testdata/fixture';

type Any = Record<string, any>;
const TOPO = path.join(__dirname, '..', '..', '..', 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');
const PASSWORD = 'lab-gnmi-Pw9';

void test('a gNMI-serving node gets a TLS gNMI port with the lab login; SAMPLE ticks on the lab clock', { timeout: 60_000 }, async () => {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-gnmi-lab-'));
  const topo = await loadTopology(TOPO);
  const first = topo.nodes[0].name;
  const lab = Lab.create(topo, { mode: 'realtime', speed: 1, telnet: false, ssh: false, stateDir, auth: { password: PASSWORD }, gnmiSource: (n) => (n.name === first ? makeSource() : undefined) });
  try {
    await lab.start();
    const rows = lab.describe();
    const g = rows.find((r) => r.name === first)!.gnmi;
    assert.match(g ?? '', /^127\.0\.0\.1:\d+$/);
    assert.ok(rows.filter((r) => r.name !== first).every((r) => r.gnmi === undefined));
    assert.ok(rows.every((r) => r.ssh === undefined));
    const certFile = lab.gnmiCertFile!;
    assert.ok(certFile.startsWith(stateDir) && fs.existsSync(certFile));
    const Ctor = (loadGnmiProto().gnmi as grpc.GrpcObject).gNMI as grpc.ServiceClientConstructor;
    const mk = (pw: string): Any =>
      new Ctor(g!, grpc.credentials.combineChannelCredentials(grpc.credentials.createSsl(fs.readFileSync(certFile)), grpc.credentials.createFromMetadataGenerator((_p, cb) => {
        const md = new grpc.Metadata();
        md.set('username', 'netproof');
        md.set('password', pw);
        cb(null, md);
      }))) as unknown as Any;
    const caps = (c: Any): Promise<Any> => new Promise((res, rej) => c.Capabilities({}, { deadline: Date.now() + 5000 }, (e: Error | null, r: Any) => (e ? rej(e) : res(r))));
    assert.equal((await caps(mk(PASSWORD))).gNMI_version, '0.10.0');
    await assert.rejects(caps(mk('nope')), (e: Any) => e.code === grpc.status.UNAUTHENTICATED);
    // SAMPLE every 1 s (SR Linux's minimum): the initial update, sync, then lab-clock samples.
    const c = mk(PASSWORD);
    const s = c.Subscribe({ deadline: Date.now() + 10_000 });
    const got: Any[] = [];
    const t0 = lab.sched.now;
    await new Promise<void>((res, rej) => {
      s.on('data', (m: Any) => {
        got.push({ m, at: lab.sched.now });
        if (got.length === 4) {
          s.cancel();
          res();
        }
      });
      s.on('error', (e: Any) => (e.code === grpc.status.CANCELLED ? res() : rej(e)));
      s.write({ subscribe: { mode: 'STREAM', subscription: [{ path: { elem: [{ name: 'system' }, { name: 'name' }, { name: 'host-name' }] }, mode: 'SAMPLE', sample_interval: '1000000000' }] } });
    });
    assert.deepEqual(got.map((x) => x.m.response), ['update', 'sync_response', 'update', 'update']);
    const dt = (got[3].at - got[2].at) / 1000;
    assert.ok(dt >= 990 && dt <= 1100, `samples ${dt} ms apart on the lab clock`);
    assert.ok(got[2].at - t0 >= 900_000);
  } finally {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
});

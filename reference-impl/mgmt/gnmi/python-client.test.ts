// A gNMI client in another language (Python, Debian's python3-grpcio and python3-grpc-tools, stubs
// generated from our gnmi.proto at test time) against the server: Capabilities, Get, and an
// ON_CHANGE Subscribe that sees the DF state change.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { PROTO_FILE, startGnmiServer } from './server';
import { loadGnmiTls } from './tls';
import { makeSource } from './testdata/fixture';

const PY = '/usr/bin/python3';
const probe = spawnSync(PY, ['-c', 'import grpc, grpc_tools'], { timeout: 20_000 });
const skip = probe.status === 0 ? false : 'python3-grpcio / python3-grpc-tools missing (apt-get install -y python3-grpcio python3-grpc-tools)';

void test('python gNMI client: Capabilities, Get, ON_CHANGE Subscribe to the DF state', { skip, timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gnmi-py-'));
  const tls = loadGnmiTls(dir);
  const source = makeSource();
  const srv = await startGnmiServer({ host: '127.0.0.1', port: 0, source, tls, auth: { username: 'pyuser', password: 'py-Secret-7' } });
  const es = '/system/network-instance/protocols/evpn/ethernet-segments/bgp-instance[id=1]/ethernet-segment[name=seg-a]/designated-forwarder';
  const child = spawn(PY, [path.join(__dirname, 'testdata', 'client.py'), path.dirname(PROTO_FILE), dir, `127.0.0.1:${srv.port}`, tls.certFile, 'pyuser', '/interface[name=lag5]/oper-state', es, '1'], {
    env: { ...process.env, GNMI_PASSWORD: 'py-Secret-7', PYTHONDONTWRITEBYTECODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const m = JSON.parse(buf.slice(0, i)) as Record<string, unknown>;
      buf = buf.slice(i + 1);
      lines.push(m);
      if (m.synced) {
        source.setState((t) => {
          ((t as any).system['network-instance'].protocols.evpn['ethernet-segments']['bgp-instance'][0]['ethernet-segment'][0] as Record<string, unknown>)['designated-forwarder'] = true;
        });
      }
    }
  });
  const code = await new Promise<number | null>((res) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.on('close', (c) => {
      clearTimeout(t);
      res(c);
    });
  });
  await srv.close();
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(code, 0, err);
  const caps = lines[0].capabilities as { version: string; encodings: string[]; models: string[] };
  assert.equal(caps.version, '0.10.0');
  assert.deepEqual(caps.encodings, ['JSON', 'JSON_IETF']);
  assert.deepEqual(lines[1].get, [{ path: '/srl_nokia-interfaces:interface[name=lag5]/oper-state', value: 'down' }]);
  assert.ok(lines.some((l) => l.synced));
  const upd = lines.filter((l) => l.update).map((l) => l.update as { path: string; value: unknown });
  assert.equal(upd.at(-1)!.value, true);
  assert.match(upd.at(-1)!.path, /ethernet-segment\[name=seg-a\]\/designated-forwarder$/);
});

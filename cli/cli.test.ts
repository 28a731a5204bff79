import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from './main';
import { openSession } from '../drivers/connect';
import { getPvrpNeighbors, getRoutes } from '../drivers/platforms/freertr/getters';
import { groupRoutes } from '../drivers/model/types';

const ROOT = path.join(__dirname, '..');
const TOPO = path.join(ROOT, 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');

async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    args,
    (s) => {
      out += s;
    },
    (s) => {
      err += s;
    },
  );
  return { code, out, err };
}

void test('bad input: one line on stderr, exit 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-cli-'));
  fs.writeFileSync(path.join(dir, 'inv.yml'), 'devices:\n  r1:\n    host: 127.0.0.1\n    transport: carrier-pigeon\n    dialect: freertr\n');
  fs.writeFileSync(path.join(dir, 'inv1.yml'), 'devices:\n  r1:\n    host: 127.0.0.1\n    transport: carrier-pigeon\n    dialect: freertr\n  r2: { host: 127.0.0.1, dialect: freertr }\n  r3: { host: 127.0.0.1, dialect: freertr }\n');
  fs.writeFileSync(path.join(dir, 'bad.clab.yml'), 'name: x\ntopology:\n  nodes:\n    a: {kind: nosuchkind}\n  links: []\n');
  const cases: Array<[string[], RegExp]> = [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['run', 'no-such-suite'], /unknown suite 'no-such-suite' \(known: .*pvrp-ecmp/],
    // One suite, one problem: the inventory's only device has an unknown transport (r2 and r3 of
    // the topology unmapped are problems too, each its own line: tested in cli/run.test.ts).
    [['run', 'pvrp-ecmp', '--target', path.join(dir, 'inv1.yml')], /inv1\.yml:4: .*unknown transport/],
    [['run', '--bogus'], /unknown option --bogus/],
    [['lab', 'up', path.join(dir, 'missing.clab.yml')], /missing\.clab\.yml.*cannot read/],
    [['lab', 'up', path.join(dir, 'bad.clab.yml')], /bad\.clab\.yml:4:\d+: .*unknown kind 'nosuchkind'/],
    [['lab', 'up', TOPO, '--speed', 'fast'], /--speed must be a number/],
    [['lab', 'down'], /unknown lab command 'down'/],
  ];
  for (const [args, re] of cases) {
    const r = await runMain(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, re);
    assert.equal(r.err.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.err}`);
    assert.ok(!/\n\s+at /.test(r.err), 'no stack trace');
  }
});

void test('netproof lab up --json: a telnet client sees the converged tables; SIGINT exits 0', async () => {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'netproof.js'), 'lab', 'up', TOPO, '--json', '--speed', '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  try {
    const first = await new Promise<string>((resolve, reject) => {
      let buf = '';
      const t = setTimeout(() => reject(new Error('no JSON line within 20 s')), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const i = buf.indexOf('\n');
        if (i >= 0) {
          clearTimeout(t);
          resolve(buf.slice(0, i));
        }
      });
    });
    const doc = JSON.parse(first) as { lab: string; nodes: Array<{ name: string; kind: string; dialect: string; telnet: string }> };
    assert.equal(doc.lab, 'pvrp-ecmp');
    assert.deepEqual(doc.nodes.map((n) => [n.name, n.kind, n.dialect]), [['r1', 'rare', 'freertr'], ['r2', 'rare', 'freertr'], ['r3', 'rare', 'freertr']]);
    const [host, port] = doc.nodes[1].telnet.split(':');
    assert.equal(host, '127.0.0.1');
    const s = await openSession({ device: 'r2', host, port: Number(port), transport: 'telnet', platform: 'freertr' });
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const ns = await getPvrpNeighbors(s, 'ipv6', 1);
        if (ns.length === 4 && ns.every((n) => n.name && n.learned > 0)) break;
        assert.ok(Date.now() < deadline, `not converged: ${JSON.stringify(ns)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const v6 = groupRoutes(await getRoutes(s, 'ipv6', 'v1'));
      assert.equal(v6.find((g) => g.prefix === '1234:3::/32')?.paths.length, 4);
      const sum = await s.send('show ipv4 pvrp 1 sum');
      assert.match(sum, /^ \|~+\|/m, 'the document table form');
      assert.match(sum, /\| ethernet1\.11 \| 4\.4\.4\.1 \| r1 {3}\| ethernet1\.11 \| 1\.1\.1\.1 \| 6 {7}\| 8 {8}\|/);
      const bad = await s.send('show bogus', { check: false });
      assert.match(bad, /% unknown exec command entered/);
    } finally {
      await s.close();
    }
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0);
});

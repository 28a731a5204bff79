// The FRR lab's life cycle: without root one line and exit 2; a lab that never becomes ready, a
// bad frr.conf, a killed owner (cleaned at the next start), SIGTERM, and a daemon killed while
// sessions are open each end with one line naming the node, and teardown leaves nothing.
// Skipped, with the reason printed, when not root or FRR is not installed.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { openSession } from '../../drivers/connect';
import { frrGetters as g } from '../../drivers/platforms/frr/getters';
import '../../drivers/platforms';
import { FrrLab, frrUnavailable, openFrrTarget } from './index';
import { FrrLabError, run, sleep } from './sh';
import { cleanStale, STATE_ROOT } from './state';

const ROOT = path.resolve(__dirname, '..', '..');
const TRIANGLE = path.join(ROOT, 'topologies/pvrp-ecmp-frr/pvrp-ecmp-frr.clab.yml');
const unavailable = frrUnavailable();
if (unavailable) console.log(`# FRR life-cycle tests not run: ${unavailable}`);

async function leftOf(id: string): Promise<string[]> {
  const left: string[] = [];
  const ns = (await run('ip', ['netns', 'list'])).stdout;
  if (ns.includes(`np-${id}-`)) left.push('namespaces');
  if (readdirSync('/sys/class/net').some((l) => l.startsWith(`np${id}`))) left.push('interfaces');
  if (existsSync(path.join(STATE_ROOT, id))) left.push('state folder');
  const ps = (await run('ps', ['-eo', 'stat=,args='])).stdout.split('\n').filter((l) => !l.startsWith('Z') && l.includes(`/netproof-frr/${id}/`));
  if (ps.length) left.push(`processes: ${ps.join('; ')}`);
  return left;
}

/** Starts a lab in a child process that prints the lab id and then waits. */
function labInChild(): Promise<{ child: ReturnType<typeof spawn>; id: string }> {
  const code = `const { FrrLab } = require(${JSON.stringify(path.join(__dirname, 'lab.ts'))});
    FrrLab.start(${JSON.stringify(TRIANGLE)}).then((l) => { console.log('ID ' + l.id); setInterval(() => {}, 1000); }, (e) => { console.error(e.message); process.exit(1); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`child lab not up within 60 s: ${out}`)), 60000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ID (\w+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ child, id: m[1] });
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => {
      clearTimeout(t);
      reject(new Error(`child ended before the lab was up: ${out}`));
    });
  });
}

void describe('FRR lab life cycle', { skip: unavailable }, () => {
  void it('without root: one line saying so, exit 2', () => {
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(ROOT, 'bin/netproof.js'), 'lab', 'up', TRIANGLE], {
      encoding: 'utf8', timeout: 60000, env: { ...process.env, HOME: os.tmpdir() },
    });
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /needs root/);
  });

  void it('a lab that never becomes ready: one line naming the node, nothing left', async () => {
    let id = '';
    await assert.rejects(FrrLab.start(TRIANGLE, { readyMs: 1, log: (l) => (id ||= /^lab (\w+):/.exec(l)?.[1] ?? '') }),
      (e: unknown) => e instanceof FrrLabError && /node r\d/.test(e.message) && !e.message.includes('\n'));
    assert.ok(id);
    assert.deepEqual(await leftOf(id), []);
  });

  void it('a bad frr.conf line: one line naming the node and the line, nothing left', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'netproof-frr-bad-'));
    try {
      cpSync(path.dirname(TRIANGLE), dir, { recursive: true });
      const conf = path.join(dir, 'r2', 'frr.conf');
      writeFileSync(conf, readFileSync(conf, 'utf8').replace('router ospf\n', 'router ospf\n no-such-command 42\n'));
      let id = '';
      await assert.rejects(FrrLab.start(path.join(dir, path.basename(TRIANGLE)), { log: (l) => (id ||= /^lab (\w+):/.exec(l)?.[1] ?? '') }),
        (e: unknown) => e instanceof FrrLabError && /node r2: .*frr\.conf.*no-such-command/.test(e.message));
      assert.deepEqual(await leftOf(id), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('SIGTERM to the owning process tears the lab down', async () => {
    const { child, id } = await labInChild();
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await done;
    assert.deepEqual(await leftOf(id), []);
  });

  void it('a killed run (SIGKILL) leaves a stale lab that the next start cleans', async () => {
    const { child, id } = await labInChild();
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await done;
    assert.ok((await leftOf(id)).includes('namespaces'), 'the killed run left its lab (nothing could clean it)');
    assert.ok(cleanStale().includes(id));
    assert.deepEqual(await leftOf(id), []);
  });

  void it('a daemon killed while a session is open: the getter fails with one line naming the node', async () => {
    const t = await openFrrTarget(TRIANGLE);
    try {
      const e = t.endpoints.r3;
      const s = await openSession({ device: 'r3', host: e.host, port: e.port, transport: 'ssh', platform: 'frr', username: e.username, keyFile: e.keyFile, hostKeyFingerprint: e.hostKeyFingerprint });
      const pid = Number(readFileSync(path.join(t.frr.node('r3').runDir, 'ospfd.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      await sleep(300);
      const started = Date.now();
      await assert.rejects((g.igpNeighbors as NonNullable<typeof g.igpNeighbors>)(s, { afi: 'ipv4' }), (err: unknown) => {
        const m = (err as Error).message;
        return /^r3: /.test(m) && !m.includes('\n');
      });
      assert.ok(Date.now() - started < 35000, 'within the command deadline');
      await s.close().catch(() => undefined);
    } finally {
      assert.deepEqual(await t.close(), []);
    }
    assert.deepEqual(await leftOf(t.frr.id), []);
  });
});

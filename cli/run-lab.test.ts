// `netproof run` against a `lab up` lab through an inventory, the lab killed mid-suite or frozen
// (SIGSTOP): each ends the run with broken checks, one line each, no stack trace, exit 3.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readResults } from '../reports/checks';
import { BIN, ROOT, netproof as run } from './run-process';

const TOPO = path.join(ROOT, 'topologies', 'pvrp-ecmp', 'pvrp-ecmp.clab.yml');

async function labUp(): Promise<{ child: ChildProcess; inventory: string }> {
  const child = spawn(process.execPath, [BIN, 'lab', 'up', TOPO, '--json', '--speed', '10'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const first = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error('lab up printed nothing within 30 s')), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const i = buf.indexOf('\n');
      if (i >= 0) {
        clearTimeout(t);
        resolve(buf.slice(0, i));
      }
    });
  });
  const doc = JSON.parse(first) as { nodes: Array<{ name: string; telnet: string }> };
  const lines = ['defaults:', '  transport: telnet', '  dialect: freertr', 'devices:'];
  for (const n of doc.nodes) {
    const [host, port] = n.telnet.split(':');
    lines.push(`  ${n.name}: { host: ${host}, port: ${port} }`);
  }
  return { child, inventory: lines.join('\n') + '\n' };
}

for (const how of ['killed', 'frozen'] as const) {
  void test(`a lab ${how} mid-suite: broken, not failed; exit 3; no stack trace`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `np-${how}-`));
    const lab = await labUp();
    try {
      const inv = path.join(dir, `lab-${how}.yml`);
      fs.writeFileSync(inv, lab.inventory);
      let done = false;
      const r = await run(['run', 'pvrp-ecmp', '--target', inv, '--no-report'], { NETPROOF_OUTPUT_DIR: path.join(dir, 'out') }, (all) => {
        // After the configuration check passed, the lab goes away (or stops answering).
        if (!done && /^PASS {3}pvrp-ecmp › configure/m.test(all)) {
          done = true;
          lab.child.kill(how === 'killed' ? 'SIGKILL' : 'SIGSTOP');
        }
      });
      assert.ok(done, r.out + r.err);
      assert.equal(r.code, 3, r.out + r.err);
      assert.doesNotMatch(r.out + r.err, /^\s+at /m, 'no stack trace');
      const res = readResults(path.join(dir, 'out', `lab-${how}`));
      const verdicts = new Set(res.checks.slice(1).map((c) => c.verdict));
      assert.deepEqual([...verdicts], ['broken'], r.out);
      const first = res.checks.find((c) => c.verdict === 'broken')!;
      assert.match(first.reason ?? '', how === 'killed' ? /^(ConnectionLostError|ConnectError|TimeoutError): r\d: / : /^(TimeoutError: r\d: timed out|Test timeout)/, first.reason);
      assert.match(r.out, new RegExp(`^1 passed, 0 failed, ${res.checks.length - 1} broken, 0 deviations$`, 'm'));
    } finally {
      if (how === 'frozen') lab.child.kill('SIGCONT');
      lab.child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

// Fragment-proof drivers end to end: the driver (drivers/) against the reference router's telnet
// server (reference-impl/) through a proxy that delivers the router's bytes one at a time, at
// seeded random split points, or 500 ms apart. Every answer must be the one a direct session gets.
// It lives in cli/ because only cli/ may import both drivers/ and reference-impl/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSession, type Session } from '../drivers/connect';
import { type FragmentPolicy, startFragmentProxy } from '../drivers/testing/fragment-proxy';
import { Lab } from '../reference-impl/lab';
import { loadTopology } from '../topologies';
import { SEC } from '../reference-impl/sim/scheduler';

const CASES: { topo: string; node: string; platform: string; show: string; config: string[] }[] = [
  { topo: 'pvrp-ecmp/pvrp-ecmp.clab.yml', node: 'r1', platform: 'freertr', show: 'show ipv4 route v1', config: ['interface loopback7', 'description fragment test', 'exit'] },
  { topo: 'bfd-static-vpn/bfd-static-vpn.clab.yml', node: 'CE1', platform: 'vrp', show: 'display ip routing-table', config: ['interface LoopBack7', 'description fragment test'] },
];

/** Uptimes move on between two runs of the command; everything else must be the same. */
const mask = (text: string): string => text.replace(/\b\d+:\d\d:\d\d\b/g, 'hh:mm:ss').replace(/\b\d+[dhms]\d*[hms]?\b/g, 'T');

const POLICIES: [string, FragmentPolicy][] = [
  ['one byte per chunk, 0.5 ms apart', { split: 'byte', delayMs: 0.5 }],
  ['random split points (seed 11)', { split: 'random', maxChunk: 9, seed: 11 }],
];

for (const c of CASES) {
  void describe(`${c.platform} over telnet through a fragmenting proxy (reference router)`, () => {
    let lab: Lab;
    let stateDir: string;
    let direct: Session;
    let expected: string;

    const open = async (port: number, timeouts: Record<string, number> = {}): Promise<Session> =>
      openSession({ device: c.node, host: '127.0.0.1', port, transport: 'telnet', platform: c.platform, timeouts: { connectMs: 5000, promptMs: 5000, commandMs: 5000, ...timeouts } });

    before(async () => {
      stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-frag-'));
      lab = Lab.create(await loadTopology(path.join(__dirname, '..', 'topologies', c.topo)), { stateDir, ssh: false, speed: 10 });
      // Converge first (virtual time, at CPU speed), so that every session sees the same table.
      lab.sched.runFor(60 * SEC);
      await lab.start();
      direct = await open(lab.node(c.node).telnet!.port);
      expected = mask(await direct.send(c.show));
      assert.ok(expected.split('\n').length >= 2, expected);
    });
    after(async () => {
      await direct?.close();
      await lab.stop();
      fs.rmSync(stateDir, { recursive: true, force: true });
    });

    for (const [label, policy] of POLICIES) {
      void it(`${label}: opens, answers exactly as a direct session, configures`, async () => {
        const px = await startFragmentProxy({ targetPort: lab.node(c.node).telnet!.port, down: policy });
        const s = await open(px.port);
        try {
          assert.equal(s.mode?.name, direct.mode?.name);
          assert.equal(mask(await s.send(c.show)), expected);
          await s.configure(c.config);
          assert.equal(s.mode?.name, direct.mode?.name);
          assert.ok(px.downChunks > 50, `only ${px.downChunks} chunks`);
        } finally {
          await s.close();
          await px.close();
        }
      });
    }

    void it('500 ms per chunk: the prompt and a command, each taking longer than its inactivity deadline in total', async () => {
      const px = await startFragmentProxy({ targetPort: lab.node(c.node).telnet!.port, down: { split: 'random', maxChunk: 600, seed: 5, delayMs: 500 } });
      const t0 = Date.now();
      const s = await open(px.port, { commandMs: 2000, promptMs: 2000 });
      try {
        assert.equal(mask(await s.send(c.show)), expected);
        assert.ok(Date.now() - t0 > 2000, `took ${Date.now() - t0} ms`);
      } finally {
        await s.close();
        await px.close();
      }
    });
  });
}

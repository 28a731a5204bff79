// End to end over real sockets: the srlinux driver platform (drivers/platforms/srlinux) against
// reference SR Linux nodes (reference-impl/cli/srlinux): interfaces and BGP peers over SSH with
// the CLI parsers, the candidate workflow of configure() (`commit now`, a refused line as a
// CommandError), and interfaces over gNMI (the node's gNMI data source, TLS with the lab's
// certificate) with an ON_CHANGE subscription seeing a CLI commit. It lives in cli/ because only
// cli/ may import both sides; names and addresses are the test's own (testdata/srl-pair).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDevice } from '../drivers/api';
import { openSession } from '../drivers/connect';
import { CommandError } from '../drivers/errors';
import { srlinuxGetters } from '../drivers/platforms/srlinux/getters';
import { GnmiTransport, type GnmiNotification } from '../drivers/transport/gnmi';
import { Lab } from '../reference-impl/lab';
import { loadTopology } from '../topologies';

const PASSWORD = 'Pw-srl-e2e-41d';
const TOPO = path.join(__dirname, 'testdata', 'srl-pair', 'srl-pair.clab.yml');
const FAST = { connectMs: 10000, promptMs: 10000, wakeMs: 200, settleMs: 50, commandMs: 10000 };

async function pollUntil<T>(what: string, f: () => Promise<T>, ok: (v: T) => boolean, deadlineMs = 30_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  let last: T | undefined;
  for (;;) {
    last = await f();
    if (ok(last)) return last;
    if (Date.now() > until) throw new Error(`${what}: not within ${deadlineMs} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

void describe('srlinux driver against reference SR Linux nodes (SSH and gNMI)', () => {
  let lab: Lab;
  let stateDir: string;

  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-srl-'));
    lab = Lab.create(await loadTopology(TOPO), { mode: 'realtime', speed: 10, telnet: false, stateDir, auth: { password: PASSWORD } });
    await lab.start();
  });
  after(async () => {
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  const ssh = (node: string) => {
    const ep = lab.node(node).ssh!;
    return openSession({
      device: node, host: ep.host, port: ep.port, transport: 'ssh', platform: 'srlinux', username: lab.sshLogin!.username, password: PASSWORD,
      hostKeyFingerprint: lab.sshHostKey!.fingerprint, timeouts: FAST,
    });
  };
  const gnmi = async (node: string) => {
    const ep = lab.node(node).gnmi!;
    const g = new GnmiTransport({ device: node, host: ep.host, port: ep.port, username: lab.sshLogin!.username, password: PASSWORD, ca: fs.readFileSync(lab.gnmiCertFile!, 'utf8'), serverName: ep.host, timeoutMs: 10_000 });
    await g.connect();
    return g;
  };

  void it('SSH: interfaces and the eBGP IPv4 peer, parsed from the CLI', async () => {
    const s = await ssh('gw-a');
    try {
      assert.equal(s.mode?.name, 'running');
      const d = createDevice('gw-a', 'srlinux', s);
      const ifs = await d.interfaces();
      const e7 = ifs.find((i) => i.name === 'ethernet-1/7');
      assert.equal(e7?.state, 'up', JSON.stringify(ifs));
      assert.equal(ifs.find((i) => i.name === 'ethernet-1/7.0')?.address, '172.31.7.1/30');
      const peers = await pollUntil('gw-a eBGP peer established', () => d.bgpPeers({ family: 'ipv4-unicast' }), (ps) => ps.some((p) => p.peer === '172.31.7.2' && p.state === 'established'));
      assert.equal(peers.find((p) => p.peer === '172.31.7.2')?.remoteAs, 65008);
    } finally {
      await s.close();
    }
  });

  void it('SSH: configure() with enter candidate / commit now; a bad line is a CommandError and nothing is committed', async () => {
    const s = await ssh('gw-b');
    try {
      const d = createDevice('gw-b', 'srlinux', s);
      await d.configure(['/interface ethernet-1/8 {', 'description to-lab-host', '}']);
      assert.equal(s.mode?.name, 'running');
      assert.match(await d.cli('info flat interface ethernet-1/8'), /description to-lab-host/);
      await assert.rejects(d.configure(['/interface ethernet-1/8 description other', '/interface ethernet-1/8 no-such-leaf 3']),
        (e: unknown) => e instanceof CommandError && e.device === 'gw-b' && /no-such-leaf/.test(e.command));
      assert.equal(s.mode?.name, 'running');
      assert.doesNotMatch(await d.cli('info flat interface ethernet-1/8'), /description other/);
    } finally {
      await s.close();
    }
  });

  void it('gNMI: interfaces through the platform option, the same as the CLI; ON_CHANGE sees a CLI commit', async () => {
    const g = await gnmi('gw-a');
    const s = await ssh('gw-a');
    try {
      const viaG = createDevice('gw-a', 'srlinux', s, srlinuxGetters({ gnmi: g, via: 'gnmi' }));
      const viaCli = createDevice('gw-a', 'srlinux', s);
      const gi = await viaG.interfaces();
      const ci = await viaCli.interfaces();
      for (const name of ['ethernet-1/7', 'ethernet-1/7.0', 'system0']) {
        assert.equal(gi.find((i) => i.name === name)?.state, ci.find((i) => i.name === name)?.state, name);
      }
      assert.equal(gi.find((i) => i.name === 'ethernet-1/7.0')?.address, '172.31.7.1/30');
      assert.ok((gi.find((i) => i.name === 'ethernet-1/7')?.txPackets ?? 0) > 0, 'BGP packets counted');
      const seen: GnmiNotification[] = [];
      const sub = g.subscribe({ paths: ['/interface[name=ethernet-1/8]/admin-state'], mode: 'STREAM', streamMode: 'ON_CHANGE' }, (n) => seen.push(n));
      await sub.synced;
      await viaCli.configure(['/interface ethernet-1/8 admin-state disable']);
      await pollUntil('ON_CHANGE admin-state disable', async () => seen, (ns) => ns.some((n) => n.updates.some((u) => u.path === '/interface[name=ethernet-1/8]/admin-state' && u.value === 'disable')));
      assert.equal((await viaG.interfaces()).find((i) => i.name === 'ethernet-1/8')?.state, 'admin');
      sub.close();
    } finally {
      await s.close();
      await g.close();
    }
  });
});

// The vrp driver platform against the reference router's vrp dialect, end to end over SSH:
// configure() with commit, a line VRP rejects, a commit VRP refuses, and the state left behind.
// It lives in cli/ because only cli/ may import both drivers/ and reference-impl/.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSession, type Session } from '../drivers/connect';
import { CommandError } from '../drivers/errors';
import { getRoutes, getInterfaces } from '../drivers/platforms/vrp/getters';
import { Lab } from '../reference-impl/lab';
import { loadTopology } from '../topologies';

const PASSWORD = 'Pw-vrp-e2e-41c2';
const TOPO = path.join(__dirname, '..', 'topologies', 'bfd-static-vpn', 'bfd-static-vpn.clab.yml');
const FAST = { connectMs: 10000, promptMs: 10000, wakeMs: 200, settleMs: 50, commandMs: 10000 };

void describe('vrp driver against the reference router over SSH', () => {
  let lab: Lab;
  let stateDir: string;
  let ce1: Session;

  before(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-vrp-'));
    lab = Lab.create(await loadTopology(TOPO), { stateDir, telnet: false, speed: 10, auth: { password: PASSWORD } });
    await lab.start();
    const ep = lab.node('CE1').ssh!;
    ce1 = await openSession({ device: 'CE1', host: ep.host, port: ep.port, transport: 'ssh', platform: 'vrp', username: 'netproof', password: PASSWORD, hostKeyFingerprint: lab.sshHostKey!.fingerprint, timeouts: FAST });
  });
  after(async () => {
    await ce1?.close();
    await lab.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  void it('configure() enters system view, commits, and comes back to user view', async () => {
    await ce1.configure(['interface GigabitEthernet0/1/0', 'ip address 10.1.1.1 24', 'quit', 'interface LoopBack1', 'ip address 1.1.1.1 32']);
    assert.equal(ce1.mode?.prompt, '<CE1>');
    const routes = await getRoutes(ce1);
    assert.ok(routes.some((r) => r.prefix === '10.1.1.0/24' && r.protocol === 'connected'), 'the committed address is live');
    const ifs = await getInterfaces(ce1);
    assert.equal(ifs.find((i) => i.name === 'LoopBack1')?.address, '1.1.1.1/32');
  });

  void it("a line VRP rejects raises CommandError with VRP's own error line, and nothing is committed", async () => {
    await assert.rejects(
      ce1.configure(['interface GigabitEthernet0/2/0', 'ip adress 10.2.1.1 24']),
      (e: unknown) => e instanceof CommandError && e.command === 'ip adress 10.2.1.1 24' && /^Error: Unrecognized command found at '\^' position\./.test(e.errorLine),
    );
    assert.equal(ce1.mode?.prompt, '<CE1>', 'left the configuration (the exit dialog answered N)');
    const run = await ce1.send('display current-configuration');
    assert.doesNotMatch(run, /10\.2\.1\.1/);
  });

  void it('a commit VRP refuses raises CommandError naming commit, and the candidate is discarded', async () => {
    // The same address on two interfaces of one VPN instance (the public one) is refused at commit.
    await assert.rejects(
      ce1.configure(['interface GigabitEthernet0/2/0', 'ip address 10.1.1.1 24']),
      (e: unknown) => e instanceof CommandError && e.command === 'commit' && /^Error:/.test(e.errorLine),
    );
    assert.equal(ce1.mode?.prompt, '<CE1>');
    assert.equal(ce1.uncommitted, false);
    const run = await ce1.send('display current-configuration');
    assert.equal(run.match(/ip address 10\.1\.1\.1 /g)?.length, 1, 'only the first interface has it');
    assert.match(run, /ip address 10\.1\.1\.1 255\.255\.255\.0/, 'the earlier commit stays');
  });
});

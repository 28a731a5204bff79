// `netproof lab exec` end to end: a lab started here (real SSH servers), its running.json as
// `lab up` writes it, and commands run on its nodes through the lab's SSH with their exit status.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Lab } from '../reference-impl/lab';
import { loadTopology } from '../topologies';
import { main } from './main';
import { removeRunning, runningLabs, writeRunning } from './lab-exec';

const TOPO = `name: exec-lab
topology:
  nodes:
    box1: {kind: linux, binds: [b1.sh:/b1.sh], exec: [bash /b1.sh]}
    box2: {kind: linux, binds: [b2.sh:/b2.sh], exec: [bash /b2.sh]}
    sw1: {kind: srl}
  links:
    - endpoints: ["box1:eth1", "box2:eth1"]
    - endpoints: ["box1:eth2", "sw1:e1-1"]
`;

async function exec(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['lab', 'exec', ...args], (s) => { out += s; }, (s) => { err += s; });
  return { code, out, err };
}

void describe('netproof lab exec', () => {
  let dir: string;
  let state: string;
  let lab: Lab;
  let running: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-exec-'));
    state = path.join(dir, 'state');
    fs.writeFileSync(path.join(dir, 'b1.sh'), 'ip addr add 172.30.1.1/24 dev eth1\n');
    fs.writeFileSync(path.join(dir, 'b2.sh'), 'ip link add dev blue type vrf table 5\nip link set dev blue up\nip link set eth1 master blue\nip addr add 172.30.1.2/24 dev eth1\n');
    fs.writeFileSync(path.join(dir, 'lab.clab.yml'), TOPO);
    lab = Lab.create(await loadTopology(path.join(dir, 'lab.clab.yml')), { stateDir: state, telnet: false, gnmi: false, mode: 'realtime', speed: 20 });
    await lab.start();
    const login = lab.sshLogin!;
    running = writeRunning(state, { lab: lab.name, pid: process.pid, topology: lab.topo.file, username: login.username, hostKey: lab.sshHostKey!.fingerprint, nodes: lab.describe().map((n) => ({ name: n.name, dialect: n.dialect, ssh: n.ssh })) });
  });
  after(async () => {
    removeRunning(running);
    await lab.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  void it('runs a command on a linux node over the lab\'s SSH and prints its output', async () => {
    assert.deepEqual(runningLabs(state).map((l) => l.lab), ['exec-lab']);
    const r = await exec(['box2', '--state', state, '--', 'ip', '-br', 'addr', 'show', 'dev', 'eth1']);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    assert.match(r.out, /^eth1 +UP +172\.30\.1\.2\/24 \n$/);
    const h = await exec(['box1', '--state', state, '--', 'hostname']);
    assert.equal(h.out, 'box1\n');
  });

  void it('gives the command\'s exit status: ping with replies 0, with none 1, no route 2, unknown command 127', async () => {
    const ok = await exec(['box2', '--state', state, '--', 'ping', '-c', '2', '-i', '0.2', '-I', 'blue', '172.30.1.1']);
    assert.equal(ok.code, 0, ok.out + ok.err);
    assert.match(ok.out, /2 packets transmitted, 2 received, 0% packet loss/);
    const lost = await exec(['box1', '--state', state, '--', 'ping', '-c', '1', '-W', '1', '172.30.1.99']);
    assert.equal(lost.code, 1);
    assert.match(lost.out, /1 packets transmitted, 0 received, 100% packet loss/);
    const noRoute = await exec(['box2', '--state', state, '--', 'ping', '-c', '1', '172.30.1.1']);
    assert.equal(noRoute.code, 2, 'box2\'s only address is in VRF blue: the main table has no route');
    assert.match(noRoute.out, /ping: connect: Network is unreachable/);
    const unknown = await exec(['box1', '--state', state, '--', 'nmap', '-PE', '172.30.1.2']);
    assert.equal(unknown.code, 127);
    assert.equal(unknown.out, 'bash: nmap: command not found\n');
  });

  void it('runs one CLI command on an srl node', async () => {
    const r = await exec(['sw1', '--state', state, '--', 'info', 'flat']);
    assert.equal(r.code, 0, r.out + r.err);
  });

  void it('an unknown node: one line listing the nodes, exit 2; no lab running: one line, exit 2', async () => {
    const r = await exec(['box9', '--state', state, '--', 'hostname']);
    assert.equal(r.code, 2);
    assert.equal(r.err, 'netproof: lab exec-lab has no node \'box9\' (nodes: box1, box2, sw1)\n');
    const none = await exec(['box1', '--state', path.join(dir, 'empty'), '--', 'hostname']);
    assert.equal(none.code, 2);
    assert.match(none.err, /^netproof: no lab is running \(start one with `netproof lab up TOPOLOGY`; looked in .*empty\/labs\)\n$/);
    const other = await exec(['box1', '--state', state, '--lab', 'nope', '--', 'hostname']);
    assert.equal(other.err, 'netproof: lab nope is not running (running: exec-lab)\n');
    const usage = await exec(['box1', '--state', state]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /usage: netproof lab exec NODE/);
  });

  void it('a stale running.json (its process gone) is not a running lab', () => {
    const stale = path.join(dir, 'stale');
    writeRunning(stale, { lab: 'old', pid: 2 ** 22 + 12345, topology: 'x', username: 'u', hostKey: 'SHA256:x', nodes: [] });
    assert.deepEqual(runningLabs(stale), []);
  });
});

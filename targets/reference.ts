// The reference router as a target: the ONE file outside cli/ that imports reference-impl/ (its
// lab). Starts the lab in this process, gives each node's telnet or SSH endpoint, and implements
// lab control over the Lab's out-of-band hooks on its virtual clock.
import { randomBytes } from 'node:crypto';
import type { LabClock, LabControl, LabControlStep, LinkState, RunningStream, StreamSpec } from '../drivers/lab/control';
import { Lab } from '../reference-impl/lab';
import { loadTopology } from '../topologies';
import { SessionTarget } from './session-target';
import type { Target, TargetOptions } from './types';

/** Lab control over a running reference Lab. Times are the lab's virtual seconds. */
export function referenceLabControl(lab: Lab, onRestart?: (node: string) => void): LabControl {
  const clock: LabClock = { kind: 'virtual', nowSec: () => lab.sched.now / 1e6 };
  return {
    kind: 'reference',
    clock,
    supports: (_step: LabControlStep) => true,
    async setLink(a: string, b: string | undefined, state: LinkState) {
      lab.setLink(a, b, state);
    },
    async startStream(spec: StreamSpec): Promise<RunningStream> {
      const s = lab.startStream(spec);
      return { stop: async () => s.stop() };
    },
    async capture(a: string, b: string | undefined, file: string) {
      const stop = lab.capture(a, b, file);
      return async () => stop();
    },
    async restartNode(node: string) {
      lab.restartNode(node);
      // A reload drops the node's management connections, as on a real router.
      lab.dropSessions(node);
      onRestart?.(node);
    },
    watchRoute(node, vrf, prefix, cb) {
      return lab.watchRoute(node, vrf, prefix, (t, code) => cb(t / 1e6, code));
    },
  };
}

/** Starts the reference lab for the topology (NETPROOF_SPEED, NETPROOF_SEED) and returns the target. */
export async function openReference(topologyFile: string, opts: TargetOptions = {}): Promise<Target> {
  const topo = await loadTopology(topologyFile);
  const speed = Number(process.env.NETPROOF_SPEED ?? 10) || 10;
  // The lab's SSH password: made up per run, kept in memory only.
  const password = randomBytes(18).toString('base64url');
  const ssh = opts.transport === 'ssh';
  const lab = Lab.create(topo, { mode: 'realtime', speed, seed: Number(process.env.NETPROOF_SEED ?? 1), ssh, auth: ssh ? { password } : undefined });
  await lab.start();
  const target: SessionTarget = new SessionTarget({
    name: 'reference',
    kind: 'reference',
    topo,
    lab: referenceLabControl(lab, (n) => target.forgetSession(n)),
    speed,
    endpoint(node) {
      const n = lab.node(node);
      if (ssh) {
        if (!n.ssh) throw new Error(`node ${node} has no SSH server`);
        // The lab's host key is pinned: the check is as strict as against a real device.
        return { host: n.ssh.host, port: n.ssh.port, transport: 'ssh', dialect: n.dialect, username: lab.sshLogin?.username, password, hostKeyFingerprint: lab.sshHostKey?.fingerprint, gnmi: n.gnmi ? { ...n.gnmi, caFile: lab.gnmiCertFile } : undefined };
      }
      if (!n.telnet) throw new Error(`node ${node} has no telnet server`);
      return { host: n.telnet.host, port: n.telnet.port, transport: 'telnet', dialect: n.dialect };
    },
    onClose: () => lab.stop(),
  });
  return target;
}

/**
 * A Linux host (containerlab kind `linux`): its network devices (state.ts) pushed onto the node
 * through the protocol host, a small virtual file system filled from the topology's `binds`, and
 * a bash-like shell (shell.ts) served over SSH and telnet and run for the topology's `exec`.
 */
import type { Node } from '../../net/node';
import type { Device } from '../registry';
import type { TerminalSessionFactory } from '../../mgmt/terminal';
import { ProtocolHost } from '../../config/host';
import { defaultProtocols } from '../../protocols';
import { HostState, type HostLink } from './state';
import { LinuxSession, runBoot, type BootResult } from './shell';


export class LinuxDevice implements Device {
  readonly dialect = 'linux';
  readonly state: HostState;
  readonly host: ProtocolHost;
  /** The virtual file system: absolute path -> contents. */
  readonly files = new Map<string, string>();
  private macSeq = 0;
  private applied = false;

  constructor(readonly node: Node) {
    // containerlab brings a linux node's veth ports up.
    node.ifaceAdminDefault = true;
    this.state = new HostState(node);
    this.host = new ProtocolHost(node, defaultProtocols());
    this.files.set('/etc/hostname', `${node.hostname}\n`);
  }

  /** Pushes the devices' state onto the node (interfaces, VRFs, the bonds' LACP, MACs). */
  apply(): void {
    this.applied = true;
    this.state.discover();
    this.host.apply(this.state.toNodeConfig(this.node.hostname, this.host.registry.has('lacp')));
    for (const l of this.state.links.values()) {
      const i = this.node.ifaces.get(l.name);
      // Iface.mac is readonly as a reference; a Linux device's address changes in place.
      if (i && !i.mac.equals(l.mac)) i.mac.set(l.mac);
    }
  }

  /** Carrier (LOWER_UP) of a device: a port's link, a bond's LACP (none without the lacp module). */
  carrier(l: HostLink): boolean {
    if (l.type === 'loopback' || l.type === 'vrf') return true;
    const i = this.node.ifaces.get(l.name);
    return !!i && i.linkUp;
  }

  /** A locally administered MAC for a new bond or VRF device, from the node's seeded random numbers. */
  randomMac(): Buffer {
    const b = Buffer.alloc(6);
    for (let k = 0; k < 6; k++) b[k] = this.node.rng.int(0, 255);
    b[0] = (b[0] & 0xfe) | 0x02;
    b[5] = (b[5] + ++this.macSeq) & 0xff;
    return b;
  }

  /** A Linux host has no startup configuration; its set-up is the topology's binds and exec. */
  applyConfig(text: string): Array<{ line: number; text: string; error: string }> {
    const first = text.split(/\r?\n/).findIndex((l) => l.trim() !== '');
    if (first < 0) return [];
    return [{ line: first + 1, text: text.split(/\r?\n/)[first].trim(), error: 'a linux node takes no startup-config (use binds and exec)' }];
  }

  /** Maps one file into the host (a topology bind). */
  bindFile(containerPath: string, text: string): void {
    this.files.set(containerPath, text);
  }

  /** Runs one `exec` command at boot; its exit status and output, as containerlab reports them. */
  bootExec(command: string): BootResult {
    if (!this.applied) this.apply();
    return runBoot(this, command);
  }

  sessions(): TerminalSessionFactory {
    if (!this.applied) this.apply();
    return () => new LinuxSession(this);
  }

  stop(): void {
    this.host.stop();
  }
}

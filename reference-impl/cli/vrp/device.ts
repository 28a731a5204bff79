/**
 * A Huawei VRP (V8, NE40E style) router: the running configuration, the protocol engines built
 * from it on each commit, and the command table (commands.ts, exec.ts register into it).
 * Two-stage configuration as on VRP V8: each session edits a candidate; `commit` makes it the
 * running configuration.
 */
import type { Node } from '../../net/node';
import type { Device } from '../registry';
import type { TerminalSessionFactory } from '../../mgmt/terminal';
import { CommandTable, tokenize, Lookup } from './grammar';
import { cloneConfig, newConfig, VrpConfig } from './model';
import { autoRouterId, toNodeConfig } from './apply';
import { ProtocolHost } from '../../config/host';
import { defaultProtocols } from '../../protocols';
import { renderConfig } from './running';
import { VrpSession } from './session';

export class CliError extends Error {}

export type ViewKind =
  | 'user'
  | 'system'
  | 'iface'
  | 'ospf'
  | 'ospf-area'
  | 'mpls'
  | 'mpls-ldp'
  | 'vpn'
  | 'vpn-af4'
  | 'bgp'
  | 'bgp-ipv4'
  | 'bgp-vpnv4'
  | 'bgp-vrf'
  | 'bfd'
  | 'bfd-session';

export interface View {
  kind: ViewKind;
  /** Interface name, OSPF process, area id, VPN instance, BFD session name. */
  iface?: string;
  ospf?: number;
  area?: string;
  vrf?: string;
  bfd?: string;
}

export interface Ctx {
  dev: VrpDevice;
  cand: VrpConfig;
  view: View;
  undo: boolean;
  setView(v: View): void;
  /** Session hooks for commit and leaving views (the startup-config loader has its own). */
  commit(): string;
  quit(): string | void;
  ret(): string | void;
  /** Width of the prompt, for the caret line. */
  promptLen: number;
}

export const table = new CommandTable<Ctx>();

/** The view one `quit` goes up to. */
export function parentView(v: View): View | undefined {
  switch (v.kind) {
    case 'user':
      return undefined;
    case 'system':
      return { kind: 'user' };
    case 'ospf-area':
      return { kind: 'ospf', ospf: v.ospf };
    case 'mpls-ldp':
      return { kind: 'system' };
    case 'vpn-af4':
      return { kind: 'vpn', vrf: v.vrf };
    case 'bgp-ipv4':
    case 'bgp-vpnv4':
    case 'bgp-vrf':
      return { kind: 'bgp' };
    default:
      return { kind: 'system' };
  }
}

/** The part of the prompt after the sysname: `-GigabitEthernet0/1/0`, `-ospf-1-area-0.0.0.0`, ... */
export function viewLabel(v: View, asn?: number): string {
  switch (v.kind) {
    case 'user':
    case 'system':
      return '';
    case 'iface':
      return `-${v.iface}`;
    case 'ospf':
      return `-ospf-${v.ospf}`;
    case 'ospf-area':
      return `-ospf-${v.ospf}-area-${v.area}`;
    case 'mpls':
      return '-mpls';
    case 'mpls-ldp':
      return '-mpls-ldp';
    case 'vpn':
      return `-vpn-instance-${v.vrf}`;
    case 'vpn-af4':
      return `-vpn-instance-${v.vrf}-af-ipv4`;
    case 'bgp':
      return '-bgp';
    case 'bgp-ipv4':
      return '-bgp-af-ipv4';
    case 'bgp-vpnv4':
      return '-bgp-af-vpnv4';
    case 'bgp-vrf':
      return `-bgp-${v.vrf}`;
    case 'bfd':
      return '-bfd';
    case 'bfd-session':
      return `-bfd-session-${v.bfd}`;
  }
  void asn;
}

/**
 * Find a command for a line in a view: the view's own commands, then the commands of every
 * view (display, ping, ...), then configuration commands of the views above it (VRP runs
 * them there and moves to that view). `to` is the view the command runs in.
 */
export function findCommand(view: View, line: string): { r: Lookup<Ctx>; to: View } {
  const words = tokenize(line);
  const own: string[] = [view.kind, 'any'];
  if (view.kind !== 'user') own.push('cfg-any');
  let worst: Lookup<Ctx> | undefined;
  for (const t of own) {
    const r = table.lookup(t, words);
    if (r.kind === 'ok') return { r, to: view };
    if (!worst || (worst.kind === 'error' && r.at > worst.at)) worst = r;
  }
  for (let up = parentView(view); up && up.kind !== 'user'; up = parentView(up)) {
    const r = table.lookup(up.kind, words);
    if (r.kind === 'ok') return { r, to: up };
  }
  return { r: worst!, to: view };
}

export class VrpDevice implements Device {
  /** Terminal sessions open now (telnet and SSH), for the login banner. */
  vtyUsers = 0;
  readonly dialect = 'vrp';
  running: VrpConfig;
  /** The node's protocols, run from the neutral model of the running configuration. */
  readonly host: ProtocolHost;
  /** Router ID chosen once (VRP: the highest loopback address, else the highest interface address). */
  private routerId?: string;
  /** Bumped on each commit (sessions refresh their candidate from it). */
  generation = 0;

  constructor(readonly node: Node) {
    // VRP ports are shut down until `undo shutdown`.
    node.ifaceAdminDefault = false;
    this.running = newConfig('HUAWEI');
    this.host = new ProtocolHost(node, defaultProtocols());
    node.hostname = 'HUAWEI';
  }

  /** Check a candidate before it becomes the running configuration; returns VRP's error text. */
  validate(c: VrpConfig): string | undefined {
    const seen = new Map<string, string>();
    for (const i of c.ifaces.values()) {
      if (!i.addr) continue;
      const k = `${i.vrf ?? ''}|${i.addr.addr}`;
      const other = seen.get(k);
      if (other) return `Error: The address ${i.addr.addr} configured on ${i.name} conflicts with the address on ${other}.`;
      seen.set(k, i.name);
      if (i.vrf && !c.vpns.has(i.vrf)) return `Error: The VPN instance ${i.vrf} bound to ${i.name} does not exist.`;
    }
    for (const s of c.bfdSessions.values()) if (!c.bfd) return `Error: BFD is not enabled globally; the session ${s.name} cannot be committed.`;
    return undefined;
  }

  /** Make `c` the running configuration and push it onto the node and engines. */
  commit(c: VrpConfig): string | undefined {
    const err = this.validate(c);
    if (err) return err;
    this.running = cloneConfig(c);
    this.generation++;
    this.routerId ??= autoRouterId(this.running);
    this.host.apply(toNodeConfig(this.running, this.routerId));
    return undefined;
  }

  currentConfiguration(): string {
    return renderConfig(this.running);
  }

  applyConfig(text: string): Array<{ line: number; text: string; error: string }> {
    const errors: Array<{ line: number; text: string; error: string }> = [];
    const ctx: Ctx = {
      dev: this,
      cand: cloneConfig(this.running),
      view: { kind: 'system' },
      undo: false,
      setView: (v) => {
        ctx.view = v.kind === 'user' ? { kind: 'system' } : v;
      },
      commit: () => '',
      quit: () => {
        ctx.view = parentView(ctx.view) ?? { kind: 'system' };
        if (ctx.view.kind === 'user') ctx.view = { kind: 'system' };
      },
      ret: () => {
        ctx.view = { kind: 'system' };
      },
      promptLen: 0,
    };
    const lines = text.split(/\r?\n/);
    for (let n = 0; n < lines.length; n++) {
      const raw = lines[n];
      const t = raw.trim();
      if (t === '' || t === '#') {
        // A `#` line ends a section: back to the system view, except inside bgp's families.
        if (t === '#' && !/^ /.test(raw)) ctx.view = { kind: 'system' };
        continue;
      }
      if (t === 'return') break;
      // Indentation says which view a line belongs to (one space per level).
      const depth = raw.length - raw.trimStart().length;
      if (depth === 0) ctx.view = { kind: 'system' };
      else if (depth === 1 && ['bgp-ipv4', 'bgp-vpnv4', 'bgp-vrf'].includes(ctx.view.kind)) ctx.view = { kind: 'bgp' };
      else if (depth === 1 && ctx.view.kind === 'ospf-area') ctx.view = { kind: 'ospf', ospf: ctx.view.ospf };
      else if (depth === 1 && ctx.view.kind === 'vpn-af4') ctx.view = { kind: 'vpn', vrf: ctx.view.vrf };
      const err = runLine(ctx, t);
      if (err) errors.push({ line: n + 1, text: t, error: err });
    }
    if (errors.length === 0) {
      const e = this.commit(ctx.cand);
      if (e) errors.push({ line: lines.length, text: 'commit', error: e });
    }
    return errors;
  }

  sessions(): TerminalSessionFactory {
    return (peer: string) => new VrpSession(this, peer);
  }

  stop(): void {
    this.host.stop();
  }
}

/** Run one configuration line (no async commands); returns an error line or undefined. */
export function runLine(ctx: Ctx, line: string): string | undefined {
  const { r, to } = findCommand(ctx.view, line);
  if (r.kind === 'error') return `Error: ${r.error} found at '^' position.`;
  ctx.view = to;
  ctx.undo = r.undo;
  try {
    const out = r.cmd.run(ctx, r.args);
    if (out instanceof Promise) return 'Error: the command cannot run here.';
    return undefined;
  } catch (e) {
    if (e instanceof CliError) return e.message;
    throw e;
  } finally {
    ctx.undo = false;
  }
}

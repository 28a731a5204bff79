/** BFD in the vrp dialect: `bfd`, static sessions `bfd NAME bind peer-ip ...` and their view. */
import { CliError, Ctx, VrpTable, adder } from './core';
import { canonIfName } from './names';
import { parseIPv4 } from '../../net/addr';
import { RANK, RunningSection, VrpPart } from './core';
import { newBfdConfig, newBfdSessionConfig } from '../../protocols/bfd/config';
import type { BfdInstance } from '../../protocols/bfd/module';
import { displayBfdSessionAll, displayBfdSessionAllVerbose } from './show-bfd';

export interface BfdSessCfg {
  name: string;
  peer: string;
  /** `... auto`: discriminators negotiated; otherwise `discriminator local/remote N` give them. */
  auto: boolean;
  localDisc?: number;
  remoteDisc?: number;
  vrf?: string;
  iface?: string;
  source?: string;
  minTx?: number;
  minRx?: number;
  mult?: number;
  shutdown: boolean;
  description?: string;
}

declare module './model' {
  interface VrpConfig {
    /** `bfd` in the system view. */
    bfd: boolean;
    /** Static sessions (`bfd NAME bind peer-ip ...`) by name. */
    bfdSessions: Map<string, BfdSessCfg>;
  }
}

function register(t: VrpTable): void {
  const add = adder(t);
  add('any', 'display bfd session all verbose', (c) => displayBfdSessionAllVerbose(c.dev.host.instance<BfdInstance>('bfd')?.engine, c.dev.node.sched.now), false);
  add('any', 'display bfd session all', (c) => displayBfdSessionAll(c.dev.host.instance<BfdInstance>('bfd')?.engine), false);
  // ---- BFD ----
  add('system', 'bfd', (c) => {
    if (c.undo) {
      c.cand.bfd = false;
      c.cand.bfdSessions.clear();
      return;
    }
    c.cand.bfd = true;
    c.setView({ kind: 'bfd' });
  });
  add('system', 'bfd <name>', (c, a) => {
    if (c.undo) {
      if (!c.cand.bfdSessions.delete(a.name)) throw new CliError('Error: The BFD session does not exist.');
      return;
    }
    if (!c.cand.bfdSessions.has(a.name)) throw new CliError('Error: The BFD session does not exist.');
    c.setView({ kind: 'bfd-session', bfd: a.name });
  });
  add('system', 'bfd <name> bind peer-ip <peer:ip> [<opts...>]', (c, a) => {
    if (c.undo) {
      if (!c.cand.bfdSessions.delete(a.name)) throw new CliError('Error: The BFD session does not exist.');
      return;
    }
    if (!c.cand.bfd) throw new CliError('Error: Please enable BFD in global mode first.');
    const w = a.opts ? a.opts.split(' ') : [];
    // The options' words follow `bfd NAME bind peer-ip ADDR` (five words) in the line.
    const bad = (i: number) => new CliError("Error: Wrong parameter found at '^' position.", 5 + i);
    const s: BfdSessCfg = { name: a.name, peer: a.peer, shutdown: false, auto: false };
    const kw = (x: string | undefined, k: string) => x !== undefined && x.length >= 2 && k.startsWith(x.toLowerCase());
    let auto = false;
    for (let i = 0; i < w.length; ) {
      if (kw(w[i], 'vpn-instance') && w[i + 1]) {
        if (!c.cand.vpns.has(w[i + 1])) throw new CliError('Error: The VPN instance does not exist.');
        s.vrf = w[i + 1];
        i += 2;
      } else if (kw(w[i], 'interface') && w[i + 1]) {
        const one = canonIfName(w[i + 1]);
        const two = w[i + 2] ? canonIfName(w[i + 1] + w[i + 2]) : undefined;
        s.iface = one ?? two;
        if (!s.iface) throw bad(i + 1);
        i += one ? 2 : 3;
      } else if (kw(w[i], 'source-ip') && parseIPv4(w[i + 1] ?? '')) {
        s.source = w[i + 1];
        i += 2;
      } else if (kw(w[i], 'auto')) {
        auto = true;
        i++;
      } else throw bad(i);
    }
    s.auto = auto;
    const old = c.cand.bfdSessions.get(a.name);
    if (old && (old.peer !== s.peer || old.vrf !== s.vrf || old.iface !== s.iface || old.source !== s.source || old.auto !== s.auto)) {
      throw new CliError('Error: The BFD session already exists with other binding parameters.');
    }
    if (!old) c.cand.bfdSessions.set(a.name, s);
    c.setView({ kind: 'bfd-session', bfd: a.name });
  });
  const inSess = (pattern: string, run: (c: Ctx, a: Record<string, string>) => void) => add('bfd-session', pattern, run);
  // A static session without `auto` takes its discriminators from the session view.
  for (const [which, key, hi] of [
    ['local', 'localDisc', 16384],
    ['remote', 'remoteDisc', 4294967295],
  ] as const) {
    inSess(`discriminator ${which} <n:int:1-${hi}>`, (c, a) => {
      const s = c.cand.bfdSessions.get(c.view.bfd!)!;
      if (s.auto) throw new CliError('Error: The discriminator cannot be configured for a session whose discriminators are negotiated automatically.');
      if (c.undo) {
        s[key] = undefined;
        return;
      }
      if (s[key] !== undefined && s[key] !== Number(a.n)) throw new CliError(`Error: The ${which} discriminator cannot be modified; undo it first.`);
      s[key] = Number(a.n);
    });
  }
  for (const [kwd, key] of [
    ['min-tx-interval', 'minTx'],
    ['min-rx-interval', 'minRx'],
    ['detect-multiplier', 'mult'],
  ] as const) {
    inSess(`${kwd} <n:int:${kwd === 'detect-multiplier' ? '3-50' : '3-20000'}>`, (c, a) => {
      c.cand.bfdSessions.get(c.view.bfd!)![key] = c.undo ? undefined : Number(a.n);
    });
  }
  inSess('shutdown', (c) => {
    c.cand.bfdSessions.get(c.view.bfd!)!.shutdown = !c.undo;
  });
  inSess('description <text...>', (c, a) => {
    c.cand.bfdSessions.get(c.view.bfd!)!.description = c.undo ? undefined : a.text;
  });

}

export const bfdPart: VrpPart = {
  name: 'bfd',
  views: [
    { kind: 'bfd', label: () => '-bfd' },
    { kind: 'bfd-session', label: (v) => `-bfd-session-${v.bfd}` },
  ],
  register,
  initConfig(c) {
    c.bfd = false;
    c.bfdSessions = new Map();
  },
  validate(c) {
    for (const s of c.bfdSessions.values()) {
      if (!c.bfd) return `Error: BFD is not enabled globally; the session ${s.name} cannot be committed.`;
      if (!s.auto && (s.localDisc === undefined || s.remoteDisc === undefined)) return `Error: The local and remote discriminators of the static BFD session ${s.name} must be configured.`;
    }
    return undefined;
  },
  ifaceRemoved(c, name) {
    for (const s of c.bfdSessions.values()) if (s.iface === name) s.iface = undefined;
  },
  running(c) {
    const out: RunningSection[] = [];
    if (c.bfd) out.push({ rank: RANK.bfd, lines: ['bfd'] });
    for (const b of c.bfdSessions.values()) {
      let l = `bfd ${b.name} bind peer-ip ${b.peer}`;
      if (b.vrf) l += ` vpn-instance ${b.vrf}`;
      if (b.iface) l += ` interface ${b.iface}`;
      if (b.source) l += ` source-ip ${b.source}`;
      if (b.auto) l += ' auto';
      const s = [l];
      if (b.localDisc !== undefined) s.push(` discriminator local ${b.localDisc}`);
      if (b.remoteDisc !== undefined) s.push(` discriminator remote ${b.remoteDisc}`);
      if (b.minTx !== undefined) s.push(` min-tx-interval ${b.minTx}`);
      if (b.minRx !== undefined) s.push(` min-rx-interval ${b.minRx}`);
      if (b.mult !== undefined) s.push(` detect-multiplier ${b.mult}`);
      if (b.description) s.push(` description ${b.description}`);
      if (b.shutdown) s.push(' shutdown');
      out.push({ rank: RANK.bfdSession, lines: s });
    }
    return out;
  },
  neutral(c, n) {
    if (!c.bfd && c.bfdSessions.size === 0) return;
    const cfg = newBfdConfig();
    cfg.enabled = c.bfd;
    for (const s of c.bfdSessions.values()) {
      const sc = newBfdSessionConfig(s.name, s.peer);
      sc.localDisc = s.auto ? 'auto' : (s.localDisc ?? 'auto');
      sc.remoteDisc = s.auto ? 'auto' : (s.remoteDisc ?? 'auto');
      sc.vrf = s.vrf ?? '';
      sc.iface = s.iface;
      sc.source = s.source;
      if (s.minTx !== undefined) sc.minTxMs = s.minTx;
      if (s.minRx !== undefined) sc.minRxMs = s.minRx;
      if (s.mult !== undefined) sc.detectMult = s.mult;
      sc.adminDown = s.shutdown;
      sc.description = s.description;
      cfg.sessions.set(s.name, sc);
    }
    n.protocols.set('bfd', cfg);
  },
};

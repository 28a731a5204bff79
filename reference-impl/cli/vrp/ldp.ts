/** MPLS and LDP in the vrp dialect: `mpls lsr-id`, `mpls`, `mpls ldp` globally and per interface. */
import { CliError, Ctx, VrpTable, adder } from './core';
import type { IfCfg } from './model';
import { RANK, RunningSection, VrpPart } from './core';
import { newLdpConfig } from '../../protocols/ldp/config';
import type { LdpProcess } from '../../protocols/ldp/process';
import { displayMplsLdpSession } from './show-ldp';

declare module './model' {
  interface VrpConfig {
    /** `mpls lsr-id`. */
    lsrId?: string;
    /** `mpls` and `mpls ldp` in the system view. */
    mpls: boolean;
    mplsLdp: boolean;
  }
  interface IfCfg {
    /** `mpls` and `mpls ldp` on the interface. */
    mpls: boolean;
    mplsLdp: boolean;
  }
}

function register(t: VrpTable): void {
  const add = adder(t);
  add('any', 'display mpls ldp session', (c) => displayMplsLdpSession(c.dev.host.instance<LdpProcess>('ldp'), c.dev.node.sched.now), false);
  // ---- MPLS, LDP ----
  add('system', 'mpls lsr-id <id:ip>', (c, a) => {
    c.cand.lsrId = c.undo ? undefined : a.id;
  });
  add('system', 'mpls', (c) => {
    if (c.undo) {
      c.cand.mpls = false;
      c.cand.mplsLdp = false;
      for (const i of c.cand.ifaces.values()) i.mpls = i.mplsLdp = false;
      return;
    }
    if (!c.cand.lsrId) throw new CliError('Error: The LSR ID must be configured first.');
    c.cand.mpls = true;
    c.setView({ kind: 'mpls' });
  });
  add('system', 'mpls ldp', (c) => {
    if (c.undo) {
      c.cand.mplsLdp = false;
      for (const i of c.cand.ifaces.values()) i.mplsLdp = false;
      return;
    }
    if (!c.cand.mpls) throw new CliError('Error: MPLS is not enabled globally.');
    c.cand.mplsLdp = true;
    c.setView({ kind: 'mpls-ldp' });
  });

  const inIf = (pattern: string, run: (c: Ctx, i: IfCfg, a: Record<string, string>) => string | void) =>
    add('iface', pattern, (c, a) => run(c, c.cand.ifaces.get(c.view.iface!)!, a));
  inIf('mpls', (c, i) => {
    if (!c.undo && !c.cand.mpls) throw new CliError('Error: MPLS is not enabled globally.');
    i.mpls = !c.undo;
    if (c.undo) i.mplsLdp = false;
  });
  inIf('mpls ldp', (c, i) => {
    if (!c.undo && !i.mpls) throw new CliError('Error: MPLS is not enabled on this interface.');
    if (!c.undo && !c.cand.mplsLdp) throw new CliError('Error: MPLS LDP is not enabled globally.');
    i.mplsLdp = !c.undo;
  });

}

export const ldpPart: VrpPart = {
  name: 'ldp',
  views: [
    { kind: 'mpls', label: () => '-mpls' },
    { kind: 'mpls-ldp', label: () => '-mpls-ldp' },
  ],
  register,
  initConfig(c) {
    c.mpls = false;
    c.mplsLdp = false;
  },
  initIface(i) {
    i.mpls = false;
    i.mplsLdp = false;
  },
  running(c) {
    const out: RunningSection[] = [];
    if (c.lsrId) out.push({ rank: RANK.mpls, lines: [`mpls lsr-id ${c.lsrId}`] });
    if (c.mpls) out.push({ rank: RANK.mpls, lines: ['mpls'] });
    if (c.mplsLdp) out.push({ rank: RANK.mpls, lines: ['mpls ldp'] });
    return out;
  },
  ifaceLines(i) {
    const out: string[] = [];
    if (i.mpls) out.push(' mpls');
    if (i.mplsLdp) out.push(' mpls ldp');
    return out;
  },
  neutral(c, n) {
    if (!(c.mpls || c.mplsLdp || c.lsrId)) return;
    const cfg = newLdpConfig();
    cfg.lsrId = c.lsrId;
    cfg.mpls = c.mpls;
    cfg.ldp = c.mplsLdp;
    for (const i of c.ifaces.values()) {
      if (i.mpls) cfg.mplsIfaces.add(i.name);
      if (i.mplsLdp) cfg.ldpIfaces.add(i.name);
    }
    n.protocols.set('ldp', cfg);
  },
};

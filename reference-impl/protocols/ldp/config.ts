/**
 * MPLS and LDP configuration, vendor-neutral (RFC 3031, RFC 5036). VRP: `mpls lsr-id`,
 * `mpls`, `mpls ldp` globally and `mpls` / `mpls ldp` per interface.
 */
export interface LdpConfig {
  /** `mpls lsr-id A.B.C.D`: the LSR ID, also the LDP transport address (RFC 5036 2.5.2). */
  lsrId?: string;
  /** `mpls` in system view. */
  mpls: boolean;
  /** `mpls ldp` in system view. */
  ldp: boolean;
  /** Interfaces with `mpls` enabled. */
  mplsIfaces: Set<string>;
  /** Interfaces with `mpls ldp` enabled. */
  ldpIfaces: Set<string>;
  /** RFC 5036 defaults as VRP uses them: link hello 5 s / hold 15 s, keepalive 15 s / session hold 45 s. */
  helloSec: number;
  helloHoldSec: number;
  keepaliveSec: number;
  sessionHoldSec: number;
  /** VRP's default `lsp-trigger host`: only /32 host routes get label bindings. */
  trigger: 'host' | 'all';
}

export function newLdpConfig(): LdpConfig {
  return { mpls: false, ldp: false, mplsIfaces: new Set(), ldpIfaces: new Set(), helloSec: 5, helloHoldSec: 15, keepaliveSec: 15, sessionHoldSec: 45, trigger: 'host' };
}

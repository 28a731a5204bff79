/**
 * BFD configuration, vendor-neutral (RFC 5880, RFC 5881 single hop). VRP: `bfd` enables BFD
 * globally; `bfd NAME bind peer-ip A [vpn-instance V] interface I source-ip S auto` makes a
 * static session with automatically negotiated discriminators.
 */
export interface BfdSessionConfig {
  name: string;
  peer: string;
  vrf: string;
  /** Interface name the session is bound to (single hop, RFC 5881). */
  iface?: string;
  source?: string;
  /** 'auto': the local discriminator is allocated and the remote one learned (VRP Static_Auto). */
  localDisc: number | 'auto';
  remoteDisc: number | 'auto';
  /** RFC 5880 6.8.1 bfd.DesiredMinTxInterval / RequiredMinRxInterval in ms (VRP default 10). */
  minTxMs: number;
  minRxMs: number;
  /** bfd.DetectMult (VRP default 3). */
  detectMult: number;
  /** `shutdown` in the bfd-session view: AdminDown. */
  adminDown: boolean;
  /** Wait-to-restore in ms (0: none). */
  wtrMs: number;
  description?: string;
}

export interface BfdConfig {
  /** `bfd` in system view. Sessions do not run without it. */
  enabled: boolean;
  sessions: Map<string, BfdSessionConfig>;
}

export function newBfdConfig(): BfdConfig {
  return { enabled: false, sessions: new Map() };
}

export function newBfdSessionConfig(name: string, peer: string): BfdSessionConfig {
  return { name, peer, vrf: '', localDisc: 'auto', remoteDisc: 'auto', minTxMs: 10, minRxMs: 10, detectMult: 3, adminDown: false, wtrMs: 0 };
}

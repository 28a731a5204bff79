// LACP (IEEE 802.1AX-2014) neutral configuration. Dialect-free: SR Linux `/interface lagN lag
// lacp { ... }` and a Linux bond (mode 802.3ad) both map onto these types.

/** 802.1AX 6.4.7 LACP_Activity: active sends periodically, passive only answers. */
export type LacpMode = 'active' | 'passive';
/** 802.1AX 6.4.7 LACP_Timeout: fast = 1 s periodic / 3 s timeout, slow = 30 s / 90 s. */
export type LacpInterval = 'fast' | 'slow';

export interface LacpLagConfig {
  /** Aggregate interface name, e.g. a LAG name. */
  lag: string;
  /** Physical member interface names. */
  members: string[];
  mode: LacpMode;
  interval: LacpInterval;
  /** Actor system id, six-octet MAC `aa:bb:cc:dd:ee:ff` (802.1AX 6.3.2). */
  systemId: string;
  /** Actor system priority 0..65535 (default 32768). */
  systemPriority: number;
  /** Actor operational key 0..65535 (SR Linux admin-key). */
  adminKey: number;
  /** Per-member port priority 0..65535 (default 32768). */
  portPriority?: Record<string, number>;
  /** Minimum distributing members for the LAG to be oper up (default 1). */
  minLinks?: number;
}

export interface LacpConfig { lags: LacpLagConfig[] }

export const LACP_DEFAULTS = { systemPriority: 32768, portPriority: 32768, interval: 'slow' as LacpInterval, minLinks: 1 };

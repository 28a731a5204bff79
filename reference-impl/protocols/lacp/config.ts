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
  /**
   * How frames are spread over the distributing members (engine.ts flowHash): `layer2` is the
   * Linux bond default xmit_hash_policy (MAC[5] XOR MAC[5] XOR EtherType), `layer3+4` hashes
   * IPv4/IPv6 addresses and TCP/UDP ports (ICMP id) like Linux's layer3+4, non-IP frames by
   * layer 2. Default `layer3+4` (SR Linux hashes on the IP 5-tuple); a Linux bond sets `layer2`.
   */
  hashPolicy?: LacpHashPolicy;
}

export type LacpHashPolicy = 'layer2' | 'layer3+4';

export interface LacpConfig { lags: LacpLagConfig[] }

export const LACP_DEFAULTS = { systemPriority: 32768, portPriority: 32768, interval: 'slow' as LacpInterval, minLinks: 1, hashPolicy: 'layer3+4' as LacpHashPolicy };

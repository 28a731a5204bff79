// VXLAN (RFC 7348) neutral configuration: SR Linux `/tunnel-interface vxlan1 vxlan-interface N`.

/** RFC 7348 section 5: IANA UDP destination port. */
export const VXLAN_UDP_PORT = 4789;

export interface VxlanInterfaceConfig {
  /** Full name as a MAC-VRF references it, e.g. `vxlan1.1` (tunnel-interface + index). */
  name: string;
  /** 24-bit VNI, 1..16777215. */
  vni: number;
  /** `bridged` for L2 MAC-VRFs (the only type implemented). */
  type: 'bridged';
}

export interface VxlanConfig {
  /** Source VTEP: the system loopback (system0.0) IPv4 address, dotted quad. */
  sourceAddress: string;
  interfaces: VxlanInterfaceConfig[];
}

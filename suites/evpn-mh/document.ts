// The document's values (seed 001, "EVPN L2 Multi-homing with SR Linux"): the multihoming
// configuration blocks line by line as the document types them on leaf1 and leaf2 ("The same
// configurations can be copied to both leaf1 and leaf2"), indentation, blank lines and the
// unbalanced brace of the ecmp block included (ERRATA.md), and the names, addresses and tables
// its outputs show. The golden outputs are in golden/<node>/<command>.txt, cut verbatim from the
// document.

/** "LAG Configuration": lag1 with its bridged subinterface 0 and LACP. */
export const LAG_BLOCK: readonly string[] = [
  'enter candidate',
  '    /interface lag1 {',
  '        admin-state enable',
  '        vlan-tagging true',
  '        subinterface 0 {',
  '            type bridged',
  '            vlan {',
  '                encap {',
  '                    untagged {',
  '                    }',
  '                }',
  '            }',
  '        }',
  '        lag {',
  '            lag-type lacp',
  '            member-speed 10G',
  '            lacp {',
  '                interval SLOW',
  '                lacp-mode ACTIVE',
  '                admin-key 11',
  '                system-id-mac 00:00:00:00:00:11',
  '                system-priority 11',
  '            }',
  '        }',
  '    }',
  'commit now',
];

/** ethernet-1/1 into lag1. */
export const MEMBER_BLOCK: readonly string[] = [
  'enter candidate',
  '    /interface ethernet-1/1 {',
  '        admin-state enable',
  '        ethernet {',
  '            aggregate-id lag1',
  '        }',
  '    }',
  'commit now',
];

/** "Ethernet Segment Configuration" (the context line's trailing blank is the document's). */
export const ES_BLOCK: readonly string[] = [
  'enter candidate',
  '/system network-instance protocols ',
  '    evpn {',
  '        ethernet-segments {',
  '            bgp-instance 1 {',
  '                ethernet-segment ES-1 {',
  '                    admin-state enable',
  '                    esi 01:11:11:11:11:11:11:00:00:01',
  '                    multi-homing-mode all-active',
  '                    interface lag1 {',
  '                    }',
  '                }',
  '            }',
  '        }',
  '    }',
  '    bgp-vpn {',
  '        bgp-instance 1 {',
  '        }',
  '    }',
  'commit now',
];

/** "MAC-VRF Interface Configuration": lag1.0 into mac-vrf-1. */
export const MACVRF_BLOCK: readonly string[] = [
  'enter candidate',
  '    /network-instance mac-vrf-1 {',
  '        interface lag1.0 {',
  '        }',
  '    }',
  'commit now',
];

/** ecmp 2: four braces opened, three closed (ERRATA 9); `commit now` is valid in any context. */
export const ECMP_BLOCK: readonly string[] = [
  'enter candidate',
  '    /network-instance mac-vrf-1 {',
  '        protocols {',
  '        bgp-evpn {',
  '            bgp-instance 1 {',
  '                ecmp 2',
  '            }',
  '        }',
  '    }',
  'commit now',
];

export const MH_BLOCKS: ReadonlyArray<{ name: string; lines: readonly string[] }> = [
  { name: 'LAG', lines: LAG_BLOCK },
  { name: 'LAG member', lines: MEMBER_BLOCK },
  { name: 'ethernet segment', lines: ES_BLOCK },
  { name: 'MAC-VRF interface', lines: MACVRF_BLOCK },
  { name: 'ecmp', lines: ECMP_BLOCK },
];

/** The multihomed PEs (the document configures both alike). */
export const MH_PES = ['leaf1', 'leaf2'] as const;

export const DOC = {
  esName: 'ES-1',
  esi: '01:11:11:11:11:11:11:00:00:01',
  lag: 'lag1',
  member: 'ethernet-1/1',
  macVrf: 'mac-vrf-1',
  evi: 111,
  vni: 1,
  lacpSystemId: '00:00:00:00:00:11',
  lacpSystemPriority: 11,
  lacpKey: 11,
  /** ce1's bond: LACP partner id on the leaves, the MAC of ce1's routes. */
  ce1Mac: '00:c1:ab:00:00:11',
  ce1Address: '192.168.0.11',
  /** ce2's three interfaces, each in its own VRF (the "remote endpoints"). */
  ce2: [
    { iface: 'eth1', address: '192.168.0.21', mac: '00:c1:ab:00:00:21', leafPort: 'ethernet-1/1' },
    { iface: 'eth2', address: '192.168.0.22', mac: '00:c1:ab:00:00:22', leafPort: 'ethernet-1/2' },
    { iface: 'eth3', address: '192.168.0.23', mac: '00:c1:ab:00:00:23', leafPort: 'ethernet-1/3' },
  ],
  /** ce1's bond members and the leaf each one reaches. */
  ce1Members: [{ iface: 'eth1', leaf: 'leaf1' }, { iface: 'eth2', leaf: 'leaf2' }],
  /** system0 addresses: the overlay's originators and VTEPs. */
  system: { leaf1: '10.0.0.1', leaf2: '10.0.0.2', leaf3: '10.0.0.3' } as Record<string, string>,
  /** "mac-vrf-1 10.0.0.2 (DF)": the default election (RFC 7432 8.5), EVI 111 mod 2 = 1. */
  df: '10.0.0.2',
  /** Partner key 15: Linux's oper key for a 10G full-duplex member (speed class 7 << 1 | duplex). */
  partnerKey: 15,
  /** RT1 tags: per EVI (aliasing) and per ES (mass withdrawal). */
  tagPerEvi: 0,
  tagPerEs: 4294967295,
  /** The iBGP overlay AS (local-as of group iBGP-overlay) and the underlay AS per leaf. */
  overlayAs: 100,
  underlayAs: { leaf1: 101, leaf2: 102, leaf3: 103 } as Record<string, number>,
} as const;

/** The document's commands whose output it shows (golden/<node>/<slug>.txt). */
export const SHOWS = {
  interfaceLag: 'show interface lag1',
  lacpState: 'show lag lag1 lacp-state',
  esDetail: 'show system network-instance ethernet-segments ES-1 detail',
  advertised: (peer: string) => `show network-instance default protocols bgp neighbor ${peer} advertised-routes evpn`,
  summary: 'show network-instance default protocols bgp routes evpn route-type summary',
  macTable: 'show network-instance mac-vrf-1 bridge-table mac-table all',
} as const;

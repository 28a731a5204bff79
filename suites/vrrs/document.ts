// The document's two configuration examples (seed 002, "Example: Confirming Operation of the VRRS
// Interface-State Plug-in" and "... MAC-Address plug-in"), line by line as the document types
// them at Router's (config)# prompts; `exit` lines included. Kept verbatim: ERRATA.md says where
// the document contradicts itself and what the suite expects instead.
export const INTERFACE_STATE_EXAMPLE: readonly string[] = [
  'interface GigabitEthernet0/0/0', 'no ip address', 'exit',
  'interface GigabitEthernet0/0/0.1', 'encapsulation dot1Q 1 native', 'ip address 172.16.1.1 255.255.255.0', 'vrrp 1 name VRRS_NAME_1', 'vrrp 1 ip 172.16.1.254', 'exit',
  'interface GigabitEthernet0/0/0.2', 'encapsulation dot1Q 2', 'ip address 192.168.42.1 255.255.255.0', 'vrrs follow VRRS_NAME_1', 'vrrs interface-state', 'exit',
  'interface GigabitEthernet0/0/0.3', 'encapsulation dot1Q 3', 'ip address 192.168.43.1 255.255.255.0', 'vrrs follow VRRS_NAME_1', 'vrrs interface-state', 'exit',
  'interface GigabitEthernet0/0/0.4', 'encapsulation dot1Q 4', 'ip address 192.168.44.1 255.255.255.0', 'vrrs follow VRRS_NAME_2', 'vrrs interface-state', 'exit',
];

export const MAC_ADDRESS_EXAMPLE: readonly string[] = [
  'interface GigabitEthernet0/0/0', 'no ip address', 'exit',
  'interface GigabitEthernet0/0/0.1', 'encapsulation dot1Q 1 native', 'ip address 172.24.1.1 255.255.255.0', 'vrrp 1 name VRRS_NAME_1', 'vrrp 1 ip 172.24.1.254', 'exit',
  'interface GigabitEthernet0/0/0.2', 'encapsulation dot1Q 2', 'ip address 192.168.42.1 255.255.255.0', 'vrrs follow VRRS_NAME_1', 'vrrs mac-address arp interval 5 duration 360', 'exit',
  'interface GigabitEthernet0/0/0.3', 'encapsulation dot1Q 3', 'ip address 192.168.43.1 255.255.255.0', 'vrrs follow VRRS_NAME_1', 'vrrs mac-address arp interval 5 duration 360', 'exit',
  'interface GigabitEthernet0/0/0.4', 'encapsulation dot1Q 4', 'ip address 192.168.44.1 255.255.255.0', 'vrrs follow VRRS_NAME_2', 'vrrs mac-address arp interval 5 duration 360', 'exit',
];

/**
 * The accounting example (ERRATA 5: METHOD1 is never defined, the suite names the list the
 * example defines; ERRATA 10: the example's group is vrrp-name-1, the suite applies it to the
 * group the other examples serve).
 */
export const ACCOUNTING_EXAMPLE: readonly string[] = [
  'aaa accounting vrrs vrrp-mlist-1 start-stop group radius',
  'aaa attribute list vrrp-1-attr', 'attribute type account-delay "10"', 'exit',
  'vrrs VRRS_NAME_1', 'accounting delay 10', 'accounting method vrrp-mlist-1', 'attribute list vrrp-1-attr',
];

/** The names, addresses and MAC the document's outputs show (the suite checks against them). */
export const DOC = {
  served: 'VRRS_NAME_1',
  orphan: 'VRRS_NAME_2',
  trunk: 'GigabitEthernet0/0/0',
  vmac: '00:00:5e:00:01:01',
  followers: ['GigabitEthernet0/0/0.2', 'GigabitEthernet0/0/0.3'],
  orphanIf: 'GigabitEthernet0/0/0.4',
  vlan1: 'GigabitEthernet0/0/0.1',
  /** `vrrp delay minimum 30 reload 60` ("Example: Configuring a VRRS Server"). */
  delayMinimum: 30,
  delayReload: 60,
} as const;

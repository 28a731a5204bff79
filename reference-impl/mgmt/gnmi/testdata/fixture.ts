/** A small config+state tree (SR Linux-shaped, names of its own) for the gNMI server's tests. */
import { MemorySource } from '../memory';
import type { SchemaNode } from '../tree';

export const SCHEMA: SchemaNode = {
  children: {
    interface: {
      keys: ['name'],
      children: {
        name: {},
        description: {},
        'admin-state': {},
        'oper-state': { config: false },
        mtu: {},
        subinterface: { keys: ['index'], children: { index: {}, 'admin-state': {}, 'oper-state': { config: false } } },
      },
    },
    system: {
      children: {
        name: { children: { 'host-name': {} } },
        'network-instance': {
          children: {
            protocols: {
              children: {
                evpn: {
                  children: {
                    'ethernet-segments': {
                      children: {
                        'bgp-instance': {
                          keys: ['id'],
                          children: {
                            id: {},
                            'ethernet-segment': {
                              keys: ['name'],
                              children: { name: {}, esi: {}, 'oper-state': { config: false }, 'designated-forwarder': { config: false } },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

export function makeSource(): MemorySource {
  return new MemorySource({
    schema: SCHEMA,
    tree: {
      interface: [
        { name: 'ethernet-1/7', description: 'to-pe9', 'admin-state': 'enable', 'oper-state': 'up', mtu: 9100, subinterface: [{ index: 0, 'admin-state': 'enable', 'oper-state': 'up' }] },
        { name: 'lag5', 'admin-state': 'enable', 'oper-state': 'down' },
      ],
      system: {
        name: { 'host-name': 'pe7' },
        'network-instance': {
          protocols: {
            evpn: {
              'ethernet-segments': {
                'bgp-instance': [{ id: 1, 'ethernet-segment': [{ name: 'seg-a', esi: '01:11:22:33:44:55:66:77:88:99', 'oper-state': 'up', 'designated-forwarder': false }] }],
              },
            },
          },
        },
      },
    },
    models: [
      { name: 'srl_nokia-interfaces', organization: 'Nokia', version: '2023-10-31' },
      { name: 'srl_nokia-system', organization: 'Nokia', version: '2023-10-31' },
    ],
    namespaces: {
      interface: 'srl_nokia-interfaces',
      system: 'srl_nokia-system',
      'system/name': 'srl_nokia-system-name',
      'system/network-instance': 'srl_nokia-system-network-instance',
      'system/network-instance/protocols/evpn': 'srl_nokia-system-network-instance-bgp-evpn-ethernet-segments',
    },
  });
}

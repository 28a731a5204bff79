/**
 * SR Linux's configuration schema as data: a YANG-like tree of containers, keyed lists and typed
 * leaves (the paths the startup configs and the document use, plus obvious siblings). The order
 * of children is the order `info` prints them in.
 */
export type LeafType =
  | { t: 'enum'; values: string[] }
  | { t: 'uint'; min: number; max: number }
  | { t: 'bool' }
  | { t: 'ip' }
  | { t: 'prefix' }
  | { t: 'mac' }
  | { t: 'esi' }
  | { t: 'string' };

export type SNode =
  | { kind: 'container'; children: Record<string, SNode> }
  | { kind: 'list'; key: string; keyType: LeafType; children: Record<string, SNode> }
  | { kind: 'leaf'; type: LeafType };

const c = (children: Record<string, SNode>): SNode => ({ kind: 'container', children });
const list = (key: string, keyType: LeafType, children: Record<string, SNode>): SNode => ({ kind: 'list', key, keyType, children });
const leaf = (type: LeafType): SNode => ({ kind: 'leaf', type });
const e = (...values: string[]): LeafType => ({ t: 'enum', values });
const u = (min: number, max: number): LeafType => ({ t: 'uint', min, max });
const STR: LeafType = { t: 'string' };
const ADMIN = leaf(e('disable', 'enable'));

const routeTarget = c({ 'export-rt': leaf(STR), 'import-rt': leaf(STR) });
const bgpVpnInstance = list('id', u(1, 2), {
  'route-distinguisher': c({ rd: leaf(STR) }),
  'route-target': routeTarget,
});
const afiSafi = (extra: Record<string, SNode>): SNode =>
  list('afi-safi-name', e('evpn', 'ipv4-unicast', 'ipv6-unicast'), { 'admin-state': ADMIN, ...extra });
const timers = c({
  'connect-retry': leaf(u(1, 65535)),
  'hold-time': leaf(u(0, 65535)),
  'keepalive-interval': leaf(u(0, 21845)),
  'minimum-advertisement-interval': leaf(u(1, 255)),
});
const localAs = c({ 'as-number': leaf(u(1, 4294967295)), 'prepend-global-as': leaf({ t: 'bool' }) });
const transport = c({ 'local-address': leaf({ t: 'ip' }), 'passive-mode': leaf({ t: 'bool' }) });

export const SCHEMA: SNode = c({
  interface: list('name', STR, {
    description: leaf(STR),
    'admin-state': ADMIN,
    'vlan-tagging': leaf({ t: 'bool' }),
    mtu: leaf(u(1500, 9500)),
    ethernet: c({ 'aggregate-id': leaf(STR), 'port-speed': leaf(e('1G', '10G', '25G', '40G', '50G', '100G', '400G')) }),
    subinterface: list('index', u(0, 9999), {
      type: leaf(e('bridged', 'routed')),
      description: leaf(STR),
      'admin-state': ADMIN,
      ipv4: c({ 'admin-state': ADMIN, address: list('ip-prefix', { t: 'prefix' }, { primary: c({}) }) }),
      ipv6: c({ 'admin-state': ADMIN, address: list('ip-prefix', { t: 'prefix' }, { primary: c({}) }) }),
      vlan: c({ encap: c({ untagged: c({}), 'single-tagged': c({ 'vlan-id': leaf(u(1, 4094)) }) }) }),
    }),
    lag: c({
      'lag-type': leaf(e('lacp', 'static')),
      'min-links': leaf(u(1, 64)),
      'member-speed': leaf(e('1G', '10G', '25G', '40G', '100G', '400G')),
      lacp: c({
        interval: leaf(e('FAST', 'SLOW')),
        'lacp-mode': leaf(e('ACTIVE', 'PASSIVE')),
        'admin-key': leaf(u(1, 65535)),
        'system-id-mac': leaf({ t: 'mac' }),
        'system-priority': leaf(u(0, 65535)),
      }),
    }),
  }),
  system: c({
    name: c({ 'host-name': leaf(STR) }),
    'network-instance': c({
      protocols: c({
        evpn: c({
          'ethernet-segments': c({
            'bgp-instance': list('id', u(1, 1), {
              'ethernet-segment': list('name', STR, {
                'admin-state': ADMIN,
                esi: leaf({ t: 'esi' }),
                'multi-homing-mode': leaf(e('all-active', 'single-active')),
                interface: list('ethernet-interface', STR, {}),
                'df-election': c({
                  algorithm: c({ type: leaf(e('default', 'preference')) }),
                  timers: c({ 'activation-timer': leaf(u(0, 100)) }),
                }),
              }),
            }),
          }),
        }),
        'bgp-vpn': c({ 'bgp-instance': bgpVpnInstance }),
      }),
    }),
  }),
  'network-instance': list('name', STR, {
    type: leaf(e('default', 'ip-vrf', 'mac-vrf')),
    'admin-state': ADMIN,
    description: leaf(STR),
    'router-id': leaf({ t: 'ip' }),
    interface: list('name', STR, {}),
    'vxlan-interface': list('name', STR, {}),
    'bridge-table': c({
      'mac-learning': c({ 'admin-state': ADMIN, aging: c({ 'admin-state': ADMIN, 'age-time': leaf(u(60, 86400)) }) }),
      'static-mac': c({ mac: list('address', { t: 'mac' }, { destination: leaf(STR) }) }),
    }),
    protocols: c({
      bgp: c({
        'admin-state': ADMIN,
        'autonomous-system': leaf(u(1, 4294967295)),
        'router-id': leaf({ t: 'ip' }),
        group: list('group-name', STR, {
          'admin-state': ADMIN,
          description: leaf(STR),
          'export-policy': leaf(STR),
          'import-policy': leaf(STR),
          'peer-as': leaf(u(1, 4294967295)),
          'afi-safi': afiSafi({}),
          'local-as': localAs,
          timers,
          transport,
        }),
        'afi-safi': afiSafi({}),
        neighbor: list('peer-address', { t: 'ip' }, {
          'admin-state': ADMIN,
          description: leaf(STR),
          'peer-as': leaf(u(1, 4294967295)),
          'peer-group': leaf(STR),
          'export-policy': leaf(STR),
          'import-policy': leaf(STR),
          'afi-safi': afiSafi({}),
          'local-as': localAs,
          timers,
          transport,
        }),
      }),
      'bgp-evpn': c({
        'bgp-instance': list('id', u(1, 2), {
          'admin-state': ADMIN,
          'vxlan-interface': leaf(STR),
          evi: leaf(u(1, 65535)),
          ecmp: leaf(u(1, 8)),
        }),
      }),
      'bgp-vpn': c({ 'bgp-instance': bgpVpnInstance }),
    }),
  }),
  'routing-policy': c({
    policy: list('name', STR, {
      'default-action': c({ 'policy-result': leaf(e('accept', 'reject')) }),
    }),
  }),
  'tunnel-interface': list('name', STR, {
    'vxlan-interface': list('index', u(0, 16777215), {
      type: leaf(e('bridged', 'routed')),
      ingress: c({ vni: leaf(u(1, 16777215)) }),
    }),
  }),
});

/** Why `v` is not a value of type `t` (SR Linux's wording), or undefined when it is. */
export function badValue(t: LeafType, v: string): string | undefined {
  switch (t.t) {
    case 'enum':
      return t.values.includes(v) ? undefined : `Invalid value '${v}': options are ${t.values.map((x) => `'${x}'`).join(', ')}`;
    case 'uint': {
      if (!/^\d+$/.test(v)) return `Invalid value '${v}': not a number`;
      const n = Number(v);
      return n < t.min || n > t.max ? `Invalid value '${v}': out of range ${t.min}..${t.max}` : undefined;
    }
    case 'bool':
      return v === 'true' || v === 'false' ? undefined : `Invalid value '${v}': options are 'false', 'true'`;
    case 'ip':
      return /^(\d{1,3})(\.\d{1,3}){3}$/.test(v) && v.split('.').every((o) => Number(o) <= 255) ? undefined : `Invalid value '${v}': not an IP address`;
    case 'prefix': {
      const m = /^([\d.]+)\/(\d+)$/.exec(v);
      const ok = m && badValue({ t: 'ip' }, m[1]) === undefined && Number(m[2]) <= 32;
      return ok || /^[0-9a-fA-F:]+\/\d+$/.test(v) ? undefined : `Invalid value '${v}': not an IP prefix`;
    }
    case 'mac':
      return /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(v) ? undefined : `Invalid value '${v}': not a MAC address`;
    case 'esi':
      return /^([0-9A-Fa-f]{2}:){9}[0-9A-Fa-f]{2}$/.test(v) ? undefined : `Invalid value '${v}': not an ESI`;
    case 'string':
      return undefined;
  }
}

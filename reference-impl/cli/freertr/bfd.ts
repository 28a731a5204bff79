/**
 * BFD in the freertr dialect: `ipv4 bfd TX RX MULT` on an interface (the timers the protocols
 * use for their BFD sessions there: `router ospf4 1 bfd`, `ipv4 route ... bfd`) and freeRtr's
 * `show ipv4 bfd <vrf> neighbor` (ipFwdTab.bfdNeighShow: interface, address, state, uptime,
 * clients). The sessions run on the bfd protocol module, the engine VRP uses.
 */
import type { BfdInstance } from '../../protocols/bfd/module';
import { renderFreeRtr, Table, timePast } from '../../show/table';
import { CliError, FreeRtrPart, FreeRtrTable } from './core';
import { ifOf } from './config';
import type { FreeRtrDevice } from './device';

function register(t: FreeRtrTable): void {
  for (const mode of ['cfg-if', 'cfg-subif']) {
    t.add(mode, {
      pattern: 'ipv4 bfd <tx:int:1-65535> <rx:int:1-65535> <mult:int:1-255>',
      negatable: true,
      run: (c, a) => {
        const i = ifOf(c);
        i.bfd = c.negated ? undefined : { minTxMs: Number(a.tx), minRxMs: Number(a.rx), detectMult: Number(a.mult) };
      },
    });
  }
  t.add('exec', {
    pattern: 'show ipv4 bfd <vrf> neighbor',
    run: (c, a) => {
      if (!c.dev.cfg.vrfs.has(a.vrf)) throw new CliError('no such vrf');
      return renderFreeRtr(bfdNeighbors(c.dev, a.vrf), c.term.table);
    },
  });
}

/** The client protocol of a session, from the name its protocol gave it. */
const clientOf = (name: string) => (name.startsWith('ospf') ? 'ospf4' : name.startsWith('static') ? 'static' : 'bfd');

export function bfdNeighbors(d: FreeRtrDevice, vrf: string): Table {
  const now = d.node.sched.now;
  const rows = (d.host.instance<BfdInstance>('bfd')?.engine.sessions() ?? [])
    .filter((s) => s.vrf === vrf)
    .sort((a, b) => (a.iface ?? '').localeCompare(b.iface ?? '', 'en', { numeric: true }) || a.peer.localeCompare(b.peer, 'en', { numeric: true }))
    .map((s) => [s.iface ?? 'null', s.peer, s.state === 'AdminDown' ? 'admin' : s.state.toLowerCase(), timePast(s.state === 'Up' && s.upSince !== undefined ? now - s.upSince : now - s.lastChange), clientOf(s.name)]);
  return { headers: ['interface', 'address', 'state', 'uptime', 'clients'], rows };
}

export const bfdPart: FreeRtrPart = { name: 'bfd', register };

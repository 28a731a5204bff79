/** A VRRS lab for the tests: core-a with a VRRP server subinterface and three followers, core-b the peer. */
import { Scheduler, SEC } from '../sim/scheduler';
import { Random } from '../sim/random';
import { Node } from '../net/node';
import { Link } from '../net/link';
import { VrrpEngine } from '../protocols/vrrp/engine';
import { subif, vrrpCfg } from '../protocols/vrrp/testnet';
import { VrrsEngine } from '../protocols/vrrs/engine';
import { MemorySink, type AccountingSink } from '../protocols/vrrs/accounting';
import { newVrrsClientIfConfig, newVrrsConfig, newVrrsMacConfig, newVrrsNameConfig, type VrrsConfig } from '../protocols/vrrs/config';

export const SERVED = 'blue-cluster';
export const ORPHAN = 'ghost-group';
export const VIP = '10.140.11.254';

/** core-a te0 (.11 VRRP group 5 named SERVED; .12/.13 follow it; .14 follows ORPHAN) -- core-b te0 (.11 VRRP group 5; .12 host side). */
export function lab(plugins: { ifState: boolean; mac: boolean }, sinkIn?: AccountingSink, radius = { host: '127.0.0.1', port: 1813, key: 'not-logged' }) {
  const sched = new Scheduler();
  const rng = new Random(21);
  const a = new Node('core-a', 1, sched, rng.fork('a'));
  const b = new Node('core-b', 2, sched, rng.fork('b'));
  const pa = a.addIface('te0', 'ethernet');
  const pb = b.addIface('te0', 'ethernet');
  pa.adminUp = pb.adminUp = true;
  const link = new Link(pa, pb, sched, rng.fork('l'));
  a.ifaceChanged(pa);
  b.ifaceChanged(pb);
  const a11 = subif(a, pa, 11, '10.140.11.1/24');
  const a12 = subif(a, pa, 12, '10.140.12.1/24');
  const a13 = subif(a, pa, 13, '10.140.13.1/24');
  const a14 = subif(a, pa, 14, '10.140.14.1/24');
  subif(b, pb, 11, '10.140.11.2/24');
  const b12 = subif(b, pb, 12, '10.140.12.9/24');
  const va = new VrrpEngine(a);
  const vb = new VrrpEngine(b);
  const cfgA = (prio: number) => vrrpCfg({ iface: 'te0.11', vrid: 5, addresses: [VIP], priority: prio, name: SERVED });
  const cfgB = (prio: number) => vrrpCfg({ iface: 'te0.11', vrid: 5, addresses: [VIP], priority: prio });
  va.update(cfgA(150));
  vb.update(cfgB(100));
  const sink = new MemorySink();
  const vrrs = new VrrsEngine(a, va, sinkIn ?? sink);
  const vc: VrrsConfig = newVrrsConfig();
  for (const [i, follow] of [[a12, SERVED], [a13, SERVED], [a14, ORPHAN]] as const) {
    const c = newVrrsClientIfConfig(i.name, follow);
    c.interfaceState = plugins.ifState;
    if (plugins.mac) c.mac = { ...newVrrsMacConfig(), arp: true, arpIntervalSec: 2, arpDurationSec: 7 };
    vc.clients.set(i.name, c);
  }
  vc.aaa.newModel = true;
  vc.aaa.vrrsLists.set('acct-list-7', ['radius']);
  vc.aaa.radiusServers.push({ name: 'r1', host: radius.host, acctPort: radius.port, key: radius.key });
  vc.aaa.attributeLists.set('extra-attrs', [{ type: 'account-delay', value: '"6"' }]);
  const nc = newVrrsNameConfig(SERVED);
  nc.accountingDelaySec = 4;
  nc.accountingMethod = 'acct-list-7';
  vc.names.set(SERVED, nc);
  vrrs.update(vc);
  const frames: Array<{ time: number; frame: Buffer; from: string }> = [];
  link.taps.push((time, from, frame) => frames.push({ time, frame, from: from.node.name }));
  return { sched, a, b, pa, a11, a12, a13, a14, b12, va, vb, vrrs, sink, cfgA, cfgB, vc, frames, link };
}


/**
 * For the bench: virtual microseconds from the moment the peer takes mastership (priority raised
 * above ours, preemption) until every interface-state client following the group is down;
 * undefined when that does not happen within 10 s of virtual time.
 */
export function masterLossToClientsDownMicros(): number | undefined {
  const L = lab({ ifState: true, mac: false });
  L.vrrs.start();
  L.va.start();
  L.vb.start();
  L.sched.runFor(6 * SEC);
  if (!L.a12.up || !L.a13.up) return undefined;
  L.vb.update(L.cfgB(200));
  const t0 = L.sched.now;
  const ok = L.sched.runUntilCondition(() => !L.a12.up && !L.a13.up, t0 + 10 * SEC);
  const dt = L.sched.now - t0;
  L.vrrs.stop();
  L.va.stop();
  L.vb.stop();
  return ok ? dt : undefined;
}

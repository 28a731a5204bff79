/** Static routes: BFD tracking, ECMP, next-hop resolution in the VRF (fast mode, virtual time). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MS, SEC } from '../../sim/scheduler';
import { fmtAddr, parsePrefix, prefixKey } from '../../net/addr';
import type { Node } from '../../net/node';
import type { Route } from '../../net/rib';
import { bfdCfg, engine, testNet } from '../bfd/testnet';
import { StaticRoutes } from './engine';
import type { StaticRouteConfig } from './config';

function route(n: Node, vrf: string, prefix: string): Route | undefined {
  const p = parsePrefix(prefix)!;
  return n.vrf(vrf).rib[p.afi].routes().find((r) => prefixKey(r.prefix) === prefixKey(p));
}
const hops = (r: Route | undefined) => (r ? r.paths.map((p) => `${p.iface.name} ${p.nextHop ? fmtAddr(p.nextHop) : '-'}`).sort() : []);

/** hub (two ports, like a dual-homed CE) and two PEs; the PEs track BFD sessions to the hub. */
function lab() {
  const t = testNet(3);
  const h1 = t.port('hub', 'ge1', '192.168.41.1/24');
  const h2 = t.port('hub', 'ge2', '192.168.42.1/24');
  const p1 = t.port('pa', 'ge9', '192.168.41.254/24', 'red');
  const p2 = t.port('pb', 'ge9', '192.168.42.254/24', 'red');
  const l1 = t.connect(h1, p1);
  const l2 = t.connect(h2, p2);
  const eh = engine(t.node('hub'), bfdCfg([['h-a', '192.168.41.254', 'ge1', '192.168.41.1'], ['h-b', '192.168.42.254', 'ge2', '192.168.42.1']]));
  const ea = engine(t.node('pa'), bfdCfg([['a-h', '192.168.41.1', 'ge9', '192.168.41.254', 'red']]));
  const eb = engine(t.node('pb'), bfdCfg([['b-h', '192.168.42.1', 'ge9', '192.168.42.254', 'red']]));
  return { t, h1, h2, p1, p2, l1, l2, eh, ea, eb };
}

const sr = (vrf: string, prefix: string, nextHop: string, extra: Partial<StaticRouteConfig> = {}): StaticRouteConfig => ({ vrf, prefix, nextHop, preference: 60, ...extra });

void test('a route tracking BFD is installed when the session is Up and withdrawn in the same instant it goes Down', () => {
  const { t, l1, ea, eh } = lab();
  const pa = t.node('pa');
  const st = new StaticRoutes(pa, ea);
  st.update({ routes: [sr('red', '10.77.7.7/32', '192.168.41.1', { trackBfd: 'a-h' })] });
  assert.equal(route(pa, 'red', '10.77.7.7/32'), undefined, 'not while the session is Down');
  let upAt = -1;
  ea.onStateChange((_n, s) => {
    if (s === 'Up') upAt = t.sched.now;
  });
  t.sched.runUntilCondition(() => !!route(pa, 'red', '10.77.7.7/32'), 10 * SEC);
  const r = route(pa, 'red', '10.77.7.7/32');
  assert.ok(r);
  assert.equal(upAt, t.sched.now, 'installed in the instant the session came Up');
  assert.equal(r.code, 'S');
  assert.equal(r.distance, 60);
  assert.equal(r.metric, 0);
  assert.equal(r.source, 'static');
  assert.deepEqual(hops(r), ['ge9 192.168.41.1']);
  assert.equal(route(pa, '', '10.77.7.7/32'), undefined, 'only in its VRF');
  t.sched.runUntilCondition(() => eh.state('h-a') === 'Up', t.sched.now + 5 * SEC);
  t.sched.runFor(200 * MS);
  let downAt = -1;
  let presentAtDown: boolean | undefined;
  ea.onStateChange((_n, s) => {
    if (s !== 'Down') return;
    downAt = t.sched.now;
    // Listeners run in registration order: the static engine subscribed first.
    presentAtDown = !!route(pa, 'red', '10.77.7.7/32');
  });
  const cut = t.sched.now;
  l1.loss = 1;
  t.sched.runUntilCondition(() => !route(pa, 'red', '10.77.7.7/32'), cut + 100 * MS);
  assert.equal(route(pa, 'red', '10.77.7.7/32'), undefined);
  assert.equal(downAt, t.sched.now, 'withdrawn at the instant of the Down');
  assert.equal(presentAtDown, false);
  assert.ok(t.sched.now - cut <= 31 * MS);
  l1.loss = 0;
  assert.ok(t.sched.runUntilCondition(() => !!route(pa, 'red', '10.77.7.7/32'), t.sched.now + 5 * SEC));
  st.stop();
  assert.equal(route(pa, 'red', '10.77.7.7/32'), undefined, 'stop withdraws');
});

void test('two defaults with the same preference form ECMP; a BFD-tracked one leaves, the other stays', () => {
  const { t, h1, eh } = lab();
  const hub = t.node('hub');
  const st = new StaticRoutes(hub, eh);
  st.update({ routes: [sr('', '0.0.0.0/0', '192.168.41.254', { trackBfd: 'h-a' }), sr('', '0.0.0.0/0', '192.168.42.254')] });
  assert.deepEqual(hops(route(hub, '', '0.0.0.0/0')), ['ge2 192.168.42.254']);
  t.sched.runUntilCondition(() => eh.state('h-a') === 'Up', 10 * SEC);
  assert.deepEqual(hops(route(hub, '', '0.0.0.0/0')), ['ge1 192.168.41.254', 'ge2 192.168.42.254']);
  // Interface down: the connected route goes, the next hop no longer resolves (not even via the other default).
  h1.adminUp = false;
  hub.ifaceChanged(h1);
  assert.deepEqual(hops(route(hub, '', '0.0.0.0/0')), ['ge2 192.168.42.254']);
  h1.adminUp = true;
  hub.ifaceChanged(h1);
  t.sched.runUntilCondition(() => eh.state('h-a') === 'Up', t.sched.now + 5 * SEC);
  assert.equal(route(hub, '', '0.0.0.0/0')?.paths.length, 2);
  // A lower preference wins alone.
  st.update({ routes: [sr('', '0.0.0.0/0', '192.168.41.254', { preference: 10 }), sr('', '0.0.0.0/0', '192.168.42.254')] });
  assert.deepEqual(hops(route(hub, '', '0.0.0.0/0')), ['ge1 192.168.41.254']);
  assert.equal(route(hub, '', '0.0.0.0/0')?.distance, 10);
  // Removing every route withdraws.
  st.update({ routes: [] });
  assert.equal(route(hub, '', '0.0.0.0/0'), undefined);
});

void test('next hop must resolve in the route\'s VRF; unreachable next hops and unknown BFD sessions keep the route out', () => {
  const { t, eh } = lab();
  const hub = t.node('hub');
  const st = new StaticRoutes(hub, eh);
  st.update({
    routes: [
      sr('', '10.9.0.0/16', '192.168.99.1'),
      sr('red', '10.9.0.0/16', '192.168.41.254'),
      sr('', '10.8.0.0/16', '192.168.41.254', { trackBfd: 'nope' }),
      sr('', '10.7.0.0/16', '192.168.41.254', { iface: 'ge1' }),
    ],
  });
  assert.equal(route(hub, '', '10.9.0.0/16'), undefined);
  assert.equal(route(hub, 'red', '10.9.0.0/16'), undefined, 'the hub has no port in VRF red');
  assert.equal(route(hub, '', '10.8.0.0/16'), undefined);
  assert.deepEqual(hops(route(hub, '', '10.7.0.0/16')), ['ge1 192.168.41.254']);
  // A recursive next hop resolved through another (non-static) source appears once that route exists.
  st.update({ routes: [sr('', '10.6.0.0/16', '10.250.0.1')] });
  assert.equal(route(hub, '', '10.6.0.0/16'), undefined);
  const p = parsePrefix('10.250.0.0/24')!;
  const ge2 = t.iface('hub', 'ge2');
  hub.vrf('').rib[4].setSource('test-igp', [{ prefix: p, code: 'O', distance: 10, metric: 2, paths: [{ iface: ge2, nextHop: parsePrefixAddr('192.168.42.254') }], since: 0, source: 'test-igp' }], t.sched.now);
  t.sched.runFor(100 * MS);
  const r = route(hub, '', '10.6.0.0/16');
  assert.ok(r, 'resolved after the rib changed');
  assert.equal(r.paths[0].iface.name, 'ge2');
  assert.equal(fmtAddr(r.paths[0].via!), '10.250.0.1');
});

function parsePrefixAddr(a: string) {
  const p = parsePrefix(`${a}/32`)!;
  return { afi: p.afi, v: p.net };
}

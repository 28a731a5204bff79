/** The document's PE triangle for the BGP tests (routes pre-filled, in-memory TCP, fake FTN). */
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import { Link } from '../../net/link';
import type { Iface } from '../../net/iface';
import { parseIPv4, parsePrefix, prefixKey } from '../../net/addr';
import type { Route } from '../../net/rib';
import { BgpConfig, newBgpConfig, newBgpVrfConfig } from './config';
import { BgpProcess } from './process';
import { FakeMpls, MemNet } from './testing';

export interface Lab {
  sched: Scheduler;
  net: MemNet;
  nodes: Record<string, Node>;
  bgp: Record<string, BgpProcess>;
  mpls: Record<string, FakeMpls>;
  ifs: Record<string, Iface>;
}

function iface(n: Node, name: string, addr: string, len: number, vrf = '', kind: 'ethernet' | 'loopback' = 'ethernet'): Iface {
  const i = n.addIface(name, kind);
  i.adminUp = true;
  i.vrf = vrf;
  i.v4 = { addr: parseIPv4(addr)!, len };
  return i;
}

/** PE1 2.2.2.2, PE2 3.3.3.3, PE3 4.4.4.4 (AS 100), CE2 10.3.1.2 (AS 65410) behind PE3 in VPNA. */
export function buildLab(maxPaths: number, opts: { hold?: number } = {}): Lab {
  const sched = new Scheduler();
  const rng = new Random(11);
  const net = new MemNet(sched);
  const names = ['PE1', 'PE2', 'PE3', 'CE2'];
  const nodes: Record<string, Node> = {};
  names.forEach((n, k) => (nodes[n] = new Node(n, k + 1, sched, rng.fork(n))));
  const ifs: Record<string, Iface> = {};
  const lo: Record<string, string> = { PE1: '2.2.2.2', PE2: '3.3.3.3', PE3: '4.4.4.4' };
  for (const pe of ['PE1', 'PE2', 'PE3']) {
    ifs[`${pe}:lo`] = iface(nodes[pe], 'LoopBack1', lo[pe], 32, '', 'loopback');
    const v = nodes[pe].vrf('VPNA');
    v.rd = `100:${pe.slice(2)}`;
    v.importRt = ['111:1'];
    v.exportRt = ['111:1'];
  }
  // Core links PE1-PE3 (172.1.1.0/24), PE1-PE2 (172.2.1.0/24), PE2-PE3 (172.3.1.0/24).
  const core: Array<[string, string, string, string, string]> = [
    ['PE1', 'GE0/1/0', 'PE3', 'GE0/1/0', '172.1.1'],
    ['PE1', 'GE0/2/0', 'PE2', 'GE0/2/0', '172.2.1'],
    ['PE2', 'GE0/1/0', 'PE3', 'GE0/2/0', '172.3.1'],
  ];
  for (const [a, ai, b, bi, n] of core) {
    ifs[`${a}:${b}`] = iface(nodes[a], ai, `${n}.1`, 24);
    ifs[`${b}:${a}`] = iface(nodes[b], bi, `${n}.2`, 24);
    new Link(ifs[`${a}:${b}`], ifs[`${b}:${a}`], sched, rng);
  }
  // CE-facing interfaces in VPNA; CE1 itself is not modelled (static routes point at it).
  const ce = (pe: string, n: string) => {
    ifs[`${pe}:ce`] = iface(nodes[pe], 'GE0/3/0', `${n}.2`, 24, 'VPNA');
    const far = new Node(`${pe}-far`, 90 + Number(pe.slice(2)), sched, rng);
    new Link(ifs[`${pe}:ce`], iface(far, 'eth0', `${n}.1`, 24), sched, rng);
  };
  ce('PE1', '10.1.1');
  ce('PE2', '10.2.1');
  ifs['PE3:ce'] = iface(nodes.PE3, 'GE0/3/0', '10.3.1.1', 24, 'VPNA');
  ifs['CE2:pe'] = iface(nodes.CE2, 'GE0/1/0', '10.3.1.2', 24);
  iface(nodes.CE2, 'LoopBack0', '192.168.50.1', 32, '', 'loopback');
  new Link(ifs['PE3:ce'], ifs['CE2:pe'], sched, rng);
  for (const n of Object.values(nodes)) n.refreshConnected();

  // IGP stand-in: each PE reaches the others' loopbacks over the direct link (cost 1), and LDP's FTN.
  const mpls: Record<string, FakeMpls> = {};
  for (const pe of ['PE1', 'PE2', 'PE3']) {
    const routes: Route[] = [];
    const ftn: Array<{ fec: ReturnType<typeof parsePrefix> & object; paths: Array<{ iface: Iface; nextHop: ReturnType<typeof parseIPv4> & object; labels: number[] }> }> = [];
    for (const other of ['PE1', 'PE2', 'PE3']) {
      if (other === pe) continue;
      const out = ifs[`${pe}:${other}`];
      const nh = ifs[`${other}:${pe}`].v4!.addr;
      const fec = parsePrefix(`${lo[other]}/32`)!;
      routes.push({ prefix: fec, code: 'O', distance: 10, metric: 1, paths: [{ iface: out, nextHop: nh }], since: 0, source: 'ospf 1' });
      ftn.push({ fec, paths: [{ iface: out, nextHop: nh, labels: [1000 + Number(other.slice(2))] }] });
    }
    nodes[pe].vrf('').rib[4].setSource('ospf 1', routes, 0);
    mpls[pe] = new FakeMpls();
    mpls[pe].setFtn('ldp', ftn);
  }
  // Step 4: the static route to CE1's 1.1.1.1 on PE1 and PE2.
  setStatic(nodes.PE1, ifs['PE1:ce'], '10.1.1.1');
  setStatic(nodes.PE2, ifs['PE2:ce'], '10.2.1.1');

  const bgp: Record<string, BgpProcess> = {};
  for (const pe of ['PE1', 'PE2', 'PE3']) {
    const c = newBgpConfig(100);
    if (opts.hold) {
      c.holdSec = opts.hold;
      c.keepaliveSec = Math.floor(opts.hold / 3);
    }
    for (const other of ['PE1', 'PE2', 'PE3']) {
      if (other === pe) continue;
      c.peers.push({ addr: lo[other], remoteAs: 100, connectIface: 'LoopBack1' });
      c.ipv4.enabled.add(lo[other]);
      c.vpnv4.enabled.add(lo[other]);
    }
    const vc = newBgpVrfConfig('VPNA');
    vc.redistribute = pe === 'PE3' ? ['direct'] : ['direct', 'static'];
    vc.maxPaths = pe === 'PE3' ? maxPaths : 1;
    if (pe === 'PE3') vc.peers.push({ addr: '10.3.1.2', remoteAs: 65410 });
    c.vrfs.set('VPNA', vc);
    bgp[pe] = new BgpProcess(nodes[pe], c, { tcp: net.stack(nodes[pe]), mpls: mpls[pe] });
  }
  const c2: BgpConfig = newBgpConfig(65410);
  c2.peers.push({ addr: '10.3.1.1', remoteAs: 100 });
  c2.ipv4.enabled.add('10.3.1.1');
  c2.ipv4.redistribute = ['direct'];
  bgp.CE2 = new BgpProcess(nodes.CE2, c2, { tcp: net.stack(nodes.CE2), mpls: new FakeMpls() });
  for (const b of Object.values(bgp)) b.start();
  return { sched, net, nodes, bgp, mpls, ifs };
}

export function setStatic(n: Node, i: Iface, nh: string, on = true): void {
  const r: Route = { prefix: parsePrefix('1.1.1.1/32')!, code: 'S', distance: 60, metric: 0, paths: [{ iface: i, nextHop: parseIPv4(nh)! }], since: 0, source: 'static' };
  n.vrf('VPNA').rib[4].setSource('static', on ? [r] : [], n.sched.now);
}

export function vrfRoute(n: Node, p: string, vrf = 'VPNA'): Route | undefined {
  return n.vrf(vrf).rib[4].routes().find((r) => prefixKey(r.prefix) === prefixKey(parsePrefix(p)!));
}

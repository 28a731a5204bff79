/**
 * A small EVPN fabric for the module tests: PEs with a loopback (the VTEP and BGP source), an
 * ethernet segment interface (a LAG whose carrier the test switches), real BGP sessions with the
 * EVPN family over the in-memory TCP of protocols/bgp/testing.ts (full iBGP mesh over the
 * loopbacks, `local-as` as SR Linux's overlay group), underlay reachability as static routes, and
 * a recording bridge (BridgeApi) per PE.
 */
import { Scheduler } from '../../sim/scheduler';
import { Random } from '../../sim/random';
import { Node } from '../../net/node';
import type { Iface } from '../../net/iface';
import { parseIPv4, parsePrefix } from '../../net/addr';
import type { Route } from '../../net/rib';
import { newBgpConfig, type BgpConfig } from '../bgp/config';
import { BgpProcess } from '../bgp/process';
import { FakeMpls, MemNet } from '../bgp/testing';
import type { BridgeApi, BridgeEvents, MacEntry, RemoteMacTarget } from '../bridge/config';
import type { ProtocolDeps } from '../registry';
import { newEthernetSegment, newEvpnConfig, newMacVrfEvpn, type EvpnConfig } from './config';
import { EvpnInstance } from './module';

/** Records every call the EVPN module makes, and lets the test "learn" MACs. */
export class RecordingBridge implements BridgeApi {
  calls: string[] = [];
  remote = new Map<string, RemoteMacTarget>();
  flood = new Map<string, string[]>();
  df = new Map<string, boolean>();
  peers = new Map<string, string[]>();
  private subs: BridgeEvents[] = [];
  installRemoteMac(macVrf: string, mac: string, target: RemoteMacTarget): void {
    this.remote.set(`${macVrf}|${mac}`, target);
    this.calls.push(`install ${macVrf} ${mac} ${'esi' in target ? `esi:${target.esi}=${target.vteps.join(',')}` : target.vtep}`);
  }
  withdrawRemoteMac(macVrf: string, mac: string): void {
    this.remote.delete(`${macVrf}|${mac}`);
    this.calls.push(`withdraw ${macVrf} ${mac}`);
  }
  setFloodList(macVrf: string, vteps: string[]): void {
    this.flood.set(macVrf, vteps);
  }
  setDesignatedForwarder(macVrf: string, sub: string, isDf: boolean): void {
    this.df.set(`${macVrf}|${sub}`, isDf);
  }
  setEsPeers(sub: string, peerVteps: string[]): void {
    this.peers.set(sub, peerVteps);
  }
  macTable(): MacEntry[] {
    return [];
  }
  subscribe(ev: BridgeEvents): () => void {
    this.subs.push(ev);
    return () => (this.subs = this.subs.filter((x) => x !== ev));
  }
  learn(macVrf: string, mac: string, sub: string): void {
    for (const s of this.subs) s.onLocalMacLearned(macVrf, mac, sub);
  }
  age(macVrf: string, mac: string): void {
    for (const s of this.subs) s.onLocalMacAged(macVrf, mac);
  }
}

export interface Pe {
  name: string;
  ip: string;
  node: Node;
  bgp: BgpProcess;
  bridge: RecordingBridge;
  evpn: EvpnInstance;
  es: Iface;
  /** The ES interface's carrier (a LAG's members distributing). */
  setEsLink(up: boolean): void;
}

export interface PeSpec {
  name: string;
  ip: string;
  /** On the segment (else a remote PE). */
  onEs: boolean;
}

export interface FabricOpts {
  esi?: string;
  evis?: number[];
  asn?: number;
  ecmp?: number;
  mrai?: number;
  mode?: 'all-active' | 'single-active';
}

/** The EVPN configuration of a PE: one segment `ES-7` on `bond7` (when on the ES), one MAC-VRF per EVI. */
export function evpnCfg(onEs: boolean, o: FabricOpts): EvpnConfig {
  const c = newEvpnConfig();
  if (onEs) {
    const s = newEthernetSegment('ES-7', o.esi ?? '00:77:66:55:44:33:22:00:00:07');
    s.iface = 'bond7';
    if (o.mode) s.mode = o.mode;
    c.segments.push(s);
  }
  for (const evi of o.evis ?? [300]) {
    const m = newMacVrfEvpn(`bd-${evi}`, evi, `vx0.${evi}`);
    m.vni = 5000 + evi;
    m.ecmp = o.ecmp ?? 4;
    c.macVrfs.push(m);
  }
  return c;
}

export function buildFabric(specs: PeSpec[], o: FabricOpts = {}): { sched: Scheduler; net: MemNet; pes: Record<string, Pe> } {
  const sched = new Scheduler();
  const rng = new Random(7);
  const net = new MemNet(sched);
  const asn = o.asn ?? 65100;
  const pes: Record<string, Pe> = {};
  specs.forEach((sp, k) => {
    const node = new Node(sp.name, k + 1, sched, rng.fork(sp.name));
    const lo = node.addIface('system0', 'loopback');
    lo.adminUp = true;
    lo.v4 = { addr: parseIPv4(sp.ip)!, len: 32 };
    const core = node.addIface('uplink1', 'ethernet');
    core.adminUp = true;
    core.v4 = { addr: parseIPv4(`172.31.${k + 1}.1`)!, len: 30 };
    let esUp = true;
    const es = node.addIface('bond7', 'lag');
    es.adminUp = true;
    es.carrier = () => esUp;
    node.addIface('bond7.0', 'lag', es, 0).adminUp = true;
    node.refreshConnected();
    // Underlay stand-in: the other loopbacks through the uplink.
    const routes: Route[] = specs.filter((x) => x !== sp).map((x) => ({
      prefix: parsePrefix(`${x.ip}/32`)!, code: 'S', distance: 5, metric: 0, paths: [{ iface: core, nextHop: parseIPv4(`172.31.${k + 1}.2`)! }], since: 0, source: 'static',
    }));
    node.vrf('').rib[4].setSource('static', routes, 0);
    const c: BgpConfig = newBgpConfig(asn + k + 1);
    c.routerId = sp.ip;
    for (const other of specs) {
      if (other === sp) continue;
      c.peers.push({ addr: other.ip, remoteAs: asn, localAs: asn, localAddress: sp.ip, minAdvIntervalSec: o.mrai, group: 'overlay' });
      c.evpn.enabled.add(other.ip);
    }
    const bgp = new BgpProcess(node, c, { tcp: net.stack(node), mpls: new FakeMpls() });
    bgp.start();
    const bridge = new RecordingBridge();
    const deps: ProtocolDeps = { instance: <I>(n: string) => (n === 'bgp' ? bgp : n === 'bridge' ? bridge : undefined) as I | undefined };
    const evpn = new EvpnInstance(node, evpnCfg(sp.onEs, o), deps);
    pes[sp.name] = {
      name: sp.name, ip: sp.ip, node, bgp, bridge, evpn, es,
      setEsLink(up: boolean) {
        esUp = up;
        node.ifaceChanged(es);
      },
    };
  });
  return { sched, net, pes };
}

/** The DF of segment ES-7 for MAC-VRF `bd-<evi>` as PE `pe` sees it. */
export function dfOf(pe: Pe, evi: number): string | undefined {
  return pe.evpn.segments().find((s) => s.name === 'ES-7')?.dfs.find((d) => d.evi === evi)?.df;
}

/**
 * A node's running protocols, driven by its neutral configuration: `apply(next)` pushes the
 * difference between the last applied model and `next` onto the node (VRFs, interfaces,
 * hostname, load balancing) and then, protocol by protocol in the registry's order, creates,
 * updates or stops each engine whose section appeared, changed or went away. The host owns
 * no protocol knowledge: everything protocol-specific is in the modules (protocols/registry.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import { parseAddr } from '../net/addr';
import type { Iface } from '../net/iface';
import type { Node } from '../net/node';
import type { ProtocolDeps, ProtocolRegistry } from '../protocols/registry';
import { IfaceConfig, NodeConfig, newNodeConfig } from './model';

export class ProtocolHost {
  private cur: NodeConfig;
  private inst = new Map<string, unknown>();
  private sections = new Map<string, unknown>();
  private readonly deps: ProtocolDeps = { instance: <I>(name: string) => this.inst.get(name) as I | undefined };

  constructor(
    readonly node: Node,
    readonly registry: ProtocolRegistry,
  ) {
    this.cur = newNodeConfig(node.hostname);
  }

  /** The running instance of a protocol (for its show models and the dialects' renderers). */
  instance<I>(name: string): I | undefined {
    this.registry.get(name);
    return this.inst.get(name) as I | undefined;
  }

  /** The protocol's show model rows, or [] when it does not run. */
  show<R>(protocol: string, model: string): R[] {
    const m = this.registry.get(protocol);
    const f = m.show?.[model];
    if (!f) throw new Error(`protocol '${protocol}' has no show model '${model}' (known: ${Object.keys(m.show ?? {}).join(', ') || 'none'})`);
    const i = this.inst.get(protocol);
    return i === undefined ? [] : (f(i, this.node.sched.now) as R[]);
  }

  /** The model last applied. */
  get config(): NodeConfig {
    return this.cur;
  }

  apply(next: NodeConfig): void {
    const old = this.cur;
    const node = this.node;
    node.hostname = next.hostname;
    for (const v of next.vrfs.values()) {
      const vrf = node.vrf(v.name);
      vrf.rd = v.rd;
      vrf.importRt = [...v.importRt];
      vrf.exportRt = [...v.exportRt];
    }
    this.applyIfaces(old, next);
    node.ip.loadBalance = next.loadBalance;
    this.applyProtocols(next);
    // VRFs gone from the configuration: after the engines let go of them.
    for (const name of [...node.vrfs.keys()]) if (name !== '' && !next.vrfs.has(name)) node.vrfs.delete(name);
    this.cur = cloneData(next);
  }

  private applyIfaces(old: NodeConfig, next: NodeConfig): void {
    const node = this.node;
    // Parents before their subinterfaces.
    const order = [...next.ifaces.values()].sort((a, b) => (a.parent ? 1 : 0) - (b.parent ? 1 : 0));
    for (const ic of order) {
      let i = node.ifaces.get(ic.name);
      if (!i) {
        const parent = ic.parent ? node.ifaces.get(ic.parent) : undefined;
        if (ic.parent && !parent) continue;
        i = node.addIface(ic.name, parent ? parent.kind : ic.kind, parent, ic.vlan);
      }
      setIface(node, i, ic);
    }
    for (const oc of old.ifaces.values()) {
      if (next.ifaces.has(oc.name)) continue;
      const i = node.ifaces.get(oc.name);
      if (!i) continue;
      if (i.kind === 'loopback' || i.parent) node.removeIface(i);
      else setIface(node, i, { name: i.name, kind: 'ethernet', adminUp: node.ifaceAdminDefault, vrf: '', description: '' });
    }
  }

  private applyProtocols(next: NodeConfig): void {
    const mods = this.registry.modules();
    for (const name of next.protocols.keys()) this.registry.get(name);
    // A protocol another running one needs runs with its default configuration.
    const want = new Map(next.protocols);
    for (const m of [...mods].reverse()) {
      if (!want.has(m.name)) continue;
      for (const n of [...(m.needs ?? []), ...(m.needsOf?.(want.get(m.name)) ?? [])]) {
        if (want.has(n)) continue;
        const d = this.registry.get(n);
        if (!d.defaultConfig) throw new Error(`protocol '${m.name}' needs '${n}', which has no default configuration`);
        want.set(n, d.defaultConfig());
      }
    }
    // Stop dependents first, then create and update in dependency order.
    for (const m of [...mods].reverse()) {
      const i = this.inst.get(m.name);
      if (i !== undefined && !want.has(m.name)) {
        m.stop(i);
        this.inst.delete(m.name);
        this.sections.delete(m.name);
      }
    }
    for (const m of mods) {
      if (!want.has(m.name)) continue;
      const sec = want.get(m.name);
      const i = this.inst.get(m.name);
      if (i === undefined) {
        this.inst.set(m.name, m.create(this.node, cloneData(sec), this.deps));
      } else if (!isDeepStrictEqual(this.sections.get(m.name), sec)) {
        const r = m.update(i, cloneData(sec), this.node, this.deps);
        if (r !== undefined) this.inst.set(m.name, r);
      }
      this.sections.set(m.name, cloneData(sec));
    }
  }

  stop(): void {
    for (const m of [...this.registry.modules()].reverse()) {
      const i = this.inst.get(m.name);
      if (i !== undefined) m.stop(i);
    }
    this.inst.clear();
    this.sections.clear();
    this.cur = newNodeConfig(this.node.hostname);
  }
}

function setIface(node: Node, i: Iface, ic: IfaceConfig): void {
  i.description = ic.description;
  const v4 = ic.v4 ? { addr: parseAddr(ic.v4.addr)!, len: ic.v4.len } : undefined;
  const v6 = ic.v6 ? { addr: parseAddr(ic.v6.addr)!, len: ic.v6.len } : undefined;
  const sec = (ic.v4Secondary ?? []).map((a) => ({ addr: parseAddr(a.addr)!, len: a.len }));
  const sameSec = sec.length === i.v4Secondary.length && sec.every((a, k) => a.addr.v === i.v4Secondary[k].addr.v && a.len === i.v4Secondary[k].len);
  const same = sameSec && i.adminUp === ic.adminUp && i.vrf === ic.vrf && i.v4?.addr.v === v4?.addr.v && i.v4?.len === v4?.len && i.v6?.addr.v === v6?.addr.v && i.v6?.len === v6?.len;
  if (same) return;
  i.v4Secondary = sec;
  i.adminUp = ic.adminUp;
  i.vrf = ic.vrf;
  i.v4 = v4;
  i.v6 = v6;
  node.ifaceChanged(i);
}

/**
 * A deep copy of configuration data (plain objects, arrays, Maps, Sets, Buffers, primitives),
 * as structuredClone gives it but without its serialization (the cost of every apply, issue 9's
 * bench); anything else goes through structuredClone.
 */
export function cloneData<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneData) as T;
  if (v instanceof Map) {
    const m = new Map();
    for (const [k, x] of v) m.set(cloneData(k), cloneData(x));
    return m as T;
  }
  if (v instanceof Set) {
    const s = new Set();
    for (const x of v) s.add(cloneData(x));
    return s as T;
  }
  if (Buffer.isBuffer(v)) return Buffer.from(v) as T;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(v)) o[k] = cloneData((v as Record<string, unknown>)[k]);
  return o as T;
}

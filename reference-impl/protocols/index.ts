/**
 * The one list of the reference router's protocols, in dependency order (a module comes after
 * the modules it `needs`). Add a protocol here and nowhere else (protocols/registry.ts says how).
 */
import { ProtocolRegistry } from './registry';
import { ospfModule } from './ospf/module';
import { ldpModule } from './ldp/module';
import { bgpModule } from './bgp/module';
import { bfdModule } from './bfd/module';
import { staticModule } from './static/module';
import { pvrpModule } from './pvrp/module';
import { vrrpModule } from './vrrp/module';
import { vrrsModule } from './vrrs/module';
import { lacpModule } from './lacp/module';
import { vxlanModule } from './vxlan/module';
import { bridgeModule } from './bridge/module';
import { evpnModule } from './evpn/module';

export const PROTOCOL_MODULES = [lacpModule, bfdModule, ospfModule, ldpModule, vxlanModule, bridgeModule, bgpModule, evpnModule, staticModule, pvrpModule, vrrpModule, vrrsModule] as const;

/** A registry with every protocol (each device gets its own host over it). */
export function defaultProtocols(): ProtocolRegistry {
  return new ProtocolRegistry(PROTOCOL_MODULES);
}

// VRP show output -> typed records (one file per family of commands). Getters map these to the
// neutral model.
export type { ParseContext } from './text';
export { keyValues, parseDuration, parseUpDown } from './text';
export { type VrpRouteRow, type VrpRoutingTable, parseRoutingTable } from './parse-routes';
export {
  type VrpBgpPeerRow, type VrpBgpPeers, type VrpLdpSession, type VrpLdpSessions, type VrpOspfPeerRow, type VrpOspfPeers,
  type VrpVpnFamily, type VrpVpnInstance, type VrpVpnInstances,
  parseBgpPeers, parseLdpSessions, parseOspfPeerBrief, parseVpnInstanceVerbose,
} from './parse-protocols';
export { type VrpBfdSession, type VrpBfdSessions, parseBfdSessionsVerbose } from './parse-bfd';
export { type VrpPing, type VrpPingReply, type VrpTracert, parsePing, parseTracert } from './parse-probes';
export { type VrpIpInterfaceBrief, type VrpIpInterfaceRow, parseIpInterfaceBrief } from './parse-ifaces';
export { type VrpVrrpGroup, parseDisplayVrrp, vrrpGroupsOf } from './parse-vrrp';

/** Public API of topologies/: containerlab-format topology files, their types and node kinds. */
export { loadTopology, parseTopology } from './loader';
export { TopologyError, type Position } from './errors';
export { registerKind, getKind, findKind, knownKinds } from './kinds';
export type {
  BriefLinkDef,
  ExtendedLinkDef,
  KindDef,
  LinkDef,
  LinkEndpoint,
  MgmtDef,
  NodeDef,
  NodeDefaults,
  Topology,
  TopologyFile,
  TopologyLink,
  TopologyNode,
} from './types';

// pvrp-ecmp's declared deviations per target kind or platform (suites/lib/deviations.ts): each
// check that cannot apply there, with its reason. A check that fails without one fails. Methods
// a platform lacks (NotSupportedError) and lab steps a target cannot do (LabControlUnsupported)
// become deviations by themselves, with the error's reason.
import type { DeviationRule } from '../lib/deviations';

export const DEVIATIONS: readonly DeviationRule[] = [
  {
    checks: 'golden: *', exceptPlatforms: ['freertr'],
    reason: 'the golden outputs are freeRtr\'s own tables; another dialect prints other commands and tables',
  },
  {
    checks: 'configure: every router takes the document configuration', exceptPlatforms: ['freertr'],
    reason: 'the document\'s configuration is freeRtr\'s; a lab of another platform boots its own equivalent configuration',
  },
  {
    checks: /^state: PVRP converges/, platforms: ['frr'],
    reason: 'PVRP is freeRtr\'s protocol and is not in FRR (its lab runs OSPF in its place)',
  },
  {
    checks: /^(state: ECMP|failover: shutdown on r1|failover: no shutdown on r1|failover \(lab control\))/, platforms: ['frr'],
    reason: 'these checks name the document\'s VLAN subinterfaces (ethernet1.11, .22) and VRF v1: this kernel has no 802.1Q VLAN or VRF devices, so the FRR lab uses two parallel links in the global table',
  },
  {
    checks: 'reachability: *', platforms: ['frr'],
    reason: 'the document pings in VRF v1 from loopback1; this kernel has no VRF devices, so the FRR lab routes in the global table',
  },
];

// bfd-static-vpn's declared deviations per target kind or platform (suites/lib/deviations.ts):
// each check that cannot apply there, with its reason. A check that fails without one fails.
// Methods a platform lacks (NotSupportedError) and lab steps a target cannot do
// (LabControlUnsupported) become deviations by themselves, with the error's reason.
import type { DeviationRule } from '../lib/deviations';

export const DEVIATIONS: readonly DeviationRule[] = [
  {
    // Every step check types the document's lines at the document's prompts and compares its outputs.
    checks: /^(step \d|failover: shutdown on CE1|restore: undo shutdown)/, exceptPlatforms: ['vrp'],
    reason: 'the check types the document\'s Huawei VRP lines at VRP prompts and compares VRP outputs (golden); a lab of another platform boots its own equivalent configuration',
  },
  {
    checks: 'failover (not in the document): the CE1-PE2 link goes silent; BFD finds it in 3 x 10 ms and PE3 keeps 2.2.2.2', platforms: ['frr'],
    reason: 'FRR 8.4 cannot track a static route with BFD (the FRR lab protects the CE link with BFD on BGP instead), and this kernel has no MPLS forwarding for the VPN',
  },
];

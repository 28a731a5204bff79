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
    checks: 'reachability: *', platforms: ['frr'],
    reason: 'FRR\'s vtysh has no ping of its own (it runs the system ping without a count, until interrupted); r2\'s reachability after each failure is measured by the lab\'s traffic stream instead',
  },
];

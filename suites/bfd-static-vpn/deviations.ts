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
];

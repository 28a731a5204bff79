// vrrs's declared deviations per target kind or platform (suites/lib/deviations.ts). Methods a
// platform lacks (NotSupportedError: VRRS groups, plug-in database, MAC filter on FRR) become
// deviations by themselves, with the error's reason.
import type { DeviationRule } from '../lib/deviations';

export const DEVIATIONS: readonly DeviationRule[] = [
  {
    checks: /^(example|golden|failover:|restore|accounting)/, exceptPlatforms: ['iosxe'],
    reason: 'the check types the document\'s Cisco IOS XE lines (VRRS plug-ins on dot1Q subinterfaces) and compares IOS outputs; VRRS and its plug-ins are Cisco IOS features with no FRR equivalent',
  },
  {
    checks: /^delay:/, exceptPlatforms: ['iosxe'],
    reason: 'IOS XE\'s `vrrp delay minimum M reload R` has no FRR vrrpd counterpart (vrrpd starts a group as soon as its interface is up)',
  },
];

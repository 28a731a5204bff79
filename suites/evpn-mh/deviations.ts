// evpn-mh's declared deviations per target kind or platform (suites/lib/deviations.ts). The lab
// is four SR Linux nodes and two Linux CEs: FRR has no SR Linux (no `enter candidate`, no boxed
// SR Linux tables, no SR Linux gNMI paths) and targets/frr builds no EVPN multihoming scenario
// (topologies/evpn-mh-frr does not exist), so on `--target frr` every check is reported as this
// deviation with its reason (evpn-mh.spec.ts, suiteOrDeclared). On an inventory whose leaves are
// not SR Linux, the checks that type SR Linux lines or compare SR Linux outputs are declared;
// the state checks run through the device API, whose methods a platform lacks end as deviations
// by themselves (NotSupportedError), with the error's reason.
import type { DeviationRule } from '../lib/deviations';

const SRL_ONLY = /^(configure|golden|failover|restore):/;

export const DEVIATIONS: readonly DeviationRule[] = [
  {
    checks: /./, targets: ['frr'],
    reason: 'the lab is SR Linux (kind srl) with Linux CEs; FRR has no SR Linux dialect, and the frr target has no EVPN multihoming scenario (no topologies/evpn-mh-frr): nothing of this suite runs there',
  },
  ...['leaf1', 'leaf2', 'leaf3'].map((node): DeviationRule => ({
    checks: SRL_ONLY, node, exceptPlatforms: ['srlinux'],
    reason: `${node} is not SR Linux: the check types the document's SR Linux candidate blocks, compares SR Linux's boxed outputs or disables an interface with SR Linux lines`,
  })),
];

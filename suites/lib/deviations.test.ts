import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDeviation, unusedRules, type DeviationRule } from './deviations';

const RULES: DeviationRule[] = [
  { checks: 'golden: *', exceptPlatforms: ['freertr'], reason: 'golden outputs are freeRtr\'s' },
  { checks: /^state: PVRP/, platforms: ['frr'], reason: 'PVRP is not in FRR' },
  { checks: 'failover: silent link', targets: ['frr'], reason: 'no static-route BFD in FRR 8.4' },
  { checks: 'never applies', reason: 'a rule without a condition matches nothing' },
];
const ref = { kind: 'reference', platforms: { r1: 'freertr', r2: 'freertr' } };
const frr = { kind: 'frr', platforms: { r1: 'frr', r2: 'frr' } };

void describe('declared deviations', () => {
  void it('matches by title prefix and a platform outside the allowed ones', () => {
    assert.equal(findDeviation(RULES, ref, 'golden: r2 show ipv4 route v1'), undefined);
    assert.equal(findDeviation(RULES, frr, 'golden: r2 show ipv4 route v1')?.reason, 'golden outputs are freeRtr\'s');
    assert.equal(findDeviation(RULES, { kind: 'inventory', platforms: { r1: 'freertr', r2: 'vrp' } }, 'golden: x')?.reason, 'golden outputs are freeRtr\'s');
  });

  void it('matches by RegExp and platform, by exact title and target kind', () => {
    assert.equal(findDeviation(RULES, frr, 'state: PVRP converges')?.reason, 'PVRP is not in FRR');
    assert.equal(findDeviation(RULES, ref, 'state: PVRP converges'), undefined);
    assert.equal(findDeviation(RULES, frr, 'failover: silent link')?.reason, 'no static-route BFD in FRR 8.4');
    assert.equal(findDeviation(RULES, frr, 'failover: silent link, again'), undefined);
    assert.equal(findDeviation(RULES, { kind: 'inventory', platforms: { r1: 'frr' } }, 'failover: silent link'), undefined);
  });

  void it('a rule needs a condition; a rule naming no check is reported', () => {
    assert.equal(findDeviation(RULES, frr, 'never applies'), undefined);
    assert.deepEqual(unusedRules(RULES, ['golden: a', 'state: PVRP converges', 'failover: silent link']), ['deviation rule never applies (a rule without a condition matches nothing) matches no check']);
  });

  void it('node narrows the platform condition to one node', () => {
    const rules: DeviationRule[] = [{ checks: 'x', node: 'r2', platforms: ['vrp'], reason: 'r2 is VRP' }];
    assert.equal(findDeviation(rules, { kind: 'inventory', platforms: { r1: 'vrp', r2: 'freertr' } }, 'x'), undefined);
    assert.equal(findDeviation(rules, { kind: 'inventory', platforms: { r1: 'freertr', r2: 'vrp' } }, 'x')?.reason, 'r2 is VRP');
  });
});

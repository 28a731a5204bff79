import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compareResults, renderComparisonHtml } from './comparison';
import type { CheckRecord, ResultsFile } from './checks';

const c = (suite: string, title: string, verdict: CheckRecord['verdict'], reason?: string, measurements: Record<string, string> = {}): CheckRecord => ({
  target: '', suite, title, verdict, durationMs: 5, measurements, ...(reason ? { reason } : {}),
});
const file = (target: string, checks: CheckRecord[]): ResultsFile => ({ format: 'netproof-results', version: 1, target, status: 'passed', durationMs: 1, checks: checks.map((x) => ({ ...x, target })) });

const REFERENCE = file('reference', [
  c('bfd-static-vpn', 'step 7: BFD Up', 'passed', undefined, { bfd_detection_ms: '30ms' }),
  c('bfd-static-vpn', 'failover: CE1 shutdown', 'passed', undefined, { traffic_switchover_ms: '12.5ms', lost_packets: '3' }),
  c('pvrp-ecmp', 'state: PVRP converges', 'passed', undefined, { convergence_virtual_s: '7.2s' }),
  c('pvrp-ecmp', 'golden: r2 show ipv4 route v1', 'passed'),
]);
const FRR = file('frr', [
  c('bfd-static-vpn', 'step 7: BFD Up', 'passed', undefined, { bfd_detection_ms: '27ms' }),
  c('bfd-static-vpn', 'failover: CE1 shutdown', 'failed', 'switchover 80 ms > 50 ms\nexpect(received).toBeLessThan(expected)', { traffic_switchover_ms: '80ms' }),
  c('pvrp-ecmp', 'state: PVRP converges', 'deviation', 'PVRP is not in FRR'),
  c('pvrp-ecmp', 'golden: r2 show ipv4 route v1', 'broken', 'ConnectionLostError: r2: connection lost while reading (command "show ip route")'),
  c('pvrp-ecmp', 'state: OSPF <neighbours> & "routes"', 'passed'),
]);

void test('the matrix: suites, checks in order, one cell per target, "not run" where a target lacks the check', () => {
  const m = compareResults([REFERENCE, FRR]);
  assert.deepEqual(m.targets, ['reference', 'frr']);
  assert.deepEqual(m.suites.map((s) => s.suite), ['bfd-static-vpn', 'pvrp-ecmp']);
  const pvrp = m.suites[1].checks;
  assert.deepEqual(pvrp.map((k) => k.title), ['state: PVRP converges', 'golden: r2 show ipv4 route v1', 'state: OSPF <neighbours> & "routes"']);
  assert.deepEqual(pvrp[0].cells, { reference: { verdict: 'passed' }, frr: { verdict: 'deviation', reason: 'PVRP is not in FRR' } });
  assert.deepEqual(pvrp[2].cells.reference, { verdict: 'not run' });
  const fo = m.suites[0].checks[1].cells.frr;
  assert.deepEqual(fo, { verdict: 'failed', reason: 'switchover 80 ms > 50 ms' }, 'the first line of the reason');
  assert.deepEqual(m.totals.frr, { passed: 2, failed: 1, broken: 1, deviation: 1, skipped: 0, interrupted: 0, 'not run': 0 });
  assert.deepEqual(m.totals.reference['not run'], 1);
  assert.deepEqual(
    m.measurements.map((x) => [x.figure, x.values.reference, x.values.frr]),
    [['bfd_detection_ms', '30ms', '27ms'], ['traffic_switchover_ms', '12.5ms', '80ms'], ['lost_packets', '3', ''], ['convergence_virtual_s', '7.2s', '']],
  );
  // The same target twice stays two columns.
  assert.deepEqual(compareResults([REFERENCE, REFERENCE]).targets, ['reference', 'reference#2']);
});

void test('the page is self-contained and escapes what the devices said', () => {
  const html = renderComparisonHtml(compareResults([REFERENCE, FRR]));
  assert.doesNotMatch(html, /<script|<link|\bsrc=|\bhref=|url\(|@import/i, 'no external asset, no script');
  assert.match(html, /state: OSPF &lt;neighbours&gt; &amp; &quot;routes&quot;/);
  assert.match(html, /<td class="v v-broken" data-verdict="broken"><span class="verdict">broken<\/span><span class="reason">ConnectionLostError: r2: connection lost while reading \(command &quot;show ip route&quot;\)<\/span><\/td>/);
  assert.match(html, /<td class="v v-not-run" data-verdict="not run">/);
  assert.match(html, /<th scope="col" class="target">frr<\/th>/);
});

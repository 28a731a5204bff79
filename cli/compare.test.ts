import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from './main';

async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

void test('netproof compare: writes comparison.html and .json; bad input is one line and exit 2', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-cmp-'));
  try {
    const a = { format: 'netproof-results', version: 1, target: 'reference', status: 'passed', durationMs: 1, checks: [{ target: 'reference', suite: 's', title: 'c', verdict: 'passed', durationMs: 1, measurements: { convergence: '1s' } }] };
    const b = { ...a, target: 'frr', checks: [{ ...a.checks[0], target: 'frr', verdict: 'broken', reason: 'TimeoutError: r1: timed out after 30000 ms waiting for the prompt' }] };
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(a));
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(b));
    const ok = await runMain(['compare', path.join(dir, 'a.json'), path.join(dir, 'b.json'), '--out', path.join(dir, 'o')]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^comparison of reference, frr: .*comparison\.html and .*comparison\.json\n$/);
    const j = JSON.parse(fs.readFileSync(path.join(dir, 'o', 'comparison.json'), 'utf8')) as { targets: string[]; suites: Array<{ checks: Array<{ cells: Record<string, { verdict: string; reason?: string }> }> }> };
    assert.deepEqual(j.targets, ['reference', 'frr']);
    assert.deepEqual(j.suites[0].checks[0].cells.frr, { verdict: 'broken', reason: 'TimeoutError: r1: timed out after 30000 ms waiting for the prompt' });

    fs.writeFileSync(path.join(dir, 'pw.json'), '{"suites": []}');
    fs.writeFileSync(path.join(dir, 'bad.json'), '{"format": "netproof-results", "target": "x", "checks": [{"title": 1}]}');
    const cases: Array<[string[], RegExp]> = [
      [['compare'], /usage: netproof compare RESULTS/],
      [['compare', path.join(dir, 'missing')], /missing: no such file or folder/],
      [['compare', path.join(dir, 'pw.json')], /pw\.json: not a netproof results file/],
      [['compare', path.join(dir, 'bad.json')], /bad\.json: check 1 is not a check record/],
    ];
    for (const [args, re] of cases) {
      const r = await runMain(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, re);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JAVA_MISSING_MESSAGE, allureBin, buildAllureReport, hasJava } from './allure';
import { ALLURE_CATEGORIES, environmentInfo, netproofTarget, toProperties, writeAllureMeta } from './allure-meta';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'allure-'));
}

// One minimal allure-playwright result: a declared deviation.
const result = {
  uuid: '0b7c7b7e-0000-4000-8000-000000000001',
  name: 'PVRP neighbours',
  fullName: 'pvrp-ecmp/pvrp-ecmp.spec.ts:3:5',
  historyId: 'h1',
  status: 'skipped',
  statusDetails: { message: 'DEVIATION: PVRP is not implemented by FRR' },
  stage: 'finished',
  start: 1_700_000_000_000,
  stop: 1_700_000_000_010,
  labels: [{ name: 'deviation', value: 'PVRP is not implemented by FRR' }],
  parameters: [],
  links: [],
  steps: [],
  attachments: [],
};

void test('NETPROOF_TARGET defaults to reference and goes into the environment', () => {
  assert.equal(netproofTarget({}), 'reference');
  assert.equal(netproofTarget({ NETPROOF_TARGET: ' frr ' }), 'frr');
  assert.equal(environmentInfo({ NETPROOF_TARGET: 'frr' })['netproof.target'], 'frr');
  assert.deepEqual(ALLURE_CATEGORIES.slice(0, 3).map((c) => c.name), ['declared deviation', 'timeout', 'golden diff']);
});

void test('toProperties escapes keys and values', () => {
  assert.equal(toProperties({ 'a b': 'x=y\nz', c: 'd' }), 'a\\ b=x=y\\nz\nc=d\n');
});

void test('writeAllureMeta writes categories.json and keeps an existing environment.properties', () => {
  const dir = tmp();
  try {
    fs.writeFileSync(path.join(dir, 'environment.properties'), 'netproof.target=frr\n');
    writeAllureMeta(dir);
    assert.equal(fs.readFileSync(path.join(dir, 'environment.properties'), 'utf8'), 'netproof.target=frr\n');
    const cats = JSON.parse(fs.readFileSync(path.join(dir, 'categories.json'), 'utf8')) as Array<{ name: string }>;
    assert.equal(cats[0].name, 'declared deviation');
    writeAllureMeta(dir, { 'netproof.target': 'lab' });
    assert.equal(fs.readFileSync(path.join(dir, 'environment.properties'), 'utf8'), 'netproof.target=lab\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('without Java: one line naming the package, ok=false, no stack trace', async () => {
  const dir = tmp();
  try {
    const r = await buildAllureReport({ resultsDir: dir, outDir: path.join(dir, 'out'), javaCommand: path.join(dir, 'no-such-java') });
    assert.equal(r.ok, false);
    assert.equal(r.message, JAVA_MISSING_MESSAGE);
    assert.equal(r.message.includes('\n'), false);
    assert.match(r.message, /default-jre-headless/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

void test('missing results folder is reported, not thrown', async () => {
  const r = await buildAllureReport({ resultsDir: path.join(os.tmpdir(), 'netproof-no-such-results'), outDir: path.join(os.tmpdir(), 'x') });
  assert.equal(r.ok, false);
  assert.match(r.message, /No Allure results/);
});

void test('allure generate builds the report (needs Java)', async (t) => {
  if (!(await hasJava()) || allureBin() === undefined) {
    t.skip('Java not installed (apt-get install -y default-jre-headless)');
    return;
  }
  const dir = tmp();
  try {
    const results = path.join(dir, 'results');
    const out = path.join(dir, 'report');
    fs.mkdirSync(results);
    fs.writeFileSync(path.join(results, `${result.uuid}-result.json`), JSON.stringify(result));
    const r = await buildAllureReport({ resultsDir: results, outDir: out, environment: { 'netproof.target': 'frr' } });
    assert.equal(r.ok, true, r.message + '\n' + (r.output ?? ''));
    assert.ok(fs.existsSync(path.join(out, 'index.html')));
    const cats = JSON.parse(fs.readFileSync(path.join(out, 'data', 'categories.json'), 'utf8')) as { children: Array<{ name: string }> };
    assert.deepEqual(cats.children.map((c) => c.name), ['declared deviation']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkImports, findImports, formatViolation, governingKey, main, resolveSpecifier, stripComments } from './check-imports';

void test('findImports sees every import form, with line numbers', () => {
  const src = [
    "import x from './a';", // 1
    "import { b, c } from \"./b\";", // 2
    "import type { T } from './t';", // 3
    'import {', // 4
    '  d,', // 5
    "} from './multi';", // 6
    "export * from './star';", // 7
    "export { e } from './e';", // 8
    "import './side-effect';", // 9
    "const f = require('./req');", // 10
    "const g = await import('./dyn');", // 11
    "import * as ns from 'node:path';", // 12
    "import h = require('./eq');", // 13
    "export type { U } from './u';", // 14
  ].join('\n');
  assert.deepEqual(findImports(src), [
    { specifier: './a', line: 1 },
    { specifier: './b', line: 2 },
    { specifier: './t', line: 3 },
    { specifier: './multi', line: 6 },
    { specifier: './star', line: 7 },
    { specifier: './e', line: 8 },
    { specifier: './side-effect', line: 9 },
    { specifier: './req', line: 10 },
    { specifier: './dyn', line: 11 },
    { specifier: 'node:path', line: 12 },
    { specifier: './eq', line: 13 },
    { specifier: './u', line: 14 },
  ]);
});

void test('imports in comments are ignored; strings and regexes with slashes do not confuse it', () => {
  const src = [
    "// import x from '../drivers/a';",
    "/* import y from '../drivers/b';",
    "   require('../drivers/c') */",
    "const url = 'http://example/*not a comment*/';",
    "const re = /\\/\\/['\"]/;",
    "import z from './real';",
  ].join('\n');
  assert.deepEqual(findImports(src), [{ specifier: './real', line: 6 }]);
  assert.equal(stripComments(src).split('\n').length, 6);
});

void test('resolveSpecifier resolves relative paths to root-relative ones', () => {
  assert.equal(resolveSpecifier('drivers/transport/ssh.ts', '../channel/read'), 'drivers/channel/read');
  assert.equal(resolveSpecifier('drivers/x.ts', '../reference-impl/lab'), 'reference-impl/lab');
  assert.equal(resolveSpecifier('drivers/x.ts', 'ssh2'), undefined);
  assert.equal(resolveSpecifier('drivers/x.ts', '../../outside'), undefined);
});

const NOT = (key: string) => `(not in the allow-list of ${key})`;

void test('checkImports: the layers of drivers and reference-impl, and the two never import each other', () => {
  const files = {
    'drivers/transport/telnet.ts': "import { readUntil } from '../channel/read';\nimport * as net from 'node:net';\nimport { E } from '../errors';\n",
    'drivers/channel/read.ts': "import type { Bytes } from '../transport/types';\n",
    'drivers/session/session.ts': "import { lab } from '../../reference-impl/lab';\n",
    'drivers/platforms/frr/index.ts': "import { Session } from '../../session/session';\nimport type { PlatformGetters } from '../../api/types';\nimport { createDevice } from '../../api/device';\n",
    'drivers/api/device.ts': "import { getGetters } from '../platforms';\nimport { x } from '../platforms/vrp/getters';\n",
    'reference-impl/sim/clock.ts': "\n\nimport { Node } from '../net/node';\n",
    'reference-impl/net/node.ts': "import { Scheduler } from '../sim/scheduler';\n",
    'reference-impl/protocols/bfd/session.ts': "export * from '../../cli/bfd';\nimport { Frame } from '../../net/frame';\nimport { S } from '../static/route';\n",
    'reference-impl/mgmt/ssh.ts': "const d = require('../../drivers/transport/ssh');\n",
    'reference-impl/lab.ts': "import { x } from '../reports/attach';\nimport { y } from '../cli/main';\nimport { n } from './net/node';\n",
    'topologies/load.ts': "const p = import('../reference-impl/lab');\n",
  };
  const { fileCount, violations } = checkImports(files);
  assert.equal(fileCount, Object.keys(files).length);
  assert.deepEqual(violations.map(formatViolation), [
    `drivers/platforms/frr/index.ts:3 imports '../../api/device' ${NOT('drivers/platforms/*/')}`,
    `drivers/session/session.ts:1 imports '../../reference-impl/lab' ${NOT('drivers/session/')}`,
    `drivers/transport/telnet.ts:1 imports '../channel/read' ${NOT('drivers/transport/')}`,
    `reference-impl/lab.ts:1 imports '../reports/attach' ${NOT('reference-impl/')}`,
    `reference-impl/lab.ts:2 imports '../cli/main' ${NOT('reference-impl/')}`,
    `reference-impl/mgmt/ssh.ts:1 imports '../../drivers/transport/ssh' ${NOT('reference-impl/mgmt/')}`,
    `reference-impl/protocols/bfd/session.ts:1 imports '../../cli/bfd' ${NOT('reference-impl/protocols/*/')}`,
    `reference-impl/sim/clock.ts:3 imports '../net/node' ${NOT('reference-impl/sim/')}`,
    `topologies/load.ts:1 imports '../reference-impl/lab' ${NOT('topologies/')}`,
  ]);
});

void test('checkImports: suites reach devices only through the device API, lab control and targets/', () => {
  const files = {
    'suites/x/x.spec.ts': [
      "import { suiteTest } from '../lib/fixtures';",
      "import type { Device } from '../../drivers/api';",
      "import type { LabControl } from '../../drivers/lab/control';",
      "import { groupRoutes } from '../../drivers/model/types';",
      "import type { Target } from '../../targets';",
      "import { declareDeviation } from '../../reports/attach';",
      "import type { Topology } from '../../topologies/types';",
      "import { getRoutes } from '../../drivers/platforms/vrp/getters';",
      "import { Lab } from '../../reference-impl/lab';",
      "import { openReference } from '../../targets/reference';",
      "import { Session } from '../../drivers/connect';",
      "import { DEVIATIONS } from './deviations';",
    ].join('\n'),
    'suites/x/golden-source.ts': "import { renderFreeRtrFancy } from '../../reference-impl/show/table';\nimport { Lab } from '../../reference-impl/lab';\n",
    'targets/reference.ts': "import { Lab } from '../reference-impl/lab';\nimport { createDevice } from '../drivers/api';\n",
    'targets/inventory.ts': "import { Lab } from '../reference-impl/lab';\n",
    'cli/run.ts': "import { Lab } from '../reference-impl/lab';\n",
  };
  assert.deepEqual(checkImports(files).violations.map(formatViolation), [
    `suites/x/golden-source.ts:2 imports '../../reference-impl/lab' ${NOT('suites/*/golden-source.ts')}`,
    `suites/x/x.spec.ts:8 imports '../../drivers/platforms/vrp/getters' ${NOT('suites/*/')}`,
    `suites/x/x.spec.ts:9 imports '../../reference-impl/lab' ${NOT('suites/*/')}`,
    `suites/x/x.spec.ts:10 imports '../../targets/reference' ${NOT('suites/*/')}`,
    `suites/x/x.spec.ts:11 imports '../../drivers/connect' ${NOT('suites/*/')}`,
    `targets/inventory.ts:1 imports '../reference-impl/lab' ${NOT('targets/')}`,
  ]);
});

void test('checkImports: a new folder starts with no rights; an explicit allow-list is used as given', () => {
  const files = { 'plugins/a.ts': "import { b } from './b';\nimport { d } from '../drivers/api';\n", 'plugins/b.ts': '' };
  assert.deepEqual(checkImports(files).violations.map(formatViolation), [
    "plugins/a.ts:2 imports '../drivers/api' (no allow-list entry governs this folder: a new folder has no rights until tools/check-imports.ts lists it)",
  ]);
  assert.deepEqual(checkImports(files, { 'plugins/': ['drivers/api/'] }).violations, []);
  assert.deepEqual(checkImports(files, { 'plugins/': ['drivers/api/device'] }).violations.length, 1);
  assert.equal(governingKey('suites/x/golden-source.ts'), 'suites/*/golden-source.ts');
  assert.equal(governingKey('suites/x/y/z.ts'), undefined);
  assert.equal(governingKey('targets/reference.ts'), 'targets/reference.ts');
});

void test('the repository itself passes the allow-list', () => {
  const out: string[] = [];
  assert.equal(main(path.resolve(__dirname, '..'), (l) => out.push(l)), 0, out.join('\n'));
});

void test('main on a temp tree: a violation exits 1, a clean tree exits 0', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-imports-'));
  try {
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('drivers/transport/telnet.ts', "export const t = 1;\n");
    write('drivers/channel/read.ts', "import { t } from '../transport/telnet';\nexport const r = t;\n");
    write('reference-impl/net/node.ts', "export const n = 1;\n");
    write('node_modules/x/index.ts', "import '../../drivers/y';\n");
    write('reports/output/try/x.ts', "import '../../../reference-impl/net/node';\n");
    const out: string[] = [];
    assert.equal(main(root, (l) => out.push(l)), 0);
    assert.deepEqual(out, ['import allow-list: ok (3 files)']);

    write('reference-impl/net/bad.ts', "// talks to the driver\nimport { r } from '../../drivers/channel/read';\n");
    out.length = 0;
    assert.equal(main(root, (l) => out.push(l)), 1);
    assert.equal(out[0], `reference-impl/net/bad.ts:2 imports '../../drivers/channel/read' ${NOT('reference-impl/net/')}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkImports, findImports, formatViolation, main, resolveSpecifier, stripComments } from './check-imports';

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

void test('checkImports reports forbidden directions and allows the rest', () => {
  const files = {
    'drivers/transport/telnet.ts': "import { readUntil } from '../channel/read';\nimport * as net from 'node:net';\n",
    'drivers/channel/read.ts': "import type { Bytes } from '../transport/types';\n",
    'drivers/session/session.ts': "import { lab } from '../../reference-impl/lab';\n",
    'drivers/platforms/frr/index.ts': "import { Session } from '../../session/session';\n",
    'reference-impl/sim/clock.ts': "\n\nimport { Node } from '../net/node';\n",
    'reference-impl/net/node.ts': "import { Scheduler } from '../sim/scheduler';\n",
    'reference-impl/protocols/bfd/session.ts': "export * from '../../cli/bfd';\nimport { Frame } from '../../net/frame';\n",
    'reference-impl/mgmt/ssh.ts': "const d = require('../../drivers/transport/ssh');\n",
    'reference-impl/lab.ts': "import { x } from '../reports/attach';\nimport { y } from '../cli/main';\n",
    'topologies/load.ts': "const p = import('../reference-impl/lab');\n",
    'suites/pvrp-ecmp/pvrp.spec.ts': "import { startLab } from '../../reference-impl/lab';\nimport { connect } from '../../drivers/session/session';\n",
  };
  const { fileCount, violations } = checkImports(files);
  assert.equal(fileCount, Object.keys(files).length);
  assert.deepEqual(violations.map(formatViolation), [
    "drivers/session/session.ts:1 imports '../../reference-impl/lab' (drivers/ must not import reference-impl/)",
    "drivers/transport/telnet.ts:1 imports '../channel/read' (drivers/transport/ must not import drivers/channel/)",
    "reference-impl/lab.ts:1 imports '../reports/attach' (reference-impl/ must not import reports/)",
    "reference-impl/lab.ts:2 imports '../cli/main' (reference-impl/ must not import cli/)",
    "reference-impl/mgmt/ssh.ts:1 imports '../../drivers/transport/ssh' (reference-impl/ must not import drivers/)",
    "reference-impl/protocols/bfd/session.ts:1 imports '../../cli/bfd' (reference-impl/protocols/ must not import reference-impl/cli/)",
    "reference-impl/sim/clock.ts:3 imports '../net/node' (reference-impl/sim/ must not import reference-impl/net/)",
    "topologies/load.ts:1 imports '../reference-impl/lab' (topologies/ must not import reference-impl/)",
  ]);
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
    assert.deepEqual(out, ['import direction: ok (3 files)']);

    write('reference-impl/net/bad.ts', "// talks to the driver\nimport { r } from '../../drivers/channel/read';\n");
    out.length = 0;
    assert.equal(main(root, (l) => out.push(l)), 1);
    assert.equal(out[0], "reference-impl/net/bad.ts:2 imports '../../drivers/channel/read' (reference-impl/ must not import drivers/)");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

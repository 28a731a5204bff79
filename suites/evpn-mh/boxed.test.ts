import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { boxedContent, boxedDiff } from './boxed';

const G = path.join(__dirname, 'golden');
const golden = (node: string, f: string) => fs.readFileSync(path.join(G, node, f), 'utf8');

void test('boxed: wrapped cells are joined (the document\'s lacp-state row)', () => {
  const c = boxedContent(golden('leaf1', 'show-lag-lag1-lacp-state.txt'));
  assert.ok(c.includes('| Members | Operstate | Activity | Timeout | State | SystemId | Operkey | PartnerId | PartnerKey | PortNo | PartnerPortNo |'), c.join('\n'));
  assert.ok(c.includes('| ethernet-1/1 | up | ACTIVE | LONG | IN_SYNC/True/True/True | 00:00:00:00:00:11 | 11 | 00:C1:AB:00:00:11 | 15 | 1 | 1 |'), c.join('\n'));
  assert.ok(c.includes('System Priority: 11'));
});

void test('boxed: the broken rulers and headers of the extraction read as the table they were', () => {
  const c = boxedContent(golden('leaf2', 'show-network-instance-default-protocols-bgp-neighbor-10.0.0.1-advertised-routes-evpn.txt'));
  assert.ok(c.includes('| Route-distinguisher | Tag-ID | MAC-address | IP-address | Next-Hop | MED | LocPref | Path |'), c.join('\n'));
  assert.ok(c.includes('| 10.0.0.2:0 | 01:11:11:11:11:11:11:00:00:01 | 10.0.0.2 | 10.0.0.2 | - | 100 |  |'), c.join('\n'));
  assert.ok(!c.some((l) => /^[-=+\s]+$/.test(l)));
});

void test('boxed: another width and wrapping of the same table has the same content; masks apply by header', () => {
  const narrow = [
    '+----------+--------+', '| Addre    | Last   |', '| ss       | Update |', '+==========+========+',
    '| 00:C1:AB | 2023-0 |', '|        | 1      |', '+----------+--------+', 'Total : 1',
  ].join('\n');
  const wide = ['+-----------+---------+', '| Address   | Last    |', '|           | Update  |', '+===========+=========+', '| 00:C1:AB  | 2024-09 |', '+-----------+---------+', 'Total  :   1'].join('\n');
  const m = { columns: ['LastUpdate'] };
  assert.deepEqual(boxedContent(narrow, m), boxedContent(wide, m));
  assert.notDeepEqual(boxedContent(narrow), boxedContent(wide));
  assert.equal(boxedDiff(['a', 'b'], ['a', 'b']), '');
  assert.equal(boxedDiff(['a', 'b', 'c'], ['a', 'x', 'c']), '  a\n+ x\n- b\n  c');
});

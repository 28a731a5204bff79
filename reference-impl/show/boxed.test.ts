/** SR Linux boxed tables against the evpn-mh document (seed 001). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { boxedWidths, renderBoxed } from './boxed';
import type { Column, TableModel } from './model';

interface LacpRow {
  [k: string]: string | number;
  member: string;
  oper: string;
  activity: string;
  timeout: string;
  state: string;
  systemId: string;
  operKey: number;
  partnerId: string;
  partnerKey: number;
  portNo: number;
  partnerPortNo: number;
}

const LACP_COLUMNS: Column<LacpRow>[] = [
  { key: 'member', header: 'Members' },
  { key: 'oper', header: 'Oper state' },
  { key: 'activity', header: 'Activity' },
  { key: 'timeout', header: 'Timeout' },
  { key: 'state', header: 'State' },
  { key: 'systemId', header: 'System Id' },
  { key: 'operKey', header: 'Oper key' },
  { key: 'partnerId', header: 'Partner Id' },
  { key: 'partnerKey', header: 'Partner Key' },
  { key: 'portNo', header: 'Port No' },
  { key: 'partnerPortNo', header: 'Partner Port No' },
];

const LACP: TableModel<LacpRow> = {
  columns: LACP_COLUMNS,
  rows: [
    {
      member: 'ethernet-1/1',
      oper: 'up',
      activity: 'ACTIVE',
      timeout: 'LONG',
      state: 'IN_SYNC/True/True/True',
      systemId: '00:00:00:00:00:11',
      operKey: 11,
      partnerId: '00:C1:AB:00:00:11',
      partnerKey: 15,
      portNo: 1,
      partnerPortNo: 1,
    },
  ],
};

/** The seed documents sit beside the repository, as the suites expect them. */
const SEED = join(__dirname, '..', '..', '..', 'shared', 'seeds', '001_6bcc7703818999df.txt');

const DOC_LACP = [
  '+--------------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+',
  '|   Members    |   Oper    | Activity  |  Timeout  |   State   | System Id | Oper key  |  Partner  |  Partner  |  Port No  |  Partner  |',
  '|              |   state   |           |           |           |           |           |    Id     |    Key    |           |  Port No  |',
  '+==============+===========+===========+===========+===========+===========+===========+===========+===========+===========+===========+',
  '| ethernet-1/1 | up        | ACTIVE    | LONG      | IN_SYNC/T | 00:00:00: | 11        | 00:C1:AB: | 15        | 1         | 1         |',
  '|              |           |           |           | rue/True/ | 00:00:11  |           | 00:00:11  |           |           |           |',
  '|              |           |           |           | True      |           |           |           |           |           |           |',
  '+--------------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+-----------+',
  '',
].join('\n');

void test('the LACP member table of `show lag lag1 lacp-state` at 138 columns, byte for byte', () => {
  assert.deepEqual(boxedWidths(LACP, { terminalWidth: 138, noWrap: ['member'] }), [12, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9]);
  assert.equal(renderBoxed(LACP, { terminalWidth: 138, noWrap: ['member'] }), DOC_LACP);
});

void test('the same table is the seed\'s own lines 347-354', { skip: existsSync(SEED) ? false : `seed not found at ${SEED}` }, () => {
  const doc = readFileSync(SEED, 'utf8').split('\n').slice(346, 354).map((l) => l + '\n').join('');
  assert.equal(renderBoxed(LACP, { terminalWidth: 138, noWrap: ['member'] }), doc);
});

void test('a table that fits keeps its natural widths; `\\n` in a cell lists values on lines of their own', () => {
  const m: TableModel = {
    columns: [
      { key: 'mac', header: 'Address' },
      { key: 'dest', header: 'Destination' },
      { key: 'idx', header: 'Dest Index' },
    ],
    rows: [
      { mac: '00:C1:AB:00:00:11', dest: 'vxlan-interface:vxlan1.1\nesi:01:11:11:11:11:11:11:00:00:01', idx: '7173081172\n20' },
      { mac: '00:C1:AB:00:00:21', dest: 'ethernet-1/1.0', idx: 3 },
    ],
  };
  assert.equal(
    renderBoxed(m, { terminalWidth: 200 }),
    [
      '+-------------------+-----------------------------------+------------+',
      '|      Address      |            Destination            | Dest Index |',
      '+===================+===================================+============+',
      '| 00:C1:AB:00:00:11 | vxlan-interface:vxlan1.1          | 7173081172 |',
      '|                   | esi:01:11:11:11:11:11:11:00:00:01 | 20         |',
      '| 00:C1:AB:00:00:21 | ethernet-1/1.0                    | 3          |',
      '+-------------------+-----------------------------------+------------+',
      '',
    ].join('\n'),
  );
});

void test('fixed widths and right alignment are honoured; headers wrap at hyphens as the document shows', () => {
  const m: TableModel = {
    columns: [
      { key: 'st', header: 'Status', width: 5 },
      { key: 'rd', header: 'Route-distinguisher', width: 12 },
      { key: 'pref', header: 'LocPref', align: 'right' },
    ],
    rows: [{ st: 'u*>', rd: '10.0.0.1:111', pref: 100 }],
  };
  assert.equal(
    renderBoxed(m),
    [
      '+-------+--------------+---------+',
      '| Statu | Route-distin | LocPref |',
      '|   s   |   guisher    |         |',
      '+=======+==============+=========+',
      '| u*>   | 10.0.0.1:111 |     100 |',
      '+-------+--------------+---------+',
      '',
    ].join('\n'),
  );
});

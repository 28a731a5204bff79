/** Fixed-column layouts (VRP, IOS) from a column spec. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderFixed, renderFixedLines } from './fixed';
import type { Column, TableModel } from './model';
import { renderJson, tableToJson } from './json';
import { renderFreeRtrModel } from './table';
import { wrapText } from './model';

/** VRP's old `display bgp peer` format: the header and the rows come from the same fields. */
const BGP: Column[] = [
  { key: 'peer', header: 'Peer', width: 15 },
  { key: 'v', header: 'V', width: 1, align: 'right' },
  { key: 'as', header: 'AS', width: 5, align: 'right' },
  { key: 'rcvd', header: 'MsgRcvd', width: 8, align: 'right' },
  { key: 'sent', header: 'MsgSent', width: 8, align: 'right' },
  { key: 'outq', header: 'OutQ', width: 7, align: 'right' },
  { key: 'up', header: 'Up/Down', width: 8, align: 'right' },
  { key: 'state', header: 'State', width: 6, align: 'right' },
  { key: 'pref', header: 'PrefRcv', width: 7, align: 'right' },
];

void test('a cell longer than its field pushes the next column one blank on (Established)', () => {
  const m: TableModel = {
    columns: BGP,
    rows: [
      { peer: '4.4.4.4', v: 4, as: 100, rcvd: 205, sent: 202, outq: 0, up: '03:05:25', state: 'Established', pref: 0 },
      { peer: '10.3.1.2', v: 4, as: 65410, rcvd: 3, sent: 4, outq: 0, up: '00:00:01', state: 'Idle', pref: 0 },
    ],
  };
  assert.deepEqual(renderFixedLines(m), [
    'Peer            V    AS  MsgRcvd  MsgSent    OutQ  Up/Down  State PrefRcv',
    '4.4.4.4         4   100      205      202       0 03:05:25 Established       0',
    '10.3.1.2        4 65410        3        4       0 00:00:01   Idle       0',
  ]);
});

void test('after an overflow, a later column returns to its own position as soon as it can', () => {
  // VRP's routing-table header: `Flags` is wider than its 4-column field, `NextHop` still starts at 47.
  const m: TableModel = {
    columns: [
      { key: 'd', header: 'Destination/Mask', width: 18, align: 'right', headerAlign: 'left' },
      { key: 'p', header: 'Proto', width: 6, gap: 2 },
      { key: 'pre', header: 'Pre', width: 4 },
      { key: 'c', header: 'Cost', width: 8 },
      { key: 'f', header: 'Flags', width: 4, align: 'right' },
      { key: 'nh', header: 'NextHop', width: 15, gap: 2 },
      { key: 'i', header: 'Interface' },
    ],
    rows: [{ d: '2.2.2.2/32', p: 'Direct', pre: 0, c: 0, f: 'D', nh: '127.0.0.1', i: 'LoopBack1' }],
  };
  assert.equal(
    renderFixed(m, { indent: 0 }),
    'Destination/Mask    Proto  Pre  Cost     Flags NextHop         Interface\n' + '        2.2.2.2/32  Direct 0    0           D  127.0.0.1       LoopBack1\n',
  );
});

void test('truncate and wrap overflow; indent; no header', () => {
  const m: TableModel = {
    columns: [
      { key: 'a', header: 'Interface', width: 10, overflow: 'truncate' },
      { key: 'b', header: 'Description', width: 12, overflow: 'wrap', gap: 2 },
      { key: 'c', header: 'St', width: 2 },
    ],
    rows: [{ a: 'GigabitEthernet0/0/1', b: 'to the core router', c: 'up' }],
  };
  assert.deepEqual(renderFixedLines(m, { indent: 1 }), [
    ' Interface   Description  St',
    ' GigabitEth  to the core  up',
    '             router',
  ]);
  assert.deepEqual(renderFixedLines(m, { header: false }), ['GigabitEth  to the core  up', '            router']);
});

void test('JSON keeps the typed values; freeRtr renders the same model', () => {
  const m: TableModel = {
    columns: [
      { key: 'peer', header: 'peer' },
      { key: 'up', header: 'up', format: (v) => (v ? 'yes' : 'no') },
      { key: 'n', header: 'routes' },
    ],
    rows: [
      { peer: '1.1.1.1', up: true, n: 3 },
      { peer: '2.2.2.2', up: false, n: undefined },
    ],
  };
  assert.deepEqual(tableToJson(m), [
    { peer: '1.1.1.1', up: true, n: 3 },
    { peer: '2.2.2.2', up: false, n: null },
  ]);
  assert.equal(JSON.parse(renderJson(m))[0].n, 3);
  assert.equal(renderFreeRtrModel(m, 'normal'), 'peer     up   routes\n1.1.1.1  yes  3\n2.2.2.2  no\n');
});

void test('wrapText follows Python textwrap as SR Linux prints', () => {
  assert.deepEqual(wrapText('IN_SYNC/True/True/True', 9), ['IN_SYNC/T', 'rue/True/', 'True']);
  assert.deepEqual(wrapText('Route-distinguisher', 12), ['Route-distin', 'guisher']);
  assert.deepEqual(wrapText('Route-distinguisher', 18), ['Route-', 'distinguisher']);
  assert.deepEqual(wrapText('Partner Port No', 9), ['Partner', 'Port No']);
  assert.deepEqual(wrapText('Status', 5), ['Statu', 's']);
  assert.deepEqual(wrapText('01:11:11:11:11:11:11:00:00:01', 27), ['01:11:11:11:11:11:11:00:00:', '01']);
  assert.deepEqual(wrapText('', 5), ['']);
});

void test('a right-aligned cell too long for its field takes the blanks of its gap first', () => {
  const m: TableModel = {
    columns: [
      { key: 'age', header: 'SsnAge', width: 10 },
      { key: 'ka', header: 'KA', width: 8, gap: 2, align: 'right' },
    ],
    rows: [{ age: '0000:02:22', ka: '572/572' }, { age: '0000:02:22', ka: '12345/1234' }, { age: '0000:02:22', ka: '123456/12345' }],
  };
  assert.deepEqual(renderFixedLines(m, { header: false }), ['0000:02:22   572/572', '0000:02:22 12345/1234', '0000:02:22 123456/12345']);
});

void test('IOS XE `show ip interface brief` from a column spec (the vrrs document, seed 002)', () => {
  const m: TableModel = {
    columns: [
      { key: 'i', header: 'Interface', width: 24 },
      { key: 'a', header: 'IP-Address', width: 15 },
      { key: 'ok', header: 'OK?', width: 3 },
      { key: 'm', header: 'Method', width: 6 },
      { key: 's', header: 'Status', width: 15 },
      { key: 'p', header: 'Protocol' },
    ],
    rows: [
      { i: 'GigabitEthernet0/0/0', a: 'unassigned', ok: 'YES', m: 'NVRAM', s: 'up', p: 'up' },
      { i: 'GigabitEthernet0/0/0.4', a: '192.168.44.1', ok: 'YES', m: 'manual', s: 'up', p: 'down' },
    ],
  };
  assert.deepEqual(renderFixedLines(m), [
    'Interface                IP-Address      OK? Method Status          Protocol',
    'GigabitEthernet0/0/0     unassigned      YES NVRAM  up              up',
    // The document prints `manual  up` (one blank more than its NVRAM row and its header): IOS's field is 6 wide.
    'GigabitEthernet0/0/0.4   192.168.44.1    YES manual up              down',
  ]);
});

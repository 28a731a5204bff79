// `show vrrp json` as FRR 8.x vrrpd prints it (keys from vrrpd/vrrp_vty.c vrrp_build_json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParseError } from '../../errors';
import { parseVrrpJson } from './vrrp';

const ctx = { device: 'fr2', command: 'show vrrp json' };
const vr = (vrid: number, v4: object, v6: object = {}): object => ({
  vrid, version: 3, autoconfigured: false, shutdown: false, preemptMode: true, acceptMode: true, interface: 'eth3', advertisementInterval: 1000,
  v4: { interface: `vrrp4-3-${vrid}`, vmac: `00:00:5e:00:01:${vrid.toString(16).padStart(2, '0')}`, primaryAddress: '10.9.0.2', status: 'Master', effectivePriority: 150,
    masterAdverInterval: 1000, skewTime: 410, masterDownInterval: 3410, stats: { adverTx: 4, adverRx: 0, garpTx: 1, transitions: 2 }, addresses: ['10.9.0.254'], ...v4 },
  v6: { interface: '', vmac: '00:00:5e:00:02:05', primaryAddress: '::', status: 'Initialize', effectivePriority: 150, masterAdverInterval: 0, skewTime: 0,
    masterDownInterval: 0, stats: { adverTx: 0, adverRx: 0, neighborAdverTx: 0, transitions: 0 }, addresses: [], ...v6 },
});

void test('show vrrp json: a v4 master, a v4 backup; empty v6 halves left out', () => {
  const text = JSON.stringify([vr(5, {}), vr(6, { status: 'Backup', effectivePriority: 100, primaryAddress: '10.9.0.2' })], null, 2);
  const r = parseVrrpJson(`${text}\n`, ctx);
  assert.deepEqual(r[0], {
    iface: 'eth3', vrid: 5, afi: 'ipv4', state: 'master', priority: 150, virtualIps: ['10.9.0.254'], version: 3, virtualMac: '00:00:5e:00:01:05',
    preempt: true, advertIntervalMs: 1000, masterDownMs: 3410, masterLocal: true, masterAddress: '10.9.0.2', masterPriority: 150,
  });
  assert.equal(r[1].state, 'backup');
  assert.equal(r[1].masterAddress, undefined);
  assert.equal(r.length, 2);
});

void test('show vrrp json: v6 addresses give an ipv6 group; no routers is an empty list; junk is a ParseError', () => {
  const r = parseVrrpJson(JSON.stringify([vr(7, { addresses: [] }, { addresses: ['2001:db8::7'], status: 'Backup' })]), ctx);
  assert.deepEqual(r.map((g) => [g.afi, g.state, g.virtualIps]), [['ipv6', 'backup', ['2001:db8::7']]]);
  assert.deepEqual(parseVrrpJson('[\n]\n', ctx), []);
  assert.deepEqual(parseVrrpJson('', ctx), []);
  assert.throws(() => parseVrrpJson('% Unknown command: show vrrp json', ctx), ParseError);
  assert.throws(() => parseVrrpJson(JSON.stringify([vr(8, { status: 'Weird' })]), ctx), /unknown VRRP status/);
});

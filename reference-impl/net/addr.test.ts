import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as A from './addr';

void test('IPv4 and IPv6 parse and format canonically', () => {
  assert.equal(A.fmtAddr(A.parseAddr('1.1.2.10')!), '1.1.2.10');
  assert.equal(A.fmtAddr(A.parseAddr('1234:0021:0:0::1')!), '1234:21::1');
  assert.equal(A.fmtAddr(A.parseAddr('4321::3')!), '4321::3');
  assert.equal(A.fmtAddr(A.parseAddr('ff02::227')!), 'ff02::227');
  assert.equal(A.fmtAddr(A.parseAddr('1:0:0:1:0:0:0:1')!), '1:0:0:1::1');
  assert.equal(A.parseAddr('1.2.3.256'), undefined);
  assert.equal(A.parseAddr('1::2::3'), undefined);
});

void test('masks and prefixes', () => {
  assert.equal(A.maskToLen(4, '255.255.255.252'), 30);
  assert.equal(A.maskToLen(6, 'ffff:ffff::'), 32);
  assert.equal(A.maskToLen(6, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'), 128);
  assert.equal(A.maskToLen(4, '255.0.255.0'), undefined);
  const p = A.prefixOf(A.parseAddr('1.1.1.10')!, 30);
  assert.equal(A.fmtPrefix(p), '1.1.1.8/30');
  assert.equal(A.fmtPrefix(A.prefixOf(A.parseAddr('1234:21::2')!, 32)), '1234:21::/32');
  assert.ok(A.contains(p, A.parseAddr('1.1.1.9')!));
  assert.ok(!A.contains(p, A.parseAddr('1.1.1.12')!));
});

void test('xor hash is freeRtr getHashB', () => {
  assert.equal(A.xorHash(A.parseAddr('1.1.1.8')!), 9);
  assert.equal(A.xorHash(A.parseAddr('2.2.2.1')!), 3);
});

void test('solicited-node and link-local', () => {
  assert.equal(A.fmtAddr(A.solicitedNode(A.parseAddr('1234:1::2')!)), 'ff02::1:ff00:2');
  assert.equal(A.fmtAddr(A.linkLocalFromMac(Buffer.from([0, 0, 0, 0, 0x22, 0x22]))), 'fe80::200:ff:fe00:2222');
});

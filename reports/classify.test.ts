import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { AuthError, CommandError, ConnectError, ConnectionLostError, HostKeyError, ParseError, TimeoutError } from '../drivers/errors';
import { BROKEN_ERROR_NAMES, classifyError, classifyErrors, errorName, reasonLine } from './classify';

// What Playwright hands a reporter or a fixture's teardown: the error serialized, not the object.
const serialized = (e: Error) => ({ message: `${e.name}: ${e.message}`, stack: e.stack });

void test("the drivers' connection errors are broken, as objects and serialized", () => {
  const errs = [
    new ConnectError('r1', '127.0.0.1', 2323, 'ECONNREFUSED'),
    new AuthError('r1', 'password rejected'),
    new HostKeyError('r1', '127.0.0.1', 22, 'SHA256:x', 'mismatch', 'known_hosts line 3'),
    new TimeoutError('r1', 'the prompt', 30000, 'terminal length 0'),
    new ConnectionLostError('r1', 'while reading', 'show ipv4 route v1'),
  ];
  for (const e of errs) {
    assert.ok(BROKEN_ERROR_NAMES.includes(e.name), e.name);
    assert.equal(classifyError(e), 'broken', e.name);
    assert.equal(classifyError(serialized(e)), 'broken', `${e.name} serialized`);
    assert.equal(classifyError({ message: e.message, stack: e.stack }), 'broken', `${e.name} by its stack`);
  }
});

void test('the device answered and does not conform: failed', () => {
  const expectErr = { message: 'Error: golden diff: r2 show ipv6 route\n\nexpect(received).toBe(expected)', stack: 'Error: golden diff\n    at x (/repo/node_modules/playwright/lib/matchers/expect.js:1:1)' };
  assert.equal(classifyError(expectErr), 'failed');
  assert.equal(classifyError(serialized(new CommandError('r1', 'show bogus', '% unknown exec command entered'))), 'failed');
  assert.equal(classifyError(serialized(new ParseError('r1', 'show ipv4 route v1', 'garbage', 'no prefix'))), 'failed');
  assert.equal(classifyError({ name: 'AssertionError', message: 'Expected values to be strictly equal' }), 'failed');
  assert.equal(classifyError(new TypeError("Cannot read properties of undefined (reading 'x')")), 'failed', 'an unknown error is not excused');
  assert.equal(classifyError(undefined), 'failed');
  // An assertion whose message merely mentions a socket error is still an assertion.
  assert.equal(classifyError({ message: 'expect(received).toBe(expected): ECONNRESET seen in log' }), 'failed');
});

void test("Playwright's timeouts, a dead worker and raw socket errors are broken", () => {
  assert.equal(classifyError({ message: '\u001b[31mTest timeout of 120000ms exceeded.\u001b[39m' }), 'broken');
  assert.equal(classifyError({ message: 'Fixture "target" timeout of 60000ms exceeded during setup.' }), 'broken');
  assert.equal(classifyError({ message: 'Worker process exited unexpectedly (code=null, signal=SIGKILL)' }), 'broken');
  assert.equal(classifyError({ message: 'Error: read ECONNRESET' }), 'broken');
  assert.equal(classifyError({ message: 'anything' }, 'timedOut'), 'broken');
  assert.equal(classifyErrors([{ message: 'Error: x\nexpect(a).toBe(b)' }, serialized(new ConnectionLostError('r1', 'x'))]), 'broken', 'one broken error makes the check broken');
  assert.equal(classifyErrors([{ message: 'Error: x\nexpect(a).toBe(b)' }]), 'failed');
});

void test('reasonLine: one line, no colours, the error named when it is a broken one', () => {
  const e = serialized(new ConnectionLostError('r2', 'while reading', 'show ipv4 route v1'));
  assert.equal(reasonLine(e), 'ConnectionLostError: r2: connection lost while reading (command "show ipv4 route v1")');
  assert.equal(reasonLine({ message: 'Error: golden diff: r2 show x\n\nexpect(received)' }), 'golden diff: r2 show x');
  assert.equal(reasonLine({ message: '\u001b[31mTest timeout of 3000ms exceeded.\u001b[39m' }), 'Test timeout of 3000ms exceeded.');
  assert.equal(errorName({ message: 'x', stack: 'TimeoutError: r1: timed out\n    at y' }), 'TimeoutError');
  assert.ok(reasonLine({ message: 'x'.repeat(1000) }).length <= 300);
});

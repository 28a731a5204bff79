import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkKnownHosts, fingerprint, hostFieldMatches, knownHostsName, normalizeFingerprint } from './known-hosts';
import { checkHostKey } from './ssh';
import { HostKeyError } from '../errors';

const KEY = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAILrHHxtOqocYzvgidt+DGnFNsXGNGeh7MaxcJwu8SQL0', 'base64');
const OTHER = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIKz0bIVL8kZQ5T6SItiZGWbYiVZBfKrG6YbGxO1KQm7H', 'base64');
const line = (hosts: string, blob: Buffer) => `${hosts} ssh-ed25519 ${blob.toString('base64')}`;
function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

void describe('known_hosts', () => {
  void it('fingerprints as OpenSSH prints them (checked against ssh-keygen -l)', () => {
    assert.equal(fingerprint(KEY), 'SHA256:TcPjyvbPKAKkBmTLyRB2UKtQA5Ca8kBzavS9Kjw5fBw');
    assert.equal(normalizeFingerprint('SHA256:TcPjyvbPKAKkBmTLyRB2UKtQA5Ca8kBzavS9Kjw5fBw='), 'SHA256:TcPjyvbPKAKkBmTLyRB2UKtQA5Ca8kBzavS9Kjw5fBw');
  });

  void it('names non-22 ports [host]:port', () => {
    assert.equal(knownHostsName('10.0.0.1', 22), '10.0.0.1');
    assert.equal(knownHostsName('10.0.0.1', 2222), '[10.0.0.1]:2222');
  });

  void it('matches plain, wildcard, negated and hashed host fields', () => {
    assert.ok(hostFieldMatches('r1,10.0.0.1', '10.0.0.1'));
    assert.ok(hostFieldMatches('10.0.0.*', '10.0.0.7'));
    assert.ok(!hostFieldMatches('10.0.0.*,!10.0.0.7', '10.0.0.7'));
    assert.ok(hostFieldMatches(hashed('[127.0.0.1]:2222'), '[127.0.0.1]:2222'));
    assert.ok(!hostFieldMatches(hashed('[127.0.0.1]:2222'), '[127.0.0.1]:2223'));
  });

  void it('says match, mismatch (with the expected fingerprint), unknown or revoked', () => {
    const text = ['# comment', line('[127.0.0.1]:2222', KEY), line(hashed('10.9.9.9'), OTHER), line('@cert-authority *', OTHER)].join('\n');
    assert.deepEqual(checkKnownHosts(text, '127.0.0.1', 2222, KEY), { status: 'match' });
    assert.deepEqual(checkKnownHosts(text, '127.0.0.1', 22, KEY), { status: 'unknown' });
    assert.deepEqual(checkKnownHosts(text, '10.9.9.9', 22, KEY), { status: 'mismatch', expected: [fingerprint(OTHER)] });
    assert.deepEqual(checkKnownHosts(`@revoked * ssh-ed25519 ${KEY.toString('base64')}\n${text}`, '127.0.0.1', 2222, KEY), { status: 'revoked' });
  });

  void it('checkHostKey: a HostKeyError names the device, host:port and the offered fingerprint', () => {
    const opts = { device: 'pe1', host: '10.0.0.1', port: 830 };
    const r = checkHostKey({ ...opts, hostKey: { kind: 'fingerprint', fingerprint: fingerprint(OTHER) } }, KEY);
    assert.ok(!r.ok && r.error instanceof HostKeyError);
    assert.ok(!r.ok && r.error.message.startsWith('pe1: host key MISMATCH for 10.0.0.1:830 (offered SHA256:TcPjyvbPKAKkBmTLyRB2UKtQA5Ca8kBzavS9Kjw5fBw)'));
    assert.deepEqual(checkHostKey({ ...opts, hostKey: { kind: 'fingerprint', fingerprint: fingerprint(KEY) } }, KEY), { ok: true });
    assert.deepEqual(checkHostKey({ ...opts, hostKey: { kind: 'insecure' } }, KEY), { ok: true });
    const missing = checkHostKey({ ...opts, hostKey: { kind: 'known_hosts', file: '/nonexistent/known_hosts' } }, KEY);
    assert.ok(!missing.ok && missing.error.problem === 'unknown');
  });
});

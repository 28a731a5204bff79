import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEC } from '../../sim/scheduler';
import type { LdpProcess, LdpSessionInfo } from '../../protocols/ldp/process';
import { buildLdpLab } from '../../protocols/ldp/testkit';
import { displayMplsLdpSession, ldpSsnAge } from './show-ldp';

/** The document's output (Configuring BFD for Static VPN Routes, step 2, on PE1). */
const DOC = [
  '',
  '               LDP Session(s) in Public Network',
  ' Codes: LAM(Label Advertisement Mode), SsnAge Unit(DDDD:HH:MM)',
  ' An asterisk (*) before a session means the session is being deleted.',
  '',
  ' ------------------------------------------------------------------------------',
  ' Peer-ID            Status      LAM  SsnRole  SsnAge      KA-Sent/Rcv',
  ' ------------------------------------------------------------------------------',
  ' 3.3.3.3:0          Operational DU   Passive  0000:02:22   572/572',
  ' 4.4.4.4:0          Operational DU   Passive  0000:02:21   566/566',
  ' ------------------------------------------------------------------------------',
  ' TOTAL: 2 session(s) Found.',
  '',
].join('\n');

void test('the document state renders exactly as the document', () => {
  const now = 10_000 * SEC;
  const rows = (
    [
    { peerId: '4.4.4.4:0', state: 'Operational', role: 'Passive', lam: 'DU', upSince: now - (2 * 3600 + 21 * 60 + 30) * SEC, kaSent: 566, kaRcvd: 566 },
    { peerId: '3.3.3.3:0', state: 'Operational', role: 'Passive', lam: 'DU', upSince: now - (2 * 3600 + 22 * 60 + 59) * SEC, kaSent: 572, kaRcvd: 572 },
    ] as LdpSessionInfo[]
  ).sort((a, b) => a.peerId.localeCompare(b.peerId));
  const stub = { enabled: true, sessions: () => rows } as unknown as LdpProcess;
  assert.equal(displayMplsLdpSession(stub, now), DOC);
  assert.equal(ldpSsnAge((3 * 86400 + 5 * 3600 + 7 * 60) * SEC), '0003:05:07');
  assert.equal(displayMplsLdpSession(undefined, now), 'Info: LDP is not enabled.\n');
});

void test('live sessions: a router with two higher-ID neighbours, after 2 h 22 min', () => {
  const lab = buildLdpLab(3, [[0, 1], [0, 2]]);
  lab.ldp.forEach((p) => p.start());
  lab.sched.runFor((2 * 3600 + 22 * 60 + 10) * SEC);
  const out = displayMplsLdpSession(lab.ldp[0], lab.sched.now).split('\n');
  const docLines = DOC.split('\n');
  assert.deepEqual(out.slice(0, 8), docLines.slice(0, 8));
  const rows = out.slice(8, 10);
  for (const [k, r] of rows.entries()) {
    const m = /^ (\S+)\s+(\S+) (\S+)\s+(\S+)\s+(\S+)\s+(\d+)\/(\d+)$/.exec(r);
    assert.ok(m, r);
    assert.equal(m[1], `10.9.9.${k + 2}:0`);
    assert.deepEqual([m[2], m[3], m[4], m[5]], ['Operational', 'DU', 'Passive', '0000:02:22']);
    // One keepalive each way per 15 s since the session came up (2:22:10 -> 568 or 569).
    assert.ok(Math.abs(Number(m[6]) - 8530 / 15) <= 1.5, r);
    assert.ok(Math.abs(Number(m[7]) - Number(m[6])) <= 1, r);
    // Columns as the document's.
    assert.equal(r.indexOf('Operational'), 20);
    assert.equal(r.indexOf('DU'), 32);
    assert.equal(r.indexOf('Passive'), 37);
    assert.equal(r.indexOf('0000:'), 46);
    assert.equal(r.length, 66);
  }
  assert.deepEqual(out.slice(10), docLines.slice(10));
  const r1 = displayMplsLdpSession(lab.ldp[1], lab.sched.now);
  assert.match(r1, /^ 10\.9\.9\.1:0 {9}Operational DU {3}Active {3}0000:02:22/m);
});

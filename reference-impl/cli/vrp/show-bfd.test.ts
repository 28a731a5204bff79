/** `display bfd session all [verbose]` rendered from live sessions, against the document's PE1 block. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MS, SEC } from '../../sim/scheduler';
import { bfdCfg, engine, testNet } from '../../protocols/bfd/testnet';
import { displayBfdSessionAll, displayBfdSessionAllVerbose } from './show-bfd';

/** The document's PE1 output (step 7), indentation of the code block removed, trailing blanks kept. */
const DOC_PE1_UP = `(w): State in WTR 
(*): State is invalid
--------------------------------------------------------------------------------
  (One Hop) State : Up                      Name : pe1_to_ce1
------------------------------------------------------------------------------
  Local Discriminator    : 8192             Remote Discriminator   : ce1_to_pe1
  Session Detect Mode    : Asynchronous Mode Without Echo Function
  BFD Bind Type          : Interface(GigabitEthernet0/3/0)
  Bind Session Type      : Static_Auto
  Bind Peer IP Address   : 10.1.1.1
  Bind Interface         : GigabitEthernet0/3/0
  Vpn Instance Name      : vpna
  Bind Source IP Address : 10.1.1.2
  FSM Board Id           : 3                TOS-EXP                : 6
  Min Tx Interval (ms)   : 10               Min Rx Interval (ms)   : 10
  Actual Tx Interval (ms): -                Actual Rx Interval (ms): -
  Local Detect Multi     : 3                Detect Interval (ms)   : -
  Echo Passive           : Disable          Acl Number             : -
  Destination Port       : 3784             TTL                    : 254  
  Proc Interface Status  : Disable          Process PST            : Disable
  WTR Interval (ms)      : -                Config PST             : Enable
  Active Multi           : 3
  Last Local Diagnostic  : No Diagnostic
  Bind Application       : AUTO
  Session TX TmrID       : -                Session Detect TmrID   : -
  Session Init TmrID     : -                Session WTR TmrID      : -
  Session Echo Tx TmrID  : -
  Session Not Up Reason  : In negotiation 
  Session Description    : - 
  Track Group Name       : -
------------------------------------------------------------------------------

     Total UP/DOWN Session Number : 1/0
`;

/** Lines where the document contradicts itself or the live state (see the report / ERRATA). */
const DOC_INCONSISTENT: Record<string, string> = {
  'Remote Discriminator': '  Local Discriminator    : 8192             Remote Discriminator   : 8192',
  'Vpn Instance Name': '  Vpn Instance Name      : VPNA',
  'Actual Tx Interval': '  Actual Tx Interval (ms): 10               Actual Rx Interval (ms): 10',
  'Detect Interval': '  Local Detect Multi     : 3                Detect Interval (ms)   : 30',
  TTL: '  Destination Port       : 3784             TTL                    : 255',
};

function docLab() {
  const t = testNet(21);
  const pe = t.port('PE1', 'GigabitEthernet0/3/0', '10.1.1.2/24', 'VPNA');
  const ce = t.port('CE1', 'GigabitEthernet0/1/0', '10.1.1.1/24');
  const link = t.connect(pe, ce);
  const epe = engine(t.node('PE1'), bfdCfg([['pe1_to_ce1', '10.1.1.1', 'GigabitEthernet0/3/0', '10.1.1.2', 'VPNA']]));
  const ece = engine(t.node('CE1'), bfdCfg([['ce1_to_pe1', '10.1.1.2', 'GigabitEthernet0/1/0', '10.1.1.1']]));
  return { t, link, epe, ece };
}

void test("PE1's Up block matches the document line by line, except the document's inconsistent fields", () => {
  const { t, epe, ece } = docLab();
  assert.ok(t.sched.runUntilCondition(() => epe.state('pe1_to_ce1') === 'Up' && ece.state('ce1_to_pe1') === 'Up', 10 * SEC));
  t.sched.runFor(1 * SEC);
  const got = displayBfdSessionAllVerbose(epe, t.sched.now).split('\n');
  const want = DOC_PE1_UP.split('\n')
    .filter((l) => !l.startsWith('  Session Not Up Reason'))
    .map((l) => {
      for (const [k, v] of Object.entries(DOC_INCONSISTENT)) if (l.includes(k)) return v;
      return l.startsWith('(w)') ? l : l.trimEnd();
    });
  assert.deepEqual(got, want);
});

void test('Down after detection: live diag, reason, counts; brief table', () => {
  const { t, link, epe, ece } = docLab();
  t.sched.runUntilCondition(() => epe.state('pe1_to_ce1') === 'Up' && ece.state('ce1_to_pe1') === 'Up', 10 * SEC);
  const brief = displayBfdSessionAll(epe).split('\n');
  assert.deepEqual(brief.slice(2, 6), [
    '-'.repeat(80),
    'Local Remote     PeerIpAddr      State     Type        InterfaceName',
    '-'.repeat(80),
    '8192  8192       10.1.1.1        Up        S_AUTO_IF   GigabitEthernet0/3/0',
  ]);
  assert.equal(brief[7], '     Total UP/DOWN Session Number : 1/0');
  link.loss = 1;
  t.sched.runFor(40 * MS);
  const v = displayBfdSessionAllVerbose(epe, t.sched.now).split('\n');
  assert.ok(v.includes('  (One Hop) State : Down                    Name : pe1_to_ce1'));
  assert.ok(v.includes('  Actual Tx Interval (ms): -                Actual Rx Interval (ms): -'));
  assert.ok(v.includes('  Last Local Diagnostic  : Control Detection Time Expired'));
  assert.ok(v.includes('  Session Not Up Reason  : Detect Down'));
  assert.ok(v.includes('  Local Discriminator    : 8192             Remote Discriminator   : 0'));
  assert.equal(v[v.length - 2], '     Total UP/DOWN Session Number : 0/1');
  assert.ok(displayBfdSessionAll(epe).includes('8192  0          10.1.1.1        Down      S_AUTO_IF   GigabitEthernet0/3/0'));
});

void test('CE1 with two sessions: 8192 and 8193 in configuration order, no VPN or source lines when not configured', () => {
  const t = testNet(4);
  const a = t.port('CE1', 'GigabitEthernet0/1/0', '10.1.1.1/24');
  const b = t.port('CE1', 'GigabitEthernet0/2/0', '10.2.1.1/24');
  t.connect(a, t.port('PE1', 'GigabitEthernet0/3/0', '10.1.1.2/24'));
  t.connect(b, t.port('PE2', 'GigabitEthernet0/3/0', '10.2.1.2/24'));
  const cfg = bfdCfg([['ce1_to_pe1', '10.1.1.2', 'GigabitEthernet0/1/0', '10.1.1.1'], ['ce1_to_pe2', '10.2.1.2', 'GigabitEthernet0/2/0', '10.2.1.1']]);
  for (const s of cfg.sessions.values()) s.source = undefined;
  const e = engine(t.node('CE1'), cfg);
  engine(t.node('PE1'), bfdCfg([['x', '10.1.1.1', 'GigabitEthernet0/3/0', '10.1.1.2']]));
  engine(t.node('PE2'), bfdCfg([['y', '10.2.1.1', 'GigabitEthernet0/3/0', '10.2.1.2']]));
  t.sched.runUntilCondition(() => e.sessions().every((s) => s.state === 'Up'), 10 * SEC);
  const v = displayBfdSessionAllVerbose(e, t.sched.now);
  assert.ok(v.includes('  Local Discriminator    : 8193             Remote Discriminator   : 8192'), v);
  assert.ok(v.indexOf('Name : ce1_to_pe1') < v.indexOf('Name : ce1_to_pe2'));
  assert.ok(!v.includes('Vpn Instance Name') && !v.includes('Bind Source IP Address'));
  assert.ok(v.endsWith('     Total UP/DOWN Session Number : 2/0\n'));
  assert.equal(displayBfdSessionAllVerbose(undefined, 0).split('\n').slice(-2)[0], '     Total UP/DOWN Session Number : 0/0');
});

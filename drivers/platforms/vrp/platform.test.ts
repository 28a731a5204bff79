import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectMode } from '../../session/session';
import { VRP_SYSTEM_PROMPT, VRP_UNCOMMITTED_ON_EXIT, VRP_USER_PROMPT, vrpPlatform } from './platform';

type Row = [line: string, mode: string | null, host: string | undefined, ctx: string | undefined, uncommitted: boolean | undefined];

// Every prompt the document prints (seeds/003_ec677ba149024c37.txt), including its typo
// "[*PE2-GigabitEthernet0/2/00]" and the "<CE3>" it shows for CE1.
const DOCUMENT: Row[] = [
  ['<CE1>', 'user', 'CE1', undefined, undefined],
  ['<CE3>', 'user', 'CE3', undefined, undefined],
  ['<HUAWEI>', 'user', 'HUAWEI', undefined, undefined],
  ['<PE1>', 'user', 'PE1', undefined, undefined],
  ['<PE3>', 'user', 'PE3', undefined, undefined],
  ['[*CE1-GigabitEthernet0/1/0]', 'system', 'CE1', 'GigabitEthernet0/1/0', true],
  ['[*CE1-GigabitEthernet0/2/0]', 'system', 'CE1', 'GigabitEthernet0/2/0', true],
  ['[*CE1-bfd-session-ce1_to_pe1]', 'system', 'CE1', 'bfd-session-ce1_to_pe1', true],
  ['[*CE1-bfd-session-ce1_to_pe2]', 'system', 'CE1', 'bfd-session-ce1_to_pe2', true],
  ['[*CE1-bfd]', 'system', 'CE1', 'bfd', true],
  ['[*CE1]', 'system', 'CE1', undefined, true],
  ['[*CE2-GigabitEthernet0/1/0]', 'system', 'CE2', 'GigabitEthernet0/1/0', true],
  ['[*CE2-bgp]', 'system', 'CE2', 'bgp', true],
  ['[*HUAWEI]', 'system', 'HUAWEI', undefined, true],
  ['[*PE1-GigabitEthernet0/1/0]', 'system', 'PE1', 'GigabitEthernet0/1/0', true],
  ['[*PE1-GigabitEthernet0/2/0]', 'system', 'PE1', 'GigabitEthernet0/2/0', true],
  ['[*PE1-GigabitEthernet0/3/0]', 'system', 'PE1', 'GigabitEthernet0/3/0', true],
  ['[*PE1-LoopBack1]', 'system', 'PE1', 'LoopBack1', true],
  ['[*PE1-bfd-session-pe1_to_ce1]', 'system', 'PE1', 'bfd-session-pe1_to_ce1', true],
  ['[*PE1-bfd]', 'system', 'PE1', 'bfd', true],
  ['[*PE1-bgp-VPNA]', 'system', 'PE1', 'bgp-VPNA', true],
  ['[*PE1-bgp-af-vpnv4]', 'system', 'PE1', 'bgp-af-vpnv4', true],
  ['[*PE1-bgp]', 'system', 'PE1', 'bgp', true],
  ['[*PE1-mpls-ldp]', 'system', 'PE1', 'mpls-ldp', true],
  ['[*PE1-mpls]', 'system', 'PE1', 'mpls', true],
  ['[*PE1-ospf-1-area-0.0.0.0]', 'system', 'PE1', 'ospf-1-area-0.0.0.0', true],
  ['[*PE1-ospf-1]', 'system', 'PE1', 'ospf-1', true],
  ['[*PE1-vpn-instance-VPNA-af-ipv4]', 'system', 'PE1', 'vpn-instance-VPNA-af-ipv4', true],
  ['[*PE1-vpn-instance-VPNA]', 'system', 'PE1', 'vpn-instance-VPNA', true],
  ['[*PE1]', 'system', 'PE1', undefined, true],
  ['[*PE2-GigabitEthernet0/1/0]', 'system', 'PE2', 'GigabitEthernet0/1/0', true],
  ['[*PE2-GigabitEthernet0/2/00]', 'system', 'PE2', 'GigabitEthernet0/2/00', true],
  ['[*PE2-GigabitEthernet0/2/0]', 'system', 'PE2', 'GigabitEthernet0/2/0', true],
  ['[*PE2-GigabitEthernet0/3/0]', 'system', 'PE2', 'GigabitEthernet0/3/0', true],
  ['[*PE2-LoopBack1]', 'system', 'PE2', 'LoopBack1', true],
  ['[*PE2-bfd-session-pe2_to_ce1]', 'system', 'PE2', 'bfd-session-pe2_to_ce1', true],
  ['[*PE2-bfd]', 'system', 'PE2', 'bfd', true],
  ['[*PE2-bgp-VPNA]', 'system', 'PE2', 'bgp-VPNA', true],
  ['[*PE2-bgp-af-vpnv4]', 'system', 'PE2', 'bgp-af-vpnv4', true],
  ['[*PE2-bgp]', 'system', 'PE2', 'bgp', true],
  ['[*PE2-mpls-ldp]', 'system', 'PE2', 'mpls-ldp', true],
  ['[*PE2-mpls]', 'system', 'PE2', 'mpls', true],
  ['[*PE2-ospf-1-area-0.0.0.0]', 'system', 'PE2', 'ospf-1-area-0.0.0.0', true],
  ['[*PE2-ospf-1]', 'system', 'PE2', 'ospf-1', true],
  ['[*PE2-vpn-instance-VPNA-af-ipv4]', 'system', 'PE2', 'vpn-instance-VPNA-af-ipv4', true],
  ['[*PE2-vpn-instance-VPNA]', 'system', 'PE2', 'vpn-instance-VPNA', true],
  ['[*PE2]', 'system', 'PE2', undefined, true],
  ['[*PE3-GigabitEthernet0/1/0]', 'system', 'PE3', 'GigabitEthernet0/1/0', true],
  ['[*PE3-GigabitEthernet0/2/0]', 'system', 'PE3', 'GigabitEthernet0/2/0', true],
  ['[*PE3-GigabitEthernet0/3/0]', 'system', 'PE3', 'GigabitEthernet0/3/0', true],
  ['[*PE3-LoopBack1]', 'system', 'PE3', 'LoopBack1', true],
  ['[*PE3-bgp-VPNA]', 'system', 'PE3', 'bgp-VPNA', true],
  ['[*PE3-bgp-af-vpnv4]', 'system', 'PE3', 'bgp-af-vpnv4', true],
  ['[*PE3-bgp]', 'system', 'PE3', 'bgp', true],
  ['[*PE3-mpls-ldp]', 'system', 'PE3', 'mpls-ldp', true],
  ['[*PE3-mpls]', 'system', 'PE3', 'mpls', true],
  ['[*PE3-ospf-1-area-0.0.0.0]', 'system', 'PE3', 'ospf-1-area-0.0.0.0', true],
  ['[*PE3-ospf-1]', 'system', 'PE3', 'ospf-1', true],
  ['[*PE3-vpn-instance-VPNA-af-ipv4]', 'system', 'PE3', 'vpn-instance-VPNA-af-ipv4', true],
  ['[*PE3-vpn-instance-VPNA]', 'system', 'PE3', 'vpn-instance-VPNA', true],
  ['[*PE3]', 'system', 'PE3', undefined, true],
  ['[~CE1-GigabitEthernet0/1/0]', 'system', 'CE1', 'GigabitEthernet0/1/0', false],
  ['[~CE1-GigabitEthernet0/2/0]', 'system', 'CE1', 'GigabitEthernet0/2/0', false],
  ['[~CE1-bfd-session-ce1_to_pe2]', 'system', 'CE1', 'bfd-session-ce1_to_pe2', false],
  ['[~CE1]', 'system', 'CE1', undefined, false],
  ['[~CE2-GigabitEthernet0/1/0]', 'system', 'CE2', 'GigabitEthernet0/1/0', false],
  ['[~CE2-bgp]', 'system', 'CE2', 'bgp', false],
  ['[~CE2]', 'system', 'CE2', undefined, false],
  ['[~HUAWEI]', 'system', 'HUAWEI', undefined, false],
  ['[~PE1-GigabitEthernet0/1/0]', 'system', 'PE1', 'GigabitEthernet0/1/0', false],
  ['[~PE1-GigabitEthernet0/2/0]', 'system', 'PE1', 'GigabitEthernet0/2/0', false],
  ['[~PE1-GigabitEthernet0/3/0]', 'system', 'PE1', 'GigabitEthernet0/3/0', false],
  ['[~PE1-bfd-session-pe1_to_ce1]', 'system', 'PE1', 'bfd-session-pe1_to_ce1', false],
  ['[~PE1-bgp-VPNA]', 'system', 'PE1', 'bgp-VPNA', false],
  ['[~PE1-bgp-af-vpnv4]', 'system', 'PE1', 'bgp-af-vpnv4', false],
  ['[~PE1-bgp]', 'system', 'PE1', 'bgp', false],
  ['[~PE1-ospf-1-area-0.0.0.0]', 'system', 'PE1', 'ospf-1-area-0.0.0.0', false],
  ['[~PE1-ospf-1]', 'system', 'PE1', 'ospf-1', false],
  ['[~PE1]', 'system', 'PE1', undefined, false],
  ['[~PE2-GigabitEthernet0/1/0]', 'system', 'PE2', 'GigabitEthernet0/1/0', false],
  ['[~PE2-GigabitEthernet0/2/0]', 'system', 'PE2', 'GigabitEthernet0/2/0', false],
  ['[~PE2-GigabitEthernet0/3/0]', 'system', 'PE2', 'GigabitEthernet0/3/0', false],
  ['[~PE2-bfd-session-pe2_to_ce1]', 'system', 'PE2', 'bfd-session-pe2_to_ce1', false],
  ['[~PE2-bgp-af-vpnv4]', 'system', 'PE2', 'bgp-af-vpnv4', false],
  ['[~PE2-bgp]', 'system', 'PE2', 'bgp', false],
  ['[~PE2-ospf-1-area-0.0.0.0]', 'system', 'PE2', 'ospf-1-area-0.0.0.0', false],
  ['[~PE2-ospf-1]', 'system', 'PE2', 'ospf-1', false],
  ['[~PE2]', 'system', 'PE2', undefined, false],
  ['[~PE3-GigabitEthernet0/1/0]', 'system', 'PE3', 'GigabitEthernet0/1/0', false],
  ['[~PE3-GigabitEthernet0/2/0]', 'system', 'PE3', 'GigabitEthernet0/2/0', false],
  ['[~PE3-GigabitEthernet0/3/0]', 'system', 'PE3', 'GigabitEthernet0/3/0', false],
  ['[~PE3-bgp-VPNA]', 'system', 'PE3', 'bgp-VPNA', false],
  ['[~PE3-bgp-af-vpnv4]', 'system', 'PE3', 'bgp-af-vpnv4', false],
  ['[~PE3-bgp]', 'system', 'PE3', 'bgp', false],
  ['[~PE3-ospf-1-area-0.0.0.0]', 'system', 'PE3', 'ospf-1-area-0.0.0.0', false],
  ['[~PE3-ospf-1]', 'system', 'PE3', 'ospf-1', false],
  ['[~PE3]', 'system', 'PE3', undefined, false],
];

const OTHERS: Row[] = [
  // prompt with a trailing space, hostnames with "_" and ".", older VRP without the candidate mark
  ['<PE1> ', 'user', 'PE1', undefined, undefined],
  ['<core_pe.1>', 'user', 'core_pe.1', undefined, undefined],
  ['[PE1]', 'system', 'PE1', undefined, undefined],
  ['[~PE1-vpn-instance-VPNA-af-ipv4]', 'system', 'PE1', 'vpn-instance-VPNA-af-ipv4', false],
  // not prompts
  ['<PE1> display ip routing-table', null, undefined, undefined, undefined],
  ['[~PE1] ping -vpn-instance VPNA 10.1.1.1', null, undefined, undefined, undefined],
  ['Warning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:', null, undefined, undefined, undefined],
  ["Error: Unrecognized command found at '^' position.", null, undefined, undefined, undefined],
  ['  (One Hop) State : Up                      Name : pe1_to_ce1', null, undefined, undefined, undefined],
  ['   2 10.2.1.2 < AS=100 > 6 ms  5 ms  2 ms', null, undefined, undefined, undefined],
  ['[+PE1]', null, undefined, undefined, undefined],
  ['<>', null, undefined, undefined, undefined],
  ['PE1#', null, undefined, undefined, undefined],
];

void describe('VRP prompt patterns', () => {
  for (const [line, mode, host, ctx, uncommitted] of [...DOCUMENT, ...OTHERS]) {
    void it(`${JSON.stringify(line)} -> ${mode ?? 'no prompt'}`, () => {
      const m = detectMode(vrpPlatform.modes, line);
      if (mode === null) {
        assert.equal(m, null);
        return;
      }
      assert.equal(m?.name, mode);
      assert.equal(m?.config, mode === 'system');
      assert.equal(m?.host, host);
      assert.equal(m?.context, ctx);
      assert.equal(m?.uncommitted, uncommitted);
    });
  }

  void it('user and system patterns never both match', () => {
    for (const [line] of [...DOCUMENT, ...OTHERS]) assert.ok(!(VRP_USER_PROMPT.test(line) && VRP_SYSTEM_PROMPT.test(line)), line);
  });

  void it('a hostname with "-" is split at the host seen last', () => {
    const modes = vrpPlatform.modes;
    assert.deepEqual(detectMode(modes, '<core-pe1>'), { name: 'user', config: false, prompt: '<core-pe1>', host: 'core-pe1' });
    // Without a hint the pattern splits at the first "-"...
    assert.equal(detectMode(modes, '[~core-pe1-bgp-VPNA]')?.host, 'core');
    // ...with the host from the user view it is right.
    const m = detectMode(modes, '[*core-pe1-bgp-VPNA]', 'core-pe1');
    assert.deepEqual([m?.host, m?.context, m?.uncommitted], ['core-pe1', 'bgp-VPNA', true]);
    assert.deepEqual([detectMode(modes, '[~core-pe1]', 'core-pe1')?.host, detectMode(modes, '[~core-pe1]', 'core-pe1')?.context], ['core-pe1', undefined]);
    // After `sysname`, the new name does not start with the old one: the pattern's split stands.
    const renamed = detectMode(modes, '[~PE1-LoopBack1]', 'HUAWEI');
    assert.deepEqual([renamed?.host, renamed?.context], ['PE1', 'LoopBack1']);
  });

  void it('failure indicators: Error lines and the caret line, not display output', () => {
    const fail = (l: string) => vrpPlatform.failurePatterns.some((re) => re.test(l));
    assert.ok(fail("Error: Unrecognized command found at '^' position."));
    assert.ok(fail("Error: Wrong parameter found at '^' position."));
    assert.ok(fail("Error: Incomplete command found at '^' position."));
    assert.ok(fail('Error: The configuration fails to be committed.'));
    assert.ok(fail('                 ^'));
    assert.ok(!fail('     Last Local Diagnostic  : No Diagnostic'));
    assert.ok(!fail('Info: The configuration takes effect on the current user terminal interface only.'));
    assert.ok(!fail('       4.4.4.4/32 OSPF   10   2           D  11.11.11.2      GigabitEthernet0/1/0'));
  });

  void it('the uncommitted-changes dialog answers N and goes on to the prompt', () => {
    const d = vrpPlatform.dialogs?.find((x) => x.pattern === VRP_UNCOMMITTED_ON_EXIT);
    assert.deepEqual([d?.action, d?.loopContinue], ['N', true]);
    assert.ok(VRP_UNCOMMITTED_ON_EXIT.test('Warning: Uncommitted configurations found. Are you sure to commit them before exiting? [Y(yes)/N(no)/C(cancel)]:'));
  });

  void it('modes, paging and commit as data', () => {
    assert.equal(vrpPlatform.execMode, 'user');
    assert.deepEqual(vrpPlatform.pagingOff, ['screen-length 0 temporary']);
    assert.deepEqual([vrpPlatform.configEnter, vrpPlatform.commit, vrpPlatform.configExit], ['system-view', 'commit', 'return']);
    assert.ok(vrpPlatform.login.username.test('Username:'));
    assert.ok(vrpPlatform.login.password.test('Password:'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectMode } from '../../session/session';
import { FREERTR_CONFIG_PROMPT, FREERTR_EXEC_PROMPT, freertrPlatform } from './platform';

// Real freeRtr prompts (seeds/000-freertr-captures) and the other sub-modes freeRtr prints.
const PROMPTS: [string, string | null, string | undefined, string | undefined][] = [
  // prompt line,       mode,     host,        context
  ['r2#', 'exec', 'r2', undefined],
  ['r1#', 'exec', 'r1', undefined],
  ['r1# ', 'exec', 'r1', undefined],
  ['core-rtr_01.lab#', 'exec', 'core-rtr_01.lab', undefined],
  ['r1(cfg)#', 'config', 'r1', 'cfg'],
  ['r1(cfg-subif)#', 'config', 'r1', 'cfg-subif'],
  ['r1(cfg-if)#', 'config', 'r1', 'cfg-if'],
  ['r1(cfg-vrf)#', 'config', 'r1', 'cfg-vrf'],
  ['r1(cfg-rtr)#', 'config', 'r1', 'cfg-rtr'],
  ['r1(cfg-server)#', 'config', 'r1', 'cfg-server'],
  // not prompts
  ['r2#show ipv4 route v1', null, undefined, undefined],
  ['r2#r2#terminal length 0', null, undefined, undefined],
  [' | C    | 1.1.1.0/30 | 0/0    |', null, undefined, undefined],
  ['% unknown exec command entered', null, undefined, undefined],
  ['r1(CFG)#', null, undefined, undefined],
  ['r1>', null, undefined, undefined],
  ['#', null, undefined, undefined],
  ['Password:', null, undefined, undefined],
];

void describe('freeRtr prompt patterns', () => {
  for (const [line, mode, host, ctx] of PROMPTS) {
    void it(`${JSON.stringify(line)} -> ${mode ?? 'no prompt'}`, () => {
      const m = detectMode(freertrPlatform.modes, line);
      if (mode === null) {
        assert.equal(m, null);
        return;
      }
      assert.equal(m?.name, mode);
      assert.equal(m?.config, mode === 'config');
      assert.equal(m?.host, host);
      assert.equal(m?.context, ctx);
    });
  }

  void it('exec and config patterns never both match', () => {
    for (const [line] of PROMPTS) assert.ok(!(FREERTR_EXEC_PROMPT.test(line) && FREERTR_CONFIG_PROMPT.test(line)), line);
  });

  void it('failure indicators match freeRtr error lines and not table rows', () => {
    const fail = (l: string) => freertrPlatform.failurePatterns.some((re) => re.test(l));
    assert.ok(fail('% unknown exec command entered'));
    assert.ok(fail('% unknown config command entered'));
    assert.ok(!fail('result=100.0%, recv/sent/lost/err=5/5/0/0'));
    assert.ok(!fail('ethernet1.11  admin  12244'));
  });

  void it('login prompts', () => {
    assert.ok(freertrPlatform.login.username.test('Username:'));
    assert.ok(freertrPlatform.login.password.test('Password: '));
    assert.ok(!freertrPlatform.login.password.test('r2#'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectMode } from '../../session/session';
import { frrPlatform } from './platform';

// Prompts as FRR 8.4's vtysh prints them (seen over the lab's SSH sessions), and lines that are not prompts.
const PROMPTS: [string, string | null, string | undefined, string | undefined][] = [
  ['r1#', 'exec', 'r1', undefined],
  ['PE1# ', 'exec', 'PE1', undefined],
  ['core-rtr_01.lab#', 'exec', 'core-rtr_01.lab', undefined],
  ['r1(config)#', 'config', 'r1', 'config'],
  ['r1(config-router)#', 'config', 'r1', 'config-router'],
  ['r1(config-if)#', 'config', 'r1', 'config-if'],
  ['r1(config-router-af)#', 'config', 'r1', 'config-router-af'],
  ['PE1(config-bfd-profile)#', 'config', 'PE1', 'config-bfd-profile'],
  ['r1#show ip route', null, undefined, undefined],
  ['% Unknown command: foo', null, undefined, undefined],
  ['r1(cfg)#', null, undefined, undefined],
  ['r1>', null, undefined, undefined],
  ['Hello, this is FRRouting (version 8.4.4).', null, undefined, undefined],
];

void describe('FRR vtysh prompt patterns', () => {
  for (const [line, mode, host, ctx] of PROMPTS) {
    void it(`${JSON.stringify(line)} -> ${mode ?? 'no prompt'}`, () => {
      const m = detectMode(frrPlatform.modes, line);
      if (mode === null) return assert.equal(m, null);
      assert.equal(m?.name, mode);
      assert.equal(m?.host, host);
      assert.equal(m?.context, ctx);
    });
  }
});

void describe('FRR failure patterns', () => {
  const fails = (line: string): boolean => frrPlatform.failurePatterns.some((p) => p.test(line));
  for (const l of ['% Unknown command: foo', '% Command incomplete: router', '% Ambiguous command: show ip rout', '% [BGP] Unknown command: neighbor', '% Specify remote-as or peer-group commands first']) {
    void it(`rejects ${JSON.stringify(l)}`, () => assert.ok(fails(l)));
  }
  for (const l of ['Neighbor ID     Pri State', ' OSPF Routing Process, Router ID: 4.4.4.2', '{"neighbors":{}}']) {
    void it(`accepts ${JSON.stringify(l)}`, () => assert.ok(!fails(l)));
  }
});

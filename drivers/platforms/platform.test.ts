import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegistryError } from '../errors';
import { freertrPlatform } from './freertr/platform';
import { getPlatform, listPlatforms, registerPlatform, unregisterPlatform } from './index';

void describe('platform registry', () => {
  void it('has freertr registered by platforms/index', () => {
    assert.equal(getPlatform('freertr'), freertrPlatform);
    assert.ok(listPlatforms().includes('freertr'));
  });

  void it('throws on a duplicate name', () => {
    assert.throws(() => registerPlatform(freertrPlatform), (e: unknown) => e instanceof RegistryError && /"freertr" is already registered/.test(e.message));
  });

  void it('an unknown name lists the known ones', () => {
    assert.throws(() => getPlatform('junos'), /unknown platform "junos"; known platforms: .*freertr/);
  });

  void it('registers a new platform and rejects an exec mode that is not a mode', () => {
    registerPlatform({ ...freertrPlatform, name: 'test-dialect' });
    try {
      assert.equal(getPlatform('test-dialect').name, 'test-dialect');
    } finally {
      unregisterPlatform('test-dialect');
    }
    assert.throws(() => registerPlatform({ ...freertrPlatform, name: 'bad', execMode: 'nope' }), /exec mode "nope"/);
    assert.throws(() => registerPlatform({ ...freertrPlatform, name: 'bad', modes: [{ name: 'exec', prompt: /#$/ }, { name: 'config', prompt: /\)#$/, parent: 'privileged', enter: 'conf t' }] }),
      /platform "bad": mode "config": unknown parent "privileged"/);
  });
});

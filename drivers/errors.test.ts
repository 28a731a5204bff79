import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthError, CommandError, ConnectError, ConnectionLostError, DriverError, InventoryError, ParseError, TimeoutError, oneLine,
} from './errors';

void describe('driver errors', () => {
  void it('are DriverErrors naming the device (and command), with one-line messages', () => {
    const all: DriverError[] = [
      new ConnectError('r1', '127.0.0.1', 2323, 'connection refused'),
      new AuthError('r1', 'password rejected'),
      new TimeoutError('r1', 'freertr prompt', 5000, 'show ipv4 route v1'),
      new ConnectionLostError('r1', 'while waiting for prompt', 'show clock'),
      new CommandError('r1', 'show bogus', '% unknown exec command entered\r\n'),
      new ParseError('r1', 'show ipv4 route v1', 'X  1.1.1.0/30\nmore', 'unknown route type "X"'),
    ];
    for (const e of all) {
      assert.ok(e instanceof DriverError && e instanceof Error);
      assert.equal(e.device, 'r1');
      assert.ok(e.message.startsWith('r1: '), e.message);
      assert.ok(!e.message.includes('\n'), e.message);
      assert.equal(e.name, e.constructor.name);
    }
    assert.equal(all[0]?.message, 'r1: cannot connect to 127.0.0.1:2323: connection refused');
    assert.equal(all[2]?.message, 'r1: timed out after 5000 ms (overall deadline) waiting for freertr prompt (command "show ipv4 route v1")');
    assert.equal(new TimeoutError('r1', 'freertr prompt', 800, 'show x', 'inactivity').message,
      'r1: timed out: nothing received for 800 ms (inactivity deadline) waiting for freertr prompt (command "show x")');
    assert.equal(new TimeoutError('r1', 'freertr prompt', 400, undefined, 'login').message, 'r1: timed out after 400 ms (login deadline) waiting for freertr prompt');
    assert.equal(all[4]?.message, 'r1: device rejected the command: % unknown exec command entered (command "show bogus")');
    assert.equal((all[4] as CommandError).command, 'show bogus');
    assert.equal(all[5]?.message, 'r1: cannot parse output: unknown route type "X": "X 1.1.1.0/30 more" (command "show ipv4 route v1")');
  });

  void it('InventoryError names the file and line', () => {
    assert.equal(new InventoryError('lab.yml', 4, 'device "r1": missing "host"').message, 'lab.yml:4: device "r1": missing "host"');
    assert.equal(new InventoryError('lab.yml', undefined, 'file not found').message, 'lab.yml: file not found');
  });

  void it('oneLine flattens and shortens', () => {
    assert.equal(oneLine('a\n  b\r\nc'), 'a b c');
    assert.equal(oneLine('x'.repeat(300), 10), 'xxxxxxx...');
  });
});

import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { ConnectError, TimeoutError } from '../errors';
import { TelnetTransport, mapConnectError } from './telnet';
import { IacFilter, Negotiator, escapeIac } from './telnet-iac';

const opts = { device: 'r1', host: '127.0.0.1', port: 2323, connectTimeoutMs: 3000 };

void describe('IacFilter', () => {
  void it('strips negotiation and subnegotiation, keeps IAC IAC as 255', () => {
    const f = new IacFilter();
    const chunk = Buffer.from([65, 255, 251, 1, 66, 255, 250, 24, 1, 255, 240, 67, 255, 255, 68]);
    const { data, negotiations } = f.push(chunk);
    assert.deepEqual([...data], [65, 66, 67, 255, 68]);
    assert.deepEqual(negotiations, [{ verb: 'WILL', option: 1 }]);
  });

  void it('handles a sequence split across chunks', () => {
    const f = new IacFilter();
    assert.deepEqual([...f.push(Buffer.from([72, 255])).data], [72]);
    const r = f.push(Buffer.from([253, 24, 73]));
    assert.deepEqual([...r.data], [73]);
    assert.deepEqual(r.negotiations, [{ verb: 'DO', option: 24 }]);
  });

  void it('gives the same result one byte at a time as in one chunk', () => {
    const stream = Buffer.from([255, 251, 1, 255, 251, 3, 255, 253, 24, 104, 255, 250, 24, 1, 255, 240, 105, 255, 255, 255, 241, 33]);
    const whole = new IacFilter().push(stream);
    const f = new IacFilter();
    const bytes: number[] = [];
    const negs: unknown[] = [];
    for (const b of stream) {
      const r = f.push(Buffer.from([b]));
      bytes.push(...r.data);
      negs.push(...r.negotiations);
    }
    assert.deepEqual(bytes, [...whole.data]);
    assert.deepEqual(bytes, [104, 105, 255, 33]);
    assert.deepEqual(negs, whole.negotiations);
    assert.equal(negs.length, 3);
  });
});

void describe('Negotiator', () => {
  void it('refuses what the server asks us to do, accepts what it offers, answers each once', () => {
    const n = new Negotiator();
    assert.deepEqual([...(n.answer({ verb: 'DO', option: 24 }) ?? [])], [255, 252, 24]);
    assert.deepEqual([...(n.answer({ verb: 'WILL', option: 1 }) ?? [])], [255, 253, 1]);
    assert.equal(n.answer({ verb: 'DO', option: 24 }), null, 'no loop on a repeated DO');
    assert.equal(n.answer({ verb: 'WILL', option: 1 }), null, 'no loop on a repeated WILL');
    assert.equal(n.answer({ verb: 'DONT', option: 24 }), null);
    assert.deepEqual([...(n.answer({ verb: 'WONT', option: 1 }) ?? [])], [255, 254, 1], 'WONT for an accepted option is acknowledged');
    assert.equal(n.answer({ verb: 'WONT', option: 1 }), null);
  });

  void it('escapes a 255 data byte as IAC IAC', () => {
    assert.deepEqual([...escapeIac(Buffer.from([1, 255, 2]))], [1, 255, 255, 2]);
  });
});

void describe('TelnetTransport', () => {
  void it('maps connect failures to typed errors', () => {
    assert.ok(mapConnectError(opts, Object.assign(new Error('x'), { code: 'ECONNREFUSED' })) instanceof ConnectError);
    assert.equal(mapConnectError(opts, Object.assign(new Error('x'), { code: 'EHOSTUNREACH' })).message, 'r1: cannot connect to 127.0.0.1:2323: host unreachable');
    const t = mapConnectError(opts, new Error('Cannot connect'));
    assert.ok(t instanceof TimeoutError);
    assert.equal(t.message, 'r1: timed out after 3000 ms (connect deadline) waiting for TCP connection to 127.0.0.1:2323');
    assert.equal((t as TimeoutError).kind, 'connect');
  });

  void it('a refused connection gives ConnectError', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const t = new TelnetTransport({ ...opts, port });
    await assert.rejects(t.connect(), (e: unknown) => e instanceof ConnectError && e.message === `r1: cannot connect to 127.0.0.1:${port}: connection refused`);
    assert.equal(t.isClosed, true);
  });

  void it('passes plain text both ways and reports a remote close', async () => {
    let received = '';
    const srv = createServer((sock) => {
      sock.write(Buffer.concat([Buffer.from([255, 251, 1]), Buffer.from('hello\r\n')]));
      sock.on('data', (d) => {
        received += d.toString('latin1');
        if (received.includes('bye')) sock.end();
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const t = new TelnetTransport({ ...opts, port: (srv.address() as AddressInfo).port });
    let text = '';
    t.onData((c) => { text += c; });
    await t.connect();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(text, 'hello\r\n');
    t.write('bye\r\n');
    assert.deepEqual(await t.closed, { by: 'remote' });
    assert.ok(received.includes('\xff\xfd\x01'), 'DO ECHO sent');
    assert.ok(received.endsWith('bye\r\n'));
    await t.close();
    await new Promise<void>((r) => srv.close(() => r()));
  });
});

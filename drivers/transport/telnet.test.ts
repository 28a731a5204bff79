import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { describe, it } from 'node:test';
import { ConnectError, TimeoutError } from '../errors';
import { TelnetTransport, mapConnectError } from './telnet';
import { IacFilter, answerFor, answeredByTelnetClient } from './telnet-iac';

const opts = { device: 'r1', host: '127.0.0.1', port: 2323, connectTimeoutMs: 3000 };

void describe('IacFilter', () => {
  void it('strips negotiation and subnegotiation, keeps IAC IAC as 255', () => {
    const f = new IacFilter();
    const chunk = Buffer.from([65, 255, 251, 1, 66, 255, 250, 24, 1, 255, 240, 67, 255, 255, 68]);
    const { data, unanswered } = f.push(chunk);
    assert.deepEqual([...data], [65, 66, 67, 255, 68]);
    assert.deepEqual(unanswered, [{ verb: 'WILL', option: 1 }]);
  });

  void it('handles a sequence split across chunks', () => {
    const f = new IacFilter();
    assert.deepEqual([...f.push(Buffer.from([72, 255])).data], [72]);
    const r = f.push(Buffer.from([253, 24, 73]));
    assert.deepEqual([...r.data], [73]);
    assert.deepEqual(r.unanswered, [{ verb: 'DO', option: 24 }]);
  });

  void it('does not report what telnet-client already answered (leading IAC triples of a chunk)', () => {
    const chunk = Buffer.from([255, 251, 1, 255, 253, 24, 104, 105, 255, 253, 31]);
    assert.equal(answeredByTelnetClient(chunk), 6);
    const r = new IacFilter().push(chunk, answeredByTelnetClient(chunk));
    assert.deepEqual(r.unanswered, [{ verb: 'DO', option: 31 }]);
    assert.equal(r.data.toString(), 'hi');
    assert.equal(answeredByTelnetClient(Buffer.from('plain')), 0);
  });

  void it('answers with telnet-client policy: DO -> WONT, WILL -> DO, nothing for DONT/WONT', () => {
    assert.deepEqual([...(answerFor({ verb: 'DO', option: 24 }) ?? [])], [255, 252, 24]);
    assert.deepEqual([...(answerFor({ verb: 'WILL', option: 1 }) ?? [])], [255, 253, 1]);
    assert.equal(answerFor({ verb: 'WONT', option: 1 }), null);
  });
});

void describe('TelnetTransport', () => {
  void it('maps connect failures to typed errors', () => {
    assert.ok(mapConnectError(opts, Object.assign(new Error('x'), { code: 'ECONNREFUSED' })) instanceof ConnectError);
    assert.equal(mapConnectError(opts, Object.assign(new Error('x'), { code: 'EHOSTUNREACH' })).message, 'r1: cannot connect to 127.0.0.1:2323: host unreachable');
    const t = mapConnectError(opts, new Error('Cannot connect'));
    assert.ok(t instanceof TimeoutError);
    assert.equal(t.message, 'r1: timed out after 3000 ms waiting for TCP connection to 127.0.0.1:2323');
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
    assert.ok(received.includes('\xff\xfd\x01'), 'DO ECHO sent by telnet-client');
    assert.ok(received.endsWith('bye\r\n'));
    await t.close();
    await new Promise<void>((r) => srv.close(() => r()));
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { LineEditor, OPT_ECHO, OPT_NAWS, OPT_SGA, TELNET, TelnetProtocol, startTelnetServer, type TelnetServer } from './telnet';
import type { CommandResult, TerminalSession } from './terminal';

const { IAC, DO, DONT, WILL, WONT, SB, SE } = TELNET;
const OPT_TTYPE = 24;

/** A toy CLI: echoes "out:<line>", `exit` closes, `boom` throws, `slow` takes a while. */
class FakeSession implements TerminalSession {
  executed: string[] = [];
  closed = 0;
  banner(): string { return 'welcome\n'; }
  prompt(): string { return 'r1#'; }
  async execute(line: string): Promise<CommandResult> {
    this.executed.push(line);
    // Vary the delay so a paste's later lines arrive while earlier ones still run.
    await new Promise((r) => setTimeout(r, line === 'slow' ? 50 : this.executed.length % 3));
    if (line === 'boom') throw new Error('kaput');
    if (line === 'exit') return { output: 'bye\n', close: true };
    return { output: line === '' ? '' : `out:${line}\n` };
  }
  close(): void { this.closed++; }
}

/** A raw node:net client that records every byte it receives. */
class Client {
  data = Buffer.alloc(0);
  ended = false;
  private listeners: (() => void)[] = [];
  constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => { this.data = Buffer.concat([this.data, d]); this.notify(); });
    socket.on('close', () => { this.ended = true; this.notify(); });
    socket.on('error', () => undefined);
  }
  static connect(server: TelnetServer): Promise<Client> {
    return new Promise((resolve, reject) => {
      const s = net.connect(server.port, server.host, () => resolve(new Client(s)));
      s.once('error', reject);
    });
  }
  /** Received bytes as latin1 text, so every byte (IAC too) is one character. */
  get text(): string { return this.data.toString('latin1'); }
  send(bytes: string | number[]): void { this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)); }
  waitFor(pred: (c: Client) => boolean, what: string, ms = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${what}; got ${JSON.stringify(this.text)}`)), ms);
      const check = (): void => {
        if (!pred(this)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve();
      };
      this.listeners.push(check);
      check();
    });
  }
  waitText(s: string, count = 1): Promise<void> {
    return this.waitFor((c) => c.text.split(s).length - 1 >= count, JSON.stringify(s));
  }
  private notify(): void { for (const l of [...this.listeners]) l(); }
}

/** Polls until `pred` holds: the server sees a close a moment after the client does. */
async function eventually(pred: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(pred(), what);
}

const NEGOTIATION = String.fromCharCode(IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_NAWS);
const GREETING = `${NEGOTIATION}welcome\r\nr1#`;

async function withServer(fn: (server: TelnetServer, sessions: FakeSession[], logs: string[]) => Promise<void>): Promise<void> {
  const sessions: FakeSession[] = [];
  const logs: string[] = [];
  const server = await startTelnetServer({
    factory: () => { const s = new FakeSession(); sessions.push(s); return s; },
    log: (m) => logs.push(m),
  });
  try {
    await fn(server, sessions, logs);
  } finally {
    await server.close();
  }
}

void test('binds to loopback by default', async () => {
  await withServer(async (server) => {
    assert.equal(server.host, '127.0.0.1');
    assert.ok(server.port > 0);
  });
});

void test('opens with WILL ECHO, WILL SGA, DO NAWS, then banner and prompt', async () => {
  await withServer(async (server) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    assert.equal(c.text, GREETING);
    c.socket.destroy();
  });
});

void test('answers negotiation without loops and refuses unknown options', async () => {
  await withServer(async (server) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    const base = c.data.length;
    // Answers to our own requests, a NAWS report and a repeated DO ECHO: no reply expected.
    c.send([IAC, DO, OPT_ECHO, IAC, DO, OPT_SGA, IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, 0, 80, 0, 24, IAC, SE, IAC, DO, OPT_ECHO]);
    // Unknown options: refused once each.
    c.send([IAC, DO, OPT_TTYPE, IAC, WILL, OPT_TTYPE, IAC, DONT, OPT_TTYPE, IAC, WONT, OPT_TTYPE]);
    c.send('x\r\n');
    await c.waitText('out:x');
    const reply = c.data.subarray(base).toString('latin1');
    assert.equal(reply, `${String.fromCharCode(IAC, WONT, OPT_TTYPE, IAC, DONT, OPT_TTYPE)}x\r\nout:x\r\nr1#`);
    // DONT ECHO: acknowledged with WONT ECHO, and the server stops echoing.
    const base2 = c.data.length;
    c.send([IAC, DONT, OPT_ECHO]);
    c.send('yz\r\n');
    await c.waitText('out:yz');
    assert.equal(c.data.subarray(base2).toString('latin1'), `${String.fromCharCode(IAC, WONT, OPT_ECHO)}\r\nout:yz\r\nr1#`);
    c.socket.destroy();
  });
});

void test('echoes typed characters one by one', async () => {
  await withServer(async (server, sessions) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    for (const ch of 'show') {
      const before = c.text.length;
      c.send(ch);
      await c.waitFor((x) => x.text.length > before, `echo of ${ch}`);
    }
    assert.ok(c.text.endsWith('r1#show'));
    c.send('\r\n');
    await c.waitText('out:show\r\nr1#');
    assert.deepEqual(sessions[0].executed, ['show']);
    c.socket.destroy();
  });
});

void test('pasted lines run in order, each output after its echo; every line ending fires once', async () => {
  await withServer(async (server, sessions) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    c.send('one\r\ntwo\nthree\r\0four\rslow\r\nsix\r\n\r\nseven\r\n');
    await c.waitText('out:seven\r\nr1#');
    assert.deepEqual(sessions[0].executed, ['one', 'two', 'three', 'four', 'slow', 'six', '', 'seven']);
    const expected = ['one', 'two', 'three', 'four', 'slow', 'six'].map((l) => `r1#${l}\r\nout:${l}\r\n`).join('') + 'r1#\r\nr1#seven\r\nout:seven\r\nr1#';
    assert.equal(c.text, `${NEGOTIATION}welcome\r\n${expected}`);
    c.socket.destroy();
  });
});

void test('backspace, DEL, Ctrl-U and Ctrl-W edit the line; Ctrl-C abandons it', async () => {
  await withServer(async (server, sessions) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    c.send('shx\x7fo\x08\x08how\r\n');
    await c.waitText('out:show');
    assert.ok(c.text.includes('r1#shx\b \bo\b \b\b \bhow\r\n'));
    c.send('junk\x15ver\r\n');
    await c.waitText('out:ver');
    c.send('ip route\x17bgp\r\n');
    await c.waitText('out:ip bgp');
    c.send('abandon\x03');
    await c.waitText('abandon\r\nr1#');
    c.send('\x7fnext\x1b[Ax\r\n'); // backspace on an empty line does nothing; arrow keys are swallowed
    await c.waitText('out:nextx');
    assert.deepEqual(sessions[0].executed, ['show', 'ver', 'ip bgp', 'nextx']);
    c.socket.destroy();
  });
});

void test('CR NUL and CR LF split across packets end one line each', async () => {
  await withServer(async (server, sessions) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    c.send('a\r');
    await c.waitText('out:a');
    c.send('\0b\r');
    await c.waitText('out:b');
    c.send('\nc\r\n');
    await c.waitText('out:c');
    assert.deepEqual(sessions[0].executed, ['a', 'b', 'c']);
    c.socket.destroy();
  });
});

void test('IAC IAC is a literal 255 and subnegotiations are stripped', () => {
  const sent: Buffer[] = [];
  const p = new TelnetProtocol((b) => sent.push(b));
  const data = p.feed(Buffer.from([0x41, IAC, IAC, IAC, SB, OPT_NAWS, 0, 132, 0, 43, IAC, SE, 0x42]));
  assert.deepEqual([...data], [0x41, 255, 0x42]);
  assert.deepEqual(p.windowSize, { width: 132, height: 43 });
  // Split across chunks: IAC | DO | option.
  assert.equal(p.feed(Buffer.from([IAC])).length, 0);
  assert.equal(p.feed(Buffer.from([DO])).length, 0);
  assert.deepEqual([...p.feed(Buffer.from([OPT_TTYPE, 0x43]))], [0x43]);
  assert.deepEqual([...sent[0]], [IAC, WONT, OPT_TTYPE]);
});

void test('lines are cut at 4096 bytes', () => {
  const echoed: (Buffer | string)[] = [];
  const ed = new LineEditor((b) => echoed.push(b));
  for (let i = 0; i < 5000; i++) ed.feed(0x61);
  const ev = ed.feed(0x0d);
  assert.ok(ev && ev.kind === 'line');
  assert.equal(ev.line.length, 4096);
});

void test('result.close ends the connection and session.close() runs once', async () => {
  await withServer(async (server, sessions) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    c.send('exit\r\nnever\r\n');
    await c.waitFor((x) => x.ended, 'close');
    assert.ok(c.text.endsWith('r1#exit\r\nbye\r\n'));
    assert.deepEqual(sessions[0].executed, ['exit']);
    await eventually(() => sessions[0].closed === 1 && server.connections() === 0, 'session closed');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(sessions[0].closed, 1);
  });
});

void test('Ctrl-D on an empty line closes; on a non-empty line it is ignored', async () => {
  await withServer(async (server, sessions) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    c.send('ab\x04\x15\x04');
    await c.waitFor((x) => x.ended, 'close');
    assert.deepEqual(sessions[0].executed, []);
    await eventually(() => sessions[0].closed === 1, 'session closed');
  });
});

void test('a half-closed client still gets the output of every line it sent', async () => {
  await withServer(async (server, sessions) => {
    const c = await Client.connect(server);
    c.send('p\nq\n');
    c.socket.end();
    await c.waitFor((x) => x.ended, 'close');
    assert.ok(c.text.endsWith('r1#p\r\nout:p\r\nr1#q\r\nout:q\r\nr1#'));
    assert.deepEqual(sessions[0].executed, ['p', 'q']);
  });
});

void test('an execute() that throws prints the generic error line (no internalError() given) and the session goes on', async () => {
  await withServer(async (server, sessions, logs) => {
    const c = await Client.connect(server);
    await c.waitText('r1#');
    c.send('boom\r\nafter\r\n');
    await c.waitText('out:after\r\nr1#');
    assert.ok(c.text.includes('r1#boom\r\n% command failed\r\nr1#after'));
    assert.ok(!c.text.includes('internal error'));
    assert.equal(logs.length, 1);
    assert.match(logs[0], /kaput/);
    assert.deepEqual(sessions[0].executed, ['boom', 'after']);
    c.socket.destroy();
  });
});

void test('the server keeps serving other clients after one disconnects', async () => {
  await withServer(async (server, sessions) => {
    const a = await Client.connect(server);
    const b = await Client.connect(server);
    await a.waitText('r1#');
    await b.waitText('r1#');
    assert.equal(server.connections(), 2);
    a.send('slow\r\n');
    a.socket.destroy(); // gone while its command runs
    await a.waitFor((x) => x.ended, 'a closed');
    b.send('still\r\n');
    await b.waitText('out:still');
    const c = await Client.connect(server);
    c.send('third\r\n');
    await c.waitText('out:third');
    await new Promise((r) => setTimeout(r, 80)); // let a's slow command finish into a closed socket
    assert.equal(sessions[0].closed, 1);
    assert.equal(server.connections(), 2);
    b.socket.destroy();
    c.socket.destroy();
  });
});

void test('Tab completes the word from the dialect: the rest is echoed and becomes part of the line; no fit rings the bell', () => {
  const echoed: string[] = [];
  const words = ['display', 'disable'];
  const complete = (line: string): string | undefined => {
    const last = line.split(' ').pop() ?? '';
    const hits = words.filter((w) => w.startsWith(last));
    return hits.length === 1 ? line.slice(0, line.length - last.length) + hits[0] + ' ' : undefined;
  };
  const ed = new LineEditor((b) => echoed.push(b.toString()), 4096, complete);
  for (const b of Buffer.from('disp')) ed.feed(b);
  ed.feed(0x09);
  assert.equal(echoed.slice(4).join(''), 'lay ');
  ed.feed(0x09); // nothing left to complete: the bell
  assert.equal(echoed[echoed.length - 1], '\x07');
  for (const b of Buffer.from('di')) ed.feed(b);
  ed.feed(0x09); // ambiguous: the bell, nothing typed
  assert.equal(echoed[echoed.length - 1], '\x07');
  const ev = ed.feed(0x0d);
  assert.ok(ev && ev.kind === 'line');
  assert.equal(ev.line, 'display di');
});

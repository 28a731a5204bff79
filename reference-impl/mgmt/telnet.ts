/**
 * Telnet server for the reference router (RFC 854 protocol, RFC 857 ECHO, RFC 858 SUPPRESS-GO-AHEAD,
 * RFC 1073 NAWS). It owns the bytes: option negotiation, server-side echo and line editing. The
 * words (prompts, commands) belong to the dialect's TerminalSession (./terminal.ts).
 *
 * Input is processed in order: bytes go through the telnet parser as soon as they arrive (so
 * negotiation is answered at once), then into a per-connection queue that a single loop feeds to
 * the line editor; while a command runs the loop waits, so pasted lines are echoed and executed one
 * after the other, each echo after the previous command's output, as if typed.
 */
import * as net from 'node:net';
import type { CommandResult, TerminalSession, TerminalSessionFactory } from './terminal';

// RFC 854 commands.
const IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250;
const EL = 248, EC = 247, AYT = 246, IP = 244, SE = 240;
// Options: RFC 857 ECHO, RFC 858 SUPPRESS-GO-AHEAD, RFC 1073 NAWS.
export const OPT_ECHO = 1, OPT_SGA = 3, OPT_NAWS = 31;
export const TELNET = { IAC, DONT, DO, WONT, WILL, SB, SE } as const;

/** Options we perform ourselves (answer DO with WILL) and options we let the client perform. */
const LOCAL_OPTIONS = new Set([OPT_ECHO, OPT_SGA]);
const REMOTE_OPTIONS = new Set([OPT_NAWS]);
const MAX_SUBNEGOTIATION = 256;

/** Option state, the subset of RFC 1143's Q method we need (we never ask to disable an option). */
type OptionState = 'no' | 'yes' | 'wantyes';

/**
 * Telnet protocol state machine: strips IAC sequences and subnegotiations from the input and
 * answers option negotiation. Never loops: it replies only to a change of state (RFC 854
 * "Notes on option negotiation", RFC 1143), and always refuses what it does not support.
 */
export class TelnetProtocol {
  private state: 'data' | 'iac' | 'option' | 'sb' | 'sbIac' = 'data';
  private verb = 0;
  private sbData: number[] = [];
  private readonly us = new Map<number, OptionState>();
  private readonly him = new Map<number, OptionState>();
  /** Window size from NAWS, if the client sent one (informational only). */
  windowSize?: { width: number; height: number };

  constructor(private readonly send: (bytes: Buffer) => void) {}

  /** The negotiation the server opens with: WILL ECHO, WILL SGA, DO NAWS. */
  start(): void {
    this.us.set(OPT_ECHO, 'wantyes');
    this.us.set(OPT_SGA, 'wantyes');
    this.him.set(OPT_NAWS, 'wantyes');
    this.send(Buffer.from([IAC, WILL, OPT_ECHO, IAC, WILL, OPT_SGA, IAC, DO, OPT_NAWS]));
  }

  /** False only once the client has refused our echo (DONT ECHO): it then echoes locally. */
  get serverEcho(): boolean {
    return this.us.get(OPT_ECHO) !== 'no';
  }

  /** Feeds raw bytes from the wire; returns the data bytes with telnet commands removed. */
  feed(chunk: Buffer): Buffer {
    const out: number[] = [];
    for (const b of chunk) {
      switch (this.state) {
        case 'data':
          if (b === IAC) this.state = 'iac';
          else out.push(b);
          break;
        case 'iac':
          this.state = 'data';
          if (b === IAC) out.push(IAC); // IAC IAC: a literal 255
          else if (b >= WILL && b <= DONT) { this.verb = b; this.state = 'option'; }
          else if (b === SB) { this.sbData = []; this.state = 'sb'; }
          else if (b === IP) out.push(0x03); // Interrupt Process acts as Ctrl-C
          else if (b === EC) out.push(0x7f); // Erase Character acts as DEL
          else if (b === EL) out.push(0x15); // Erase Line acts as Ctrl-U
          else if (b === AYT) this.send(Buffer.from('\r\n[Yes]\r\n'));
          // NOP, DM, BRK, AO, GA and a stray SE carry nothing for us.
          break;
        case 'option':
          this.state = 'data';
          this.negotiate(this.verb, b);
          break;
        case 'sb':
          if (b === IAC) this.state = 'sbIac';
          else if (this.sbData.length < MAX_SUBNEGOTIATION) this.sbData.push(b);
          break;
        case 'sbIac':
          if (b === SE) { this.state = 'data'; this.subnegotiation(this.sbData); }
          else {
            // IAC IAC inside SB is a literal 255; anything else is malformed, keep going.
            if (this.sbData.length < MAX_SUBNEGOTIATION) this.sbData.push(b);
            this.state = 'sb';
          }
          break;
      }
    }
    return Buffer.from(out);
  }

  private negotiate(verb: number, opt: number): void {
    if (verb === DO) this.enable(this.us, opt, LOCAL_OPTIONS.has(opt), WILL, WONT);
    else if (verb === WILL) this.enable(this.him, opt, REMOTE_OPTIONS.has(opt), DO, DONT);
    else if (verb === DONT) this.disable(this.us, opt, WONT);
    else this.disable(this.him, opt, DONT);
  }

  /** The peer asks for (DO) or offers (WILL) an option. */
  private enable(table: Map<number, OptionState>, opt: number, supported: boolean, yes: number, no: number): void {
    const s = table.get(opt) ?? 'no';
    if (s === 'yes') return; // already on: no reply, or we would loop
    if (s === 'wantyes') { table.set(opt, 'yes'); return; } // the answer to our own request
    if (supported) { table.set(opt, 'yes'); this.command(yes, opt); }
    else this.command(no, opt); // refuse what we do not support
  }

  /** The peer refuses or turns off an option (DONT, WONT). */
  private disable(table: Map<number, OptionState>, opt: number, ack: number): void {
    const s = table.get(opt) ?? 'no';
    if (s === 'no') return;
    table.set(opt, 'no');
    if (s === 'yes') this.command(ack, opt); // acknowledge; a refusal of our request needs none
  }

  private subnegotiation(data: number[]): void {
    if (data[0] === OPT_NAWS && data.length >= 5) {
      this.windowSize = { width: (data[1] << 8) | data[2], height: (data[3] << 8) | data[4] };
    }
  }

  private command(verb: number, opt: number): void {
    this.send(Buffer.from([IAC, verb, opt]));
  }
}

export type EditorEvent = { kind: 'line'; line: string } | { kind: 'interrupt' } | { kind: 'eof' };

const NUL = 0x00, CTRL_C = 0x03, CTRL_D = 0x04, BS = 0x08, LF = 0x0a, CR = 0x0d;
const CTRL_U = 0x15, CTRL_W = 0x17, ESC = 0x1b, DEL = 0x7f, BEL = 0x07;

/**
 * Line editing with server-side echo, byte by byte. CR LF, CR NUL, bare CR and bare LF each end
 * one line; BS/DEL erase a character, Ctrl-U the line, Ctrl-W a word; ANSI escape sequences
 * (arrow keys) are swallowed. Works on UTF-8 bytes; erasing removes a whole code point.
 */
export class LineEditor {
  private buf: number[] = [];
  private afterCr = false;
  private escape: 'none' | 'esc' | 'csi' | 'ss3' = 'none';

  constructor(private readonly echo: (bytes: Buffer | string) => void, private readonly maxLength = 4096) {}

  /** Feeds one input byte; returns an event when a line ends, on Ctrl-C or on Ctrl-D. */
  feed(b: number): EditorEvent | undefined {
    if (this.afterCr) {
      this.afterCr = false;
      if (b === LF || b === NUL) return undefined; // second half of CR LF / CR NUL
    }
    if (this.escape !== 'none') { this.skipEscape(b); return undefined; }
    switch (b) {
      case CR: this.afterCr = true; return this.endLine();
      case LF: return this.endLine();
      case BS: case DEL: this.eraseChar(); return undefined;
      case CTRL_U: while (this.buf.length > 0) this.eraseChar(); return undefined;
      case CTRL_W: this.eraseWord(); return undefined;
      case CTRL_C: this.buf = []; return { kind: 'interrupt' };
      case CTRL_D: return this.buf.length === 0 ? { kind: 'eof' } : undefined;
      case ESC: this.escape = 'esc'; return undefined;
    }
    if (b < 0x20) return undefined; // other control characters (Tab, NUL, ...) are ignored
    if (this.buf.length >= this.maxLength) { this.echo(Buffer.from([BEL])); return undefined; }
    this.buf.push(b);
    this.echo(Buffer.from([b]));
    return undefined;
  }

  private endLine(): EditorEvent {
    const line = Buffer.from(this.buf).toString('utf8');
    this.buf = [];
    return { kind: 'line', line };
  }

  private eraseChar(): void {
    if (this.buf.length === 0) return;
    // Drop UTF-8 continuation bytes (10xxxxxx), then the lead byte: one code point, one column.
    while (this.buf.length > 1 && (this.buf[this.buf.length - 1] & 0xc0) === 0x80) this.buf.pop();
    this.buf.pop();
    this.echo('\b \b');
  }

  private eraseWord(): void {
    while (this.buf.length > 0 && this.buf[this.buf.length - 1] === 0x20) this.eraseChar();
    while (this.buf.length > 0 && this.buf[this.buf.length - 1] !== 0x20) this.eraseChar();
  }

  /** ESC x, ESC O x (SS3) and ESC [ params final (CSI) are consumed without effect. */
  private skipEscape(b: number): void {
    if (this.escape === 'esc') this.escape = b === 0x5b ? 'csi' : b === 0x4f ? 'ss3' : 'none';
    else if (this.escape === 'ss3') this.escape = 'none';
    else if (b >= 0x40 && b <= 0x7e) this.escape = 'none'; // CSI final byte
  }
}

/** "\n" (or an existing "\r\n") becomes "\r\n", as NVT requires (RFC 854). */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export interface TelnetServerOptions {
  /** Address to bind; loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  factory: TerminalSessionFactory;
  log?: (message: string) => void;
}

export interface TelnetServer {
  host: string;
  port: number;
  /** Stops listening and drops every client. */
  close(): Promise<void>;
  /** Number of clients connected now. */
  connections(): number;
}

const QUEUE_HIGH = 1 << 20; // pause reading past 1 MiB of unprocessed input
const QUEUE_LOW = 1 << 16;

/** One client: its protocol state, line editor, input queue and terminal session. */
class TelnetConnection {
  private readonly protocol: TelnetProtocol;
  private readonly editor: LineEditor;
  private readonly queue: Buffer[] = [];
  private queueOffset = 0;
  private queuedBytes = 0;
  private out: (Buffer | string)[] = [];
  private running = false;
  /** The client half-closed: finish the queued input, then end. */
  private inputDone = false;
  private ended = false;
  private sessionClosed = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly session: TerminalSession,
    private readonly peer: string,
    private readonly log: (message: string) => void,
  ) {
    this.protocol = new TelnetProtocol((bytes) => this.write(bytes));
    this.editor = new LineEditor((bytes) => { if (this.protocol.serverEcho) this.out.push(bytes); });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => { this.inputDone = true; if (!this.running) this.end(); });
    socket.on('close', () => { this.ended = true; this.closeSession(); });
    socket.on('error', (err) => this.log(`telnet ${peer}: ${err.message}`));
  }

  start(): void {
    this.protocol.start();
    this.out.push(toCrlf(this.call('banner', () => this.session.banner())));
    this.out.push(toCrlf(this.call('prompt', () => this.session.prompt())));
    this.flush();
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    const data = this.protocol.feed(chunk);
    if (data.length === 0) return;
    this.queue.push(data);
    this.queuedBytes += data.length;
    if (this.queuedBytes > QUEUE_HIGH) this.socket.pause();
    if (!this.running) {
      this.running = true;
      this.run().catch((err: unknown) => { this.log(`telnet ${this.peer}: ${String(err)}`); this.end(); });
    }
  }

  private nextByte(): number | undefined {
    while (this.queue.length > 0 && this.queueOffset >= this.queue[0].length) {
      this.queue.shift();
      this.queueOffset = 0;
    }
    if (this.queue.length === 0) return undefined;
    this.queuedBytes--;
    if (this.socket.isPaused() && this.queuedBytes < QUEUE_LOW) this.socket.resume();
    return this.queue[0][this.queueOffset++];
  }

  /** The only consumer of the queue; at most one runs per connection. */
  private async run(): Promise<void> {
    try {
      for (let b = this.nextByte(); b !== undefined && !this.ended; b = this.nextByte()) {
        const event = this.editor.feed(b);
        if (!event) continue;
        if (event.kind === 'line') await this.execute(event.line);
        else if (event.kind === 'interrupt') this.out.push('\r\n', toCrlf(this.call('prompt', () => this.session.prompt())));
        else { this.out.push('\r\n'); this.flush(); this.end(); }
      }
      this.flush();
    } finally {
      this.running = false;
      if (this.inputDone) this.end();
    }
  }

  private async execute(line: string): Promise<void> {
    this.out.push('\r\n');
    this.flush();
    let result: CommandResult;
    try {
      result = await this.session.execute(line);
    } catch (err) {
      this.log(`telnet ${this.peer}: execute ${JSON.stringify(line)} failed: ${err instanceof Error ? err.stack : String(err)}`);
      result = { output: '% internal error\n' };
    }
    if (this.ended) return;
    let output = result.output;
    if (output.length > 0 && !output.endsWith('\n')) output += '\n';
    this.out.push(toCrlf(output));
    if (result.close) { this.flush(); this.end(); return; }
    this.out.push(toCrlf(this.call('prompt', () => this.session.prompt())));
    this.flush();
    if (this.socket.writableNeedDrain) {
      await new Promise<void>((resolve) => {
        const done = (): void => { this.socket.off('drain', done); this.socket.off('close', done); resolve(); };
        this.socket.on('drain', done);
        this.socket.on('close', done);
      });
    }
  }

  /** Runs a session callback that must not throw; a throw is logged and yields "". */
  private call(what: string, fn: () => string): string {
    try {
      return fn();
    } catch (err) {
      this.log(`telnet ${this.peer}: ${what}() failed: ${err instanceof Error ? err.stack : String(err)}`);
      return '';
    }
  }

  private flush(): void {
    if (this.out.length === 0) return;
    // UTF-8 never produces byte 0xFF, so text needs no IAC doubling.
    const bytes = Buffer.concat(this.out.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.out = [];
    this.write(bytes);
  }

  private write(bytes: Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    this.socket.end();
  }

  private closeSession(): void {
    if (this.sessionClosed) return;
    this.sessionClosed = true;
    this.call('close', () => { this.session.close(); return ''; });
  }
}

/** Starts a telnet server; resolves once it listens. Binds to 127.0.0.1 unless `host` says otherwise. */
export function startTelnetServer(options: TelnetServerOptions): Promise<TelnetServer> {
  const { host = '127.0.0.1', port = 0, factory } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const sockets = new Set<net.Socket>();

  // allowHalfOpen: a client that sends its lines and then EOF still gets every output.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    let session: TerminalSession;
    try {
      session = factory(peer);
    } catch (err) {
      log(`telnet ${peer}: session factory failed: ${err instanceof Error ? err.stack : String(err)}`);
      socket.on('error', () => undefined);
      socket.end('% internal error\r\n');
      return;
    }
    new TelnetConnection(socket, session, peer, log).start();
  });

  return new Promise<TelnetServer>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', (err) => log(`telnet server: ${err.message}`));
      const address = server.address() as net.AddressInfo;
      resolve({
        host: address.address,
        port: address.port,
        connections: () => sockets.size,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
          }),
      });
    });
  });
}

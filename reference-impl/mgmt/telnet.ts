/**
 * Telnet server for the reference router (RFC 854 protocol, RFC 857 ECHO, RFC 858 SUPPRESS-GO-AHEAD,
 * RFC 1073 NAWS). It owns the bytes: option negotiation, server-side echo and line editing. The
 * words (prompts, commands) belong to the dialect's TerminalSession (./terminal.ts).
 *
 * Bytes go through the telnet parser as soon as they arrive (so negotiation is answered at once),
 * then to the LineSession (./line.ts) shared with SSH: queue, line editor, command loop.
 */
import * as net from 'node:net';
import { MgmtClients } from './listen';
import { LineSession, type LineIo } from './line';
import type { MgmtServer, TerminalSession, TerminalSessionFactory } from './terminal';

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

export { LineEditor, toCrlf, type EditorEvent } from './line';

export interface TelnetServerOptions {
  /** Address to bind; loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  factory: TerminalSessionFactory;
  log?: (message: string) => void;
}

export type TelnetServer = MgmtServer;

/** One client: its telnet protocol state and the LineSession driving its terminal session. */
class TelnetConnection {
  private readonly protocol: TelnetProtocol;
  readonly line: LineSession;

  constructor(private readonly socket: net.Socket, session: TerminalSession, peer: string, log: (message: string) => void, frozen: boolean) {
    this.protocol = new TelnetProtocol((bytes) => this.write(bytes));
    const io: LineIo = {
      write: (bytes) => this.write(bytes),
      end: () => socket.end(),
      pause: () => socket.pause(),
      resume: () => socket.resume(),
      isPaused: () => socket.isPaused(),
      needDrain: () => socket.writableNeedDrain,
      waitDrain: () => new Promise<void>((resolve) => {
        const done = (): void => { socket.off('drain', done); socket.off('close', done); resolve(); };
        socket.on('drain', done);
        socket.on('close', done);
      }),
    };
    // UTF-8 never produces byte 0xFF, so output text needs no IAC doubling.
    this.line = new LineSession(io, session, { echo: () => this.protocol.serverEcho, label: `telnet ${peer}`, log, frozen });
    // Telnet negotiation is answered at once, even while the CLI is busy or frozen.
    socket.on('data', (chunk: Buffer) => this.line.push(this.protocol.feed(chunk)));
    socket.on('end', () => this.line.inputEnded());
    socket.on('close', () => this.line.closed());
    socket.on('error', (err) => log(`telnet ${peer}: ${err.message}`));
  }

  start(): void {
    this.protocol.start();
    this.line.start();
  }

  private write(bytes: Buffer): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(bytes);
  }
}

/** Starts a telnet server; resolves once it listens. Binds to 127.0.0.1 unless `host` says otherwise. */
export function startTelnetServer(options: TelnetServerOptions): Promise<TelnetServer> {
  const { host = '127.0.0.1', port = 0, factory } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const clients = new MgmtClients();

  // allowHalfOpen: a client that sends its lines and then EOF still gets every output.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    clients.addSocket(socket);
    let session: TerminalSession;
    try {
      session = factory(peer);
    } catch (err) {
      log(`telnet ${peer}: session factory failed: ${err instanceof Error ? err.stack : String(err)}`);
      socket.on('error', () => undefined);
      socket.end('% internal error\r\n');
      return;
    }
    const conn = new TelnetConnection(socket, session, peer, log, clients.frozen);
    clients.addLine(conn.line, (cb) => socket.on('close', cb));
    conn.start();
  });
  return clients.listen(server, host, port, log, 'telnet');
}

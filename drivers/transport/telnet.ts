// Telnet transport: a plain TCP socket (node:net) with our own telnet command handling.
//
// Why not the `telnet-client` package any more: its negotiate() runs on every socket chunk that
// starts with IAC and answers by rewriting the chunk's bytes. When a chunk holds only part of a
// command (one byte per read on a slow or fragmenting link) it writes broken answers: a lone IAC,
// or IAC DO without the option, which the device then reads as the start of a command and eats
// the first character of our next line ("terminal length 0" arrived as "erminal length 0"). Here
// IacFilter keeps its state across chunks and Negotiator answers each request once, so the byte
// stream may be split anywhere.
// Passwords never pass through here as anything but bytes to write: nothing is logged.
import { type Socket, connect as tcpConnect } from 'node:net';
import { ConnectError, TimeoutError } from '../errors';
import { TextTransport, type Transport } from './transport';
import { IacFilter, Negotiator, escapeIac } from './telnet-iac';

export interface TelnetOptions {
  device: string;
  host: string;
  port: number;
  /** Deadline for the TCP connection. */
  connectTimeoutMs: number;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EADDRNOTAVAIL: 'address not available',
};

/** Maps what the socket rejected a connect with onto our typed errors. */
export function mapConnectError(opts: TelnetOptions, err: unknown): Error {
  if (err instanceof ConnectError || err instanceof TimeoutError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const message = err instanceof Error ? err.message : String(err);
  if (message === 'Cannot connect' || code === 'ETIMEDOUT') {
    return new TimeoutError(opts.device, `TCP connection to ${opts.host}:${opts.port}`, opts.connectTimeoutMs, undefined, 'connect');
  }
  return new ConnectError(opts.device, opts.host, opts.port, NETWORK_REASONS[code] ?? (message || 'unknown error'));
}

export class TelnetTransport extends TextTransport implements Transport {
  readonly device: string;
  private socket: Socket | null = null;
  private readonly iac = new IacFilter();
  private readonly negotiator = new Negotiator();

  constructor(private readonly opts: TelnetOptions) {
    super();
    this.device = opts.device;
  }

  async connect(): Promise<void> {
    const { host, port, connectTimeoutMs } = this.opts;
    const socket = tcpConnect({ host, port });
    this.socket = socket;
    // Listen from the first byte: the device's negotiation often comes with the TCP handshake.
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (e: Error) => { this.lastError = e; });
    socket.on('close', () => this.markClosed());
    let timer: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(() => reject(mapConnectError(this.opts, new Error('Cannot connect'))), connectTimeoutMs);
        socket.once('connect', () => resolve());
        socket.once('error', (e) => reject(mapConnectError(this.opts, e)));
        socket.once('close', () => reject(new ConnectError(this.device, host, port, 'connection closed during connect')));
      });
    } catch (err) {
      this.closing = true;
      socket.destroy();
      this.markClosed();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    socket.setNoDelay(true);
  }

  write(data: string): void {
    const s = this.socket;
    if (!s || this.closedFlag || s.destroyed) return; // the caller learns of it through `closed`
    s.write(escapeIac(Buffer.from(data, 'utf8')));
  }

  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closing = true;
    if (!this.socket) { this.markClosed(); return; }
    this.socket.destroy();
    await this.closed;
  }

  private receive(chunk: Buffer): void {
    const { data, negotiations } = this.iac.push(chunk);
    const s = this.socket;
    for (const n of negotiations) {
      const answer = this.negotiator.answer(n);
      if (answer && s && s.writable) s.write(answer);
    }
    if (data.length > 0) this.emit(data);
  }
}

// Telnet transport over the `telnet-client` package, used as a raw byte stream.
//
// How telnet-client is used, and why:
// - connect({negotiationMandatory: false, shellPrompt: null}) resolves as soon as TCP connects and
//   does no prompt or login handling: prompts, dialogs and logins belong to the channel and session
//   layers above, which must work the same over SSH.
// - telnet-client keeps answering option negotiation (its negotiate(): DO -> WONT, WILL -> DO, so
//   the server's WILL ECHO / WILL SUPPRESS-GO-AHEAD are accepted) for IAC runs at the start of a
//   socket chunk. Its shell() stream then gives us the raw socket bytes; IacFilter strips the telnet
//   commands and we answer the few negotiations telnet-client's chunk-start rule misses.
// - Its own 'data' listener buffers every chunk for nextData(), which we never call; we remove it
//   so a long session does not grow that buffer without bound.
// Passwords never pass through here as anything but bytes to write: nothing is logged.
import type { Duplex } from 'node:stream';
import { Telnet } from 'telnet-client';
import { ConnectError, TimeoutError } from '../errors';
import { TextTransport, type Transport } from './transport';
import { IacFilter, answerFor, answeredByTelnetClient } from './telnet-iac';

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

/** Maps what telnet-client or the socket rejected a connect with onto our typed errors. */
export function mapConnectError(opts: TelnetOptions, err: unknown): Error {
  if (err instanceof ConnectError || err instanceof TimeoutError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const message = err instanceof Error ? err.message : String(err);
  // telnet-client rejects with "Cannot connect" when its socket timeout fires before connecting.
  if (message === 'Cannot connect' || code === 'ETIMEDOUT') {
    return new TimeoutError(opts.device, `TCP connection to ${opts.host}:${opts.port}`, opts.connectTimeoutMs);
  }
  return new ConnectError(opts.device, opts.host, opts.port, NETWORK_REASONS[code] ?? (message || 'unknown error'));
}

export class TelnetTransport extends TextTransport implements Transport {
  readonly device: string;
  private readonly client = new Telnet();
  private readonly iac = new IacFilter();
  private stream: Duplex | null = null;

  constructor(private readonly opts: TelnetOptions) {
    super();
    this.device = opts.device;
    // Without an 'error' listener telnet-client would not emit errors; keep the last for `closed`.
    this.client.on('error', (e: unknown) => { this.lastError = e instanceof Error ? e : new Error(String(e)); });
    this.client.on('close', () => this.markClosed());
  }

  async connect(): Promise<void> {
    const { host, port, connectTimeoutMs } = this.opts;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(mapConnectError(this.opts, new Error('Cannot connect'))), connectTimeoutMs);
    });
    try {
      await Promise.race([
        this.client.connect({
          host, port,
          negotiationMandatory: false,
          shellPrompt: null,
          timeout: connectTimeoutMs,
          initialLFCR: false,
          disableLogon: true,
        }),
        deadline,
      ]);
    } catch (err) {
      this.closing = true;
      if (this.client.getSocket()) await this.client.destroy();
      this.markClosed();
      throw mapConnectError(this.opts, err);
    } finally {
      clearTimeout(timer);
    }
    const socket = this.client.getSocket();
    if (!socket || socket.destroyed) {
      throw new ConnectError(this.device, host, port, 'connection closed during connect');
    }
    socket.setTimeout(0); // the connect deadline is over; idle sessions are the caller's business
    socket.setNoDelay(true);
    this.client.removeAllListeners('data');
    this.stream = await this.client.shell();
    this.stream.on('data', (chunk: Buffer) => this.receive(chunk));
    this.stream.on('error', (e: Error) => { this.lastError = e; });
  }

  write(data: string): void {
    if (!this.stream || this.closedFlag) return; // the caller learns of it through `closed`
    this.stream.write(Buffer.from(data, 'utf8'));
  }

  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closing = true;
    if (!this.client.getSocket()) { this.markClosed(); return; }
    await this.client.destroy();
    await this.closed;
  }

  private receive(chunk: Buffer): void {
    const { data, unanswered } = this.iac.push(chunk, answeredByTelnetClient(chunk));
    const socket = this.client.getSocket();
    for (const n of unanswered) {
      const answer = answerFor(n);
      if (answer && socket && socket.writable) socket.write(answer);
    }
    if (data.length === 0) return;
    this.emit(data);
  }

}

// The transport layer: bytes in and out of one device connection, nothing about prompts.
// Telnet (telnet.ts) and SSH (ssh.ts, an ssh2 shell channel) implement it.
import { StringDecoder } from 'node:string_decoder';

/** Why a transport closed. */
export type CloseReason =
  | { by: 'local' }
  | { by: 'remote' }
  | { by: 'error'; error: Error };

export interface Transport {
  /** The device name used in every error. */
  readonly device: string;
  /** Opens the connection. Throws ConnectError, TimeoutError or AuthError (SSH). */
  connect(): Promise<void>;
  /** Queues text for the device. Write failures surface through `closed`. */
  write(data: string): void;
  /** Registers a listener for decoded text from the device; returns a function that removes it. */
  onData(listener: (chunk: string) => void): () => void;
  /** Closes the connection; resolves once it is closed. Safe to call twice. */
  close(): Promise<void>;
  /** Resolves (never rejects) when the connection has closed, with the reason. */
  readonly closed: Promise<CloseReason>;
  /** True once the connection has closed. */
  readonly isClosed: boolean;
}

/**
 * What every byte-stream transport shares: UTF-8 decoding across chunk boundaries, the data
 * listeners, and the one-time `closed` promise with its reason (local close, an error, or the
 * remote end going away).
 */
export abstract class TextTransport {
  readonly closed: Promise<CloseReason>;
  protected closing = false;
  protected closedFlag = false;
  protected lastError: Error | null = null;
  private readonly listeners = new Set<(chunk: string) => void>();
  private readonly decoder = new StringDecoder('utf8');
  private resolveClosed!: (reason: CloseReason) => void;

  constructor() {
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve;
    });
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  onData(listener: (chunk: string) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Decode and hand bytes from the device to the listeners. */
  protected emit(data: Buffer): void {
    const text = this.decoder.write(data);
    if (text) for (const l of this.listeners) l(text);
  }

  /** Called once the connection is gone: flush the decoder and settle `closed`. */
  protected markClosed(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const rest = this.decoder.end();
    if (rest) for (const l of this.listeners) l(rest);
    if (this.closing) this.resolveClosed({ by: 'local' });
    else if (this.lastError) this.resolveClosed({ by: 'error', error: this.lastError });
    else this.resolveClosed({ by: 'remote' });
  }
}

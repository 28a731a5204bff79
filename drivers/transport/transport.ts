// The transport layer: bytes in and out of one device connection, nothing about prompts.
// Telnet implements it today; SSH (ssh2 shell channel) implements the same interface later.

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

// Test support: an in-memory Transport. The test plays the device with feed() and reads what the
// driver wrote from `written`.
import type { CloseReason, Transport } from '../transport/transport';

export class MemoryTransport implements Transport {
  readonly written: string[] = [];
  readonly closed: Promise<CloseReason>;
  private resolveClosed!: (r: CloseReason) => void;
  private readonly listeners = new Set<(chunk: string) => void>();
  private done = false;
  /** Called on every write, to script replies. */
  onWrite: ((data: string) => void) | null = null;

  constructor(readonly device = 'dev1') {
    this.closed = new Promise((r) => { this.resolveClosed = r; });
  }

  get isClosed(): boolean {
    return this.done;
  }

  async connect(): Promise<void> {}

  write(data: string): void {
    if (this.done) return;
    this.written.push(data);
    this.onWrite?.(data);
  }

  onData(listener: (chunk: string) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** The device sends text. */
  feed(text: string): void {
    for (const l of this.listeners) l(text);
  }

  /** The device hangs up. */
  hangUp(): void {
    this.finish({ by: 'remote' });
  }

  async close(): Promise<void> {
    this.finish({ by: 'local' });
  }

  private finish(r: CloseReason): void {
    if (this.done) return;
    this.done = true;
    this.resolveClosed(r);
  }
}

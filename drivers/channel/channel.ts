// The channel layer: a cleaned-up text buffer over a transport, read-until with deadlines, and
// dialogs. Knows nothing of prompts or modes (the session layer does).
import { ConnectionLostError, DriverError, TimeoutError } from '../errors';
import type { CloseReason, Transport } from '../transport/transport';
import { type Expect, type Pattern, toExpect } from './expect';
import { TextNormalizer } from './text';
import type { Transcript } from './transcript';

export interface ChannelOptions {
  /** Line ending sent by sendLine (the platform's). Default "\n". */
  newline?: string;
  transcript?: Transcript;
  /** Output larger than this without a match is an error. Default 16 MiB of text. */
  maxBufferChars?: number;
}

export interface ReadResult {
  /** Text before the match (consumed). */
  before: string;
  /** The matched text (consumed). */
  matched: string;
  /** Which pattern matched (index into the list given). */
  index: number;
  /** Its name. */
  name: string;
}

export interface ReadContext {
  /** The command being run, named in errors. */
  command?: string;
  /** What is awaited, for errors; defaults to the patterns' names. */
  what?: string;
}

/** Passed to a dialog action. */
export interface DialogContext {
  channel: Channel;
  result: ReadResult;
  /** How many times this statement has matched in this dialog, this time included. */
  seen: number;
}

export type DialogAction = (ctx: DialogContext) => void | Promise<void>;

/** One row of a dialog table, as in unicon: when `pattern` shows up, do `action`, then go on or stop. */
export interface DialogStatement {
  pattern: Pattern;
  /** A string is sent as a line; a function is called. None: just consume the match. */
  action?: string | DialogAction;
  /** Keep running the dialog after this statement (true) or return its match (false). */
  loopContinue: boolean;
  /** Mask the string action in the transcript (passwords). */
  secret?: boolean;
}

export type Dialog = readonly DialogStatement[];

interface Waiter {
  expects: Expect[];
  what: string;
  command?: string;
  resolve: (r: ReadResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_MAX = 16 * 1024 * 1024;

export class Channel {
  readonly device: string;
  readonly newline: string;
  private buffer = '';
  private waiter: Waiter | null = null;
  private closeReason: CloseReason | null = null;
  private received = 0;
  private readonly normalizer = new TextNormalizer();
  private readonly transcript?: Transcript;
  private readonly maxBufferChars: number;

  constructor(private readonly transport: Transport, opts: ChannelOptions = {}) {
    this.device = transport.device;
    this.newline = opts.newline ?? '\n';
    this.transcript = opts.transcript;
    this.maxBufferChars = opts.maxBufferChars ?? DEFAULT_MAX;
    transport.onData((chunk) => this.onData(chunk));
    void transport.closed.then((reason) => this.onClosed(reason));
  }

  /** Text received and not consumed yet. */
  get pending(): string {
    return this.buffer;
  }

  get isClosed(): boolean {
    return this.closeReason !== null;
  }

  /** Sends text as is. */
  write(data: string, opts: { secret?: boolean } = {}): void {
    this.transcript?.record('sent', data, opts);
    this.transport.write(data);
  }

  /** Sends text followed by the newline. */
  sendLine(text: string, opts: { secret?: boolean } = {}): void {
    if (opts.secret) {
      this.transcript?.record('sent', text, { secret: true });
      this.transcript?.record('sent', this.newline);
      this.transport.write(text + this.newline);
    } else {
      this.write(text + this.newline);
    }
  }

  /** Takes (and clears) the unconsumed text. */
  take(): string {
    const b = this.buffer;
    this.buffer = '';
    return b;
  }

  /**
   * Waits until one of `patterns` appears in the buffer, or throws TimeoutError after `timeoutMs`
   * (naming the device and what it waited for), or ConnectionLostError if the connection closes.
   * The earliest match in the buffer wins; ties go to the first pattern. Text up to the end of the
   * match is consumed.
   */
  readUntil(patterns: Pattern | readonly Pattern[], timeoutMs: number, ctx: ReadContext = {}): Promise<ReadResult> {
    const list = (Array.isArray(patterns) ? patterns : [patterns]) as readonly Pattern[];
    const expects = list.map(toExpect);
    const what = ctx.what ?? expects.map((e) => e.name).join(' or ');
    if (this.waiter) {
      return Promise.reject(new DriverError({ device: this.device, command: ctx.command }, `channel busy: already waiting for ${this.waiter.what}`));
    }
    const now = this.tryMatch(expects);
    if (now) return Promise.resolve(now);
    if (this.closeReason) return Promise.reject(this.lostError(what, ctx.command));
    return new Promise<ReadResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new TimeoutError(this.device, what, timeoutMs, ctx.command));
      }, Math.max(0, timeoutMs));
      this.waiter = { expects, what, command: ctx.command, resolve, reject, timer };
    });
  }

  /**
   * Runs a dialog until one of `end` matches (returned, with `index` into `end`) or a statement
   * with loopContinue false matches (returned with `index` = -1 - statement index).
   * One deadline covers the whole dialog.
   */
  async runDialog(dialog: Dialog, end: Pattern | readonly Pattern[], timeoutMs: number, ctx: ReadContext = {}): Promise<ReadResult> {
    const endList = (Array.isArray(end) ? end : [end]) as readonly Pattern[];
    const endExpects = endList.map(toExpect);
    const what = ctx.what ?? endExpects.map((e) => e.name).join(' or ');
    const deadline = Date.now() + timeoutMs;
    const seen = new Map<number, number>();
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new TimeoutError(this.device, what, timeoutMs, ctx.command);
      const all = [...endExpects, ...dialog.map((s) => toExpect(s.pattern))];
      let r: ReadResult;
      try {
        r = await this.readUntil(all, remaining, { ...ctx, what });
      } catch (e) {
        // Report the dialog's full deadline, not what was left of it.
        if (e instanceof TimeoutError) throw new TimeoutError(this.device, what, timeoutMs, ctx.command);
        throw e;
      }
      if (r.index < endExpects.length) return r;
      const si = r.index - endExpects.length;
      const st = dialog[si] as DialogStatement;
      const count = (seen.get(si) ?? 0) + 1;
      seen.set(si, count);
      if (typeof st.action === 'string') this.sendLine(st.action, { secret: st.secret });
      else if (st.action) await st.action({ channel: this, result: r, seen: count });
      if (!st.loopContinue) return { ...r, index: -1 - si };
    }
  }

  /** Waits until nothing has arrived for `quietMs` (at most `maxMs`), then takes the buffer. */
  async drain(quietMs: number, maxMs: number): Promise<string> {
    const stop = Date.now() + maxMs;
    let last = -1;
    while (last !== this.received && Date.now() < stop && !this.closeReason) {
      last = this.received;
      await new Promise<void>((r) => setTimeout(r, Math.min(quietMs, Math.max(1, stop - Date.now()))));
    }
    return this.take();
  }

  async close(): Promise<void> {
    this.transcript?.record('note', 'close');
    await this.transport.close();
  }

  private onData(chunk: string): void {
    this.transcript?.record('recv', chunk);
    this.received += chunk.length;
    this.buffer += this.normalizer.push(chunk);
    this.check();
  }

  private onClosed(reason: CloseReason): void {
    this.buffer += this.normalizer.flush();
    this.closeReason = reason;
    this.transcript?.record('note', `closed (${reason.by})`);
    const w = this.waiter;
    if (!w) return;
    const r = this.tryMatch(w.expects);
    this.waiter = null;
    clearTimeout(w.timer);
    if (r) w.resolve(r);
    else w.reject(this.lostError(w.what, w.command));
  }

  private check(): void {
    const w = this.waiter;
    if (!w) return;
    const r = this.tryMatch(w.expects);
    if (r) {
      this.waiter = null;
      clearTimeout(w.timer);
      w.resolve(r);
    } else if (this.buffer.length > this.maxBufferChars) {
      this.waiter = null;
      clearTimeout(w.timer);
      w.reject(new DriverError({ device: this.device, command: w.command }, `more than ${this.maxBufferChars} characters of output without ${w.what}`));
    }
  }

  private tryMatch(expects: readonly Expect[]): ReadResult | null {
    let best: { i: number; start: number; end: number } | null = null;
    expects.forEach((e, i) => {
      const m = e.find(this.buffer);
      if (m && (!best || m.start < best.start)) best = { i, start: m.start, end: m.end };
    });
    if (!best) return null;
    const { i, start, end } = best as { i: number; start: number; end: number };
    const result: ReadResult = {
      before: this.buffer.slice(0, start),
      matched: this.buffer.slice(start, end),
      index: i,
      name: (expects[i] as Expect).name,
    };
    this.buffer = this.buffer.slice(end);
    return result;
  }

  private lostError(what: string, command?: string): ConnectionLostError {
    const r = this.closeReason;
    const how = !r ? '' : r.by === 'remote' ? ' (closed by the device)' : r.by === 'local' ? ' (closed locally)' : ` (${r.error.message})`;
    return new ConnectionLostError(this.device, `while waiting for ${what}${how}`, command);
  }
}

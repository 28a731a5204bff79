// The channel layer: a cleaned-up text buffer over a transport, read-until with deadlines, and
// dialogs. Knows nothing of prompts or modes (the session layer does).
import { ConnectionLostError, DriverError, TimeoutError, type TimeoutKind } from '../errors';
import type { CloseReason, Transport } from '../transport/transport';
import { type Expect, type Pattern, toExpect } from './expect';
import { TextNormalizer, appendClean } from './text';
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

/**
 * How long a wait may last. Reading never depends on how the bytes are chunked, so a deadline is
 * about progress, not size: `idleMs` runs out when nothing has arrived for that long (every chunk
 * received restarts it, so a long answer on a slow link is fine), `totalMs` (or the absolute
 * `until`, a Date.now() value shared by several waits) caps the whole wait whatever arrives.
 * A plain number is `{ totalMs: n }`.
 */
export interface Deadline {
  idleMs?: number;
  totalMs?: number;
  until?: number;
}

interface Waiter {
  expects: Expect[];
  what: string;
  command?: string;
  resolve: (r: ReadResult) => void;
  reject: (e: Error) => void;
  idleTimer?: NodeJS.Timeout;
  totalTimer?: NodeJS.Timeout;
  /** Restarts the inactivity deadline (on every chunk received). */
  rearm?: () => void;
}

/** The deadline's overall cap as an absolute time, or undefined. */
function capOf(d: Deadline, now: number): { at: number; ms: number } | undefined {
  const cands: { at: number; ms: number }[] = [];
  if (d.totalMs !== undefined) cands.push({ at: now + d.totalMs, ms: d.totalMs });
  if (d.until !== undefined) cands.push({ at: d.until, ms: Math.max(0, d.until - now) });
  return cands.sort((a, b) => a.at - b.at)[0];
}

const DEFAULT_MAX = 16 * 1024 * 1024;

export class Channel {
  readonly device: string;
  readonly newline: string;
  private buffer = '';
  private waiter: Waiter | null = null;
  private closeReason: CloseReason | null = null;
  /** Why we closed it ourselves (named in errors of waits cut short by the close). */
  private localReason: string | null = null;
  private received = 0;
  private lastDataAt = Date.now();
  private longestGap = 0;
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

  /** Characters received so far. */
  get receivedChars(): number {
    return this.received;
  }

  /** Time since the last chunk arrived (or since the channel was made), ms. */
  get quietMs(): number {
    return Date.now() - this.lastDataAt;
  }

  /** The longest pause seen between two chunks (the first counted from the channel's creation), ms. */
  get longestGapMs(): number {
    return this.longestGap;
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
   * Waits until one of `patterns` appears in the buffer, or throws TimeoutError when a deadline
   * runs out (naming the device, what it waited for and which deadline: inactivity or overall),
   * or ConnectionLostError if the connection closes. The earliest match in the buffer wins; ties go
   * to the first pattern. Text up to the end of the match is consumed.
   */
  readUntil(patterns: Pattern | readonly Pattern[], deadline: number | Deadline, ctx: ReadContext = {}): Promise<ReadResult> {
    const list = (Array.isArray(patterns) ? patterns : [patterns]) as readonly Pattern[];
    const expects = list.map(toExpect);
    const what = ctx.what ?? expects.map((e) => e.name).join(' or ');
    if (this.waiter) {
      return Promise.reject(new DriverError({ device: this.device, command: ctx.command }, `channel busy: already waiting for ${this.waiter.what}`));
    }
    const now = this.tryMatch(expects);
    if (now) return Promise.resolve(now);
    if (this.closeReason) return Promise.reject(this.lostError(what, ctx.command));
    const d: Deadline = typeof deadline === 'number' ? { totalMs: deadline } : deadline;
    return new Promise<ReadResult>((resolve, reject) => {
      const w: Waiter = { expects, what, command: ctx.command, resolve, reject };
      const expire = (kind: TimeoutKind, ms: number) => () => {
        if (this.waiter !== w) return;
        this.finishWaiter();
        reject(new TimeoutError(this.device, what, ms, ctx.command, kind));
      };
      const cap = capOf(d, Date.now());
      if (cap) w.totalTimer = setTimeout(expire('overall', cap.ms), Math.max(0, cap.at - Date.now()));
      if (d.idleMs !== undefined) {
        const idle = d.idleMs;
        const arm = expire('inactivity', idle);
        w.idleTimer = setTimeout(arm, Math.max(0, idle));
        w.rearm = () => {
          clearTimeout(w.idleTimer);
          w.idleTimer = setTimeout(arm, Math.max(0, idle));
        };
      }
      this.waiter = w;
    });
  }

  /**
   * Runs a dialog until one of `end` matches (returned, with `index` into `end`) or a statement
   * with loopContinue false matches (returned with `index` = -1 - statement index).
   * The deadline covers the whole dialog: its overall cap is shared, its inactivity deadline runs
   * from the last byte received.
   */
  async runDialog(dialog: Dialog, end: Pattern | readonly Pattern[], deadline: number | Deadline, ctx: ReadContext = {}): Promise<ReadResult> {
    const endList = (Array.isArray(end) ? end : [end]) as readonly Pattern[];
    const endExpects = endList.map(toExpect);
    const what = ctx.what ?? endExpects.map((e) => e.name).join(' or ');
    const d: Deadline = typeof deadline === 'number' ? { totalMs: deadline } : deadline;
    const cap = capOf(d, Date.now());
    const seen = new Map<number, number>();
    for (;;) {
      if (cap && cap.at - Date.now() <= 0) throw new TimeoutError(this.device, what, cap.ms, ctx.command, 'overall');
      const all = [...endExpects, ...dialog.map((s) => toExpect(s.pattern))];
      let r: ReadResult;
      try {
        r = await this.readUntil(all, { idleMs: d.idleMs, until: cap?.at }, { ...ctx, what });
      } catch (e) {
        // Report the dialog's full cap, not what was left of it.
        if (e instanceof TimeoutError && e.kind === 'overall' && cap) throw new TimeoutError(this.device, what, cap.ms, ctx.command, 'overall');
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

  /**
   * Closes the connection. `reason` (e.g. "the test's timeout ran out") is named in the error of
   * any wait this close cuts short, so such a wait does not just say "closed locally".
   */
  async close(reason?: string): Promise<void> {
    if (!this.closeReason && this.localReason === null) this.localReason = reason ?? '';
    this.transcript?.record('note', reason ? `close (${reason})` : 'close');
    await this.transport.close();
  }

  private onData(chunk: string): void {
    this.transcript?.record('recv', chunk);
    this.received += chunk.length;
    const now = Date.now();
    this.longestGap = Math.max(this.longestGap, now - this.lastDataAt);
    this.lastDataAt = now;
    this.buffer = appendClean(this.buffer, this.normalizer.push(chunk));
    this.waiter?.rearm?.();
    this.check();
  }

  private finishWaiter(): void {
    const w = this.waiter;
    if (!w) return;
    clearTimeout(w.idleTimer);
    clearTimeout(w.totalTimer);
    this.waiter = null;
  }

  private onClosed(reason: CloseReason): void {
    this.buffer += this.normalizer.flush();
    this.closeReason = reason;
    this.transcript?.record('note', `closed (${reason.by})`);
    const w = this.waiter;
    if (!w) return;
    const r = this.tryMatch(w.expects);
    this.finishWaiter();
    if (r) w.resolve(r);
    else w.reject(this.lostError(w.what, w.command));
  }

  private check(): void {
    const w = this.waiter;
    if (!w) return;
    const r = this.tryMatch(w.expects);
    if (r) {
      this.finishWaiter();
      w.resolve(r);
    } else if (this.buffer.length > this.maxBufferChars) {
      this.finishWaiter();
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

  private localCloseText(): string {
    if (this.localReason) return `closed locally: ${this.localReason}`;
    return 'closed locally by the harness before the answer came: an outer deadline (such as the test\'s timeout) or the end of the run closed the session';
  }

  private lostError(what: string, command?: string): ConnectionLostError {
    const r = this.closeReason;
    const how = !r ? '' : r.by === 'remote' ? ' (closed by the device)' : r.by === 'local' ? ` (${this.localCloseText()})` : ` (${r.error.message})`;
    return new ConnectionLostError(this.device, `while waiting for ${what}${how}`, command);
  }
}

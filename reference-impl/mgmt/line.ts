/**
 * What telnet and SSH share: the line editor (server-side echo, BS/DEL, Ctrl-U, Ctrl-W) and the
 * loop that drives a dialect's TerminalSession from a byte stream. A server owns its wire protocol
 * and hands this class the data bytes; this class owns the words' timing.
 *
 * Input is processed in order: bytes go into a per-connection queue that a single loop feeds to
 * the line editor; while a command runs the loop waits, so pasted lines are echoed and executed one
 * after the other, each echo after the previous command's output, as if typed.
 *
 * Freezing (Lab.freezeNode, for error tests) keeps reading into the queue but stops the loop and
 * holds every output byte until the node is thawed: the connection stays up, the CLI goes silent.
 */
import { CommandControl, DEFAULT_LIMITS, withCommand, type CommandLimits } from './command';
import type { CommandResult, TerminalSession } from './terminal';

/** How long a command may take to stop after Ctrl-C before the session stops waiting for it. */
const INTERRUPT_GRACE_MS = 2000;

/** Said when a dialect does not name its own line for a command that failed unexpectedly. */
const GENERIC_ERROR = '% command failed\n';

export type EditorEvent = { kind: 'line'; line: string } | { kind: 'interrupt' } | { kind: 'eof' };

const NUL = 0x00, CTRL_C = 0x03, CTRL_D = 0x04, BS = 0x08, LF = 0x0a, CR = 0x0d;
const CTRL_Z = 0x1a;
const CTRL_U = 0x15, CTRL_W = 0x17, ESC = 0x1b, DEL = 0x7f, BEL = 0x07, TAB = 0x09;

/**
 * Line editing with server-side echo, byte by byte. CR LF, CR NUL, bare CR and bare LF each end
 * one line; BS/DEL erase a character, Ctrl-U the line, Ctrl-W a word; ANSI escape sequences
 * (arrow keys) are swallowed. Works on UTF-8 bytes; erasing removes a whole code point.
 */
export class LineEditor {
  private buf: number[] = [];
  private afterCr = false;
  private escape: 'none' | 'esc' | 'csi' | 'ss3' = 'none';

  constructor(
    private readonly echo: (bytes: Buffer | string) => void,
    private readonly maxLength = 4096,
    /** Tab: the line with its last word completed, from the dialect's grammar; undefined: nothing fits. */
    private readonly complete?: (line: string) => string | undefined,
    /** Ctrl-Z ends the line and stays at its end (the dialect asked for it). */
    private readonly ctrlZ = false,
  ) {}

  /** Feeds one input byte; returns an event when a line ends, on Ctrl-C or on Ctrl-D. */
  feed(b: number): EditorEvent | undefined {
    if (this.afterCr) {
      this.afterCr = false;
      if (b === LF || b === NUL) return undefined; // second half of CR LF / CR NUL
    }
    if (this.escape !== 'none') {
      // A control character ends an unfinished escape sequence and keeps its own meaning
      // (a line ending in "ESC [" still ends with its CR).
      if (b >= 0x20) { this.skipEscape(b); return undefined; }
      this.escape = 'none';
    }
    switch (b) {
      case CR: this.afterCr = true; return this.endLine();
      case LF: return this.endLine();
      case BS: case DEL: this.eraseChar(); return undefined;
      case CTRL_U: while (this.buf.length > 0) this.eraseChar(); return undefined;
      case CTRL_W: this.eraseWord(); return undefined;
      case CTRL_C: this.buf = []; return { kind: 'interrupt' };
      case CTRL_D: return this.buf.length === 0 ? { kind: 'eof' } : undefined;
      case ESC: this.escape = 'esc'; return undefined;
      case TAB: this.completeLine(); return undefined;
      case CTRL_Z: if (this.ctrlZ) { this.buf.push(CTRL_Z); return this.endLine(); } return undefined;
    }
    if (b < 0x20) return undefined; // other control characters (Tab, NUL, ...) are ignored
    if (this.buf.length >= this.maxLength) { this.echo(Buffer.from([BEL])); return undefined; }
    this.buf.push(b);
    this.echo(Buffer.from([b]));
    return undefined;
  }

  /** Tab completion as on the device: the rest of the word is typed for the user, or a bell. */
  private completeLine(): void {
    const line = Buffer.from(this.buf).toString('utf8');
    const done = this.complete?.(line);
    if (done === undefined || !done.startsWith(line) || done.length === line.length) { this.echo(Buffer.from([BEL])); return; }
    const add = Buffer.from(done.slice(line.length), 'utf8');
    if (this.buf.length + add.length > this.maxLength) { this.echo(Buffer.from([BEL])); return; }
    for (const b of add) this.buf.push(b);
    this.echo(add);
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

/** "\n" (or an existing "\r\n") becomes "\r\n", as NVT (RFC 854) and a pty's onlcr require. */
export function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** The byte stream under a LineSession (a TCP socket for telnet, an SSH channel for SSH). */
export interface LineIo {
  write(bytes: Buffer): void;
  /** Ends the connection gracefully (after the queued output). */
  end(): void;
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** True while the transport's write buffer is full. */
  needDrain(): boolean;
  /** Resolves on 'drain' or on close. */
  waitDrain(): Promise<void>;
}

export interface LineSessionOptions {
  /** Echo typed characters (telnet: unless the client refused ECHO; SSH: when a pty was asked for). */
  echo: () => boolean;
  /** Line ending for output: CRLF on a terminal, "\n" on an SSH channel without a pty. */
  crlf?: boolean;
  /** Prefix of log lines, e.g. "telnet 127.0.0.1:5555". */
  label: string;
  log: (message: string) => void;
  /** Starts frozen (the node is frozen when the client connects). */
  frozen?: boolean;
  /** Per-command budget (output size, work units); DEFAULT_LIMITS unless told. */
  limits?: CommandLimits;
  /** Show a long-running command's lines as they come (default true; SSH exec collects them). */
  stream?: boolean;
}

const QUEUE_HIGH = 1 << 20; // pause reading past 1 MiB of unprocessed input
const QUEUE_LOW = 1 << 16;

/** One client's CLI: input queue, line editor and the TerminalSession it drives. */
export class LineSession {
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
  private frozen: boolean;
  /** The command running now, if any: Ctrl-C interrupts it. */
  private current?: CommandControl;

  constructor(private readonly io: LineIo, private readonly session: TerminalSession, private readonly opts: LineSessionOptions) {
    this.editor = new LineEditor((bytes) => { if (this.opts.echo() && !session.secretInput?.()) this.out.push(bytes); }, 4096, session.complete ? (l) => session.complete?.(l) : undefined, session.ctrlZEndsLine === true);
    this.frozen = opts.frozen ?? false;
  }

  /** Prints the banner and the first prompt. */
  start(): void {
    this.out.push(this.text(this.call('banner', () => this.session.banner())));
    this.out.push(this.text(this.call('prompt', () => this.session.prompt())));
    this.flush();
    // Unsolicited lines (debug messages): at once; at an idle prompt on a line of their own,
    // then the prompt again (as IOS's `logging synchronous` redraws it).
    this.session.attach?.((t) => {
      if (this.ended) return;
      if (this.running) this.out.push(this.text(t));
      else this.out.push(this.text('\n' + t), this.text(this.call('prompt', () => this.session.prompt())));
      this.flush();
    });
  }

  /** Data bytes from the client (wire protocol already removed). */
  push(data: Buffer): void {
    if (this.ended || data.length === 0) return;
    // Ctrl-C (telnet IAC IP arrives as 0x03 too) while a command runs stops that command, as on
    // the device; it is consumed, and what was typed around it stays queued for the next prompt.
    if (this.current && !this.frozen) {
      const at = data.indexOf(CTRL_C);
      if (at >= 0) {
        this.current.interrupt();
        data = Buffer.concat([data.subarray(0, at), data.subarray(at + 1)]);
        if (data.length === 0) return;
      }
    }
    this.queue.push(data);
    this.queuedBytes += data.length;
    if (this.queuedBytes > QUEUE_HIGH) this.io.pause();
    this.kick();
  }

  /** The client will send no more (EOF): finish the queued input, then end. */
  inputEnded(): void {
    this.inputDone = true;
    if (!this.running && !this.frozen) this.end();
  }

  /** The connection is gone: close the TerminalSession once. */
  closed(): void {
    this.ended = true;
    this.queue.length = 0;
    this.current?.interrupt('closed');
    if (this.sessionClosed) return;
    this.sessionClosed = true;
    this.call('close', () => { this.session.close(); return ''; });
  }

  /** Freeze (nothing processed, nothing written) or thaw (held input and output go on). */
  setFrozen(frozen: boolean): void {
    if (this.frozen === frozen) return;
    this.frozen = frozen;
    if (frozen) return;
    this.flush();
    this.kick();
    if (this.inputDone && !this.running) this.end();
  }

  private kick(): void {
    if (this.running || this.frozen || this.ended) return;
    this.running = true;
    this.run().catch((err: unknown) => { this.opts.log(`${this.opts.label}: ${String(err)}`); this.end(); });
  }

  private nextByte(): number | undefined {
    while (this.queue.length > 0 && this.queueOffset >= this.queue[0].length) {
      this.queue.shift();
      this.queueOffset = 0;
    }
    if (this.queue.length === 0) return undefined;
    this.queuedBytes--;
    if (this.io.isPaused() && this.queuedBytes < QUEUE_LOW) this.io.resume();
    return this.queue[0][this.queueOffset++];
  }

  /** The only consumer of the queue; at most one runs per connection. */
  private async run(): Promise<void> {
    try {
      for (let b = this.nextByte(); b !== undefined && !this.ended; b = this.frozen ? undefined : this.nextByte()) {
        const event = this.editor.feed(b);
        if (!event) continue;
        if (event.kind === 'line') await this.execute(event.line);
        else if (event.kind === 'interrupt') this.out.push(this.text('\n'), this.text(this.call('prompt', () => this.session.prompt())));
        else { this.out.push(this.text('\n')); this.flush(); this.end(); }
      }
      this.flush();
    } finally {
      this.running = false;
      if (this.inputDone && !this.frozen) this.end();
    }
  }

  private async execute(line: string): Promise<void> {
    this.out.push(this.text('\n'));
    this.flush();
    const result = await this.runCommand(line);
    if (this.ended) return;
    this.out.push(this.text(result.output));
    if (result.close) { this.flush(); this.end(); return; }
    this.out.push(this.text(this.call('prompt', () => this.session.prompt())));
    this.flush();
    if (this.io.needDrain()) await this.io.waitDrain();
  }

  /** Stops the running command, if any (Ctrl-C on an SSH exec channel, signal INT). */
  interruptCommand(): void {
    this.current?.interrupt();
  }

  /**
   * Runs one line under a fresh CommandControl; the output always ends with a newline (when not
   * empty) and is cut at the output budget. Never throws: an unexpected exception is logged with
   * its stack and the session gets the dialect's error line. After Ctrl-C, a command that does
   * not stop within INTERRUPT_GRACE_MS is abandoned.
   */
  async runCommand(line: string): Promise<CommandResult> {
    const limits = this.opts.limits ?? DEFAULT_LIMITS;
    const ctl = new CommandControl(limits);
    let streamed = 0;
    if (this.opts.stream !== false) {
      ctl.write = (text: string) => {
        if (this.ended || ctl.reason === 'budget') return;
        streamed += text.length;
        if (streamed > limits.maxOutput) {
          ctl.reason = 'budget';
          ctl.interrupt();
          return;
        }
        this.out.push(this.text(text));
        this.flush();
      };
    }
    this.current = ctl;
    let result: CommandResult;
    try {
      result = await this.untilStopped(withCommand(ctl, () => this.session.execute(line)), ctl);
    } catch (err) {
      this.opts.log(`${this.opts.label}: execute ${JSON.stringify(line)} failed: ${err instanceof Error ? err.stack : String(err)}`);
      const said = this.call('internalError', () => this.session.internalError?.() ?? GENERIC_ERROR);
      result = { output: said || GENERIC_ERROR, failed: true };
    } finally {
      this.current = undefined;
    }
    if (ctl.reason === 'budget') this.opts.log(`${this.opts.label}: ${JSON.stringify(line.slice(0, 80))} stopped: budget spent (${ctl.spent} of ${limits.maxWork} work units, ${streamed} of ${limits.maxOutput} characters streamed)`);
    let output = typeof result?.output === 'string' ? result.output : '';
    if (output.length > limits.maxOutput) {
      this.opts.log(`${this.opts.label}: output of ${JSON.stringify(line.slice(0, 80))} cut at ${limits.maxOutput} of ${output.length} characters`);
      output = output.slice(0, limits.maxOutput);
    }
    if (output.length > 0 && !output.endsWith('\n')) output += '\n';
    return { ...result, output };
  }

  /** The command's result; once interrupted, at most INTERRUPT_GRACE_MS more wait. */
  private untilStopped(p: Promise<CommandResult>, ctl: CommandControl): Promise<CommandResult> {
    return new Promise<CommandResult>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        timer = setTimeout(() => {
          this.opts.log(`${this.opts.label}: a command did not stop within ${INTERRUPT_GRACE_MS} ms of its interrupt; abandoned`);
          resolve({ output: '' });
        }, INTERRUPT_GRACE_MS);
      };
      if (ctl.signal.aborted) onAbort();
      else ctl.signal.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => { ctl.signal.removeEventListener('abort', onAbort); if (timer) clearTimeout(timer); };
      p.then((r) => { settle(); resolve(r); }, (e: unknown) => { settle(); reject(e); });
    });
  }

  /** Converts "\n" to the connection's line ending. */
  text(s: string): string {
    return this.opts.crlf === false ? s.replace(/\r\n/g, '\n') : toCrlf(s);
  }

  /** Runs a session callback that must not throw; a throw is logged and yields "". */
  private call(what: string, fn: () => string): string {
    try {
      return fn();
    } catch (err) {
      this.opts.log(`${this.opts.label}: ${what}() failed: ${err instanceof Error ? err.stack : String(err)}`);
      return '';
    }
  }

  /** Writes the pending output, unless frozen (then it waits for the thaw). */
  flush(): void {
    if (this.out.length === 0 || this.frozen || this.ended) return;
    const bytes = Buffer.concat(this.out.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.out = [];
    this.io.write(bytes);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    this.io.end();
  }
}

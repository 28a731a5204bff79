// The session layer: prompt finding (with the login dialog), paging off, commands, configuration
// and mode tracking, all driven by a platform's data (PlatformSpec).
import type { Channel, Dialog, DialogStatement, ReadResult } from '../channel/channel';
import { type Expect, echoExpect, lastLineExpect, regexExpect } from '../channel/expect';
import { AuthError, CommandError, DriverError, TimeoutError } from '../errors';
import { type ModeState, type ModeStep, detectFromText, detectMode, findModePath, inSubMode, isStatusLine, promptExpect } from './modes';
import type { DialogSpec, ModeDialogSpec, PlatformSpec } from './spec';

export { detectMode, type ModeState } from './modes';

/**
 * Deadlines are about progress, not size (reading never depends on how bytes are chunked): the
 * `...Ms` deadlines run out when nothing has arrived for that long and restart with every chunk
 * received, so a long answer on a slow link is fine; the `...CapMs` deadlines cap the whole wait.
 */
export interface SessionTimeouts {
  /** Finding the prompt, login included: no byte for this long is a TimeoutError of kind "login". */
  promptMs: number;
  /** Cap on finding the prompt, however much arrives (a banner that never ends). */
  promptCapMs: number;
  /** One command (echo, dialogs, prompt): no byte for this long is a TimeoutError of kind "inactivity". */
  commandMs: number;
  /** Cap on one command, however much arrives: a TimeoutError of kind "overall". */
  commandCapMs: number;
  /**
   * Wake-up: when no prompt has come and the line has been quiet this long, a newline is sent once
   * (some devices print nothing until they get one). Adapted to the link: never less than three
   * times the longest pause seen between chunks, and at least 4 x wakeMs (2 s minimum) before the
   * first byte, so that a slow link's pauses are not taken for silence (a newline sent into a
   * login would be read as the username).
   */
  wakeMs: number;
  /** Quiet time after the first prompt, to swallow extra prompts and late banner lines. */
  settleMs: number;
}

export const DEFAULT_SESSION_TIMEOUTS: SessionTimeouts = { promptMs: 15000, promptCapMs: 120_000, commandMs: 30000, commandCapMs: 600_000, wakeMs: 500, settleMs: 150 };

export interface SessionOptions {
  username?: string;
  password?: string;
  /**
   * Secrets that mode dialogs answer with, by name (ModeDialogSpec.answer { secret: "enable" }):
   * e.g. { enable: "..." } for IOS's enable secret. Masked in the transcript.
   */
  secrets?: Readonly<Record<string, string>>;
  timeouts?: Partial<SessionTimeouts>;
}

export interface SendOptions {
  /** Inactivity deadline of this command (default timeouts.commandMs). */
  timeoutMs?: number;
  /** Overall cap of this command (default timeouts.commandCapMs). */
  capMs?: number;
  /** Throw CommandError when an output line matches a failure indicator. Default true. */
  check?: boolean;
}

export class Session {
  readonly device: string;
  readonly timeouts: SessionTimeouts;
  private current: ModeState | null = null;
  private readonly prompt: Expect;
  private readonly username?: string;
  private readonly password?: string;
  private readonly secrets: Readonly<Record<string, string>>;

  constructor(readonly channel: Channel, readonly platform: PlatformSpec, opts: SessionOptions = {}) {
    this.device = channel.device;
    this.timeouts = { ...DEFAULT_SESSION_TIMEOUTS, ...opts.timeouts };
    this.prompt = promptExpect(platform);
    this.username = opts.username;
    this.password = opts.password;
    this.secrets = opts.secrets ?? {};
  }

  /** The mode of the last prompt seen; null before the prompt is found. */
  get mode(): ModeState | null {
    return this.current;
  }

  /** True when the last prompt said the candidate configuration has uncommitted changes (VRP "[*PE1]"). */
  get uncommitted(): boolean {
    return this.current?.uncommitted === true;
  }

  private detect(line: string): ModeState | null {
    return detectMode(this.platform.modes, line, this.current?.host);
  }

  /** The mode of a prompt match (its status line included, where the platform has one). */
  private detectText(text: string): ModeState | null {
    return detectFromText(this.platform.modes, text, this.current?.host);
  }

  /**
   * Moves to `mode` along the platform's mode graph (breadth-first shortest path, as scrapli's
   * acquire_priv), answering the dialogs of each step (an enable password from
   * SessionOptions.secrets, a confirmation); from a sub-mode of `mode` it climbs out first
   * (ModeSpec.subModes). Each step is checked against the prompt that follows, and the path is
   * planned again from where the device really is. Returns the mode reached.
   */
  async acquire(mode: string, opts: { timeoutMs?: number } = {}): Promise<ModeState> {
    const p = this.platform;
    const target = p.modes.find((m) => m.name === mode);
    if (!target) throw new DriverError({ device: this.device }, `unknown mode "${mode}" for platform ${p.name}; its modes: ${p.modes.map((m) => m.name).join(', ')}`);
    const t = opts.timeoutMs ?? this.timeouts.commandMs;
    for (let steps = 0; steps < 16; steps++) {
      const cur = this.current;
      if (!cur) throw new DriverError({ device: this.device }, 'session not open: the prompt has not been found');
      if (cur.name === mode) {
        if (!inSubMode(target, cur)) return cur;
        await this.step({ from: mode, to: mode, command: (target.subModes as { exit: string }).exit, dialogs: [] }, t);
        continue;
      }
      const path = findModePath(p, cur.name, mode);
      if (!path) throw new DriverError({ device: this.device }, `platform ${p.name} has no way from mode "${cur.name}" to mode "${mode}"`);
      const step = path[0] as ModeStep;
      await this.step(step, t);
      const now = this.current as ModeState | null;
      if (now?.name !== step.to) {
        throw new CommandError(this.device, step.command, `expected mode "${step.to}" after it, but the prompt "${now?.prompt ?? ''}" is mode "${now?.name ?? '?'}"`);
      }
    }
    throw new DriverError({ device: this.device }, `mode "${mode}" not reached after 16 steps (now "${this.current?.prompt ?? ''}")`);
  }

  /** Runs one step of the mode graph: its command, answering its dialogs, checking for failures. */
  private async step(step: ModeStep, timeoutMs: number): Promise<void> {
    const answered = { text: '' };
    const extra = step.dialogs.map((d) => this.modeDialog(d, answered, step.command));
    const out = await this.exchange(step.command, timeoutMs, this.timeouts.commandCapMs, extra);
    this.checkFailure(step.command, answered.text + out);
  }

  /** A mode dialog as a channel statement: answers with the literal or the named secret, at most maxTimes. */
  private modeDialog(d: ModeDialogSpec, answered: { text: string }, command: string): DialogStatement {
    let times = 0;
    return {
      pattern: lastLineExpect(d.pattern, d.name),
      action: ({ channel, result }) => {
        answered.text += result.before + result.matched;
        if (++times > (d.maxTimes ?? 1)) throw new AuthError(this.device, `${d.name} asked again after "${command}" (the answer was refused)`);
        if (typeof d.answer === 'string') { channel.sendLine(d.answer); return; }
        const secret = this.secrets[d.answer.secret];
        if (secret === undefined) throw new AuthError(this.device, `the device asks for the ${d.name} after "${command}" and no "${d.answer.secret}" secret is configured`);
        channel.sendLine(secret, { secret: true });
      },
      loopContinue: true,
    };
  }

  /** Finds the prompt (logging in if asked) and turns paging off. */
  async open(): Promise<void> {
    await this.findPrompt();
    for (const cmd of this.platform.pagingOff) await this.send(cmd);
  }

  /**
   * Waits for a prompt, answering username/password prompts; if none shows up within wakeMs, sends
   * a newline and waits again, within one deadline.
   */
  async findPrompt(timeoutMs = this.timeouts.promptMs): Promise<ModeState> {
    const capMs = this.timeouts.promptCapMs;
    const until = Date.now() + capMs;
    const login = { username: 0, password: 0 };
    const dialog = this.loginDialog(login);
    const ctx = { what: `${this.platform.name} prompt` };
    const asLogin = (e: TimeoutError): TimeoutError =>
      new TimeoutError(this.device, ctx.what, e.kind === 'overall' ? capMs : timeoutMs, undefined, 'login');
    const ch = this.channel;
    const wake = this.timeouts.wakeMs;
    let woken = false;
    const wakeTimer = setInterval(() => {
      if (woken || login.username + login.password > 0) return; // in the middle of a login, just wait
      const after = ch.receivedChars === 0 ? Math.max(4 * wake, 2000) : Math.max(wake, 3 * ch.longestGapMs);
      if (ch.quietMs >= Math.min(after, timeoutMs / 2)) {
        woken = true;
        ch.sendLine('');
      }
    }, Math.max(10, Math.min(100, wake / 4)));
    let r: ReadResult;
    try {
      r = await ch.runDialog(dialog, this.prompt, { idleMs: timeoutMs, until }, ctx);
    } catch (e) {
      if (e instanceof TimeoutError) throw asLogin(e);
      throw e;
    } finally {
      clearInterval(wakeTimer);
    }
    // Devices often print the prompt twice (banner, then our newline): swallow the extras. Later
    // ones do no harm: a command's output starts after its echo.
    const late = await this.channel.drain(this.timeouts.settleMs, Math.max(this.timeouts.settleMs, Math.min(timeoutMs, until - Date.now())));
    const m = this.detectText(r.matched + late);
    if (m) { this.current = m; return m; }
    throw new DriverError({ device: this.device }, `prompt "${r.matched}" matches no ${this.platform.name} mode`);
  }

  /** Runs a command; returns its output without the echoed command and the trailing prompt. */
  async send(command: string, opts: SendOptions = {}): Promise<string> {
    const output = await this.exchange(command, opts.timeoutMs ?? this.timeouts.commandMs, opts.capMs ?? this.timeouts.commandCapMs);
    if (opts.check !== false) this.checkFailure(command, output);
    return output;
  }

  /**
   * Enters configuration mode, sends each line (checking the failure indicators after each), commits
   * where the platform has a commit command, and returns to exec mode. Returns each line's output.
   * On a rejected line, leaves configuration mode and throws CommandError naming the line.
   */
  async configure(lines: readonly string[], opts: { timeoutMs?: number } = {}): Promise<string[]> {
    const t = opts.timeoutMs ?? this.timeouts.commandMs;
    const p = this.platform;
    // With a mode graph, the configuration mode is acquired (IOS XE from "Router>": enable, then
    // configure terminal); without one, configEnter is sent.
    const graphConfig = p.modes.find((m) => m.config === true && m.parent !== undefined && m.enter !== undefined);
    if (!this.current?.config && graphConfig) await this.acquire(graphConfig.name, { timeoutMs: t });
    if (!this.current?.config) {
      await this.send(p.configEnter, { timeoutMs: t });
      if (!this.current?.config) {
        throw new CommandError(this.device, p.configEnter, `prompt "${this.current?.prompt ?? ''}" is not a configuration prompt`);
      }
    }
    const outputs: string[] = [];
    try {
      for (const raw of lines) {
        const line = raw.replace(/\s+$/, '');
        if (line.trim().length === 0) continue;
        outputs.push(await this.send(line, { timeoutMs: t }));
      }
      if (p.commit) await this.send(p.commit, { timeoutMs: t });
    } catch (e) {
      if (e instanceof CommandError) await this.leaveConfig(t).catch(() => undefined);
      throw e;
    }
    await this.leaveConfig(t);
    return outputs;
  }

  /** Closes the session; `reason` is named in the error of a command this close cuts short. */
  async close(reason?: string): Promise<void> {
    await this.channel.close(reason);
  }

  private async leaveConfig(timeoutMs: number): Promise<void> {
    const cur = this.current;
    // A commit that leaves configuration mode by itself (SR Linux `commit now`): nothing to leave.
    if (cur && !cur.config) return;
    const path = cur ? findModePath(this.platform, cur.name, this.platform.execMode) : null;
    if (path && path.length > 0) await this.acquire(this.platform.execMode, { timeoutMs });
    else await this.send(this.platform.configExit, { timeoutMs });
    if (this.current?.config) {
      throw new CommandError(this.device, this.platform.configExit, `still in configuration mode at prompt "${this.current.prompt}"`);
    }
  }

  /** The first failure pattern (in the platform's order of preference) that matches a line wins. */
  private checkFailure(command: string, output: string): void {
    const lines = output.split('\n');
    for (const re of this.platform.failurePatterns) {
      const line = lines.find((l) => re.test(l));
      if (line !== undefined) throw new CommandError(this.device, command, line);
    }
  }

  /** The platform's dialog table as channel statements; answered questions are appended to `seen`. */
  private commandDialog(seen: { text: string }): Dialog {
    return (this.platform.dialogs ?? []).map((d: DialogSpec): DialogStatement => ({
      pattern: regexExpect(d.pattern, d.name),
      action: ({ channel, result }) => {
        seen.text += result.before + result.matched;
        channel.sendLine(d.action);
      },
      loopContinue: d.loopContinue,
    }));
  }

  /** Sends one line and reads up to the next prompt; updates the mode. */
  private async exchange(command: string, idleMs: number, capMs: number, extraDialog: Dialog = []): Promise<string> {
    if (!this.current) throw new DriverError({ device: this.device, command }, 'session not open: the prompt has not been found');
    const deadline = { idleMs, until: Date.now() + capMs };
    const echo = this.platform.echo !== false && command.trim().length > 0;
    const answered = { text: '' };
    const dialog = [...extraDialog, ...this.commandDialog(answered)];
    this.channel.sendLine(command);
    let r: ReadResult;
    try {
      if (echo) await this.channel.readUntil(echoExpect(command), deadline, { command, what: 'the echo of the command' });
      r = await this.channel.runDialog(dialog, this.prompt, deadline, { command, what: `${this.platform.name} prompt` });
    } catch (e) {
      // The cap is reported whole, not what was left of it after the echo.
      if (e instanceof TimeoutError && e.kind === 'overall') throw new TimeoutError(this.device, e.waitingFor, capMs, command, 'overall');
      throw e;
    }
    let out = answered.text + r.before;
    if (echo) {
      const nl = out.indexOf('\n'); // the rest of the echo line
      out = nl < 0 ? '' : out.slice(nl + 1);
    }
    const mode = this.detectText(r.matched);
    if (mode) this.current = mode;
    // Drop trailing blank lines and bare prompts: a device that takes CR and LF as two line ends
    // prints an extra prompt per command, which may arrive with the real one.
    const lines = out.split('\n');
    while (lines.length > 0) {
      const last = lines[lines.length - 1] as string;
      if (last.trim() !== '' && !this.detect(last) && !isStatusLine(this.platform.modes, last)) break;
      lines.pop();
    }
    return lines.join('\n');
  }

  /** The login dialog; `seen` counts the prompts answered, across the two waits of findPrompt. */
  private loginDialog(seen: { username: number; password: number }): Dialog {
    const { login } = this.platform;
    return [
      ...login.failure.map((re) => ({
        pattern: regexExpect(re, 'login failure message'),
        action: ({ result }: { result: ReadResult }) => { throw new AuthError(this.device, result.matched.trim()); },
        loopContinue: false,
      })),
      {
        pattern: lastLineExpect(login.username, 'username prompt'),
        action: ({ channel }) => {
          if (this.username === undefined) throw new AuthError(this.device, 'the device asks for a username and none is configured');
          if (++seen.username > 1) throw new AuthError(this.device, 'the device asked for the username again (credentials rejected)');
          channel.sendLine(this.username);
        },
        loopContinue: true,
      },
      {
        pattern: lastLineExpect(login.password, 'password prompt'),
        action: ({ channel }) => {
          if (this.password === undefined) throw new AuthError(this.device, 'the device asks for a password and none is configured');
          if (++seen.password > 1) throw new AuthError(this.device, 'the device asked for the password again (password rejected)');
          channel.sendLine(this.password, { secret: true });
        },
        loopContinue: true,
      },
      ...this.commandDialog({ text: '' }),
    ];
  }
}

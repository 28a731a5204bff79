/**
 * One command's control, as the management plane runs it: an abort signal (Ctrl-C, telnet IAC
 * IP, SSH 0x03 or signal INT, the lab stopping) and a budget (work units spent by long-running
 * tools, bytes of output). The LineSession makes one per command and runs the dialect's
 * `execute` inside it; code deep in a command (ping, traceroute) reaches it with
 * `commandControl()` without the dialect threading it through every call.
 *
 * The control is carried by AsyncLocalStorage: it is what was current when the command started
 * its work (a tool reads it synchronously when it starts, then keeps the object).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CommandLimits {
  /** Longest output one command may return (bytes of text); the rest is cut. */
  maxOutput: number;
  /** Work units (one per probe a tool sends) one command may spend before it is stopped. */
  maxWork: number;
}

export const DEFAULT_LIMITS: CommandLimits = { maxOutput: 4 << 20, maxWork: 100_000 };

export class CommandControl {
  private readonly controller = new AbortController();
  private work = 0;
  /** Why the command was stopped early, if it was. */
  reason?: 'interrupt' | 'budget' | 'closed';

  /** Set by a session that shows output while the command runs (ping's lines as they come). */
  write?: (text: string) => void;

  constructor(readonly limits: CommandLimits = DEFAULT_LIMITS) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stop the command (Ctrl-C, connection gone): long-running work ends early and returns. */
  interrupt(reason: 'interrupt' | 'closed' = 'interrupt'): void {
    if (this.controller.signal.aborted) return;
    this.reason ??= reason;
    this.controller.abort();
  }

  /** Spends work units; false once the budget is used up (the work must stop). */
  spend(units: number): boolean {
    this.work += units;
    if (this.work <= this.limits.maxWork) return true;
    this.reason ??= 'budget';
    return false;
  }

  get spent(): number {
    return this.work;
  }
}

const current = new AsyncLocalStorage<CommandControl>();

/** Runs `fn` (a dialect's execute) with `ctl` as the current command's control. */
export function withCommand<T>(ctl: CommandControl, fn: () => T): T {
  return current.run(ctl, fn);
}

/** The control of the command running now (undefined outside a management session, e.g. in unit tests). */
export function commandControl(): CommandControl | undefined {
  return current.getStore();
}

/**
 * Output of a long-running command, line by line as on the device: written to the session at
 * once when the command runs under one that streams, else kept; `rest()` is what was kept (the
 * command returns it as its output).
 */
export function commandOutput(): { say: (text: string) => void; rest: () => string } {
  const ctl = commandControl();
  let kept = '';
  return {
    say: (text: string) => {
      if (ctl?.write) ctl.write(text);
      else kept += text;
    },
    rest: () => {
      const r = kept;
      kept = '';
      return r;
    },
  };
}

/**
 * What a Linux host's command gets: its standard output and error (written in order, streamed to
 * the terminal while the command runs when the session streams), a stop signal (Ctrl-C, a
 * `timeout`, the session closing), the work budget, and whether it runs at boot (a topology's
 * `exec`, before the lab's clock runs: commands that need time refuse there).
 */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly signal: AbortSignal;
  /** Spends work units (one per packet sent or printed); false once the budget is spent. */
  spend(units: number): boolean;
  readonly boot: boolean;
}

/** A command: its exit status (bash's $?), at once or when it ends. */
export type Command = (argv: string[], io: Io) => number | Promise<number>;

/** Collects a command's output in order, and per stream. */
export class Capture implements Io {
  all = '';
  stdout = '';
  stderr = '';
  constructor(
    readonly signal: AbortSignal,
    readonly boot: boolean,
    private readonly write?: (text: string) => void,
    private readonly budget: (units: number) => boolean = () => true,
  ) {}

  out(text: string): void {
    this.stdout += text;
    this.emit(text);
  }

  err(text: string): void {
    this.stderr += text;
    this.emit(text);
  }

  spend(units: number): boolean {
    return this.budget(units);
  }

  private emit(text: string): void {
    if (this.write) this.write(text);
    else this.all += text;
  }
}

/** An Io whose signal also fires when `extra` does (a `timeout` around a command). */
export function withSignal(io: Io, extra: AbortSignal): Io {
  const signal = AbortSignal.any([io.signal, extra]);
  return { out: (t) => io.out(t), err: (t) => io.err(t), spend: (u) => io.spend(u), boot: io.boot, signal };
}

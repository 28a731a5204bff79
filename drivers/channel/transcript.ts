// A transcript of one session: every piece of text sent and received, timestamped, with secrets
// masked. Reports attach it to each check (DESIGN.md, "Reports").

export const MASK = '*****';

/** Replaces every occurrence of each secret by "*****". Empty secrets are ignored. */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  const list = [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  for (const s of list) out = out.split(s).join(MASK);
  return out;
}

export type Direction = 'sent' | 'recv' | 'note';

export interface TranscriptEntry {
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly dir: Direction;
  readonly data: string;
}

export interface TranscriptOptions {
  secrets?: Iterable<string>;
  clock?: () => number;
}

export class Transcript {
  private readonly list: TranscriptEntry[] = [];
  private readonly secrets = new Set<string>();
  private readonly clock: () => number;

  constructor(opts: TranscriptOptions = {}) {
    for (const s of opts.secrets ?? []) this.addSecret(s);
    this.clock = opts.clock ?? Date.now;
  }

  /** Registers a secret: masked in entries recorded from now on and in every rendering. */
  addSecret(secret: string | undefined): void {
    if (secret) this.secrets.add(secret);
  }

  /** Records text; `secret: true` masks the whole text whatever it is. */
  record(dir: Direction, data: string, opts: { secret?: boolean } = {}): void {
    const masked = opts.secret ? data.replace(/[^\r\n]+/g, MASK) : maskSecrets(data, this.secrets);
    this.list.push({ t: this.clock(), dir, data: masked });
  }

  entries(): readonly TranscriptEntry[] {
    return this.list.map((e) => ({ ...e, data: maskSecrets(e.data, this.secrets) }));
  }

  /** One line per entry: ISO time, direction, and the text as a JSON string (control bytes visible). */
  toText(): string {
    const arrow: Record<Direction, string> = { sent: '>>', recv: '<<', note: '--' };
    return this.entries()
      .map((e) => `${new Date(e.t).toISOString()} ${arrow[e.dir]} ${JSON.stringify(e.data)}`)
      .join('\n');
  }

  /** What a terminal would show: received text only, concatenated, secrets masked across chunks. */
  toScreen(): string {
    const joined = this.list.filter((e) => e.dir === 'recv').map((e) => e.data).join('');
    return maskSecrets(joined, this.secrets);
  }
}

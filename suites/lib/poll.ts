/** Poll a check until it holds or its deadline passes: every wait has a deadline. */
export interface PollResult<T> {
  value: T;
  elapsedMs: number;
  attempts: number;
}

export class PollTimeout extends Error {}

export async function pollUntil<T>(
  what: string,
  get: () => Promise<T>,
  ok: (v: T) => boolean,
  o: { deadlineMs: number; intervalMs?: number; describe?: (v: T) => string },
): Promise<PollResult<T>> {
  const start = Date.now();
  let attempts = 0;
  let last: T | undefined;
  for (;;) {
    attempts++;
    last = await get();
    if (ok(last)) return { value: last, elapsedMs: Date.now() - start, attempts };
    if (Date.now() - start > o.deadlineMs) {
      const d = o.describe ? o.describe(last) : JSON.stringify(last).slice(0, 400);
      throw new PollTimeout(`${what}: not reached within ${Math.round(o.deadlineMs / 1000)} s (last: ${d})`);
    }
    await new Promise((r) => setTimeout(r, o.intervalMs ?? 250));
  }
}

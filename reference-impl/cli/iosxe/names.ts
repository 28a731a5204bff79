/** Interface name order as IOS lists them: by type, then numerically (`Gi0/0/0` < `Gi0/0/0.2` < `Gi0/0/0.10`). */
export function compareNames(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}

/** `aabb.cc00.fb00` from six bytes. */
export function fmtMac(mac: Buffer): string {
  const h = mac.toString('hex');
  return `${h.slice(0, 4)}.${h.slice(4, 8)}.${h.slice(8, 12)}`;
}

/** IOS's debug timestamp `*Mmm dd hh:mm:ss.mmm` from the lab's virtual clock (µs since the lab's epoch). */
export function iosTimestamp(micros: number, epochMs = Date.UTC(2026, 0, 1)): string {
  const d = new Date(epochMs + Math.floor(micros / 1000));
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `*${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

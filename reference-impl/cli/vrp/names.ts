/** VRP interface names: canonical forms, and lines split with `<type> <number>` joined into one word. */
import type { Word } from '../grammar';

const IF_TYPES: Array<{ stem: string; canon: string; num: RegExp }> = [
  { stem: 'gigabitethernet', canon: 'GigabitEthernet', num: /^\d+\/\d+\/\d+$/ },
  { stem: 'loopback', canon: 'LoopBack', num: /^\d+$/ },
];

/** `gigabitethernet0/1/0`, `GE0/1/0`, `g0/1/0`, `loopback1`, `LoopBack1` -> canonical name. */
export function canonIfName(s: string): string | undefined {
  const m = /^([a-z-]+)\s*(\d+(?:\/\d+)*)$/i.exec(s.trim());
  if (!m) return undefined;
  const stem = m[1].toLowerCase();
  const t = stem === 'ge' ? IF_TYPES[0] : IF_TYPES.find((x) => x.stem.startsWith(stem));
  if (!t || !t.num.test(m[2])) return undefined;
  return t.canon + m[2];
}

/** Split a line into words with offsets, joining `<if-type> <number>` into one word. */
export function tokenize(line: string): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ text: m[0], at: m.index });
  const joined: Word[] = [];
  for (let i = 0; i < out.length; i++) {
    const w = out[i];
    const n = out[i + 1];
    if (n && /^[a-z-]+$/i.test(w.text) && canonIfName(w.text + n.text) && w.text.length >= 2) {
      joined.push({ text: w.text + n.text, at: w.at });
      i++;
    } else {
      joined.push(w);
    }
  }
  return joined;
}

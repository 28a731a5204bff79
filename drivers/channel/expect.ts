// What readUntil can wait for: a RegExp searched in the buffer, or an Expect with its own finder
// (e.g. "the last line is a prompt").
import { echoRegExp } from './text';

export interface Match {
  start: number;
  end: number;
}

export interface Expect {
  /** Used in TimeoutError messages: "timed out ... waiting for <name>". */
  readonly name: string;
  find(buffer: string): Match | null;
}

export type Pattern = RegExp | Expect;

function nonGlobal(re: RegExp): RegExp {
  return re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re;
}

/** Searches the buffer for `re` (first occurrence). */
export function regexExpect(re: RegExp, name = String(re)): Expect {
  const r = nonGlobal(re);
  return {
    name,
    find(buffer) {
      const m = r.exec(buffer);
      return m ? { start: m.index, end: m.index + m[0].length } : null;
    },
  };
}

/**
 * Matches when the last line of the buffer (the text after the last LF, with no LF after it)
 * matches one of `res`: how a prompt is recognised, since a device prints it and then waits.
 */
export function lastLineExpect(res: RegExp | readonly RegExp[], name: string): Expect {
  const list = (Array.isArray(res) ? res : [res]).map(nonGlobal);
  return {
    name,
    find(buffer) {
      const start = buffer.lastIndexOf('\n') + 1;
      const line = buffer.slice(start);
      if (line.length === 0) return null;
      return list.some((re) => re.test(line)) ? { start, end: buffer.length } : null;
    },
  };
}

/** Matches the echo of a command (whitespace-tolerant, see echoRegExp). */
export function echoExpect(command: string): Expect {
  const re = echoRegExp(command);
  const name = `echo of "${command}"`;
  if (!re) return regexExpect(/\n/, name);
  return regexExpect(re, name);
}

export function toExpect(p: Pattern): Expect {
  return p instanceof RegExp ? regexExpect(p) : p;
}

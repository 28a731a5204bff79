// Text clean-up for what devices print: ANSI escape stripping, CRLF normalisation, control
// characters, and removal of the echoed command.
/* eslint-disable no-control-regex -- matching control characters is this file's job */

const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[@-Z\\-_=>78])/g;
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/** Removes ANSI/VT100 escape sequences (CSI, OSC, charset and two-byte escapes). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** CR LF, CR CR LF and a lone CR all become LF (a lone CR redraws the line on a terminal). */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r+\n/g, '\n').replace(/\r/g, '\n');
}

/** Applies backspaces to the text before them (never across a line break). */
function applyBackspaces(text: string): string {
  let s = text;
  let prev: string;
  do {
    prev = s;
    s = s.replace(/[^\n\x08]\x08/g, '');
  } while (s !== prev && s.includes('\x08'));
  return s;
}

/** Applies backspaces to the text before them, then drops the remaining control characters. */
export function stripControls(text: string): string {
  return applyBackspaces(text).replace(CONTROLS, '');
}

/**
 * Appends streamed clean text (TextNormalizer.push) to what was received before: the backspaces
 * at its start erase the end of `before` (never past a line break), since a device may send the
 * character and its backspace in different reads.
 */
export function appendClean(before: string, text: string): string {
  let i = 0;
  let b = before;
  while (i < text.length && text.charCodeAt(i) === 8) {
    if (b.length > 0 && !b.endsWith('\n')) b = b.slice(0, -1);
    i++;
  }
  const rest = i === 0 ? text : text.slice(i);
  return b + (rest.includes('\x08') ? rest.replace(/\x08/g, '') : rest);
}

/** The whole clean-up for a complete text. */
export function cleanText(text: string): string {
  return stripControls(normalizeNewlines(stripAnsi(text)));
}

/** True when `tail` (starting at an ESC) may still be completed by the next chunk. */
function isIncompleteEscape(tail: string): boolean {
  if (tail.length > 64) return false;
  if (tail === '\x1b') return true;
  if (/^\x1b\[[0-?]*[ -/]*$/.test(tail)) return true;
  if (/^\x1b\][^\x07\x1b]*\x1b?$/.test(tail)) return true;
  return /^\x1b[()]$/.test(tail);
}

/**
 * Streaming clean-up: holds back an escape sequence or a CR split across chunks, so that
 * `push(a) + push(b)` equals `cleanText(a + b)` for such splits.
 */
export class TextNormalizer {
  private carry = '';

  push(chunk: string): string {
    let s = this.carry + chunk;
    this.carry = '';
    const esc = s.lastIndexOf('\x1b');
    if (esc >= 0 && isIncompleteEscape(s.slice(esc))) {
      this.carry = s.slice(esc);
      s = s.slice(0, esc);
    }
    s = stripAnsi(s);
    // A CR at the end may be the first half of CR LF (also with an escape between them).
    const m = /\r+$/.exec(s);
    if (m) {
      this.carry = m[0] + this.carry;
      s = s.slice(0, m.index);
    }
    // Backspaces with nothing to erase in this chunk stay at its start, for appendClean.
    const t = applyBackspaces(normalizeNewlines(s));
    const lead = /^\x08+/.exec(t)?.[0] ?? '';
    return lead + t.replace(CONTROLS, '');
  }

  /** Releases whatever is held back (at end of stream). */
  flush(): string {
    const s = this.carry;
    this.carry = '';
    return cleanText(s);
  }
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regex matching the echo of `command`, tolerant of whitespace changes and of line wrapping
 * (any whitespace may appear between the characters). Empty for an empty command.
 */
export function echoRegExp(command: string): RegExp | null {
  const chars = [...command.replace(/\s+/g, '')];
  if (chars.length === 0) return null;
  return new RegExp(chars.map(escapeRegExp).join('\\s*'));
}

/**
 * Removes the echoed command from the start of an output: everything up to the end of the first
 * line that contains the echo (so a prompt printed before it goes too). Text without the echo in
 * its first line is returned unchanged.
 */
export function stripEcho(output: string, command: string): string {
  const re = echoRegExp(command);
  if (!re) return output.replace(/^[^\n]*\n/, '');
  const firstBreak = output.indexOf('\n');
  const m = re.exec(output);
  if (!m) return output;
  // The echo may wrap, so it may end past the first line break; it must start on the first line.
  if (firstBreak >= 0 && m.index > firstBreak) return output;
  const end = output.indexOf('\n', m.index + m[0].length);
  return end < 0 ? '' : output.slice(end + 1);
}

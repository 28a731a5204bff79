// Telnet command handling (RFC 854/855) for the raw TCP byte stream: a streaming filter that
// removes every telnet command from the data, whatever the chunking (a command split across reads,
// one byte per read), and reports each option request so the transport can answer it.

export const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;

export interface Negotiation {
  verb: 'DO' | 'DONT' | 'WILL' | 'WONT';
  option: number;
}

type State = 'data' | 'iac' | 'verb' | 'sb' | 'sb-iac';

/** State carries across push() calls, so a command may be split anywhere. */
export class IacFilter {
  private state: State = 'data';
  private verb = 0;

  /** Strips telnet commands from `chunk`; returns the data bytes and the option requests seen. */
  push(chunk: Buffer): { data: Buffer; negotiations: Negotiation[] } {
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    const negotiations: Negotiation[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      switch (this.state) {
        case 'data':
          if (b === IAC) this.state = 'iac'; else out[n++] = b;
          break;
        case 'iac':
          if (b === IAC) { out[n++] = IAC; this.state = 'data'; }
          else if (b === DO || b === DONT || b === WILL || b === WONT) { this.verb = b; this.state = 'verb'; }
          else if (b === SB) this.state = 'sb';
          else this.state = 'data'; // NOP, GA, AYT and the like: two bytes, nothing to answer
          break;
        case 'verb':
          negotiations.push({ verb: verbName(this.verb), option: b });
          this.state = 'data';
          break;
        case 'sb':
          if (b === IAC) this.state = 'sb-iac';
          break;
        case 'sb-iac':
          this.state = b === SE ? 'data' : 'sb';
          break;
      }
    }
    return { data: out.subarray(0, n), negotiations };
  }
}

function verbName(b: number): Negotiation['verb'] {
  return b === DO ? 'DO' : b === DONT ? 'DONT' : b === WILL ? 'WILL' : 'WONT';
}

/**
 * Our policy, RFC 1143's loop-free way: refuse every option the server asks us to perform
 * (DO -> WONT), accept every option it offers to perform (WILL -> DO: ECHO, SUPPRESS-GO-AHEAD, so
 * the device echoes and does not wait for GA), and answer each option at most once per state, so
 * a repeated request does not start a negotiation loop. DONT / WONT need no answer when we are
 * already in that state (RFC 854); a WONT for an option we accepted is acknowledged with DONT.
 */
export class Negotiator {
  private readonly accepted = new Set<number>();
  private readonly refused = new Set<number>();

  answer(n: Negotiation): Buffer | null {
    switch (n.verb) {
      case 'DO':
        if (this.refused.has(n.option)) return null;
        this.refused.add(n.option);
        return Buffer.from([IAC, WONT, n.option]);
      case 'WILL':
        if (this.accepted.has(n.option)) return null;
        this.accepted.add(n.option);
        return Buffer.from([IAC, DO, n.option]);
      case 'WONT':
        if (!this.accepted.delete(n.option)) return null;
        return Buffer.from([IAC, DONT, n.option]);
      case 'DONT':
        return null; // we never perform an option, so we are already in the "won't" state
    }
  }
}

/** Escapes data for the wire: a 255 byte is sent as IAC IAC (RFC 854). */
export function escapeIac(data: Buffer): Buffer {
  if (!data.includes(IAC)) return data;
  const out: number[] = [];
  for (const b of data) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return Buffer.from(out);
}

// Telnet command stripping (RFC 854/855) for the byte stream telnet-client hands us.
//
// telnet-client answers option negotiation itself, but only for IAC triples at the very start of a
// socket chunk (its Telnet.negotiate(): DO -> WONT, WILL -> DO). Everything else in the stream,
// IAC sequences included, reaches us raw. This filter removes every telnet command from the data
// and reports the DO/WILL requests that telnet-client did NOT answer (those not in the leading run
// of a chunk), so the transport can answer them with the same policy.

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

/** How many leading bytes of a chunk telnet-client's negotiate() answered (mirrors its loop). */
export function answeredByTelnetClient(chunk: Buffer): number {
  if (chunk.length < 2 || chunk[0] !== IAC || chunk[1] === IAC) return 0;
  let i = 0;
  while (i < chunk.length && chunk[i] === IAC) i += 3;
  return Math.min(i, chunk.length);
}

type State = 'data' | 'iac' | 'verb' | 'sb' | 'sb-iac';

export class IacFilter {
  private state: State = 'data';
  private verb = 0;

  /**
   * Strips telnet commands from `chunk`. Returns the data bytes and the negotiations that started at
   * or after `answeredPrefix` (the bytes telnet-client already answered).
   */
  push(chunk: Buffer, answeredPrefix = 0): { data: Buffer; unanswered: Negotiation[] } {
    const out: number[] = [];
    const unanswered: Negotiation[] = [];
    let verbStart = -1;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      switch (this.state) {
        case 'data':
          if (b === IAC) { this.state = 'iac'; verbStart = i; } else out.push(b);
          break;
        case 'iac':
          if (b === IAC) { out.push(IAC); this.state = 'data'; }
          else if (b === DO || b === DONT || b === WILL || b === WONT) { this.verb = b; this.state = 'verb'; }
          else if (b === SB) this.state = 'sb';
          else this.state = 'data'; // NOP, GA, AYT and the like: two bytes, nothing to answer
          break;
        case 'verb':
          if (verbStart < 0 || verbStart >= answeredPrefix) unanswered.push({ verb: verbName(this.verb), option: b });
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
    return { data: Buffer.from(out), unanswered };
  }
}

function verbName(b: number): Negotiation['verb'] {
  return b === DO ? 'DO' : b === DONT ? 'DONT' : b === WILL ? 'WILL' : 'WONT';
}

/** Our answer, with telnet-client's policy: refuse what the server asks us to do, accept what it offers. */
export function answerFor(n: Negotiation): Buffer | null {
  if (n.verb === 'DO') return Buffer.from([IAC, WONT, n.option]);
  if (n.verb === 'WILL') return Buffer.from([IAC, DO, n.option]);
  return null; // DONT / WONT need no answer (RFC 854: never acknowledge a state we are already in)
}

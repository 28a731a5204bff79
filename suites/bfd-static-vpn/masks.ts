/**
 * Golden comparison for VRP text outputs. The seed's tables were pasted from HTML and their
 * column spacing is not consistent (in one table `OSPF` rows sit one column left of `Direct`
 * rows), so lines are compared token by token: runs of blanks collapse to one, blank lines drop.
 * Volatile values (ages, counters, times, dates) are masked per command; see ERRATA.md.
 */
import { createTwoFilesPatch } from 'diff';
import { normalise } from '../lib/golden';

interface Mask {
  re: RegExp;
  to: string;
}

const MASKS: Array<{ command: RegExp; masks: Mask[] }> = [
  // SsnAge (DDDD:HH:MM) and KA-Sent/Rcv counters.
  { command: /^display mpls ldp session/, masks: [{ re: /\b\d{4}:\d{2}:\d{2}\b/g, to: '<age>' }, { re: /\b\d+\/\d+\s*$/gm, to: '<ka>' }] },
  // MsgRcvd, MsgSent and Up/Down of every peer row.
  {
    command: /^display bgp (vpnv4 all )?peer/,
    masks: [{ re: /^(\S+\s+4\s+\d+)\s+\d+\s+\d+(\s+\d+)\s+\S+(\s+[A-Za-z]+\s+\d+)\s*$/gm, to: '$1 <rcvd> <sent>$2 <updown>$3' }],
  },
  { command: /^display ip vpn-instance/, masks: [{ re: /(Create date :).*$/gm, to: '$1 <date>' }, { re: /(Up time :).*$/gm, to: '$1 <uptime>' }] },
  { command: /^ping/, masks: [{ re: /time=\d+ ms/g, to: 'time=<ms>' }, { re: /(min\/avg\/max = )\d+\/\d+\/\d+/g, to: '$1<rtt>' }] },
  { command: /^tracert/, masks: [{ re: /\b\d+ ms\b/g, to: '<ms>' }] },
];

export function maskOutput(command: string, text: string): string {
  let t = normalise(text);
  for (const m of MASKS) if (m.command.test(command)) for (const k of m.masks) t = t.replace(k.re, k.to);
  return t
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter((l) => l !== '')
    .join('\n');
}

export interface VrpGolden {
  ok: boolean;
  diff: string;
}

export function compareVrp(name: string, command: string, expected: string, actual: string): VrpGolden {
  const e = maskOutput(command, expected);
  const a = maskOutput(command, actual);
  return { ok: e === a, diff: e === a ? '' : createTwoFilesPatch(`${name} (document)`, `${name} (device)`, e + '\n', a + '\n') };
}

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

/**
 * The order in which a routing table lists the equal-cost paths of one prefix is the router's
 * own (the document lists PE3's two paths to 1.1.1.1 as 3.3.3.3 then 2.2.2.2): compare them as a set.
 */
function sortEcmp(lines: string[]): string[] {
  const out: string[] = [];
  let group: string[] = [];
  const flush = () => {
    if (group.length > 1) {
      const first = group[0].split(' ');
      const paths = group.map((l, i) => (i === 0 ? first.slice(1).join(' ') : l)).sort();
      out.push(`${first[0]} ${paths[0]}`, ...paths.slice(1));
    } else out.push(...group);
    group = [];
  };
  for (const l of lines) {
    if (/^\d+\.\d+\.\d+\.\d+\/\d+ /.test(l)) {
      flush();
      group = [l];
    } else if (group.length && /^(Direct|Static|OSPF|IBGP|EBGP|O_ASE|O_NSSA) /.test(l)) group.push(l);
    else {
      flush();
      out.push(l);
    }
  }
  flush();
  return out;
}

export function maskOutput(command: string, text: string): string {
  let t = normalise(text);
  for (const m of MASKS) if (m.command.test(command)) for (const k of m.masks) t = t.replace(k.re, k.to);
  const lines = t
    .split('\n')
    .map((l) => l.trim().replace(/\s+/g, ' '))
    // The document rules its BFD blocks with 78 or 80 dashes, not consistently (ERRATA).
    .map((l) => (/^-{60,}$/.test(l) ? '-'.repeat(20) : l))
    .filter((l) => l !== '');
  return (/^display ip routing-table/.test(command) ? sortEcmp(lines) : lines).join('\n');
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

// Nokia SR Linux as data (getters in getters.ts, gNMI decoders in gnmi.ts). Its prompt is two lines, as public captures show:
//
//   --{ running }--[  ]--                          <- the status line: the mode and context
//   A:leaf1#                                       <- the prompt (newer releases: "A:admin@leaf1#")
//
// The status line says the datastore ("running", "candidate shared default", "candidate private
// <name>", "state") with marks before it ("*": uncommitted candidate changes, "+": running
// differs from the startup configuration) and the context between the brackets
// ("[ network-instance default protocols bgp ]"). The mode graph: running -enter candidate->
// candidate, back with "discard now" (drop changes) or "commit now" (commit, then leave);
// running -enter state-> state, back with "enter running".
import type { Platform } from '../platform';

export const SRLINUX_PROMPT = /^(?<slot>[A-D]):(?:(?<user>[\w.-]+)@)?(?<host>[\w.-]+)#\s*$/;

/** The status line for one datastore; `cand` captures the marks, `ctx` the context. */
function statusLine(datastore: string): RegExp {
  return new RegExp(`^--\\{ (?:(?<cand>[+*!]+) )?${datastore} \\}--\\[ ?(?<ctx>[^\\]]*?) ?\\]--.*$`);
}

export const SRLINUX_RUNNING_STATUS = statusLine('running');
export const SRLINUX_CANDIDATE_STATUS = statusLine('candidate (?:shared|private|exclusive)(?: [\\w.-]+)?');
export const SRLINUX_STATE_STATUS = statusLine('state');

export const srlinuxPlatform: Platform = {
  name: 'srlinux',
  description: 'Nokia SR Linux, CLI over SSH (candidate workflow) and gNMI (interfaces, BGP peers, LAG/LACP, ethernet segments, EVPN routes, MAC table)',
  modes: [
    { name: 'running', prompt: SRLINUX_PROMPT, statusLine: SRLINUX_RUNNING_STATUS },
    {
      name: 'candidate', prompt: SRLINUX_PROMPT, statusLine: SRLINUX_CANDIDATE_STATUS, config: true, uncommittedMark: '*',
      parent: 'running', enter: 'enter candidate', exit: 'discard now',
    },
    { name: 'state', prompt: SRLINUX_PROMPT, statusLine: SRLINUX_STATE_STATUS, parent: 'running', enter: 'enter state', exit: 'enter running' },
  ],
  transitions: [
    { from: 'candidate', to: 'state', command: 'enter state' },
    { from: 'state', to: 'candidate', command: 'enter candidate' },
  ],
  execMode: 'running',
  newline: '\n',
  // SR Linux does not page CLI output unless asked (`| more`).
  pagingOff: [],
  configEnter: 'enter candidate',
  // configure(): "enter candidate", the lines, "commit now" (commit and leave candidate mode, as
  // the document types it). A rejected line, or a commit SR Linux refuses (it then stays in
  // candidate mode), is a CommandError naming the device and the line or "commit now"; the
  // session then leaves with "discard now", dropping the changes.
  configExit: 'discard now',
  commit: 'commit now',
  // "Error: ..." lines, e.g. "Error: Path '/interface ethernet-1/1' is not valid", and parser
  // errors "Parsing error: Unknown token 'foo'. Options are [...]".
  failurePatterns: [/^Error:/, /^Parsing error:/, /^Aborted:/],
  login: {
    username: /^(?:login|username)\s*:\s*$/i,
    password: /^(?:.*'s )?password:\s*$/i,
    failure: [/Permission denied/i, /Login incorrect/i],
  },
};

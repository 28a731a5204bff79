// Huawei VRP as data. Prompts as the document prints them (seeds/003_ec677ba149024c37.txt):
// user view "<PE1>", system view "[~PE1]", sub-views "[~PE1-GigabitEthernet0/1/0]",
// "[*PE1-bgp-VPNA]", "[~PE1-bfd-session-pe1_to_ce1]", "[~PE1-ospf-1-area-0.0.0.0]".
// In the two-stage (candidate) mode "~" means the candidate is clean and "*" that it has
// uncommitted changes; older VRP in immediate mode prints "[PE1]" with no mark.
import type { Platform } from '../platform';

/** Host names: letters, digits, "_", "." and "-" (lazy: the session re-splits at the known host). */
const HOST = '(?<host>[\\w.-]+?)';

export const VRP_USER_PROMPT = /^<(?<host>[\w.-]+)>\s*$/;
export const VRP_SYSTEM_PROMPT = new RegExp(`^\\[(?<cand>[~*])?${HOST}(?:-(?<ctx>[^\\]\\s]+))?\\]\\s*$`);

/** The question VRP asks when `return`/`quit` leaves the system view with uncommitted changes. */
export const VRP_UNCOMMITTED_ON_EXIT =
  /Uncommitted configurations found\.\s*Are you sure to commit them before exiting\?\s*\[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:/;

/** The same question as the prompt's last line (what a mode dialog matches). */
const VRP_UNCOMMITTED_ON_EXIT_LAST_LINE = /\[Y\(yes\)\/N\(no\)\/C\(cancel\)\]:\s*$/;

export const vrpPlatform: Platform = {
  name: 'vrp',
  description: 'Huawei VRP (NE/CE series), two-stage configuration with commit, CLI over SSH or telnet',
  modes: [
    { name: 'user', prompt: VRP_USER_PROMPT },
    // The system view and every sub-view (interface, bgp, ospf area, bfd session, ...).
    // `return` goes back to the user view from any sub-view; `quit` climbs one level
    // ("[~PE1-bgp-VPNA]" -> "[~PE1-bgp]" -> "[~PE1]"), so acquire('system') from a sub-view quits.
    {
      name: 'system', prompt: VRP_SYSTEM_PROMPT, config: true, uncommittedMark: '*', hostContextSeparator: '-',
      parent: 'user', enter: 'system-view', exit: 'return', subModes: { exit: 'quit' },
      // Leaving with uncommitted changes: N discards them (acquire never commits on its own).
      exitDialogs: [{ name: 'uncommitted configurations on exit', pattern: VRP_UNCOMMITTED_ON_EXIT_LAST_LINE, answer: 'N' }],
    },
  ],
  execMode: 'user',
  newline: '\r\n',
  // "temporary": for this terminal session only, so the device configuration is left alone.
  pagingOff: ['screen-length 0 temporary'],
  configEnter: 'system-view',
  // `return` goes straight back to the user view from any sub-view (`quit` climbs one level).
  configExit: 'return',
  commit: 'commit',
  // VRP prints the caret line, then the error line; the Error line is preferred in the CommandError
  // ("Error: Unrecognized command found at '^' position.", "Error: Wrong parameter found at '^'
  // position.", "Error: Incomplete command found at '^' position.", and commit failures, which
  // also start with "Error:"). A lone caret line is the fallback indicator.
  failurePatterns: [/^\s*Error:/, /^\s*\^\s*$/],
  dialogs: [
    {
      // Session.configure() always commits before `return`, so this only shows up when a line or
      // the commit failed (or someone left changes behind): answering N discards the candidate
      // changes, which is what a failed configure() must do. Y would commit a half-applied change;
      // C would leave the session in the system view.
      name: 'uncommitted configurations on exit',
      pattern: VRP_UNCOMMITTED_ON_EXIT,
      action: 'N',
      loopContinue: true,
    },
    {
      // At login with an initial or expired password: keep it (the harness never changes passwords).
      name: 'change password at login',
      pattern: /The password needs to be changed\.\s*Change now\?\s*\[Y\/N\]:/,
      action: 'N',
      loopContinue: true,
    },
  ],
  login: {
    username: /^(?:username|login)\s*:\s*$/i,
    password: /^password\s*:\s*$/i,
    failure: [/Error:\s*(?:Authentication fail|Failed to pass the authentication|The user name or password is (?:incorrect|wrong))/i, /Local authentication is rejected/i],
  },
};

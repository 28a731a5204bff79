// Cisco IOS XE as data (getters in getters.ts). Prompts as public captures print them: user exec
// "Router>", privileged "csr1000v-1#", configuration "R1(config)#" and its sub-modes
// "R3(config-router-af)#", "R16(config-router-af-interface)#", "PE_2(config-router)#". The mode
// graph: exec -enable (enable secret)-> privileged -configure terminal-> config; back with
// "end" (from any sub-mode) and "disable"; "exit" climbs one sub-mode.
import type { Platform } from '../platform';

/** Host names: letters, digits, "_", ".", "-" (and "/", ":" and "@" as scrapli allows), 1..63. */
const HOST = '(?<host>[\\w.\\-@/:]{1,63})';

export const IOSXE_EXEC_PROMPT = new RegExp(`^${HOST}>\\s*$`);
export const IOSXE_PRIVILEGED_PROMPT = new RegExp(`^${HOST}#\\s*$`);
/** "(config)" and every "(config-...)" sub-mode; not "(tcl)" or "(boot)". */
export const IOSXE_CONFIG_PROMPT = new RegExp(`^${HOST}\\((?<ctx>config(?:-[\\w.\\-@/:+]{1,32})?)\\)#\\s*$`);

export const iosxePlatform: Platform = {
  name: 'iosxe',
  description: 'Cisco IOS XE, CLI over SSH or telnet (VRRP, VRRS, interfaces, ARP, MAC filter getters)',
  modes: [
    { name: 'exec', prompt: IOSXE_EXEC_PROMPT },
    {
      name: 'privileged', prompt: IOSXE_PRIVILEGED_PROMPT, parent: 'exec', enter: 'enable', exit: 'disable',
      // "Password:" after enable; asked again (or "% Bad secrets") when the secret is wrong.
      enterDialogs: [{ name: 'enable secret', pattern: /^Password:\s*$/i, answer: { secret: 'enable' } }],
    },
    {
      name: 'config', prompt: IOSXE_CONFIG_PROMPT, config: true, parent: 'privileged', enter: 'configure terminal', exit: 'end',
      subModes: { exit: 'exit', rootContext: 'config' },
    },
  ],
  // Checks run from privileged exec; a session that starts at "Router>" acquires it.
  execMode: 'privileged',
  newline: '\n',
  pagingOff: ['terminal length 0', 'terminal width 0'],
  configEnter: 'configure terminal',
  configExit: 'end',
  // "% Invalid input detected at '^' marker.", "% Incomplete command.", "% Ambiguous command:
  // ...", "% Bad secrets", "% Access denied"; informational "%" lines are not failures.
  failurePatterns: [/^% Invalid input detected/, /^% Incomplete command/, /^% Ambiguous command/, /^% Unknown command/, /^% Bad secrets/, /^% Access denied/],
  dialogs: [
    // `copy running-config startup-config` and the like: take the default file name.
    { name: 'destination filename', pattern: /Destination filename \[[^\]\n]*\]\?\s*$/, action: '', loopContinue: true },
  ],
  login: {
    username: /^Username:\s*$/i,
    password: /^Password:\s*$/i,
    failure: [/% Authentication failed/i, /% Login invalid/i, /% Bad passwords/i],
  },
};

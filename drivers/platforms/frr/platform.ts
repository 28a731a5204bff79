// FRRouting's vtysh as data. Prompts as vtysh prints them: exec "r1#", configuration
// "r1(config)#", and its sub-modes "r1(config-if)#", "r1(config-router)#", "r1(config-router-af)#",
// "r1(config-bfd)#", "r1(config-bfd-profile)#", "r1(config-bfd-peer)#", "r1(config-vrf)#".
// vtysh starts in enable mode (no ">" view for a vtysh session) and applies each configuration
// line at once: no commit.
import type { Platform } from '../platform';

/** Host names: letters, digits, "_", "." and "-". */
const HOST = '(?<host>[\\w.-]+)';

export const FRR_EXEC_PROMPT = new RegExp(`^${HOST}#\\s*$`);
export const FRR_CONFIG_PROMPT = new RegExp(`^${HOST}\\((?<ctx>config(?:-[a-z0-9-]+)?)\\)#\\s*$`);

export const frrPlatform: Platform = {
  name: 'frr',
  description: 'FRRouting vtysh (8.x), CLI over SSH',
  modes: [
    { name: 'exec', prompt: FRR_EXEC_PROMPT },
    { name: 'config', prompt: FRR_CONFIG_PROMPT, config: true },
  ],
  execMode: 'exec',
  newline: '\n',
  pagingOff: ['terminal length 0'],
  configEnter: 'configure terminal',
  configExit: 'end',
  // vtysh's own errors, most specific first: "% Unknown command: foo", "% Command incomplete: ...",
  // "% Ambiguous command: ...", "% [BGP] Unknown command: ...", then any other "% " line
  // ("% Specify remote-as or peer-group commands first", "% Malformed address").
  failurePatterns: [
    /^%\s*(?:\[\w+\]\s*)?Unknown command/,
    /^%\s*Command incomplete/,
    /^%\s*Ambiguous command/,
    /^%\s/,
  ],
  login: {
    username: /^(?:username|user name|login)\s*:\s*$/i,
    password: /^password\s*:\s*$/i,
    failure: [/authentication failed/i, /permission denied/i, /access denied/i],
  },
};

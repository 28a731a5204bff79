// freeRtr as data. Prompts as the real router prints them (seeds/000-freertr-captures):
// exec "r2#", configuration "r1(cfg)#", "r1(cfg-if)#", "r1(cfg-subif)#", "r1(cfg-vrf)#", ...
import type { Platform } from '../platform';

/** Host names: letters, digits, "_", "." and "-". */
const HOST = '(?<host>[\\w.-]+)';

export const FREERTR_EXEC_PROMPT = new RegExp(`^${HOST}#\\s*$`);
export const FREERTR_CONFIG_PROMPT = new RegExp(`^${HOST}\\((?<ctx>[a-z0-9-]+)\\)#\\s*$`);

export const freertrPlatform: Platform = {
  name: 'freertr',
  description: 'freeRtr (mc36/freeRtr), CLI over telnet or SSH',
  modes: [
    { name: 'exec', prompt: FREERTR_EXEC_PROMPT },
    // "end" leaves from any sub-mode; "exit" climbs one level ("r1(cfg-if)#" -> "r1(cfg)#").
    { name: 'config', prompt: FREERTR_CONFIG_PROMPT, config: true, parent: 'exec', enter: 'configure terminal', exit: 'end', subModes: { exit: 'exit', rootContext: 'cfg' } },
  ],
  execMode: 'exec',
  // Telnet NVT line ending (RFC 854); freeRtr takes CR as the end of line and skips the LF.
  newline: '\r\n',
  pagingOff: ['terminal length 0'],
  configEnter: 'configure terminal',
  configExit: 'end',
  // freeRtr applies each configuration line at once: no commit.
  failurePatterns: [/^%\s/],
  login: {
    username: /^(?:username|user name|login)\s*:\s*$/i,
    password: /^password\s*:\s*$/i,
    failure: [/%\s*authentication failed/i, /login incorrect/i, /access denied/i],
  },
};

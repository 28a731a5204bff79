// A Linux host (containerlab kind `linux`: the evpn-mh CEs) as data: one shell mode, no
// configuration mode (a host is configured with commands: `ip link ...`, through cli()), no
// paging. Prompts as shells print them: bash's default `bash-5.0#`, `root@ce1:~#` / `user@host:/x$`,
// BusyBox ash's `/ #` and `~ #`, a bare `#` or `$`.
import type { Platform } from '../platform';

export const LINUX_PROMPT = /^(?:(?<user>[\w.-]+)@(?<host>[\w.-]+):[^\s#$]*\s?|bash-\d+(?:\.\d+)*|[/~][^\s#$]*\s)?[#$]\s*$/;

export const linuxPlatform: Platform = {
  name: 'linux',
  description: 'Linux host shell over SSH (ip -j link/addr/route with counters, iputils and BusyBox ping)',
  modes: [{ name: 'shell', prompt: LINUX_PROMPT }],
  execMode: 'shell',
  newline: '\n',
  pagingOff: [],
  // No configuration mode: configure() is refused with a clear error naming the device; hosts are
  // set up with cli() commands.
  configEnter: 'false',
  configExit: 'true',
  // iproute2 ("RTNETLINK answers: File exists", "Cannot find device \"eth9\"", "Error: ..."), the
  // shell ("bash: x: command not found", "sh: x: not found") and ping's own refusals.
  failurePatterns: [
    /^RTNETLINK answers: /, /^Cannot find device /, /^Error: /, /^(?:-?\w*sh): .*(?:command )?not found$/, /^Command ".*" is unknown/,
    /^ping: (?:unknown host|bad address|.*Name or service not known|.*Temporary failure in name resolution)/,
  ],
  login: {
    username: /^(?:[\w.-]+ )?login:\s*$/i,
    password: /^(?:.*'s )?password:\s*$/i,
    failure: [/Permission denied/i, /Login incorrect/i],
  },
};

// What a session needs to know about a platform, as data. The full Platform type and its registry
// live in platforms/platform.ts, which extends this one: the session layer sits below platforms/
// and must not import from it (DESIGN.md, Conventions 1-2).

export interface ModeSpec {
  /** e.g. "exec", "config". */
  name: string;
  /**
   * Matches a whole prompt line, e.g. /^(?<host>[\w.-]+)#\s*$/. Optional named groups `host` and
   * `ctx` (the sub-mode, e.g. "cfg-subif") are reported in the session's mode.
   */
  prompt: RegExp;
  /** True for configuration modes. */
  config?: boolean;
}

export interface LoginSpec {
  username: RegExp;
  password: RegExp;
  /** Lines that say the login failed. */
  failure: readonly RegExp[];
}

export interface PlatformSpec {
  name: string;
  /** Tried in order; the first whose prompt matches gives the mode. */
  modes: readonly ModeSpec[];
  /** The mode a session starts in and returns to after configuration. */
  execMode: string;
  /** Sent after each command. */
  newline: string;
  /** Commands that turn paging off (run once the prompt is found). */
  pagingOff: readonly string[];
  configEnter: string;
  configExit: string;
  /** Commit command for candidate-config platforms; absent where changes apply at once. */
  commit?: string;
  /** Output lines that mean the device rejected a command. */
  failurePatterns: readonly RegExp[];
  login: LoginSpec;
  /** False if the device does not echo commands. Default true. */
  echo?: boolean;
}

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
  /**
   * Candidate-configuration prompts (VRP "[~PE1]" / "[*PE1]"): the prompt captures the mark in a
   * named group `cand`, and this is the mark that means "uncommitted changes". The session then
   * reports ModeState.uncommitted. Absent for platforms without a candidate mark in the prompt.
   */
  uncommittedMark?: string;
  /**
   * Set where the prompt joins host and sub-mode with this separator and both may contain it
   * (VRP "[~core-pe1-bgp-VPNA]"): the session splits at the host it saw last (e.g. from "<core-pe1>")
   * when the text starts with it, instead of trusting the pattern's (lazy) split.
   */
  hostContextSeparator?: string;
}

/**
 * One row of a dialog table (DESIGN.md, Convention 3, as in unicon): when `pattern` shows up while
 * a command runs (or while the prompt is being found), send `action` as a line, then keep waiting
 * for the prompt (loopContinue true) or stop there (false).
 */
export interface DialogSpec {
  /** Used in transcripts and errors. */
  name: string;
  pattern: RegExp;
  action: string;
  loopContinue: boolean;
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
  /**
   * Output lines that mean the device rejected a command, in order of preference: the first
   * pattern that matches any line gives the line named in the CommandError.
   */
  failurePatterns: readonly RegExp[];
  /** Questions the device may ask in the middle of a command or at login, with their answers. */
  dialogs?: readonly DialogSpec[];
  login: LoginSpec;
  /** False if the device does not echo commands. Default true. */
  echo?: boolean;
}

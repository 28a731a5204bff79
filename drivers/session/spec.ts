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

  // The mode graph (all optional: a platform without it keeps configEnter/configExit). As in
  // scrapli's privilege levels: each mode names its parent and the commands between them;
  // Session.acquire(mode) finds the path breadth-first and runs it, answering dialogs on the way.

  /** The mode one level up (e.g. "privileged" for "config"). Absent for a root mode. */
  parent?: string;
  /** Sent in the parent to enter this mode (e.g. "enable", "configure terminal", "enter candidate"). */
  enter?: string;
  /** Sent in this mode (also from its sub-modes) to go back to the parent (e.g. "disable", "end"). */
  exit?: string;
  /** Questions that may come while entering (an enable password, a confirmation). */
  enterDialogs?: readonly ModeDialogSpec[];
  /** Questions that may come while leaving (e.g. "uncommitted changes, commit them?"). */
  exitDialogs?: readonly ModeDialogSpec[];
  /**
   * A line printed just above the prompt that tells the mode (SR Linux "--{ candidate shared
   * default }--[ interface ethernet-1/1 ]--"). When set, the mode matches only where the line
   * above the prompt matches it. Named groups: `ctx` (the context), `cand` (compared with
   * uncommittedMark).
   */
  statusLine?: RegExp;
  /**
   * Sub-modes shown by the prompt's `ctx` (freeRtr "r1(cfg-if)#", VRP "[~PE1-bgp]", IOS
   * "R1(config-if)#"): `exit` climbs one level, and acquire(this mode) sends it until the context
   * is `rootContext` (freeRtr "cfg", IOS "config") or absent (VRP).
   */
  subModes?: { exit: string; rootContext?: string };
}

/**
 * A question on the way between two modes. `pattern` matches the last line (the question waits
 * for its answer), e.g. /^Password:\s*$/.
 */
export interface ModeDialogSpec {
  /** Used in transcripts and errors, e.g. "enable password". */
  name: string;
  pattern: RegExp;
  /**
   * The answer, sent as a line: a literal (e.g. "y"), or `{ secret: "enable" }` for the session's
   * secret of that name (SessionOptions.secrets), masked in the transcript.
   */
  answer: string | { secret: string };
  /** How many times it may be answered in one step; once more means the answer was refused. Default 1. */
  maxTimes?: number;
}

/** An edge of the mode graph beyond parent/enter/exit: a shortcut (IOS "end" from config to exec). */
export interface ModeTransition {
  from: string;
  to: string;
  command: string;
  dialogs?: readonly ModeDialogSpec[];
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
  /** Extra edges of the mode graph (see ModeSpec.parent). */
  transitions?: readonly ModeTransition[];
}

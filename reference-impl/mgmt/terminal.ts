/**
 * The contract between a management server (telnet, SSH) and a dialect's CLI.
 * A server owns the bytes (option negotiation, echo, line editing); the CLI owns
 * the words (prompts, modes, commands). One TerminalSession per connected client.
 */
export interface CommandResult {
  /** Text to print, lines separated by "\n" (the server converts to CRLF). */
  output: string;
  /** True when the session should end after printing (e.g. `exit` at the top mode). */
  close?: boolean;
  /** True when the device reported an error (SSH exec then exits with status 1). */
  failed?: boolean;
  /** The exit status an SSH exec reports (a shell's $?); default 1 when failed, else 0. */
  exitStatus?: number;
}

export interface TerminalSession {
  /** Printed once, right after the connection is set up (e.g. "welcome\nline ready\n"). */
  banner(): string;
  /** The prompt to print before reading the next line, e.g. "r2#" or "r1(cfg-subif)#". */
  prompt(): string;
  /** Run one line the user typed (without its line ending). Never throws for bad input:
   * bad input gets the vendor's own error text in `output`. */
  execute(line: string): Promise<CommandResult>;
  /** Called once when the client goes away. */
  close(): void;
  /** The dialect's own line for a command that failed unexpectedly (the stack goes to the lab's log). */
  internalError?(): string;
  /** Tab: the line with its last word completed from the dialect's grammar; undefined when none fits. */
  complete?(line: string): string | undefined;
  /** Ctrl-Z ends the line and is passed at its end (IOS: leave configuration mode). */
  readonly ctrlZEndsLine?: boolean;
  /** True while the user types a secret (IOS `Password:`): the server does not echo it. */
  secretInput?(): boolean;
  /** Unsolicited output (debug messages on a monitoring line): the server writes it as it comes. */
  attach?(write: (text: string) => void): void;
}

/** Creates a session for a node; `peer` is the client's address for logs. */
export type TerminalSessionFactory = (peer: string) => TerminalSession;

/** A management server (telnet, SSH) serving one node's terminal sessions. */
export interface MgmtServer {
  host: string;
  port: number;
  /** Stops listening and drops every client. */
  close(): Promise<void>;
  /** Number of clients connected now. */
  connections(): number;
  /** Destroys every client connection at once (no goodbye); the server keeps listening. */
  dropConnections(): void;
  /** Frozen: input is read and held, nothing is processed or written, until thawed. */
  setFrozen(frozen: boolean): void;
}

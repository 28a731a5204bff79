// Typed driver errors. Every error names the device and, where one was running, the command.
// Messages are one line: they are shown to users as they are, never with a stack trace.

const MAX_DETAIL = 200;

/** Collapses whitespace (newlines included) and shortens, so a message stays on one line. */
export function oneLine(text: string, max = MAX_DETAIL): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

export interface DriverErrorInit {
  device: string;
  command?: string;
}

/** Base of every error a driver throws about a device. */
export class DriverError extends Error {
  readonly device: string;
  readonly command?: string;

  constructor(init: DriverErrorInit, detail: string) {
    const where = init.device ? `${init.device}: ` : '';
    const cmd = init.command !== undefined ? ` (command "${oneLine(init.command, 80)}")` : '';
    super(`${where}${oneLine(detail)}${cmd}`);
    this.name = new.target.name;
    this.device = init.device;
    if (init.command !== undefined) this.command = init.command;
  }
}

/** The TCP connection was refused, or the host is unreachable or unknown. */
export class ConnectError extends DriverError {
  constructor(device: string, readonly host: string, readonly port: number, reason: string) {
    super({ device }, `cannot connect to ${host}:${port}: ${reason}`);
  }
}

/** Login failed: wrong credentials, or the device asked for credentials we do not have. */
export class AuthError extends DriverError {
  constructor(device: string, reason: string) {
    super({ device }, `authentication failed: ${reason}`);
  }
}

/**
 * The SSH server's host key is not the one expected: unknown (no pinned fingerprint matches and
 * known_hosts has no entry for the host) or mismatched (a different key is on record).
 */
export class HostKeyError extends DriverError {
  constructor(device: string, readonly host: string, readonly port: number, readonly offered: string, readonly problem: 'unknown' | 'mismatch', detail: string) {
    super({ device }, `host key ${problem === 'unknown' ? 'not known' : 'MISMATCH'} for ${host}:${port} (offered ${offered}): ${detail}`);
  }
}

/**
 * Which deadline ran out: `inactivity` (nothing received for deadlineMs while waiting; reset by
 * every chunk, so a long answer arriving slowly is fine), `overall` (the cap on the whole wait,
 * whatever arrives), `connect` (TCP, or SSH up to the shell), `login` (finding the first prompt,
 * login dialog included).
 */
export type TimeoutKind = 'inactivity' | 'overall' | 'connect' | 'login';

const KIND_TEXT: Record<TimeoutKind, (ms: number) => string> = {
  inactivity: (ms) => `timed out: nothing received for ${ms} ms (inactivity deadline)`,
  overall: (ms) => `timed out after ${ms} ms (overall deadline)`,
  connect: (ms) => `timed out after ${ms} ms (connect deadline)`,
  login: (ms) => `timed out after ${ms} ms (login deadline)`,
};

/** A wait passed its deadline. Names what was awaited, which deadline ran out, and its length. */
export class TimeoutError extends DriverError {
  constructor(device: string, readonly waitingFor: string, readonly deadlineMs: number, command?: string, readonly kind: TimeoutKind = 'overall') {
    super({ device, command }, `${KIND_TEXT[kind](deadlineMs)} waiting for ${waitingFor}`);
  }
}

/** The connection closed while the driver was using it. */
export class ConnectionLostError extends DriverError {
  constructor(device: string, detail: string, command?: string) {
    super({ device, command }, `connection lost ${detail}`);
  }
}

/** The device answered a command with its own error line (e.g. freeRtr's "% unknown exec command entered"). */
export class CommandError extends DriverError {
  declare readonly command: string;
  constructor(device: string, command: string, readonly errorLine: string) {
    super({ device, command }, `device rejected the command: ${errorLine.trim()}`);
  }
}

/** A line of show output that a parser could not read. */
export class ParseError extends DriverError {
  constructor(device: string, command: string | undefined, readonly line: string, reason: string) {
    super({ device, command }, `cannot parse output: ${reason}: "${oneLine(line, 120)}"`);
  }
}

/** A registry lookup or registration failed (unknown or duplicate name). Not about a device. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(oneLine(message, 400));
    this.name = 'RegistryError';
  }
}

/** An inventory file is invalid. One line naming the file, the line where known, and the problem. */
export class InventoryError extends Error {
  constructor(readonly file: string, readonly line: number | undefined, problem: string) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${oneLine(problem, 300)}`);
    this.name = 'InventoryError';
  }
}

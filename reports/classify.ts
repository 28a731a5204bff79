// Broken or failed: the rules, in one place, used by the terminal reporter, the Allure reporter,
// the run summary and the per-target "broken" flag (suites/lib/verdict.ts).
//
// A check that ends with an error is BROKEN when the target or the harness broke, so nothing was
// learned about conformance:
//   - the error is one of the drivers' typed errors about reaching or keeping the device:
//     ConnectError (refused, unreachable), AuthError, HostKeyError, TimeoutError (a wait passed
//     its deadline), ConnectionLostError (drivers/errors.ts); or TargetBrokenError (this target
//     broke in an earlier check, suites/lib/verdict.ts);
//   - Playwright ended the check: its test timeout (status "timedOut", "Test timeout of N ms
//     exceeded"), a fixture's timeout, or the worker process died (the reference lab runs in it);
//   - a raw socket error escaped a driver (ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT,
//     EHOSTUNREACH, ENETUNREACH).
// Everything else is FAILED: the device answered and does not conform. That is an assertion
// (expect, node:assert), a CommandError (the device rejected a command the document gives), a
// ParseError (the device's output is not in the vendor's format), and any other error: an
// unknown error is never excused as "the target broke" (exit code 3 must mean just that).
// Errors are matched by name in the serialized error (Playwright passes reporters and fixture
// teardown `{message, stack}`, not the object), so the rules work on results read back from disk.

/** Names of errors that mean the target or the harness broke (see the rules above). */
export const BROKEN_ERROR_NAMES: readonly string[] = [
  'ConnectError',
  'AuthError',
  'HostKeyError',
  'TimeoutError',
  'ConnectionLostError',
  'TargetBrokenError',
];

const BROKEN_SOCKET_CODES = /\b(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/;
const PLAYWRIGHT_BROKEN = [
  /^Test timeout of \d+ms exceeded/,
  /^Fixture ".*" timeout of \d+ms exceeded/,
  /^Tearing down ".*" exceeded the test timeout/,
  /^Worker process exited unexpectedly/,
  /^Internal error: worker process exited unexpectedly/,
  /^Worker teardown timeout of \d+ms exceeded/,
];

/** The slice of an error this reads: an Error, Playwright's TestError / TestInfoError, Allure's statusDetails. */
export interface ErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  /** Allure's statusDetails.trace */
  trace?: string;
}

export type ErrorVerdict = 'broken' | 'failed';

// eslint-disable-next-line no-control-regex -- ANSI escapes are control characters by definition
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** The error's name: its `name`, else the "Name: " that starts its stack or message. */
export function errorName(e: ErrorLike | undefined): string | undefined {
  if (!e) return undefined;
  if (typeof e.name === 'string' && e.name !== '' && e.name !== 'Error') return e.name;
  for (const text of [e.stack, e.trace, e.message]) {
    if (typeof text !== 'string') continue;
    const m = /^([A-Za-z_$][\w$]*(?:Error|Exception)): /.exec(stripAnsi(text).trimStart());
    if (m) return m[1];
  }
  return typeof e.name === 'string' && e.name !== '' ? e.name : undefined;
}

/** Broken or failed, for one error; `status` is Playwright's result status where known. */
export function classifyError(e: ErrorLike | undefined, status?: string): ErrorVerdict {
  if (status === 'timedOut') return 'broken';
  if (!e) return 'failed';
  const name = errorName(e);
  if (name !== undefined && BROKEN_ERROR_NAMES.includes(name)) return 'broken';
  const msg = stripAnsi(e.message ?? '').trim();
  if (PLAYWRIGHT_BROKEN.some((re) => re.test(msg))) return 'broken';
  if (BROKEN_SOCKET_CODES.test(msg) && !/expect\(|AssertionError/.test(msg + (e.stack ?? ''))) return 'broken';
  return 'failed';
}

/**
 * Broken or failed, for all the errors of a check: broken as soon as one error is a broken one
 * (a check whose session died cannot be said to have failed, even if a later assertion tripped).
 */
export function classifyErrors(errors: readonly ErrorLike[], status?: string): ErrorVerdict {
  if (status === 'timedOut') return 'broken';
  return errors.some((e) => classifyError(e) === 'broken') ? 'broken' : 'failed';
}

/**
 * One line for a person: the error's name (unless plain Error) and the first line of its
 * message, ANSI colours removed. A driver error's message already names the device and command.
 */
export function reasonLine(e: ErrorLike | undefined, max = 300): string {
  if (!e) return '(no error message)';
  const name = errorName(e);
  let msg = stripAnsi(e.message ?? '').trim();
  // Playwright prefixes "Error: " to expect messages; a driver error's message is "Name: ...".
  msg = msg.replace(/^Error: /, '');
  if (name && msg.startsWith(`${name}: `)) msg = msg.slice(name.length + 2);
  const first = msg.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
  const text = name && name !== 'Error' && BROKEN_ERROR_NAMES.includes(name) ? `${name}: ${first}` : first || name || '(no error message)';
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

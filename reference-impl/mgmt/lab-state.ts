/**
 * A lab's state folder, <stateDir>/labs/<lab name>/ (default stateDir ".state"):
 *   ssh_host_ed25519_key   the SSH host key, generated on the first start, reused after (0600)
 *   credentials            the generated SSH password, when none is given (0600)
 *   authorized_keys        optional, OpenSSH public key lines accepted for login
 * The password is never printed or logged: `lab up` prints where the file is.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeHostKey, generateHostKey, type SshAuth } from './ssh';

export const DEFAULT_SSH_USER = 'netproof';
export const PASSWORD_ENV = 'NETPROOF_SSH_PASSWORD';

export interface LabSshState {
  dir: string;
  hostKey: string;
  publicKey: string;
  fingerprint: string;
  auth: SshAuth;
  passwordFrom: 'options' | 'env' | 'file';
  credentialsFile: string;
}

export interface LabStateOptions {
  stateDir?: string;
  auth?: { username?: string; password?: string; authorizedKeys?: string[] };
}

/** A lab name made safe as one folder name. */
export function labDirName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return safe || 'lab';
}

/**
 * Creates `file` with `text` (mode 0600) unless it exists, and returns what the file holds: the
 * text is written to a private temporary file first and linked into place, so the file appears
 * whole or not at all. Two processes starting the same lab at once (parallel tests, a `lab up`
 * beside a run) both get the one winner's content, never a half-written key.
 */
function writeSecretOnce(file: string, text: string): string {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  // O_EXCL: never follow or overwrite something placed there meanwhile.
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
    return text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Loads (creating what is missing) the lab's host key and SSH login. */
export function loadLabState(labName: string, opts: LabStateOptions, env: NodeJS.ProcessEnv = process.env): LabSshState {
  const dir = path.resolve(opts.stateDir ?? '.state', 'labs', labDirName(labName));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

  const keyFile = path.join(dir, 'ssh_host_ed25519_key');
  let hostKey = readIfExists(keyFile);
  if (hostKey === undefined) {
    hostKey = writeSecretOnce(keyFile, generateHostKey(`netproof-${labDirName(labName)}`).privateKey);
  }
  const { publicKey, fingerprint } = describeHostKey(hostKey);

  const credentialsFile = path.join(dir, 'credentials');
  const username = opts.auth?.username ?? DEFAULT_SSH_USER;
  let password: string;
  let passwordFrom: LabSshState['passwordFrom'];
  if (opts.auth?.password !== undefined) {
    password = opts.auth.password;
    passwordFrom = 'options';
  } else if (env[PASSWORD_ENV]) {
    password = env[PASSWORD_ENV];
    passwordFrom = 'env';
  } else {
    passwordFrom = 'file';
    const stored = /^password:\s?(.*)$/m.exec(readIfExists(credentialsFile) ?? '')?.[1];
    if (stored) password = stored;
    else {
      const fresh = crypto.randomBytes(18).toString('base64url');
      const held = writeSecretOnce(credentialsFile, `# SSH login for every node of lab ${labName}\nusername: ${username}\npassword: ${fresh}\n`);
      password = /^password:\s?(.*)$/m.exec(held)?.[1] ?? fresh;
    }
  }

  const fileKeys = readIfExists(path.join(dir, 'authorized_keys'))?.split('\n') ?? [];
  const authorizedKeys = [...fileKeys, ...(opts.auth?.authorizedKeys ?? [])];
  return { dir, hostKey, publicKey, fingerprint, auth: { username, password, authorizedKeys }, passwordFrom, credentialsFile };
}

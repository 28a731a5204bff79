/**
 * SSH server for the reference router (RFC 4253 transport, RFC 4252 authentication, RFC 4254
 * connection protocol), on the `ssh2` package. Like telnet, the words belong to the dialect's
 * TerminalSession; the shell channel is driven by the same LineSession (./line.ts).
 *
 * - Authentication (RFC 4252): "password" (section 8) and "publickey" (section 7; the signature
 *   over the session identifier is verified, a query without signature gets PK_OK). "none" and
 *   everything else is refused with the list of methods that can continue. Secrets are compared
 *   with crypto.timingSafeEqual and never logged.
 * - Session channel (RFC 4254 section 6): "pty-req" (optional: with a pty the server echoes and
 *   writes CRLF, without one, as for `ssh -T`, it does neither), "shell" (the CLI), "exec" (one
 *   command, its output, exit-status 0, or 1 when the device reported an error, close),
 *   "window-change" accepted and ignored, "signal" INT (and 0x03 on the channel) stops the
 *   running command as Ctrl-C does.
 */
import * as crypto from 'node:crypto';
import * as net from 'node:net';
import { Server, utils, type AuthContext, type Connection, type ServerChannel } from 'ssh2';
import { MgmtClients } from './listen';
import { LineSession, type LineIo } from './line';
import type { MgmtServer, TerminalSession, TerminalSessionFactory } from './terminal';

export interface SshAuth {
  username: string;
  password?: string;
  /** OpenSSH public key lines ("ssh-ed25519 AAAA... comment"). */
  authorizedKeys?: string[];
}

export interface SshServerOptions {
  host?: string;
  port?: number;
  /** The host private key, OpenSSH or PEM format. */
  hostKey: string | Buffer;
  auth: SshAuth;
  factory: TerminalSessionFactory;
  log?: (message: string) => void;
}

export type SshServer = MgmtServer;

/** "SHA256:<base64 without padding>" of a public key blob, as `ssh-keygen -l` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** A fresh ed25519 host key: private key in OpenSSH format, public key line. */
export function generateHostKey(comment = 'netproof'): { privateKey: string; publicKey: string } {
  const pair = utils.generateKeyPairSync('ed25519', { comment });
  return { privateKey: pair.private, publicKey: pair.public };
}

/** The public key line and fingerprint of a private host key. */
export function describeHostKey(privateKey: string | Buffer): { publicKey: string; fingerprint: string } {
  const key = utils.parseKey(privateKey);
  if (key instanceof Error) throw key;
  const k = Array.isArray(key) ? key[0] : key;
  const blob = k.getPublicSSH();
  return { publicKey: `${k.type} ${blob.toString('base64')}`, fingerprint: fingerprintOf(blob) };
}

type ParsedKey = Exclude<ReturnType<typeof utils.parseKey>, Error | unknown[]>;

/** Parses authorized_keys lines; options prefixes, comments and unreadable lines are skipped. */
export function parseAuthorizedKeys(lines: string[], log?: (m: string) => void): ParsedKey[] {
  const keys: ParsedKey[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    // "options keytype base64 comment": start at the key type.
    const m = /(?:^|\s)((?:ssh|ecdsa|sk)-[\w@.-]+\s+[A-Za-z0-9+/=]+)/.exec(line);
    const key = m ? utils.parseKey(m[1]) : new Error('no key');
    if (key instanceof Error || Array.isArray(key)) { log?.(`ssh: ignoring an authorized key line that is not a public key`); continue; }
    keys.push(key as ParsedKey);
  }
  return keys;
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  // Hash both sides first: timingSafeEqual needs equal lengths, and the length must not leak.
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}

/** RFC 4252: decides one authentication request. */
function authenticate(ctx: AuthContext, auth: SshAuth, keys: ParsedKey[]): void {
  const methods: Array<'password' | 'publickey'> = [];
  if (auth.password !== undefined) methods.push('password');
  if (keys.length > 0) methods.push('publickey');
  const userOk = safeEqual(Buffer.from(ctx.username), Buffer.from(auth.username));
  if (ctx.method === 'password' && auth.password !== undefined) {
    const ok = safeEqual(Buffer.from(ctx.password), Buffer.from(auth.password));
    return userOk && ok ? ctx.accept() : ctx.reject(methods);
  }
  if (ctx.method === 'publickey') {
    const key = keys.find((k) => k.type === ctx.key.algo && safeEqual(ctx.key.data, k.getPublicSSH()));
    if (!userOk || !key) return ctx.reject(methods);
    // No signature: the client asks whether this key would do (RFC 4252 section 7, PK_OK).
    if (!ctx.signature) return ctx.accept();
    return key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(methods);
  }
  ctx.reject(methods);
}

/** Starts an SSH server; resolves once it listens. Binds to 127.0.0.1 unless `host` says otherwise. */
export function startSshServer(options: SshServerOptions): Promise<SshServer> {
  const { host = '127.0.0.1', port = 0, factory, auth } = options;
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const keys = parseAuthorizedKeys(auth.authorizedKeys ?? [], log);
  const clients = new MgmtClients();

  const ssh = new Server({ hostKeys: [options.hostKey] }, (client: Connection) => {
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      // A client going away (reset, or refusing our host key) is its business, not an error of ours.
      if (err.code === 'ECONNRESET' || err.level === 'client-socket' || /KEY_EXCHANGE_FAILED|BY_APPLICATION/.test(err.message)) return;
      log(`ssh: ${err.message}`);
    });
    client.on('authentication', (ctx) => authenticate(ctx, auth, keys));
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let pty = false;
        let running: LineSession | undefined;
        session.on('pty', (accept) => { pty = true; accept?.(); });
        session.on('signal', (accept, _reject, info) => { accept?.(); if (info.name === 'INT') running?.interruptCommand(); });
        session.on('window-change', (accept) => accept?.());
        session.on('env', (accept) => accept?.());
        session.on('shell', (accept) => {
          const line = runShell(accept(), pty, factory, log, clients.frozen);
          running = line;
          if (line) clients.addLine(line, (cb) => client.once('close', cb));
        });
        session.on('exec', (accept, _reject, info) => { void runExec(accept(), info.command, pty, factory, log, (l) => { running = l; }); });
      });
    });
  });

  // Our own listener, so that each TCP socket can be dropped abruptly (Lab.dropSessions).
  const server = net.createServer((socket) => {
    clients.addSocket(socket);
    ssh.injectSocket(socket);
  });
  return clients.listen(server, host, port, log, 'ssh');
}

function channelIo(stream: ServerChannel): LineIo {
  return {
    write: (bytes) => { if (stream.writable) stream.write(bytes); },
    end: () => { if (stream.writable) { stream.exit(0); stream.end(); } },
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    isPaused: () => stream.isPaused(),
    needDrain: () => stream.writableNeedDrain,
    waitDrain: () => new Promise<void>((resolve) => {
      const done = (): void => { stream.off('drain', done); stream.off('close', done); resolve(); };
      stream.on('drain', done);
      stream.on('close', done);
    }),
  };
}

function newSession(stream: ServerChannel, factory: TerminalSessionFactory, log: (m: string) => void): TerminalSession | undefined {
  try {
    return factory('ssh');
  } catch (err) {
    log(`ssh: session factory failed: ${err instanceof Error ? err.stack : String(err)}`);
    stream.end('% internal error\r\n');
    return undefined;
  }
}

/** The shell request: the CLI, as over telnet. */
function runShell(stream: ServerChannel, pty: boolean, factory: TerminalSessionFactory, log: (m: string) => void, frozen: boolean): LineSession | undefined {
  const session = newSession(stream, factory, log);
  if (!session) return undefined;
  const line = new LineSession(channelIo(stream), session, { echo: () => pty, crlf: pty, label: 'ssh shell', log, frozen });
  stream.on('data', (chunk: Buffer) => line.push(chunk));
  stream.on('end', () => line.inputEnded());
  stream.on('close', () => line.closed());
  stream.on('error', (err: Error) => log(`ssh shell: ${err.message}`));
  line.start();
  return line;
}

/**
 * The exec request: one command, its output, exit status (RFC 4254 section 6.10): 0, or 1 when
 * the device reported an error (as a shell's `false`); then close. 0x03 on the channel stops it.
 */
async function runExec(stream: ServerChannel, command: string, pty: boolean, factory: TerminalSessionFactory, log: (m: string) => void, started: (l: LineSession) => void): Promise<void> {
  stream.on('error', (err: Error) => log(`ssh exec: ${err.message}`));
  const session = newSession(stream, factory, log);
  if (!session) return;
  const line = new LineSession(channelIo(stream), session, { echo: () => false, crlf: pty, label: 'ssh exec', log, stream: false });
  started(line);
  stream.on('data', (chunk: Buffer) => { if (chunk.includes(0x03)) line.interruptCommand(); });
  stream.on('close', () => line.closed());
  let status = 0;
  try {
    const result = await line.runCommand(command.replace(/\r?\n$/, ''));
    if (result.failed) status = 1;
    if (result.exitStatus !== undefined) status = result.exitStatus;
    if (stream.writable) stream.write(line.text(result.output));
  } finally {
    if (stream.writable) { stream.exit(status); stream.end(); }
    line.closed();
  }
}

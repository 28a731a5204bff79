// SSH transport over the `ssh2` Client: one interactive shell channel with a pty, used as a raw
// byte stream (prompts, paging and dialogs belong to the channel and session layers, as for telnet).
//
// - Host key (RFC 4253 section 8: the client must check the server's key): a pinned "SHA256:..."
//   fingerprint, or an OpenSSH known_hosts file, or an explicit insecure accept. An unknown or
//   different key is a HostKeyError naming the device, host:port and the offered fingerprint.
// - Authentication (RFC 4252): publickey when a private key is given, then password. All refused:
//   AuthError. Secrets are handed to ssh2 and nowhere else: never in errors or logs.
// - One deadline (connectMs) covers TCP connect, banner, key exchange, authentication and opening
//   the shell: TimeoutError. Refused or unreachable: ConnectError. After that, the connection
//   dropping resolves `closed` at once, so a pending read fails with ConnectionLostError.
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { AuthError, ConnectError, DriverError, HostKeyError, TimeoutError } from '../errors';
import { checkKnownHostsFile, fingerprint, knownHostsName, normalizeFingerprint } from './known-hosts';
import { mapConnectError } from './telnet';
import { TextTransport, type Transport } from './transport';

/** How the server's host key is checked. */
export type HostKeyPolicy =
  | { kind: 'fingerprint'; fingerprint: string }
  | { kind: 'known_hosts'; file: string }
  | { kind: 'insecure' };

export interface SshOptions {
  device: string;
  host: string;
  port: number;
  /** Deadline for TCP connect + SSH handshake + authentication + shell. */
  connectTimeoutMs: number;
  username: string;
  password?: string;
  /** Private key text (OpenSSH or PEM). */
  privateKey?: string | Buffer;
  passphrase?: string;
  hostKey: HostKeyPolicy;
  /** Terminal size asked for; wide, so that devices do not wrap lines. */
  cols?: number;
  rows?: number;
}

type HostCheck = { ok: true } | { ok: false; error: HostKeyError };

/** Decides whether an offered host key blob is acceptable under the policy. */
export function checkHostKey(opts: Pick<SshOptions, 'device' | 'host' | 'port' | 'hostKey'>, blob: Buffer): HostCheck {
  const offered = fingerprint(blob);
  const p = opts.hostKey;
  const err = (problem: 'unknown' | 'mismatch', detail: string): HostCheck =>
    ({ ok: false, error: new HostKeyError(opts.device, opts.host, opts.port, offered, problem, detail) });
  if (p.kind === 'insecure') return { ok: true };
  if (p.kind === 'fingerprint') {
    const want = normalizeFingerprint(p.fingerprint);
    return want === offered ? { ok: true } : err('mismatch', `expected ${want}`);
  }
  const v = checkKnownHostsFile(p.file, opts.host, opts.port, blob);
  if (v.status === 'match') return { ok: true };
  if (v.status === 'revoked') return err('mismatch', `the key is marked @revoked in ${p.file}`);
  if (v.status === 'mismatch') return err('mismatch', `${p.file} has ${v.expected.join(', ')} for ${knownHostsName(opts.host, opts.port)}`);
  return err('unknown', `no entry for ${knownHostsName(opts.host, opts.port)} in ${p.file}; pin host_key_fingerprint, add it to known_hosts, or use insecure_accept_host_key`);
}

interface SshError extends Error { level?: string; code?: string }

export class SshTransport extends TextTransport implements Transport {
  readonly device: string;
  private client: Client | null = null;
  private stream: ClientChannel | null = null;

  constructor(private readonly opts: SshOptions) {
    super();
    this.device = opts.device;
  }

  async connect(): Promise<void> {
    const { device, host, port, connectTimeoutMs } = this.opts;
    const client = new Client();
    this.client = client;
    let hostError: HostKeyError | null = null;
    let timer: NodeJS.Timeout | undefined;
    const config: ConnectConfig = {
      host, port,
      username: this.opts.username,
      readyTimeout: connectTimeoutMs,
      keepaliveInterval: 0,
      tryKeyboard: false,
      hostVerifier: (key: Buffer) => {
        const r = checkHostKey(this.opts, key);
        if (!r.ok) hostError = r.error;
        return r.ok;
      },
    };
    if (this.opts.password !== undefined) config.password = this.opts.password;
    if (this.opts.privateKey !== undefined) config.privateKey = this.opts.privateKey;
    if (this.opts.passphrase !== undefined) config.passphrase = this.opts.passphrase;

    try {
      this.stream = await new Promise<ClientChannel>((resolve, reject) => {
        const fail = (e: Error): void => { clearTimeout(timer); reject(e); };
        // ssh2's readyTimeout covers the handshake; ours also covers authentication and the shell.
        timer = setTimeout(() => fail(new TimeoutError(device, `SSH connection to ${host}:${port} (handshake, login and shell)`, connectTimeoutMs, undefined, 'connect')), connectTimeoutMs);
        client.on('error', (e: SshError) => fail(this.mapError(e, hostError)));
        client.on('close', () => fail(hostError ?? new ConnectError(device, host, port, 'connection closed during the SSH handshake')));
        client.on('ready', () => {
          client.shell({ term: 'vt100', cols: this.opts.cols ?? 511, rows: this.opts.rows ?? 24 }, (err, stream) => {
            if (err) fail(new DriverError({ device }, `the SSH server refused a shell: ${err.message}`));
            else { clearTimeout(timer); resolve(stream); }
          });
        });
        try {
          client.connect(config);
        } catch (e) {
          // ssh2 throws at once for an unreadable private key or a missing passphrase.
          fail(new AuthError(device, `cannot use the private key: ${(e as Error).message}`));
        }
      });
    } catch (e) {
      this.closing = true;
      client.removeAllListeners('close');
      client.on('error', () => undefined);
      client.destroy();
      this.markClosed();
      throw e;
    }
    client.removeAllListeners('error');
    client.removeAllListeners('close');
    client.on('error', (e: Error) => { this.lastError = e; });
    client.on('close', () => this.markClosed());
    this.stream.on('data', (chunk: Buffer) => this.emit(chunk));
    this.stream.stderr.on('data', (chunk: Buffer) => this.emit(chunk));
    this.stream.on('error', (e: Error) => { this.lastError = e; });
    this.stream.on('close', () => { this.client?.end(); this.markClosed(); });
  }

  private mapError(e: SshError, hostError: HostKeyError | null): Error {
    const { device, host, port, connectTimeoutMs } = this.opts;
    if (hostError) return hostError;
    if (e.level === 'client-authentication') {
      const tried = [this.opts.privateKey !== undefined ? 'publickey' : '', this.opts.password !== undefined ? 'password' : ''].filter(Boolean);
      return new AuthError(device, `the SSH server at ${host}:${port} refused ${tried.length ? tried.join(' and ') : 'every method (no password or key configured)'}`);
    }
    if (e.level === 'client-timeout') return new TimeoutError(device, `SSH handshake with ${host}:${port}`, connectTimeoutMs, undefined, 'connect');
    if (e.level === 'client-socket' || e.level === 'client-dns' || e.code) {
      return mapConnectError({ device, host, port, connectTimeoutMs }, e);
    }
    return new ConnectError(device, host, port, `SSH handshake failed: ${e.message}`);
  }

  write(data: string): void {
    if (!this.stream || this.closedFlag || !this.stream.writable) return; // surfaces through `closed`
    this.stream.write(Buffer.from(data, 'utf8'));
  }

  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closing = true;
    if (!this.client) { this.markClosed(); return; }
    this.client.end();
    // A peer that does not answer our disconnect must not hold us: destroy after a short grace.
    const grace = setTimeout(() => { this.client?.destroy(); this.markClosed(); }, 1000);
    await this.closed;
    clearTimeout(grace);
  }

}

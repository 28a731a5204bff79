// Opening a session: transport + channel + session for a platform, prompt found, paging off.
import { Channel } from './channel/channel';
import { Transcript } from './channel/transcript';
import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { DriverError } from './errors';
import type { InventoryDevice, TransportKind } from './inventory';
import { type Platform, getPlatform } from './platforms';
import { DEFAULT_SESSION_TIMEOUTS, Session, type SessionTimeouts } from './session/session';
import { type HostKeyPolicy, SshTransport } from './transport/ssh';
import { TelnetTransport } from './transport/telnet';
import type { Transport } from './transport/transport';

export interface Timeouts extends SessionTimeouts {
  /** Connection deadline: TCP (telnet); TCP, SSH handshake, login and shell (ssh). */
  connectMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10000, ...DEFAULT_SESSION_TIMEOUTS };

export interface OpenSessionOptions {
  /** Device name used in every error and in the transcript. */
  device: string;
  host: string;
  port: number;
  transport: TransportKind;
  /** A registered platform name (e.g. "freertr") or a Platform. */
  platform: string | Platform;
  username?: string;
  password?: string;
  timeouts?: Partial<Timeouts>;
  /** Records everything sent and received; the password and passphrase are registered as secrets. */
  transcript?: Transcript;
  /** SSH: private key file (OpenSSH or PEM), tried before the password. */
  keyFile?: string;
  /** SSH: the private key's passphrase. */
  passphrase?: string;
  /** Secrets mode dialogs answer with, by name (e.g. { enable: "..." } for IOS XE's enable secret). Masked. */
  secrets?: Readonly<Record<string, string>>;
  /** SSH: the pinned host key fingerprint, "SHA256:..." as OpenSSH prints it. Checked first. */
  hostKeyFingerprint?: string;
  /** SSH: known_hosts file used when no fingerprint is pinned (default ~/.ssh/known_hosts). */
  knownHostsFile?: string;
  /** SSH: accept any host key (also env NETPROOF_INSECURE_ACCEPT_HOST_KEY=1). Lab use only. */
  insecureAcceptHostKey?: boolean;
}

/** The host key policy: pinned fingerprint, else insecure if asked, else known_hosts. */
export function hostKeyPolicy(opts: Pick<OpenSessionOptions, 'hostKeyFingerprint' | 'knownHostsFile' | 'insecureAcceptHostKey'>, env: NodeJS.ProcessEnv = process.env): HostKeyPolicy {
  if (opts.hostKeyFingerprint) return { kind: 'fingerprint', fingerprint: opts.hostKeyFingerprint };
  if (opts.insecureAcceptHostKey || env.NETPROOF_INSECURE_ACCEPT_HOST_KEY === '1') return { kind: 'insecure' };
  return { kind: 'known_hosts', file: opts.knownHostsFile ?? join(homedir(), '.ssh', 'known_hosts') };
}

function readKey(opts: OpenSessionOptions): Buffer {
  try {
    return readFileSync(opts.keyFile as string);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new DriverError({ device: opts.device }, `cannot read the SSH key file ${opts.keyFile as string} (${code})`);
  }
}

function makeTransport(opts: OpenSessionOptions, t: Timeouts): Transport {
  switch (opts.transport) {
    case 'telnet':
      return new TelnetTransport({ device: opts.device, host: opts.host, port: opts.port, connectTimeoutMs: t.connectMs });
    case 'ssh':
      return new SshTransport({
        device: opts.device, host: opts.host, port: opts.port, connectTimeoutMs: t.connectMs,
        username: opts.username ?? userInfo().username,
        password: opts.password,
        privateKey: opts.keyFile !== undefined ? readKey(opts) : undefined,
        passphrase: opts.passphrase,
        hostKey: hostKeyPolicy(opts),
      });
    default:
      throw new DriverError({ device: opts.device }, `unknown transport "${String(opts.transport)}"`);
  }
}

/** Connects, finds the prompt (logging in if asked), turns paging off. Closes the connection on failure. */
export async function openSession(opts: OpenSessionOptions): Promise<Session> {
  const t: Timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const platform = typeof opts.platform === 'string' ? getPlatform(opts.platform) : opts.platform;
  opts.transcript?.addSecret(opts.password);
  opts.transcript?.addSecret(opts.passphrase);
  for (const v of Object.values(opts.secrets ?? {})) opts.transcript?.addSecret(v);
  const transport = makeTransport(opts, t);
  opts.transcript?.record('note', `connect ${opts.transport} ${opts.host}:${opts.port} (${platform.name})`);
  await transport.connect();
  const channel = new Channel(transport, { newline: platform.newline, transcript: opts.transcript });
  const session = new Session(channel, platform, { username: opts.username, password: opts.password, secrets: opts.secrets, timeouts: t });
  try {
    await session.open();
  } catch (e) {
    await channel.close().catch(() => undefined);
    throw e;
  }
  return session;
}

/** openSession for an inventory entry. */
export function openInventoryDevice(device: InventoryDevice, extra: { timeouts?: Partial<Timeouts>; transcript?: Transcript; insecureAcceptHostKey?: boolean } = {}): Promise<Session> {
  return openSession({
    device: device.name,
    host: device.host,
    port: device.port,
    transport: device.transport,
    platform: device.dialect,
    username: device.username,
    password: device.password,
    keyFile: device.keyFile,
    passphrase: device.passphrase,
    secrets: device.enablePassword !== undefined ? { enable: device.enablePassword } : undefined,
    hostKeyFingerprint: device.hostKeyFingerprint,
    knownHostsFile: device.knownHostsFile,
    timeouts: extra.timeouts,
    transcript: extra.transcript,
    insecureAcceptHostKey: extra.insecureAcceptHostKey || device.insecureAcceptHostKey,
  });
}

export { Session, Transcript };

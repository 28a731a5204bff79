// Opening a session: transport + channel + session for a platform, prompt found, paging off.
import { Channel } from './channel/channel';
import { Transcript } from './channel/transcript';
import { DriverError } from './errors';
import type { InventoryDevice, TransportKind } from './inventory';
import { type Platform, getPlatform } from './platforms';
import { Session, type SessionTimeouts } from './session/session';
import { TelnetTransport } from './transport/telnet';
import type { Transport } from './transport/transport';

export interface Timeouts extends SessionTimeouts {
  /** TCP connection deadline. */
  connectMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10000, promptMs: 15000, commandMs: 30000, wakeMs: 500, settleMs: 150 };

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
  /** Records everything sent and received; the password is registered as a secret. */
  transcript?: Transcript;
}

function makeTransport(opts: OpenSessionOptions, t: Timeouts): Transport {
  switch (opts.transport) {
    case 'telnet':
      return new TelnetTransport({ device: opts.device, host: opts.host, port: opts.port, connectTimeoutMs: t.connectMs });
    case 'ssh':
      // SSH comes in a later issue: an ssh2 shell channel behind the same Transport interface.
      throw new DriverError({ device: opts.device }, 'transport "ssh" is not yet supported; use telnet');
    default:
      throw new DriverError({ device: opts.device }, `unknown transport "${String(opts.transport)}"`);
  }
}

/** Connects, finds the prompt (logging in if asked), turns paging off. Closes the connection on failure. */
export async function openSession(opts: OpenSessionOptions): Promise<Session> {
  const t: Timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
  const platform = typeof opts.platform === 'string' ? getPlatform(opts.platform) : opts.platform;
  opts.transcript?.addSecret(opts.password);
  const transport = makeTransport(opts, t);
  opts.transcript?.record('note', `connect ${opts.transport} ${opts.host}:${opts.port} (${platform.name})`);
  await transport.connect();
  const channel = new Channel(transport, { newline: platform.newline, transcript: opts.transcript });
  const session = new Session(channel, platform, { username: opts.username, password: opts.password, timeouts: t });
  try {
    await session.open();
  } catch (e) {
    await channel.close().catch(() => undefined);
    throw e;
  }
  return session;
}

/** openSession for an inventory entry. */
export function openInventoryDevice(device: InventoryDevice, extra: { timeouts?: Partial<Timeouts>; transcript?: Transcript } = {}): Promise<Session> {
  return openSession({
    device: device.name,
    host: device.host,
    port: device.port,
    transport: device.transport,
    platform: device.dialect,
    username: device.username,
    password: device.password,
    ...extra,
  });
}

export { Session, Transcript };

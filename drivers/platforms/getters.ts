// What every platform's getters share: the session they need, running one command with the
// parse context that names the device and command, and the ping/traceroute options.

/** What a getter needs from a session (Session satisfies it; tests may pass a fake). */
export interface CommandRunner {
  readonly device: string;
  send(command: string, opts?: { timeoutMs?: number }): Promise<string>;
}

/** Run one command; the context names the device and command in any ParseError. */
export async function runCommand(session: CommandRunner, command: string, timeoutMs?: number): Promise<{ text: string; ctx: { device: string; command: string } }> {
  const text = await session.send(command, timeoutMs === undefined ? {} : { timeoutMs });
  return { text, ctx: { device: session.device, command } };
}

export interface ProbeOptions {
  /** VRF / VPN instance to probe in. */
  vrf?: string;
  /** Source, in the device's own terms: an interface (freeRtr `source loopback1`) or an address (VRP `-a`). */
  source?: string;
  /** Deadline of the whole command; default from the probe count or hop limit. */
  timeoutMs?: number;
}

export interface PingOptions extends ProbeOptions {
  /** Probes to send; the device default (5) if absent. */
  count?: number;
}

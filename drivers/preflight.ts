// Inputs checked before anything starts (issue 7, item 5).
//
// checkInventory: the inventory against the topology, every problem at once, one line each naming
// the inventory file and line: a topology node with no device, an unknown dialect, a credentials
// variable that is not set, a key file that is missing (and whatever else makes the file invalid).
// preflightDevices: each device reached once (connect, login, prompt) in parallel, each within a
// deadline, reported per device. Both are pure of process exits and printing: the caller (netproof
// run) prints the lines and exits 2.
import { openInventoryDevice, type Timeouts } from './connect';
import { DriverError, InventoryError, TimeoutError, oneLine } from './errors';
import { type Inventory, type InventoryDevice, readInventory } from './inventory';

/** What checkInventory needs of a topology: its node names (and its file, named in messages). */
export interface TopologyNodes {
  file?: string;
  /** Node names, or the containerlab `nodes` mapping (its keys are the names). */
  nodes: readonly string[] | Readonly<Record<string, unknown>>;
}

type Env = Record<string, string | undefined>;

function nodeNames(t: TopologyNodes): string[] {
  return Array.isArray(t.nodes) ? [...(t.nodes as readonly string[])] : Object.keys(t.nodes);
}

/**
 * Every problem of an inventory for a topology, as InventoryErrors (their message is one line:
 * "file:line: problem"). Given a file name, the file is read here and every problem of the file
 * itself is reported too; given a parsed Inventory, only the topology mapping is checked. An empty
 * list means the inventory is usable for the topology.
 */
export function checkInventory(inventory: string | Inventory, topology: TopologyNodes, env: Env = process.env): InventoryError[] {
  let inv: Inventory | null;
  const problems: InventoryError[] = [];
  if (typeof inventory === 'string') {
    const r = readInventory(inventory, env);
    inv = r.inventory;
    problems.push(...r.problems);
  } else {
    inv = inventory;
  }
  if (!inv) return problems;
  const listed = new Set(Object.keys(inv.lines ?? {}).concat(Object.keys(inv.devices)));
  const of = topology.file ? ` of ${topology.file}` : '';
  for (const node of nodeNames(topology)) {
    if (!listed.has(node)) {
      problems.push(new InventoryError(inv.file, inv.devicesLine, `topology node "${node}"${of} has no device in the inventory (every node must be mapped)`));
    }
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

export interface PreflightOptions {
  /** Deadline per device for connect + login + prompt, ms. Default 20 s. */
  deadlineMs?: number;
  /** Session deadlines (connect, prompt); clipped to deadlineMs. */
  timeouts?: Partial<Timeouts>;
  insecureAcceptHostKey?: boolean;
  /** Only these devices (default: all of the inventory's). */
  devices?: readonly string[];
}

export interface PreflightResult {
  device: string;
  ok: boolean;
  /** Time to reach the prompt (or to fail), ms. */
  ms: number;
  /** The mode and prompt found, when ok. */
  mode?: string;
  prompt?: string;
  /** The error class ("ConnectError", "AuthError", "TimeoutError", "HostKeyError", ...), when not ok. */
  errorType?: string;
  /** One line, naming the device (DriverError messages do), when not ok. */
  error?: string;
}

/** Runs `p` with a deadline; `late` gets the value if it resolves after the deadline (to close it). */
async function within<T>(p: Promise<T>, ms: number, onTimeout: () => Error, late: (v: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { timedOut = true; reject(onTimeout()); }, ms);
  });
  p.then((v) => { if (timedOut) late(v); }, () => undefined);
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function reach(d: InventoryDevice, opts: PreflightOptions, deadlineMs: number): Promise<PreflightResult> {
  const t0 = Date.now();
  const clip = (v: number | undefined, def: number): number => Math.min(v ?? def, deadlineMs);
  const timeouts: Partial<Timeouts> = {
    ...opts.timeouts,
    connectMs: clip(opts.timeouts?.connectMs, 10_000),
    promptMs: clip(opts.timeouts?.promptMs, 15_000),
    promptCapMs: deadlineMs,
    commandMs: clip(opts.timeouts?.commandMs, 15_000),
    commandCapMs: deadlineMs,
  };
  try {
    const s = await within(
      openInventoryDevice(d, { timeouts, insecureAcceptHostKey: opts.insecureAcceptHostKey }),
      // The session's own deadlines (clipped above) normally fire first and say which one ran out;
      // this is the guarantee, a little later.
      deadlineMs + 500,
      () => new TimeoutError(d.name, 'the device to answer with a prompt (preflight)', deadlineMs, undefined, 'overall'),
      (late) => void late.close('preflight deadline passed').catch(() => undefined),
    );
    const mode = s.mode;
    await s.close('preflight done').catch(() => undefined);
    return { device: d.name, ok: true, ms: Date.now() - t0, mode: mode?.name, prompt: mode?.prompt };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const msg = err instanceof DriverError ? err.message : `${d.name}: ${err.message}`;
    return { device: d.name, ok: false, ms: Date.now() - t0, errorType: err.name, error: oneLine(msg, 300) };
  }
}

/**
 * Reaches every device of the inventory once (connect, login, prompt, paging off) in parallel,
 * each within `deadlineMs`, and reports each: never throws for a device's fault. Results are in
 * the inventory's order.
 */
export async function preflightDevices(inventory: Inventory, opts: PreflightOptions = {}): Promise<PreflightResult[]> {
  const deadlineMs = opts.deadlineMs ?? 20_000;
  const names = opts.devices ?? Object.keys(inventory.devices);
  return Promise.all(names.map((n) => {
    const d = inventory.devices[n];
    if (!d) return Promise.resolve({ device: n, ok: false, ms: 0, errorType: 'InventoryError', error: `${n}: not in the inventory ${inventory.file}` });
    return reach(d, opts, deadlineMs);
  }));
}

/**
 * One line per device that could not be reached, naming the inventory file and the device's line,
 * e.g. "lab.yml:7: r2: cannot connect to 10.0.0.2:23: connection refused". Empty when every
 * device answered.
 */
export function preflightProblems(inventory: Inventory, results: readonly PreflightResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => {
    const line = inventory.lines?.[r.device];
    const where = `${inventory.file}${line !== undefined ? `:${line}` : ''}`;
    return `${where}: ${r.error ?? `${r.device}: unreachable`}`;
  });
}

export interface CheckInputsOptions extends PreflightOptions {
  /** Also reach each device once (netproof run --preflight). Default false. */
  reach?: boolean;
  env?: Env;
}

/**
 * The whole check `netproof run` makes before starting anything: the inventory file against the
 * topology and, with `reach`, every device once. Returns every problem as one line ("file:line:
 * problem"); an empty list means go. Devices are reached only when the inventory itself is clean.
 */
export async function checkInputs(inventoryFile: string, topology: TopologyNodes, opts: CheckInputsOptions = {}): Promise<{ problems: string[]; results?: PreflightResult[] }> {
  const env = opts.env ?? process.env;
  const problems = checkInventory(inventoryFile, topology, env).map((p) => p.message);
  if (problems.length > 0 || !opts.reach) return { problems };
  const inventory = readInventory(inventoryFile, env).inventory as Inventory;
  const names = nodeNames(topology);
  const results = await preflightDevices(inventory, { ...opts, devices: opts.devices ?? names });
  return { problems: preflightProblems(inventory, results), results };
}

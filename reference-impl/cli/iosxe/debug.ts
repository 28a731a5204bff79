/**
 * IOS debug commands: `debug vrrp vrrs`, `debug vrrs accounting|infra|plugin [...]`, `debug arp`,
 * `undebug all` / `no debug all`. Messages come from the engines' debug feed as state changes,
 * prefixed with IOS's timestamp from the lab's virtual clock, and reach sessions with `terminal
 * monitor` (the console always).
 */
import type { VrrsDebug } from '../../protocols/vrrs/engine';
import { Ctx, IosPart, IosTable } from './core';
import type { IosDevice } from './device';
import { execAdder } from './exec';
import { vrrsEngine } from './engines';
import { iosTimestamp } from './names';

/** The debug flag of each engine facility. */
const FLAG: Record<VrrsDebug['facility'], string> = { 'vrrp-vrrs': 'vrrp vrrs', accounting: 'vrrs accounting', infra: 'vrrs infra', plugin: 'vrrs plugin', arp: 'arp' };

const ON: Record<string, string> = {
  'vrrp vrrs': 'VRRP VRRS debugging is on',
  'vrrs accounting': 'VRRS accounting debugging is on',
  'vrrs infra': 'VRRS infrastructure debugging is on',
  'vrrs plugin': 'VRRS plugin debugging is on',
  arp: 'ARP packet debugging is on',
};

interface Hook {
  engine?: object;
  unhook?: () => void;
}

function register(t: IosTable): void {
  const ex = execAdder(t);
  const set = (flag: string) => (c: Ctx) => {
    if (c.negated) {
      c.dev.debugs.delete(flag);
      return ON[flag].replace(/is on$/, 'is off') + '\n';
    }
    c.dev.debugs.add(flag);
    return ON[flag] + '\n';
  };
  const dbg = (pattern: string, flag: string) => {
    t.add('exec', { pattern: `debug ${pattern}`, run: set(flag), negatable: true });
    t.add('exec', { pattern: `undebug ${pattern}`, run: (c) => set(flag)({ ...c, negated: true }) });
  };
  dbg('vrrp vrrs', 'vrrp vrrs');
  dbg('arp', 'arp');
  for (const [f, subs] of [
    ['accounting', ['all', 'errors', 'events']],
    ['infra', ['all', 'client', 'events', 'server']],
    ['plugin', ['all', 'arp-packet', 'client', 'database', 'if-state', 'mac', 'process', 'sublock', 'test']],
  ] as const) {
    dbg(`vrrs ${f}`, `vrrs ${f}`);
    for (const s of subs) dbg(`vrrs ${f} ${s}`, `vrrs ${f}`);
  }
  const off = (c: Ctx) => {
    c.dev.debugs.clear();
    return 'All possible debugging has been turned off\n';
  };
  ex('undebug all', off);
  t.add('exec', { pattern: 'debug all', negatable: true, run: (c) => (c.negated ? off(c) : 'This may severely impact network performance. Continue? (yes/[no]): \n% debug all refused\n') });
  ex('show debugging', (c) => {
    const on = [...c.dev.debugs].sort();
    return on.length ? on.map((f) => `  ${ON[f]}`).join('\n') + '\n' : '';
  });
}

/** After each apply: follow the VRRS engine's debug feed (a new engine after a restart too). */
function applied(dev: IosDevice): void {
  const h = dev.state<Hook>('debug-hook', () => ({}));
  const e = vrrsEngine(dev);
  if (e === h.engine) return;
  h.unhook?.();
  h.engine = e;
  h.unhook = e?.onDebug((d) => dev.debug(FLAG[d.facility], `${iosTimestamp(d.time)}: ${d.text}`));
}

export const debugPart: IosPart = { name: 'debug', register, applied };

/** `show running-config` in IOS XE's layout, rendered from the configuration model. */
import type { IosDevice } from './device';
import { ifState, ifaceHead, ifaceTail } from './config';
import { compareNames } from './names';

export function runningConfig(dev: IosDevice): string {
  const out: string[] = ['Building configuration...', '', `Current configuration : @@ bytes`, '!', 'version 17.3', '!'];
  out.push(`hostname ${dev.cfg.hostname}`, '!');
  if (dev.enableSecret !== undefined) out.push(`enable secret 9 ${secretHash(dev.enableSecret)}`, '!');
  for (const l of dev.extraGlobal) out.push(l);
  if (dev.extraGlobal.length) out.push('!');
  for (const p of dev.skin.parts) {
    const ls = p.runningGlobal?.(dev) ?? [];
    if (ls.length) out.push(...ls, '!');
  }
  const names = new Set<string>([...dev.node.ifaces.keys(), ...dev.cfg.ifaces.keys(), ...ifState(dev).pending.keys()]);
  for (const n of [...names].sort(compareNames)) {
    out.push(`interface ${n}`);
    out.push(...ifaceHead(dev, n));
    for (const p of dev.skin.parts) out.push(...(p.runningIface?.(dev, n) ?? []));
    out.push(...ifaceTail(dev, n));
    out.push('!');
  }
  for (const p of dev.skin.parts) {
    const ls = p.runningTail?.(dev) ?? [];
    if (ls.length) out.push(...ls, '!');
  }
  out.push('end', '');
  const text = out.join('\n');
  // The byte count IOS prints is the configuration's own size (from the first '!').
  const body = text.slice(text.indexOf('!\n'));
  return text.replace('@@', String(Buffer.byteLength(body)));
}

/**
 * An opaque stand-in for IOS's scrypt (type 9) hash: the secret never appears in the output.
 * Not scrypt; the reference router compares the clear secret it was given.
 */
function secretHash(s: string): string {
  let h = 2166136261;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const abc = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '$9$';
  for (let i = 0; i < 14; i++) {
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    out += abc[h % 64];
  }
  out += '$';
  for (let i = 0; i < 43; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x27d4eb2d) >>> 0;
    out += abc[h % 64];
  }
  return out;
}

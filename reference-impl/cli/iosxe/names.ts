import { compareNames } from '../../net/node';
import { macToString } from '../../net/packet';

/** Interface name order as IOS lists them (`Gi0/0/0` < `Gi0/0/0.2` < `Gi0/0/0.10`): the node's natural order. */
export { compareNames };

/** `aabb.cc00.fb00` from six bytes: net/packet's MAC form is IOS's dotted one. */
export const fmtMac = macToString;

/** IOS's debug timestamp `*Mmm dd hh:mm:ss.mmm` from the lab's virtual clock (µs since the lab's epoch). */
export function iosTimestamp(micros: number, epochMs = Date.UTC(2026, 0, 1)): string {
  const d = new Date(epochMs + Math.floor(micros / 1000));
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `*${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

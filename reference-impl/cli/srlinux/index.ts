/** The srlinux dialect (SR Linux's model-driven CLI). */
import type { Dialect } from '../registry';
import { SrlDevice } from './device';

export function srlinuxDialect(): Dialect {
  return { name: 'srlinux', createDevice: (node, platform) => new SrlDevice(node, platform) };
}

export { SrlDevice };

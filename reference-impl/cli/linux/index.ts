/** The linux dialect: a containerlab kind `linux` host (a CE), a shell rather than a router CLI. */
import type { Dialect } from '../registry';
import { LinuxDevice } from './device';

export function linuxDialect(): Dialect {
  return { name: 'linux', createDevice: (node) => new LinuxDevice(node) };
}

export { LinuxDevice };

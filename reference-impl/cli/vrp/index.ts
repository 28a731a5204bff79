/** The vrp dialect (Huawei VRP V8). */
import type { Dialect } from '../registry';
import { VrpDevice } from './device';
import './commands';
import './exec';

export function vrpDialect(): Dialect {
  return { name: 'vrp', createDevice: (node) => new VrpDevice(node) };
}

export { VrpDevice };

/** The vrp dialect (Huawei VRP V8): importing this module registers its commands and the dialect. */
import { registerDialect } from '../registry';
import { VrpDevice } from './device';
import './commands';
import './exec';

registerDialect({ name: 'vrp', createDevice: (node) => new VrpDevice(node) });

export { VrpDevice };

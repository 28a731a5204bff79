/** The freertr dialect: importing this module registers its commands and the dialect. */
import { registerDialect } from '../registry';
import { FreeRtrDevice } from './device';
import './config';
import './pvrp';
import './exec';

registerDialect({ name: 'freertr', createDevice: (node) => new FreeRtrDevice(node) });

export { FreeRtrDevice };

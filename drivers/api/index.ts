// The device API: what suites and targets import (not drivers/platforms/<vendor>/).
export { createDevice, platformMethods, type DeviceSession } from './device';
export {
  DEVICE_METHODS, NotSupportedError, type BgpQuery, type Device, type DeviceMethod, type DeviceStateApi, type IgpNeighbor, type IgpQuery,
  type PlatformGetters, type RouteQuery,
} from './types';
export type { PingOptions, ProbeOptions } from '../platforms/getters';
/** The CLI session a suite's raw `cli` fixture hands out (for a dialect's own typing, golden outputs). */
export type { Session } from '../connect';

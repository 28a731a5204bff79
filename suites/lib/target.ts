// Moved to targets/ (one adapter per target kind behind one Target shape); kept as a re-export.
export { openTarget, type Endpoint, type Target, type TargetOptions } from '../../targets';

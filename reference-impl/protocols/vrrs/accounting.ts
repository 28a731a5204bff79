/**
 * The VRRS accounting plug-in's output: one Accounting-Request (RFC 2866) per VRRS transition,
 * handed to an injected sink. protocols/ stays deterministic: the sink that puts the request on a
 * real UDP socket (runtime/radius-acct.ts) lives outside it; tests may collect requests in memory.
 */
import type { Micros } from '../../sim/scheduler';
import type { AaaAttribute, RadiusServerConfig } from './config';

/** The key under which a node's host provides its AccountingSink (Node.services). */
export const ACCOUNTING_SERVICE = 'vrrs-accounting';

/** RFC 2866 5.1 Acct-Status-Type values used by VRRS. */
export const ACCT_STATUS = { 'Accounting-On': 7, 'Accounting-Off': 8 } as const;
export type AcctStatus = keyof typeof ACCT_STATUS;

export interface VrrsAccountingRequest {
  /** Virtual time the request was handed to the sink. */
  time: Micros;
  status: AcctStatus;
  /** The VRRS name, carried in Cisco VSA type 1 (cisco-avpair) as `vrrs=NAME`. */
  vrrsName: string;
  /** Attribute 4 NAS-IP-Address. */
  nasIp: string;
  /** Attribute 44 Acct-Session-Id. */
  sessionId: string;
  /** Attribute 41 Acct-Delay-Time, seconds. */
  delaySec: number;
  /** The accounting method list used and its RADIUS servers (with their shared secrets). */
  methodList: string;
  servers: RadiusServerConfig[];
  /** Extra attributes from the `attribute list`. */
  extra: AaaAttribute[];
}

export interface AccountingSink {
  send(req: VrrsAccountingRequest): void;
}

/** A sink that keeps requests in memory (tests, and `show` of what was sent). */
export class MemorySink implements AccountingSink {
  readonly sent: VrrsAccountingRequest[] = [];
  send(req: VrrsAccountingRequest): void {
    this.sent.push(req);
  }
}

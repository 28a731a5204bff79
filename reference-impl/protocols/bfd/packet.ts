/**
 * BFD Control packet codec (RFC 5880 section 4.1, mandatory section only; no authentication).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 * |                       My Discriminator                        |
 * |                      Your Discriminator                       |
 * |                    Desired Min TX Interval                    |
 * |                   Required Min RX Interval                    |
 * |                 Required Min Echo RX Interval                 |
 */

/** UDP destination port of single-hop BFD Control packets (RFC 5881 section 4). */
export const BFD_PORT = 3784;
/** Source port range (RFC 5881 section 4). */
export const BFD_SPORT_MIN = 49152;
export const BFD_SPORT_MAX = 65535;
export const BFD_VERSION = 1;
export const BFD_LEN = 24;

export type BfdState = 'AdminDown' | 'Down' | 'Init' | 'Up';
/** RFC 5880 4.1 State values. */
export const STATE_CODE: Record<BfdState, number> = { AdminDown: 0, Down: 1, Init: 2, Up: 3 };
export const STATE_NAME: BfdState[] = ['AdminDown', 'Down', 'Init', 'Up'];

/** RFC 5880 4.1 Diagnostic codes. */
export const DIAG = {
  NONE: 0,
  DETECT_EXPIRED: 1,
  ECHO_FAILED: 2,
  NEIGHBOR_DOWN: 3,
  FWD_RESET: 4,
  PATH_DOWN: 5,
  CONCAT_PATH_DOWN: 6,
  ADMIN_DOWN: 7,
  REV_CONCAT_PATH_DOWN: 8,
} as const;

/** Diagnostic texts as VRP prints them in `Last Local Diagnostic`. */
export const DIAG_TEXT = [
  'No Diagnostic',
  'Control Detection Time Expired',
  'Echo Function Failed',
  'Neighbor Signaled Session Down',
  'Forwarding Plane Reset',
  'Path Down',
  'Concatenated Path Down',
  'Administratively Down',
  'Reverse Concatenated Path Down',
];

export interface BfdControl {
  version: number;
  diag: number;
  state: BfdState;
  poll: boolean;
  final: boolean;
  /** C: Control Plane Independent. */
  cpi: boolean;
  /** A: Authentication Present. */
  auth: boolean;
  /** D: Demand. */
  demand: boolean;
  /** M: Multipoint (must be zero). */
  multipoint: boolean;
  detectMult: number;
  length: number;
  myDisc: number;
  yourDisc: number;
  /** Microseconds (RFC 5880 4.1). */
  desiredMinTx: number;
  requiredMinRx: number;
  requiredMinEchoRx: number;
}

export function newControl(p: Partial<BfdControl> & Pick<BfdControl, 'state' | 'myDisc'>): BfdControl {
  return {
    version: BFD_VERSION,
    diag: 0,
    poll: false,
    final: false,
    cpi: false,
    auth: false,
    demand: false,
    multipoint: false,
    detectMult: 3,
    length: BFD_LEN,
    yourDisc: 0,
    desiredMinTx: 1_000_000,
    requiredMinRx: 1_000_000,
    requiredMinEchoRx: 0,
    ...p,
  };
}

export function encodeBfd(c: BfdControl): Buffer {
  const b = Buffer.alloc(BFD_LEN);
  b[0] = ((c.version & 7) << 5) | (c.diag & 31);
  b[1] =
    (STATE_CODE[c.state] << 6) |
    (c.poll ? 0x20 : 0) |
    (c.final ? 0x10 : 0) |
    (c.cpi ? 0x08 : 0) |
    (c.auth ? 0x04 : 0) |
    (c.demand ? 0x02 : 0) |
    (c.multipoint ? 0x01 : 0);
  b[2] = c.detectMult & 255;
  b[3] = BFD_LEN;
  b.writeUInt32BE(c.myDisc >>> 0, 4);
  b.writeUInt32BE(c.yourDisc >>> 0, 8);
  b.writeUInt32BE(c.desiredMinTx >>> 0, 12);
  b.writeUInt32BE(c.requiredMinRx >>> 0, 16);
  b.writeUInt32BE(c.requiredMinEchoRx >>> 0, 20);
  return b;
}

/** Parse without judging (the field values as they are on the wire). */
export function decodeBfd(b: Buffer): BfdControl | undefined {
  if (b.length < BFD_LEN) return undefined;
  return {
    version: b[0] >> 5,
    diag: b[0] & 31,
    state: STATE_NAME[b[1] >> 6],
    poll: (b[1] & 0x20) !== 0,
    final: (b[1] & 0x10) !== 0,
    cpi: (b[1] & 0x08) !== 0,
    auth: (b[1] & 0x04) !== 0,
    demand: (b[1] & 0x02) !== 0,
    multipoint: (b[1] & 0x01) !== 0,
    detectMult: b[2],
    length: b[3],
    myDisc: b.readUInt32BE(4),
    yourDisc: b.readUInt32BE(8),
    desiredMinTx: b.readUInt32BE(12),
    requiredMinRx: b.readUInt32BE(16),
    requiredMinEchoRx: b.readUInt32BE(20),
  };
}

/**
 * The reception checks of RFC 5880 section 6.8.6 that need no session: returns the reason the
 * packet must be discarded, or undefined when it passes. `udpLen` is the UDP payload length.
 */
export function rejectReason(c: BfdControl, udpLen: number): string | undefined {
  if (c.version !== BFD_VERSION) return 'version';
  if (c.length < (c.auth ? 26 : BFD_LEN)) return 'length too short';
  if (c.length > udpLen) return 'length beyond payload';
  if (c.detectMult === 0) return 'detect mult 0';
  if (c.multipoint) return 'multipoint';
  if (c.myDisc === 0) return 'my discriminator 0';
  if (c.yourDisc === 0 && c.state !== 'Down' && c.state !== 'AdminDown') return 'your discriminator 0 while not Down';
  // No authentication is configured on any session here: a packet with A set is discarded (6.8.6).
  if (c.auth) return 'authentication not configured';
  return undefined;
}

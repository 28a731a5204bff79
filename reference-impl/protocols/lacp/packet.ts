/**
 * LACPDU wire format (IEEE 802.1AX-2014 6.4.2): a Slow Protocols frame (EtherType 0x8809,
 * 802.3 Annex 57A) to the Slow_Protocols_Multicast address 01-80-C2-00-00-02, subtype 1 (LACP),
 * version 1, the Actor and Partner Information TLVs (type 1 / 2, length 20), the Collector
 * Information TLV (type 3, length 16), the Terminator TLV (type 0, length 0) and 50 reserved
 * octets: 110 octets of payload, which tcpdump prints as `LACPv1, length 110`.
 *
 * decodeLacpdu never throws: a malformed PDU gives a reason string (the engine counts it).
 */

export const ETH_SLOW = 0x8809;
export const SLOW_SUBTYPE_LACP = 1;
export const SLOW_SUBTYPE_MARKER = 2;
export const LACP_VERSION = 1;
/** Slow_Protocols_Multicast address (802.1AX 6.2.11.2). */
export const SLOW_PROTOCOLS_MAC = Buffer.from([0x01, 0x80, 0xc2, 0x00, 0x00, 0x02]);
/** LACPDU payload length after the Ethernet header. */
export const LACPDU_LEN = 110;

/** Port state bits (802.1AX 6.4.2.3 Actor_State / Partner_State). */
export const ST = {
  ACTIVITY: 1 << 0,
  TIMEOUT: 1 << 1,
  AGGREGATION: 1 << 2,
  SYNC: 1 << 3,
  COLLECTING: 1 << 4,
  DISTRIBUTING: 1 << 5,
  DEFAULTED: 1 << 6,
  EXPIRED: 1 << 7,
} as const;

/** The state octet as named flags. */
export interface PortStateBits {
  /** true: active LACP (sends periodically); false: passive. */
  activity: boolean;
  /** true: short timeout (fast, 1 s periodic); false: long (slow, 30 s). */
  timeout: boolean;
  aggregation: boolean;
  synchronization: boolean;
  collecting: boolean;
  distributing: boolean;
  defaulted: boolean;
  expired: boolean;
}

export function stateBits(s: number): PortStateBits {
  return {
    activity: (s & ST.ACTIVITY) !== 0,
    timeout: (s & ST.TIMEOUT) !== 0,
    aggregation: (s & ST.AGGREGATION) !== 0,
    synchronization: (s & ST.SYNC) !== 0,
    collecting: (s & ST.COLLECTING) !== 0,
    distributing: (s & ST.DISTRIBUTING) !== 0,
    defaulted: (s & ST.DEFAULTED) !== 0,
    expired: (s & ST.EXPIRED) !== 0,
  };
}

export function stateOctet(b: PortStateBits): number {
  return (b.activity ? ST.ACTIVITY : 0) | (b.timeout ? ST.TIMEOUT : 0) | (b.aggregation ? ST.AGGREGATION : 0) |
    (b.synchronization ? ST.SYNC : 0) | (b.collecting ? ST.COLLECTING : 0) | (b.distributing ? ST.DISTRIBUTING : 0) |
    (b.defaulted ? ST.DEFAULTED : 0) | (b.expired ? ST.EXPIRED : 0);
}

/** One side's information in a LACPDU (Actor or Partner TLV). */
export interface LacpPortInfo {
  systemPriority: number;
  /** Six octets, `aa:bb:cc:dd:ee:ff` lower case. */
  system: string;
  key: number;
  portPriority: number;
  port: number;
  /** State octet (ST bits). */
  state: number;
}

export interface Lacpdu {
  /** Version as received (1 for what this implementation sends; higher versions are accepted). */
  version: number;
  actor: LacpPortInfo;
  partner: LacpPortInfo;
  /** CollectorMaxDelay, tens of microseconds. */
  collectorMaxDelay: number;
}

export const NULL_SYSTEM = '00:00:00:00:00:00';

export function macBytes(s: string): Buffer | undefined {
  const m = /^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})$/i.exec(s);
  if (!m) return undefined;
  return Buffer.from(m.slice(1).map((h) => parseInt(h, 16)));
}

export function macString(b: Buffer): string {
  return [...b.subarray(0, 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

function writeInfo(b: Buffer, off: number, type: number, p: LacpPortInfo): void {
  b[off] = type;
  b[off + 1] = 20;
  b.writeUInt16BE(p.systemPriority & 0xffff, off + 2);
  (macBytes(p.system) ?? Buffer.alloc(6)).copy(b, off + 4);
  b.writeUInt16BE(p.key & 0xffff, off + 10);
  b.writeUInt16BE(p.portPriority & 0xffff, off + 12);
  b.writeUInt16BE(p.port & 0xffff, off + 14);
  b[off + 16] = p.state & 0xff;
  // off+17..19 reserved (zero).
}

function readInfo(b: Buffer, off: number): LacpPortInfo {
  return {
    systemPriority: b.readUInt16BE(off + 2),
    system: macString(b.subarray(off + 4, off + 10)),
    key: b.readUInt16BE(off + 10),
    portPriority: b.readUInt16BE(off + 12),
    port: b.readUInt16BE(off + 14),
    state: b[off + 16],
  };
}

/** The 110-octet LACPDU payload (after the Ethernet header). */
export function encodeLacpdu(pdu: Omit<Lacpdu, 'version'> & { version?: number }): Buffer {
  const b = Buffer.alloc(LACPDU_LEN);
  b[0] = SLOW_SUBTYPE_LACP;
  b[1] = pdu.version ?? LACP_VERSION;
  writeInfo(b, 2, 1, pdu.actor);
  writeInfo(b, 22, 2, pdu.partner);
  b[42] = 3;
  b[43] = 16;
  b.writeUInt16BE(pdu.collectorMaxDelay & 0xffff, 44);
  // 46..57 reserved; 58..59 terminator (type 0, length 0); 60..109 reserved.
  return b;
}

/** The whole Ethernet frame of a LACPDU sent from the port MAC `src`. */
export function lacpduFrame(src: Buffer, pdu: Omit<Lacpdu, 'version'>): Buffer {
  const hdr = Buffer.alloc(14);
  SLOW_PROTOCOLS_MAC.copy(hdr, 0);
  src.copy(hdr, 6);
  hdr.writeUInt16BE(ETH_SLOW, 12);
  return Buffer.concat([hdr, encodeLacpdu(pdu)]);
}

/**
 * Decode a LACPDU payload (the bytes after the EtherType; trailing padding allowed). Returns the
 * PDU, or a reason string when it is not a valid LACPDU (802.1AX 6.4.2.3, 6.4.12: the TLV types
 * and lengths of version 1 at their fixed offsets; higher versions are read the same way).
 */
export function decodeLacpdu(b: Buffer): Lacpdu | string {
  if (b.length < 1) return 'empty';
  if (b[0] !== SLOW_SUBTYPE_LACP) return `subtype ${b[0]}`;
  if (b.length < LACPDU_LEN) return `length ${b.length}`;
  if (b[1] < 1) return `version ${b[1]}`;
  if (b[2] !== 1 || b[3] !== 20) return `actor TLV ${b[2]}/${b[3]}`;
  if (b[22] !== 2 || b[23] !== 20) return `partner TLV ${b[22]}/${b[23]}`;
  if (b[42] !== 3 || b[43] !== 16) return `collector TLV ${b[42]}/${b[43]}`;
  if (b[1] === 1 && (b[58] !== 0 || b[59] !== 0)) return `terminator TLV ${b[58]}/${b[59]}`;
  return { version: b[1], actor: readInfo(b, 2), partner: readInfo(b, 22), collectorMaxDelay: b.readUInt16BE(44) };
}

/** True when an (untagged) frame is a Slow Protocols frame. */
export function isSlowProtocols(frame: Buffer): boolean {
  return frame.length >= 14 && frame.readUInt16BE(12) === ETH_SLOW;
}

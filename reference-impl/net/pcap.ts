/**
 * libpcap file format (LINKTYPE_ETHERNET): what a link tap records, so a capture of a
 * simulated link opens in Wireshark/tshark. Timestamps are the lab's virtual time.
 */
export const PCAP_MAGIC = 0xa1b2c3d4;
export const LINKTYPE_ETHERNET = 1;

export function pcapHeader(snaplen = 65535): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt32LE(PCAP_MAGIC, 0);
  b.writeUInt16LE(2, 4);
  b.writeUInt16LE(4, 6);
  b.writeInt32LE(0, 8);
  b.writeUInt32LE(0, 12);
  b.writeUInt32LE(snaplen, 16);
  b.writeUInt32LE(LINKTYPE_ETHERNET, 20);
  return b;
}

/** One record; `micros` is virtual time in microseconds. */
export function pcapRecord(micros: number, frame: Buffer, snaplen = 65535): Buffer {
  const cap = Math.min(frame.length, snaplen);
  const h = Buffer.alloc(16);
  h.writeUInt32LE(Math.floor(micros / 1_000_000), 0);
  h.writeUInt32LE(micros % 1_000_000, 4);
  h.writeUInt32LE(cap, 8);
  h.writeUInt32LE(frame.length, 12);
  return Buffer.concat([h, frame.subarray(0, cap)]);
}

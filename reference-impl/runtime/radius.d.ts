/** The parts of the `radius` npm package (node-radius 1.x, no bundled types) used here. */
declare module 'radius' {
  type Attr = [string | number, unknown] | [string | number, unknown, unknown];
  interface EncodeArgs {
    code: string;
    secret: string;
    identifier?: number;
    attributes?: Attr[];
    add_message_authenticator?: boolean;
  }
  interface Decoded {
    code: string;
    identifier: number;
    length: number;
    attributes: Record<string, unknown>;
    raw_attributes: Array<[number, Buffer]>;
  }
  const radius: {
    encode(args: EncodeArgs): Buffer;
    decode(args: { packet: Buffer; secret: string }): Decoded;
    decode_without_secret(args: { packet: Buffer }): Decoded;
    encode_response(args: { packet: Decoded; code: string; secret: string; attributes?: Attr[] }): Buffer;
    verify_response(args: { request: Buffer; response: Buffer; secret: string }): boolean;
    InvalidSecretError: new (...a: unknown[]) => Error;
  };
  export default radius;
}

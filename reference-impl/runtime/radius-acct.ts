/**
 * RADIUS accounting for the VRRS accounting plug-in: RFC 2866 Accounting-Request packets on a
 * real UDP socket, the one place a protocol of the lab talks to the host network. The protocol
 * side (protocols/vrrs) only hands `VrrsAccountingRequest`s to this sink; encoding uses the
 * `radius` npm package (Request Authenticator = MD5(Code+Identifier+Length+16 zero octets+
 * Attributes+Secret), RFC 2866 3), and answers are checked with the shared secret (Response
 * Authenticator, RFC 2866 3). Servers are tried in order with retransmissions (RFC 2866 2: the
 * client retries, then fails over). Only loopback servers are accepted (the lab's rule).
 */
import * as dgram from 'node:dgram';
import radius from 'radius';
import type { AccountingSink, VrrsAccountingRequest } from '../protocols/vrrs/accounting';
import { ACCT_STATUS } from '../protocols/vrrs/accounting';
import type { RadiusServerConfig } from '../protocols/vrrs/config';

/** Cisco's vendor id and the cisco-avpair VSA type (RFC 2865 5.26). */
export const CISCO_VENDOR = 9;
export const CISCO_AVPAIR = 1;

export type AcctOutcome = 'accepted' | 'timeout' | 'bad-response' | 'refused-host' | 'error';

/** What happened to one request: the packet sent (bytes, without the secret) and the answer. */
export interface AcctResult {
  request: Omit<VrrsAccountingRequest, 'servers'> & { servers: Array<Omit<RadiusServerConfig, 'key'>> };
  server?: string;
  outcome: AcctOutcome;
  /** The Accounting-Request as sent (hex). */
  packet?: string;
  identifier?: number;
  attempts: number;
  rttMs?: number;
  detail?: string;
}

export interface RadiusAcctOptions {
  /** Wait per attempt, ms (default 1000). */
  timeoutMs?: number;
  /** Attempts per server (default 3). */
  attempts?: number;
}

/** The attributes VRRS sends (4, 26/9/1, 40, 41, 44), in the node-radius list form. */
export function acctAttributes(req: VrrsAccountingRequest): Array<[string | number, unknown] | [string | number, unknown, unknown]> {
  return [
    ['NAS-IP-Address', req.nasIp],
    ['Vendor-Specific', CISCO_VENDOR, [[CISCO_AVPAIR, Buffer.from(`vrrs=${req.vrrsName}`)]]],
    ['Acct-Status-Type', ACCT_STATUS[req.status]],
    ['Acct-Delay-Time', req.delaySec],
    ['Acct-Session-Id', req.sessionId],
  ];
}

/** Encode one Accounting-Request (RFC 2866 4.1). */
export function encodeAcct(req: VrrsAccountingRequest, secret: string, identifier: number): Buffer {
  return radius.encode({ code: 'Accounting-Request', secret, identifier, attributes: acctAttributes(req) });
}

function isLoopback(host: string): boolean {
  return /^127\./.test(host) || host === '::1' || host === 'localhost';
}

export class RadiusAccounting implements AccountingSink {
  readonly results: AcctResult[] = [];
  private sock?: dgram.Socket;
  private ident = 0;
  private pending = new Map<number, (msg: Buffer) => void>();
  private inflight = new Set<Promise<void>>();
  private chain: Promise<void> = Promise.resolve();
  private listeners: Array<(r: AcctResult) => void> = [];

  constructor(private opts: RadiusAcctOptions = {}) {}

  onResult(cb: (r: AcctResult) => void): void {
    this.listeners.push(cb);
  }

  /**
   * Requests go out one at a time in the order they were handed over (an Accounting-On is not
   * overtaken by the Accounting-Off after it while one of them is retransmitted).
   */
  send(req: VrrsAccountingRequest): void {
    const p = this.chain.then(() => this.deliver(req)).finally(() => this.inflight.delete(p));
    this.chain = p.catch(() => undefined);
    this.inflight.add(p);
  }

  /** Wait until every request handed over so far has an outcome. */
  async flush(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  async close(): Promise<void> {
    await this.flush();
    const s = this.sock;
    this.sock = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  private socket(): dgram.Socket {
    if (this.sock) return this.sock;
    const s = dgram.createSocket('udp4');
    s.on('message', (msg) => {
      if (msg.length < 20) return;
      this.pending.get(msg[1])?.(msg);
    });
    s.on('error', () => undefined);
    s.unref();
    this.sock = s;
    return s;
  }

  private async deliver(req: VrrsAccountingRequest): Promise<void> {
    const shown = { ...req, servers: req.servers.map((s) => ({ name: s.name, host: s.host, acctPort: s.acctPort })) };
    let last: AcctResult = { request: shown, outcome: 'error', attempts: 0, detail: 'no RADIUS server configured' };
    for (const srv of req.servers) {
      if (!isLoopback(srv.host)) {
        last = { request: shown, server: `${srv.host}:${srv.acctPort}`, outcome: 'refused-host', attempts: 0, detail: 'only loopback RADIUS servers are used by the lab' };
        continue;
      }
      last = await this.tryServer(req, shown, srv);
      if (last.outcome === 'accepted') break;
    }
    this.results.push(last);
    for (const l of this.listeners) l(last);
  }

  private async tryServer(req: VrrsAccountingRequest, shown: AcctResult['request'], srv: RadiusServerConfig): Promise<AcctResult> {
    const id = this.ident++ & 0xff;
    const packet = encodeAcct(req, srv.key, id);
    const attempts = this.opts.attempts ?? 3;
    const timeout = this.opts.timeoutMs ?? 1000;
    const server = `${srv.host}:${srv.acctPort}`;
    const base = { request: shown, server, packet: packet.toString('hex'), identifier: id };
    const s = this.socket();
    for (let n = 1; n <= attempts; n++) {
      const t0 = performance.now();
      const answer = await new Promise<Buffer | undefined>((resolve) => {
        const timer = setTimeout(() => {
          this.pending.delete(id);
          resolve(undefined);
        }, timeout);
        this.pending.set(id, (msg) => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(msg);
        });
        s.send(packet, srv.acctPort, srv.host, (err) => {
          if (err) {
            clearTimeout(timer);
            this.pending.delete(id);
            resolve(undefined);
          }
        });
      });
      if (!answer) continue;
      const ok = radius.verify_response({ request: packet, response: answer, secret: srv.key });
      const code = answer[0];
      if (!ok || code !== 5) return { ...base, outcome: 'bad-response', attempts: n, detail: ok ? `code ${code}` : 'response authenticator does not verify' };
      return { ...base, outcome: 'accepted', attempts: n, rttMs: Math.round(performance.now() - t0) };
    }
    return { ...base, outcome: 'timeout', attempts, detail: `no Accounting-Response after ${attempts} attempts` };
  }
}

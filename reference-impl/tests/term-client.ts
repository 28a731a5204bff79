/**
 * Minimal raw terminal clients for tests: a telnet client (refuses every option the server
 * offers except what it asked for, strips IAC sequences from what it reads) and an SSH shell
 * or exec client on ssh2. Reading is by accumulated text and a wall-clock deadline.
 */
import * as net from 'node:net';
import { Client } from 'ssh2';

const IAC = 255, SB = 250, SE = 240;

/** Telnet bytes → text, IAC commands and subnegotiations removed (state kept across chunks). */
class IacStripper {
  private state: 'data' | 'iac' | 'opt' | 'sb' | 'sbiac' = 'data';
  feed(chunk: Buffer): string {
    const out: number[] = [];
    for (const b of chunk) {
      switch (this.state) {
        case 'data': if (b === IAC) this.state = 'iac'; else out.push(b); break;
        case 'iac':
          if (b === IAC) { out.push(b); this.state = 'data'; }
          else if (b === SB) this.state = 'sb';
          else if (b >= 251 && b <= 254) this.state = 'opt';
          else this.state = 'data';
          break;
        case 'opt': this.state = 'data'; break;
        case 'sb': if (b === IAC) this.state = 'sbiac'; break;
        case 'sbiac': this.state = b === SE ? 'data' : 'sb'; break;
      }
    }
    return Buffer.from(out).toString('utf8');
  }
}

export interface TermClient {
  /** Everything read so far (CR removed). */
  text(): string;
  /** Forget what was read so far. */
  clear(): void;
  send(data: string | Buffer): void;
  /** Resolves when the text read since the last clear() matches; rejects after `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<string>;
  closed(): boolean;
  close(): void;
}

export class ClosedError extends Error {}

function reader(): { push: (s: string) => void; close: () => void; api: Omit<TermClient, 'send' | 'close' | 'closed'> } {
  let buf = '';
  let closed = false;
  const waiters = new Set<() => void>();
  return {
    push: (s: string) => {
      buf += s.replace(/\r/g, '');
      for (const w of [...waiters]) w();
    },
    close: () => {
      closed = true;
      for (const w of [...waiters]) w();
    },
    api: {
      text: () => buf,
      clear: () => { buf = ''; },
      waitFor: (re, ms = 5000) =>
        new Promise<string>((resolve, reject) => {
          const check = (): void => {
            if (re.test(buf)) { waiters.delete(check); clearTimeout(t); resolve(buf); }
            else if (closed) { waiters.delete(check); clearTimeout(t); reject(new ClosedError(`connection closed waiting for ${String(re)}`)); }
          };
          const t = setTimeout(() => { waiters.delete(check); reject(new Error(`timeout after ${ms} ms waiting for ${String(re)}; got ${JSON.stringify(buf.slice(-300))}`)); }, ms);
          waiters.add(check);
          check();
        }),
    },
  };
}

export function telnetClient(host: string, port: number): Promise<TermClient> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, host);
    const strip = new IacStripper();
    const r = reader();
    let isClosed = false;
    sock.on('data', (d: Buffer) => r.push(strip.feed(d)));
    sock.on('close', () => { isClosed = true; r.close(); });
    sock.once('error', reject);
    sock.on('connect', () => {
      sock.on('error', () => undefined);
      resolve({ ...r.api, send: (d) => { if (!sock.destroyed) sock.write(d); }, closed: () => isClosed, close: () => sock.destroy() });
    });
  });
}

export interface SshLogin { host: string; port: number; username: string; password: string }

/** An interactive shell (with a pty, as OpenSSH opens one). */
export function sshShell(l: SshLogin): Promise<TermClient> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    const r = reader();
    let isClosed = false;
    c.on('error', reject);
    c.on('ready', () => {
      c.shell({ term: 'vt100', cols: 200, rows: 50 }, (err, stream) => {
        if (err) { reject(err); return; }
        stream.on('data', (d: Buffer) => r.push(d.toString('utf8')));
        stream.on('close', () => { isClosed = true; r.close(); c.end(); });
        resolve({ ...r.api, send: (d) => { if (stream.writable) stream.write(d); }, closed: () => isClosed, close: () => c.end() });
      });
    });
    c.connect({ host: l.host, port: l.port, username: l.username, password: l.password, readyTimeout: 10000 });
  });
}

/** One exec request: its output and exit status. */
export function sshExec(l: SshLogin, command: string): Promise<{ output: string; code: number | undefined }> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('error', reject);
    c.on('ready', () => {
      c.exec(command, (err, stream) => {
        if (err) { reject(err); return; }
        let output = '';
        let code: number | undefined;
        stream.on('data', (d: Buffer) => { output += d.toString('utf8'); });
        stream.stderr.on('data', (d: Buffer) => { output += d.toString('utf8'); });
        stream.on('exit', (n: number) => { code = n; });
        stream.on('close', () => { c.end(); resolve({ output, code }); });
      });
    });
    c.connect({ host: l.host, port: l.port, username: l.username, password: l.password, readyTimeout: 10000 });
  });
}

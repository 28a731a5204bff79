// Test support: a tiny telnet "router" on 127.0.0.1 that speaks like freeRtr: banner
// "welcome / line ready", prompt "r2#", configuration prompts "r2(cfg)#", "r2(cfg-subif)#",
// "% unknown ... command entered" errors. It negotiates options (WILL ECHO, WILL SGA, DO TTYPE) and
// echoes each line. Special commands: "hang" never answers, "drop" closes the connection,
// "slow" answers in tiny, delayed, ANSI-coloured chunks.
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';

export interface FakeServerOptions {
  hostname?: string;
  banner?: string;
  /** Ask for credentials first. */
  login?: { username: string; password: string };
  /** 'plain': echo the line; 'freertr': echo as a redraw "\r<prompt><line>" like freeRtr's captures. */
  echo?: 'plain' | 'freertr';
  /** Exec commands and their output lines. */
  commands?: Record<string, string>;
  /** Print no prompt at all (the session must time out). */
  mute?: boolean;
  /** Treat CR and LF as two line ends (so CR LF gives an extra empty line and a stray prompt). */
  splitCrLf?: boolean;
}

export interface FakeServer {
  port: number;
  /** Every line received, in order, across connections. */
  lines: string[];
  /** Raw bytes received (to check option negotiation). */
  raw: Buffer[];
  close(): Promise<void>;
}

const IAC = 255;

/**
 * Splits client bytes into lines, dropping telnet commands; CR LF, CR NUL, CR and LF end a line.
 * Its state carries across chunks, so the client's bytes may be split anywhere.
 */
class LineReader {
  private cur: number[] = [];
  private state: 'data' | 'iac' | 'verb' | 'sb' | 'sb-iac' = 'data';
  private lastCr = false;

  constructor(private readonly splitCrLf = false) {}

  push(buf: Buffer): string[] {
    const out: string[] = [];
    for (const b of buf) {
      switch (this.state) {
        case 'iac':
          this.state = b === 250 ? 'sb' : b >= 251 && b <= 254 ? 'verb' : 'data';
          continue;
        case 'verb':
          this.state = 'data';
          continue;
        case 'sb':
          if (b === IAC) this.state = 'sb-iac';
          continue;
        case 'sb-iac':
          this.state = b === 240 ? 'data' : 'sb';
          continue;
        case 'data':
          break;
      }
      if (b === IAC) { this.state = 'iac'; continue; }
      if ((b === 0 || (b === 10 && !this.splitCrLf)) && this.lastCr) { this.lastCr = false; continue; }
      this.lastCr = b === 13;
      if (b === 13 || b === 10) { out.push(Buffer.from(this.cur).toString('utf8')); this.cur = []; continue; }
      this.cur.push(b);
    }
    return out;
  }
}

export async function startFakeServer(opts: FakeServerOptions = {}): Promise<FakeServer> {
  const host = opts.hostname ?? 'r2';
  const lines: string[] = [];
  const raw: Buffer[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.setNoDelay(true);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let ctx: string | null = null;
    let stage: 'user' | 'pass' | 'cli' = opts.login ? 'user' : 'cli';
    let user = '';
    const reader = new LineReader(opts.splitCrLf);
    const prompt = (): string => (ctx ? `${host}(${ctx})#` : `${host}#`);
    const answer = (out: string[]): void => {
      sock.write(out.map((l) => `${l}\r\n`).join('') + prompt());
    };

    sock.write(Buffer.from([IAC, 251, 1, IAC, 251, 3, IAC, 253, 24])); // WILL ECHO, WILL SGA, DO TTYPE
    if (opts.login) sock.write('Username: ');
    else if (!opts.mute) sock.write(`${opts.banner ?? 'welcome\r\nline ready\r\n'}${prompt()}`);
    else sock.write(opts.banner ?? 'welcome\r\n');

    // Lines are handled one at a time, as a router's CLI does: a slow command delays the next line.
    const queue: string[] = [];
    let busy = false;
    const pump = (): void => {
      while (!busy && queue.length > 0) handle(queue.shift() as string);
    };
    const handle = (line: string): void => {
      lines.push(line);
      if (stage === 'user') { user = line; stage = 'pass'; sock.write('\r\nPassword: '); return; }
      if (stage === 'pass') {
        if (user === opts.login?.username && line === opts.login.password) {
          stage = 'cli';
          sock.write(`\r\n${opts.banner ?? 'welcome\r\nline ready\r\n'}${prompt()}`);
        } else {
          stage = 'user';
          sock.write('\r\n% authentication failed\r\nUsername: ');
        }
        return;
      }
      if (opts.mute) return;
      sock.write(opts.echo === 'freertr' ? `\r${prompt()}${line}\r\n` : `${line}\r\n`);
      const cmd = line.trim();
      if (cmd === 'hang') { busy = true; return; }
      if (cmd === 'drop') { sock.destroy(); return; }
      if (cmd === 'slow') {
        const text = `\x1b[1mline one\x1b[0m\r\nline two\r\n${prompt()}`;
        let i = 0;
        busy = true;
        const step = (): void => {
          if (i >= text.length) { busy = false; pump(); return; }
          sock.write(text.slice(i, i + 3));
          i += 3;
          setTimeout(step, 2);
        };
        step();
        return;
      }
      if (cmd === '') { sock.write(prompt()); return; }
      if (ctx === null) {
        if (cmd === 'configure terminal') { ctx = 'cfg'; answer([]); return; }
        if (cmd === 'terminal length 0') { answer([]); return; }
        const out = opts.commands?.[cmd];
        answer(out === undefined ? ['% unknown exec command entered'] : out.split('\n'));
        return;
      }
      if (cmd === 'end') { ctx = null; answer([]); return; }
      if (cmd === 'exit') { ctx = ctx === 'cfg' ? null : 'cfg'; answer([]); return; }
      if (/^interface \S+\.\d+$/.test(cmd)) { ctx = 'cfg-subif'; answer([]); return; }
      if (/^interface \S+$/.test(cmd)) { ctx = 'cfg-if'; answer([]); return; }
      if (/^vrf definition \S+$/.test(cmd)) { ctx = 'cfg-vrf'; answer([]); return; }
      if (cmd.startsWith('bogus')) { answer(['% unknown config command entered']); return; }
      answer([]);
    };

    sock.on('data', (buf: Buffer) => {
      raw.push(buf);
      queue.push(...reader.push(buf));
      pump();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port, lines, raw,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

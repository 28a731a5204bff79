/**
 * (Shared by reference-impl/tests and the suites: tools/check-imports.ts allows both.)
 * A FreeRADIUS (Debian's `freeradius`, 3.x) accounting server on loopback for tests: a generated
 * configuration in a temporary directory (one client with a shared secret, the `detail` module
 * writing every accepted Accounting-Request to a file, no EAP/TLS or other modules), started in
 * the foreground and stopped by its pid. `available()` tells whether it is installed.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function freeradiusBinary(): string | undefined {
  for (const b of ['/usr/sbin/freeradius', '/usr/sbin/radiusd']) if (fs.existsSync(b)) return b;
  try {
    return execFileSync('sh', ['-c', 'command -v freeradius || command -v radiusd'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface DetailRecord {
  /** Attribute name -> values as FreeRADIUS wrote them (quotes removed). */
  attrs: Map<string, string[]>;
  raw: string;
}

export class FreeRadius {
  private proc?: ChildProcess;
  private output = '';
  readonly dir: string;

  private constructor(
    readonly port: number,
    private secret: string,
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-freeradius-'));
  }

  static available(): boolean {
    return !!freeradiusBinary();
  }

  /** Start on 127.0.0.1:`port` with `secret`; resolves once it listens (deadline `timeoutMs`). */
  static async start(port: number, secret: string, timeoutMs = 15000): Promise<FreeRadius> {
    const f = new FreeRadius(port, secret);
    f.writeConfig();
    await f.spawn(timeoutMs);
    return f;
  }

  private writeConfig(): void {
    const d = this.dir;
    fs.mkdirSync(path.join(d, 'acct'));
    fs.mkdirSync(path.join(d, 'log'));
    fs.mkdirSync(path.join(d, 'run'));
    // A local dictionary is read after the system one; nothing to add.
    fs.writeFileSync(path.join(d, 'dictionary'), '');
    const conf = `
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
raddbdir = ${d}
confdir = ${d}
logdir = ${d}/log
radacctdir = ${d}/acct
run_dir = ${d}/run
libdir = /usr/lib/freeradius
pidfile = ${d}/run/radiusd.pid
name = freeradius
max_request_time = 5
cleanup_delay = 1
max_requests = 256
hostname_lookups = no
log {
  destination = stdout
  colourise = no
  auth = no
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 1
  max_servers = 2
  min_spare_servers = 1
  max_spare_servers = 2
  max_requests_per_server = 0
}
client lab {
  ipaddr = 127.0.0.1
  secret = "${this.secret.replace(/["\\]/g, '')}"
  require_message_authenticator = no
}
modules {
  detail {
    filename = ${d}/acct/detail
    permissions = 0600
    header = "%t"
    locking = no
  }
}
server default {
  listen {
    type = acct
    ipaddr = 127.0.0.1
    port = ${this.port}
  }
  preacct {
  }
  accounting {
    detail
  }
}
`;
    fs.writeFileSync(path.join(d, 'radiusd.conf'), conf, { mode: 0o600 });
  }

  private spawn(timeoutMs: number): Promise<void> {
    const bin = freeradiusBinary()!;
    // -f foreground, -X would be full debug; -xx gives the request log we check for rejections.
    const p = spawn(bin, ['-f', '-xx', '-l', 'stdout', '-d', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = p;
    p.stdout!.on('data', (b: Buffer) => (this.output += b.toString()));
    p.stderr!.on('data', (b: Buffer) => (this.output += b.toString()));
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => {
        void this.stop();
        reject(new Error(`freeradius did not start within ${timeoutMs} ms: ${this.output.split('\n').slice(-5).join(' | ')}`));
      }, timeoutMs);
      const check = setInterval(() => {
        if (/Ready to process requests/.test(this.output)) {
          clearTimeout(deadline);
          clearInterval(check);
          resolve();
        }
      }, 50);
      p.on('exit', (code) => {
        clearTimeout(deadline);
        clearInterval(check);
        reject(new Error(`freeradius exited (${code}): ${this.output.split('\n').slice(-8).join(' | ')}`));
      });
    });
  }

  /** Everything FreeRADIUS printed (its log). */
  log(): string {
    return this.output;
  }

  /** The accounting requests FreeRADIUS accepted, from its detail file. */
  records(): DetailRecord[] {
    const f = path.join(this.dir, 'acct', 'detail');
    if (!fs.existsSync(f)) return [];
    const text = fs.readFileSync(f, 'utf8');
    return text
      .split(/\n\s*\n/)
      .map((blk) => blk.trim())
      .filter(Boolean)
      .map((raw) => {
        const attrs = new Map<string, string[]>();
        for (const line of raw.split('\n').slice(1)) {
          const m = /^\s*([\w-]+)\s*[:+]?=\s*(.*)$/.exec(line);
          if (!m) continue;
          const v = m[2].replace(/^"|"$/g, '');
          attrs.set(m[1], [...(attrs.get(m[1]) ?? []), v]);
        }
        return { attrs, raw };
      });
  }

  /** Wait (deadline `ms`) until the detail file holds `n` records. */
  async waitRecords(n: number, ms = 5000): Promise<DetailRecord[]> {
    const end = Date.now() + ms;
    for (;;) {
      const r = this.records();
      if (r.length >= n || Date.now() > end) return r;
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        p.kill('SIGKILL');
        resolve();
      }, 3000);
      p.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      p.kill('SIGTERM');
    });
  }

  /** Remove the temporary directory (after stop). */
  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

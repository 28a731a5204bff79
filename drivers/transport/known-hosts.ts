// OpenSSH known_hosts lookup (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): plain host patterns
// (comma-separated, `*` and `?` wildcards, `!` negation), hashed `|1|salt|hash` entries
// (HMAC-SHA1 of the host name keyed with the salt), `[host]:port` for ports other than 22, and
// the @revoked marker. @cert-authority lines are skipped (no certificate support).
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** "SHA256:<base64 without padding>" of a public key blob, as OpenSSH prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Normalizes a user-written fingerprint: "SHA256:" prefix kept, base64 padding dropped. */
export function normalizeFingerprint(fp: string): string {
  const t = fp.trim();
  const body = t.replace(/^SHA256:/i, '').replace(/=+$/, '');
  return `SHA256:${body}`;
}

export const FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}=?$/;

/** The name known_hosts uses for a host and port: "host" for 22, "[host]:port" otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export type KnownHostsVerdict =
  | { status: 'match' }
  | { status: 'revoked' }
  | { status: 'mismatch'; expected: string[] }
  | { status: 'unknown' };

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** Does a host field (comma-separated patterns, or one hashed entry) name `name`? */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return mac === hash;
  }
  let matched = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false; // a negated match wins over everything
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

/** Checks an offered host key blob against known_hosts text. */
export function checkKnownHosts(text: string, host: string, port: number, blob: Buffer): KnownHostsVerdict {
  const name = knownHostsName(host, port);
  const offered = blob.toString('base64');
  const expected: string[] = [];
  let match = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker = '';
    if (fields[0]?.startsWith('@')) marker = fields.shift() ?? '';
    const [hosts, , key] = fields;
    if (!hosts || !key || marker === '@cert-authority') continue;
    if (marker === '@revoked') {
      if (key === offered) return { status: 'revoked' };
      continue;
    }
    if (!hostFieldMatches(hosts, name)) continue;
    if (key === offered) match = true;
    else expected.push(fingerprint(Buffer.from(key, 'base64')));
  }
  if (match) return { status: 'match' };
  return expected.length ? { status: 'mismatch', expected } : { status: 'unknown' };
}

/** checkKnownHosts on a file; a missing file knows no host. */
export function checkKnownHostsFile(file: string, host: string, port: number, blob: Buffer): KnownHostsVerdict {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return checkKnownHosts(text, host, port, blob);
}

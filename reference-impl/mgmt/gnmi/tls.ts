/**
 * The lab's gNMI TLS identity, kept in the lab's state folder beside the SSH host key:
 *   gnmi.key  the private key (0600), gnmi.crt  a self-signed certificate for localhost/127.0.0.1/::1.
 * Made with openssl on the first start (node's crypto cannot sign X.509), reused after.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface GnmiTls {
  key: string;
  cert: string;
  certFile: string;
}

export function loadGnmiTls(dir: string, commonName = 'netproof'): GnmiTls {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(dir, 'gnmi.key');
  const certFile = path.join(dir, 'gnmi.crt');
  if (!fs.existsSync(keyFile) || !fs.existsSync(certFile)) {
    const tmpKey = `${keyFile}.${process.pid}.tmp`;
    const tmpCrt = `${certFile}.${process.pid}.tmp`;
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', tmpKey, '-out', tmpCrt, '-days', '3650', '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1'],
        { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 },
      );
    } catch (e) {
      throw new Error(`gNMI TLS: cannot make a certificate with openssl in ${dir}: ${(e as Error).message.split("\n")[0]}`, { cause: e });
    }
    fs.chmodSync(tmpKey, 0o600);
    fs.renameSync(tmpKey, keyFile);
    fs.renameSync(tmpCrt, certFile);
  }
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile };
}

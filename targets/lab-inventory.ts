// The inventory of a `netproof lab up --json` lab, as a user would write it by hand: every node over
// telnet; a node that serves gNMI also gets its gNMI port, the lab's certificate as gnmi_ca_file and
// the lab's login (the SSH login) from two environment variables, whose values labLoginEnv reads
// from the lab's credentials file. The flake bench runs suites through it (an inventory target).
import { readFile } from 'node:fs/promises';

/** What `lab up --json` prints that an inventory needs. */
export interface LabUpJson {
  nodes: Array<{ name: string; dialect: string; telnet?: string; gnmi?: string }>;
  /** The lab's SSH login, where the lab has SSH (its gNMI login too). */
  ssh?: { username: string; credentialsFile?: string };
  /** The lab's gNMI certificate, where a node serves gNMI. */
  gnmi?: { caFile: string };
}

/** The environment variables the inventory names for the gNMI login. */
export const LAB_LOGIN_ENV = { user: 'NETPROOF_LAB_USER', password: 'NETPROOF_LAB_PASSWORD' } as const;

export function labInventoryYaml(lab: LabUpJson): string {
  const lines = ['defaults:', '  transport: telnet', 'devices:'];
  for (const n of lab.nodes) {
    const [host, port] = (n.telnet ?? '').split(':');
    const gnmi = n.gnmi && lab.gnmi
      ? `, gnmi_port: ${n.gnmi.split(':')[1]}, gnmi_ca_file: ${JSON.stringify(lab.gnmi.caFile)}, username_env: ${LAB_LOGIN_ENV.user}, password_env: ${LAB_LOGIN_ENV.password}`
      : '';
    lines.push(`  ${n.name}: {host: ${host}, port: ${port}, dialect: ${n.dialect}${gnmi}}`);
  }
  return lines.join('\n') + '\n';
}

/** The values of LAB_LOGIN_ENV: the lab's username, and its password from the credentials file (or NETPROOF_SSH_PASSWORD). */
export async function labLoginEnv(lab: LabUpJson): Promise<Record<string, string>> {
  if (!lab.gnmi || !lab.ssh) return {};
  let password = process.env.NETPROOF_SSH_PASSWORD ?? '';
  if (lab.ssh.credentialsFile) {
    const m = /^password:\s*(\S+)\s*$/m.exec(await readFile(lab.ssh.credentialsFile, 'utf8'));
    if (!m) throw new Error(`${lab.ssh.credentialsFile}: no "password:" line`);
    password = m[1]!;
  }
  return { [LAB_LOGIN_ENV.user]: lab.ssh.username, [LAB_LOGIN_ENV.password]: password };
}

// The files the lab writes per node: the start script (run under `ip netns exec NS unshare --uts
// --mount`) and sshd's configuration. Paths are the lab's own; nothing is written outside it.

export interface StartScriptSpec {
  node: string;
  /** The node's folder in the lab (run/, etc/, ssh/, frr.log). */
  dir: string;
  bin: string;
  daemons: string[];
  /** Extra options per daemon, from the daemons file. */
  daemonOptions: Record<string, string[]>;
  sshd: boolean;
}

function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Sets the host name (vtysh prompts with it), bind-mounts the node's run/ on /run/frr (ospfd
 * hard-codes a path there) and etc/ on /etc/frr (as containerlab's binds do), starts each daemon
 * with its own vty socket folder, zserv socket, pid file (and bfdd's control socket), then sshd.
 */
export function startScript(s: StartScriptSpec): string {
  const run = `${s.dir}/run`;
  const lines = [
    'set -e',
    `hostname ${q(s.node)}`,
    `mount --bind ${q(run)} /run/frr`,
    `mount --bind ${q(`${s.dir}/etc`)} /etc/frr`,
  ];
  for (const d of s.daemons) {
    const args = ['-d', '-F', 'traditional', '--vty_socket', run, '-z', `${run}/zserv.api`, '-i', `${run}/${d}.pid`, '--log', `file:${s.dir}/frr.log`];
    if (d === 'bfdd') args.push('--bfdctl', `${run}/bfdd.sock`);
    args.push(...(s.daemonOptions[d] ?? []));
    lines.push(`${q(`${s.bin}/${d}`)} ${args.map(q).join(' ')} >>${q(`${s.dir}/frr.log`)} 2>&1`);
  }
  if (s.sshd) lines.push(`/usr/sbin/sshd -f ${q(`${s.dir}/ssh/sshd_config`)} -E ${q(`${s.dir}/ssh/log`)}`);
  return lines.join('\n') + '\n';
}

/** sshd for one node: its own host key, keys and pid file in the lab; the session is vtysh. */
export function sshdConfig(s: { listen: string; dir: string; vtySocketDir: string }): string {
  return [
    `ListenAddress ${s.listen}:22`,
    `HostKey ${s.dir}/host_ed25519`,
    `PidFile ${s.dir}/sshd.pid`,
    `AuthorizedKeysFile ${s.dir}/authorized_keys`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'X11Forwarding no',
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'PermitTunnel no',
    'PrintMotd no',
    'PrintLastLog no',
    'UseDNS no',
    'MaxStartups 50:30:100',
    // The session is the router's CLI, as on any device (`ssh host 'show ...'` runs that one command).
    `ForceCommand ${s.dir}/vtysh-session`,
    '',
  ].join('\n');
}

/** What sshd runs for a session: vtysh on the node's sockets, no history file; a command given to ssh is run alone. */
export function vtyshSession(vtySocketDir: string): string {
  return [
    '#!/bin/sh',
    `if [ -n "$SSH_ORIGINAL_COMMAND" ]; then exec /usr/bin/vtysh -H /dev/null --vty_socket ${q(vtySocketDir)} -c "$SSH_ORIGINAL_COMMAND"; fi`,
    `exec /usr/bin/vtysh -H /dev/null --vty_socket ${q(vtySocketDir)}`,
    '',
  ].join('\n');
}

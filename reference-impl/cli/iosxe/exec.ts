/** IOS XE exec commands: configure, terminal, show running-config/version/interfaces/ip. */
import { fmtAddr } from '../../net/addr';
import type { Iface } from '../../net/iface';
import { CliError, Ctx, IosPart, IosTable } from './core';
import { ifState } from './config';
import { runningConfig } from './running';
import { compareNames, fmtMac } from './names';

export type Ex = (pattern: string, run: (c: Ctx, a: Record<string, string>) => string | void | Promise<string | void>) => void;

/** Exec commands go to privileged exec; `user` mode gets the ones IOS allows there too. */
export function execAdder(t: IosTable, user = false): Ex {
  return (pattern, run) => {
    t.add('exec', { pattern, run });
    if (user) t.add('user', { pattern, run });
  };
}

export function ifStatus(i: Iface): string {
  if (!i.adminUp || (i.parent && !i.parent.adminUp)) return 'administratively down';
  return i.linkUp ? 'up' : 'down';
}

export function protoStatus(i: Iface): string {
  return i.up ? 'up' : 'down';
}

function ifaces(c: Ctx): Iface[] {
  return [...c.dev.node.ifaces.values()].sort((a, b) => compareNames(a.name, b.name));
}

/** `show ip interface brief`, with IOS's column widths (23/16/4/7/22). */
export function ipIntBrief(c: Ctx): string {
  const st = ifState(c.dev);
  const out = ['Interface              IP-Address      OK? Method Status                Protocol'];
  for (const i of ifaces(c)) {
    const ip = i.v4 ? fmtAddr(i.v4.addr) : 'unassigned';
    const method = st.method.get(i.name) ?? (i.v4 ? 'manual' : 'unset');
    out.push(`${i.name.padEnd(22)} ${ip.padEnd(15)} YES ${method.padEnd(6)} ${ifStatus(i).padEnd(21)} ${protoStatus(i)}`);
  }
  return out.join('\n') + '\n';
}

function showInterface(c: Ctx, i: Iface): string {
  const st = ifState(c.dev);
  const mac = fmtMac(i.port.mac);
  const lines = [`${i.name} is ${ifStatus(i)}, line protocol is ${protoStatus(i)}`];
  lines.push(i.kind === 'loopback' ? '  Hardware is Loopback' : `  Hardware is CSR vNIC, address is ${st.mac.get(i.name) ?? mac} (bia ${mac})`);
  if (i.description) lines.push(`  Description: ${i.description}`);
  if (i.v4) lines.push(`  Internet address is ${fmtAddr(i.v4.addr)}/${i.v4.len}`);
  lines.push(`  MTU ${i.kind === 'loopback' ? 1514 : 1500} bytes, BW 1000000 Kbit/sec, DLY 10 usec,`, '     reliability 255/255, txload 1/255, rxload 1/255');
  if (i.parent) lines.push(`  Encapsulation 802.1Q Virtual LAN, Vlan ID  ${i.vlan}.`);
  else lines.push(i.kind === 'loopback' ? '  Encapsulation LOOPBACK, loopback not set' : '  Encapsulation ARPA, loopback not set');
  lines.push(`  ARP type: ARPA, ARP Timeout 04:00:00`);
  lines.push(`     ${i.rxPackets} packets input, ${i.rxBytes} bytes, 0 no buffer`);
  lines.push(`     ${i.drops} input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored`);
  lines.push(`     ${i.txPackets} packets output, ${i.txBytes} bytes, 0 underruns`);
  return lines.join('\n') + '\n';
}

/**
 * `show ip interface [X]` from live state: status, primary address, broadcast, how the address
 * was set, MTU, the secondary addresses (`Secondary address A/L`, as IOS prints them after the
 * helper and directed-broadcast lines), then IOS's default feature lines (no ACLs, proxy ARP on).
 */
export function showIpInterface(c: Ctx, i: Iface): string {
  const lines = [`${i.name} is ${ifStatus(i)}, line protocol is ${protoStatus(i)}`];
  if (!i.v4) {
    lines.push('  Internet protocol processing disabled');
    return lines.join('\n') + '\n';
  }
  const method = ifState(c.dev).method.get(i.name);
  lines.push(`  Internet address is ${fmtAddr(i.v4.addr)}/${i.v4.len}`);
  lines.push('  Broadcast address is 255.255.255.255');
  lines.push(`  Address determined by ${method === 'NVRAM' ? 'non-volatile memory' : 'setup command'}`);
  lines.push(`  MTU is ${i.kind === 'loopback' ? 1514 : 1500} bytes`);
  lines.push('  Helper address is not set');
  lines.push('  Directed broadcast forwarding is disabled');
  for (const s of i.v4Secondary) lines.push(`  Secondary address ${fmtAddr(s.addr)}/${s.len}`);
  lines.push(
    '  Outgoing Common access list is not set',
    '  Outgoing access list is not set',
    '  Inbound Common access list is not set',
    '  Inbound  access list is not set',
    '  Proxy ARP is enabled',
    '  Local Proxy ARP is disabled',
    '  Security level is default',
    '  Split horizon is enabled',
    '  ICMP redirects are always sent',
    '  ICMP unreachables are always sent',
    '  ICMP mask replies are never sent',
    '  IP fast switching is enabled',
    '  IP Flow switching is disabled',
    '  IP CEF switching is enabled',
  );
  return lines.join('\n') + '\n';
}

function register(t: IosTable): void {
  const ex = execAdder(t, true);
  const priv = execAdder(t);
  ex('terminal length <n:int:0-512>', (c, a) => void (c.term.length = Number(a.n)));
  ex('terminal width <n:int:0-512>', (c, a) => void (c.term.width = Number(a.n)));
  ex('terminal monitor', (c) => void (c.term.monitor = true));
  ex('terminal no monitor', (c) => void (c.term.monitor = false));
  priv('configure terminal', (c) => {
    c.setMode({ name: 'cfg' });
    return 'Enter configuration commands, one per line.  End with CNTL/Z.\n';
  });
  priv('show running-config', (c) => runningConfig(c.dev));
  ex('show version', (c) => {
    const up = Math.floor(c.dev.node.sched.now / 1e6);
    const d = Math.floor(up / 86400);
    const h = Math.floor((up % 86400) / 3600);
    const m = Math.floor((up % 3600) / 60);
    return [
      'Cisco IOS XE Software, Version 17.03.04a',
      'Cisco IOS Software [Amsterdam], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.3.4a, RELEASE SOFTWARE (fc3)',
      'Technical Support: http://www.cisco.com/techsupport',
      'Copyright (c) 1986-2021 by Cisco Systems, Inc.',
      '',
      'ROM: IOS-XE ROMMON',
      '',
      `${c.dev.cfg.hostname} uptime is ${d} days, ${h} hours, ${m} minutes`,
      'System image file is "bootflash:packages.conf"',
      '',
      'netproof reference router (iosxe dialect)',
      `cisco CSR1000V (VXE) processor with 1105351K/3075K bytes of memory.`,
      `${[...c.dev.node.ifaces.values()].filter((i) => !i.parent && i.kind === 'ethernet').length} Gigabit Ethernet interfaces`,
      '',
      'Configuration register is 0x2102',
      '',
    ].join('\n');
  });
  ex('show ip interface brief', ipIntBrief);
  ex('show ip interface', (c) => ifaces(c).map((i) => showIpInterface(c, i)).join(''));
  ex('show ip interface <name:if>', (c, a) => {
    const i = c.dev.node.ifaces.get(a.name);
    if (!i) throw new CliError(`% Invalid interface ${a.name}`);
    return showIpInterface(c, i);
  });
  ex('show interfaces', (c) => ifaces(c).map((i) => showInterface(c, i)).join(''));
  ex('show interfaces <name:if>', (c, a) => {
    const i = c.dev.node.ifaces.get(a.name);
    if (!i) throw new CliError(`${' '.repeat(0)}% Invalid interface ${a.name}`);
    return showInterface(c, i);
  });
}

export const execPart: IosPart = { name: 'exec', register };

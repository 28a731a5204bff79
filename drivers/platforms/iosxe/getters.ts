// IOS XE getters: run the show command on a session, parse, return the neutral model, with the
// PlatformGetters signatures (drivers/api/types.ts). Interfaces come from `show interfaces` (state,
// address with its length, MAC, VLAN, counters); the MAC address filter from `show controllers
// <physical interface>` (a subinterface's filter is its parent's).
import type { PlatformGetters } from '../../api/types';
import type { ArpEntry, InterfaceDetail, MacFilterEntry, VrrpGroup, VrrsClient, VrrsGroup, VrrsPluginEntry } from '../../model/types';
import { type CommandRunner, runCommand } from '../getters';
import {
  parseControllersMacFilter, parseIpArp, parseShowInterfaces, parseShowVrrp, parseVrrsClients, parseVrrsGroup, parseVrrsPluginDatabase,
} from './parsers';

/** Interface names compare as IOS does: case-insensitive. */
const sameIface = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** An IOS command argument (interface or group name): one token of printable characters. */
function arg(s: string, what: string): string {
  if (!/^[\x21-\x7e]{1,80}$/.test(s)) throw new Error(`bad ${what} "${s}": one word of printable characters expected`);
  return s;
}

export async function getInterfaces(session: CommandRunner): Promise<InterfaceDetail[]> {
  const { text, ctx } = await runCommand(session, 'show interfaces');
  return parseShowInterfaces(text, ctx);
}

export async function getVrrpGroups(session: CommandRunner, q: { iface?: string } = {}): Promise<VrrpGroup[]> {
  const { text, ctx } = await runCommand(session, 'show vrrp');
  const all = parseShowVrrp(text, ctx);
  return q.iface === undefined ? all : all.filter((g) => sameIface(g.iface, q.iface!));
}

/** `show vrrs group [name]`: every group, or the one named. */
export async function getVrrsGroups(session: CommandRunner, q: { name?: string } = {}): Promise<VrrsGroup[]> {
  const { text, ctx } = await runCommand(session, q.name === undefined ? 'show vrrs group' : `show vrrs group ${arg(q.name, 'VRRS group name')}`);
  return parseVrrsGroup(text, ctx);
}

export async function getVrrsClients(session: CommandRunner): Promise<VrrsClient[]> {
  const { text, ctx } = await runCommand(session, 'show vrrs clients');
  return parseVrrsClients(text, ctx);
}

export async function getVrrsPluginDatabase(session: CommandRunner): Promise<VrrsPluginEntry[]> {
  const { text, ctx } = await runCommand(session, 'show vrrs plugin database');
  return parseVrrsPluginDatabase(text, ctx);
}

export async function getArp(session: CommandRunner, q: { iface?: string } = {}): Promise<ArpEntry[]> {
  const { text, ctx } = await runCommand(session, 'show ip arp');
  const all = parseIpArp(text, ctx);
  return q.iface === undefined ? all : all.filter((e) => e.iface !== undefined && sameIface(e.iface, q.iface!));
}

/** `show controllers <physical>`: the filter of the interface (of the parent for "Gi0/0/0.2"). */
export async function getMacFilter(session: CommandRunner, iface: string): Promise<MacFilterEntry[]> {
  const phys = arg(iface, 'interface').replace(/\.\d+$/, '');
  const { text, ctx } = await runCommand(session, `show controllers ${phys}`);
  return parseControllersMacFilter(text, ctx);
}

export const iosxeGetters: PlatformGetters = {
  interfaces: getInterfaces,
  vrrpGroups: getVrrpGroups,
  vrrsGroups: getVrrsGroups,
  vrrsClients: getVrrsClients,
  vrrsPluginDatabase: getVrrsPluginDatabase,
  arp: getArp,
  macFilter: getMacFilter,
};

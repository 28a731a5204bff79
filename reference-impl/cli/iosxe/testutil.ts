/** Tests only: a two-router IOS XE lab on one GigabitEthernet0/0/0 link, and session helpers. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadTopology } from '../../../topologies';
import { Lab } from '../../lab';
import type { IosSession } from './session';

export async function iosLab(names = ['edge1', 'edge2'], cfgs: Record<string, string> = {}, opts: Parameters<typeof Lab.create>[1] = { mode: 'fast', telnet: false }): Promise<Lab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netproof-ios-'));
  const yml = ['name: ios', 'topology:', '  nodes:'];
  for (const n of names) {
    yml.push(`    ${n}:`, '      kind: cisco_iosxe');
    if (cfgs[n] !== undefined) {
      fs.writeFileSync(path.join(dir, `${n}.cfg`), cfgs[n]);
      yml.push(`      startup-config: ${n}.cfg`);
    }
  }
  yml.push('  links:', `    - endpoints: ["${names[0]}:GigabitEthernet0/0/0", "${names[1]}:GigabitEthernet0/0/0"]`);
  fs.writeFileSync(path.join(dir, 'ios.clab.yml'), yml.join('\n') + '\n');
  const topo = await loadTopology(path.join(dir, 'ios.clab.yml'));
  fs.rmSync(dir, { recursive: true, force: true });
  return Lab.create(topo, opts);
}

export const sess = (lab: Lab, name: string) => lab.node(name).device.sessions()('test') as IosSession;

export async function run(s: IosSession, line: string): Promise<string> {
  return (await s.execute(line)).output;
}


/** SR Linux `show` commands, rendered from live node state. */
import { CliError } from './tree';
import type { SrlDevice } from './device';
import { showBgpCommand } from './show-bgp';
import { showEsCommand } from './show-es';

const RULE = '-'.repeat(79);

export function showCommand(dev: SrlDevice, words: string[]): string {
  const j = words.join(' ');
  const evpnShow = showBgpCommand(words, dev.host) ?? showEsCommand(words, dev.host);
  if (evpnShow !== undefined) return evpnShow;
  if (j === 'version') {
    return [
      RULE,
      `Hostname             : ${dev.node.hostname}`,
      'Chassis Type         : 7220 IXR-D2',
      'Software Version     : v23.3.1',
      RULE,
      '',
    ].join('\n');
  }
  throw new CliError(`Parsing error: Unknown token '${words[0] ?? ''}'. Options are ['version']`);
}

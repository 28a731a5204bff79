/**
 * Where seed 003 contradicts itself, and what the suite does instead (each entry is explained in
 * ERRATA.md under the same number).
 */
import type { TypedLine } from './document';

/** Prompts the document prints that no device can show (E1). */
export const ERRATA_PROMPTS: readonly string[] = ['[*PE2-GigabitEthernet0/2/00]'];

/**
 * Golden files replaced by `<name>.errata.txt` (the document's own output corrected), with the
 * reason shown on the check.
 */
export const ERRATA_GOLDEN: Record<string, string> = {
  'PE1/step6-1-display-bgp-vpnv4-all-peer.txt': 'PrefRcv is 0 in the document although both peers already advertise VPNA routes; peers listed by address (ERRATA E5)',
  'PE1/step7-1-display-bfd-session-all-verbose.txt': 'remote discriminator printed as a name, vpna in lower case, TTL 254, "-" intervals and a Not Up reason on an Up session (ERRATA E6)',
  'CE1/step7-2-display-bfd-session-all-verbose.txt': "no source address lines, PDT Index, '-' intervals, remote discriminator 8193 for PE2's first session (ERRATA E7)",
  'PE1/step9-1-display-ip-routing-table-vpn-instance-VPNA.txt': '127.0.0.0/8 listed in this VPN table only (ERRATA E8)',
  'PE1/step9-5-display-bfd-session-all-verbose.txt': 'Down session counted as Up, diagnostic and reason of an interface that went down (ERRATA E10)',
  'PE1/step9-6-display-ip-routing-table-vpn-instance-VPNA.txt': '1.1.1.1 from PE2 printed as EBGP and misaligned (ERRATA E9)',
};

/** Golden files with a second acceptable output, `<name>.alt.txt`, and why. */
export const ERRATA_ALTERNATIVES: Record<string, string> = {
  'CE2/step9-4-tracert-1.1.1.1.txt': "PE3's two equal paths: which one a flow hashes to is the router's choice; the same trace through PE1 is accepted (ERRATA E11)",
};

/** Lines the suite types that the document's steps leave out. */
export const EXTRA_LINES: Array<{ step: number; node: string; before: boolean; lines: TypedLine[]; why: string }> = [
  {
    // E2: CE1's LoopBack1 (1.1.1.1, the destination of the whole example) is only in the Configuration Files.
    step: 4,
    node: 'CE1',
    before: true,
    why: "LoopBack1 1.1.1.1 is in CE1's configuration file but in no step (ERRATA E2)",
    lines: [
      { prompt: '[~CE1]', command: 'interface LoopBack1' },
      { prompt: '[*CE1-LoopBack1]', command: 'ip address 1.1.1.1 255.255.255.255' },
      { prompt: '[*CE1-LoopBack1]', command: 'commit' },
      { prompt: '[~CE1-LoopBack1]', command: 'quit' },
    ],
  },
  {
    // E3: `shutdown` in a two-stage VRP takes effect on `commit`; the document does not show one.
    step: 9,
    node: 'CE1',
    before: false,
    why: 'VRP applies shutdown on commit; the document types no commit (ERRATA E3)',
    lines: [{ prompt: '[*CE1-GigabitEthernet0/1/0]', command: 'commit' }],
  },
];

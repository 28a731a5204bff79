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
export const ERRATA_GOLDEN: Record<string, string> = {};

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

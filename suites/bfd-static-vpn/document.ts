/**
 * Seed 003 (Huawei VRP, "Configuring BFD for Static VPN Routes") read as data: the procedure's
 * steps, in order, each a list of items. A `config` item is what one node's engineer typed, line
 * by line with the prompt the document shows before it; a `verify` item is a command whose output
 * the document prints. Golden files and the suite's step list are generated from this
 * (`netproof golden bfd-static-vpn`), never edited by hand.
 */
export interface TypedLine {
  /** The prompt the document shows before the command, e.g. "[*PE1-GigabitEthernet0/1/0]". */
  prompt: string;
  command: string;
}

export type StepItem =
  | { kind: 'config'; node: string; lines: TypedLine[] }
  | { kind: 'verify'; node: string; prompt: string; command: string; output: string };

export interface DocStep {
  n: number;
  title: string;
  items: StepItem[];
}

const PROMPT = /^(<([A-Za-z0-9_.-]+)>|\[([~*])([A-Za-z0-9_.]+)(-[^\]]*)?\])\s*(.*)$/;
const VERIFY = /^(display|dis|ping|tracert)\b/;
const NODES = ['PE1', 'PE2', 'PE3', 'CE1', 'CE2'];

/** The hostname in a prompt: `<PE1>` and `[~PE1-bgp]` give PE1. */
export function promptHost(prompt: string): string | undefined {
  const m = PROMPT.exec(prompt);
  return m ? (m[2] ?? m[4]) : undefined;
}

function nodeFromHeading(line: string): string | undefined {
  const m = /(?:Configure|on|On)\s+(PE\d|CE\d)\b/.exec(line);
  return m?.[1];
}

/**
 * Parse the procedure. A prompt's hostname names the node, except where it is not one of the
 * document's five nodes (the factory name HUAWEI before `sysname`, the typo CE3): then the node
 * is the one the text before the block names ("# Configure PE1.", "On CE1, ...").
 */
export function parseDocument(doc: string): DocStep[] {
  const lines = doc.replace(/\r/g, '').split('\n');
  const start = lines.findIndex((l) => l.startsWith('#### Procedure'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('#### '));
  const steps: DocStep[] = [];
  let step: DocStep | undefined;
  let heading: string | undefined;
  let inCode = false;
  let code: string[] = [];
  let pendingVerify: Extract<StepItem, { kind: 'verify' }> | undefined;

  const flushCode = () => {
    if (!step) return;
    const body = code.map((l) => l.replace(/^ {3}/, ''));
    let i = 0;
    const hasPrompt = body.some((l) => PROMPT.test(l.trim()));
    if (!hasPrompt) {
      // An output-only block: the output of the display typed in the block before.
      if (pendingVerify && body.some((l) => l.trim() !== '')) pendingVerify.output = trimBlock(body.join('\n'));
      pendingVerify = undefined;
      return;
    }
    pendingVerify = undefined;
    // A node's lines split over two blocks (the document's step 8) stay one item.
    const last = step.items[step.items.length - 1];
    let cfg: Extract<StepItem, { kind: 'config' }> | undefined = last?.kind === 'config' ? last : undefined;
    while (i < body.length) {
      const raw = body[i].trim();
      const m = PROMPT.exec(raw);
      if (!m) {
        i++;
        continue;
      }
      const prompt = m[1];
      const command = m[6].replace(/\s+$/, '');
      const host = m[2] ?? m[4];
      const node = NODES.includes(host) ? host : (heading ?? host);
      if (VERIFY.test(command)) {
        cfg = undefined;
        let j = i + 1;
        const out: string[] = [];
        while (j < body.length && !PROMPT.test(body[j].trim())) out.push(body[j++]);
        const item: Extract<StepItem, { kind: 'verify' }> = { kind: 'verify', node, prompt, command, output: trimBlock(out.join('\n')) };
        step.items.push(item);
        if (item.output === '') pendingVerify = item;
        i = j;
        continue;
      }
      if (!cfg || cfg.node !== node) {
        cfg = { kind: 'config', node, lines: [] };
        step.items.push(cfg);
      }
      cfg.lines.push({ prompt, command });
      i++;
    }
  };

  for (let k = start + 1; k < (end < 0 ? lines.length : end); k++) {
    const l = lines[k];
    const sm = /^(\d+)\.\s+(.*)$/.exec(l);
    if (sm && !inCode) {
      step = { n: Number(sm[1]), title: sm[2].trim(), items: [] };
      steps.push(step);
      heading = undefined;
      pendingVerify = undefined;
      continue;
    }
    if (l.trim().startsWith('```')) {
      if (inCode) flushCode();
      inCode = !inCode;
      code = [];
      continue;
    }
    if (inCode) {
      code.push(l);
      continue;
    }
    const h = nodeFromHeading(l);
    if (h) heading = h;
  }
  return steps;
}

function trimBlock(s: string): string {
  return s.replace(/^\s*\n/, '').replace(/\s+$/, '') + (s.trim() ? '\n' : '');
}

/** The document's "Configuration Files": node name -> file text. */
export function configurationFiles(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = doc.replace(/\r/g, '').split('\n');
  const start = lines.findIndex((l) => l.startsWith('#### Configuration Files'));
  let node: string | undefined;
  let inCode = false;
  let buf: string[] = [];
  for (let k = start + 1; k < lines.length; k++) {
    const l = lines[k];
    const m = /^\* (\w+) configuration file/.exec(l);
    if (m) node = m[1];
    if (l.trim().startsWith('```')) {
      if (inCode && node) out.set(node, buf.map((x) => x.replace(/^ {2}/, '')).join('\n') + '\n');
      inCode = !inCode;
      buf = [];
      continue;
    }
    if (inCode) buf.push(l);
  }
  return out;
}

/**
 * Typing a document's lines into a VRP session "exactly as typed": before each line the prompt
 * the device shows is compared with the prompt the document shows (the factory name HUAWEI
 * stands for the node), and every line must be accepted (a VRP `Error:` fails the check).
 */
import type { Session } from '../../drivers/api';
import type { TypedLine } from './document';

export interface TypingResult {
  /** "PE2: document [*PE2-GigabitEthernet0/2/00] device [*PE2-GigabitEthernet0/2/0] before 'commit'" */
  promptMismatches: string[];
  /** Lines sent that the document does not show (getting to the view a block starts in). */
  navigation: string[];
  transcript: string;
}

/** "[~PE1-bgp-VPNA]" -> {user: false, host: "PE1", view: "bgp-VPNA"}; HUAWEI is taken as `node`. */
export function parsePrompt(prompt: string, node: string): { user: boolean; host: string; view: string; cand?: string } | undefined {
  const u = /^<([^>]+)>$/.exec(prompt.trim());
  if (u) return { user: true, host: u[1] === 'HUAWEI' ? node : u[1], view: '' };
  const s = /^\[([~*])([A-Za-z0-9_.]+)(?:-(.*))?\]$/.exec(prompt.trim());
  if (!s) return undefined;
  return { user: false, cand: s[1], host: s[2] === 'HUAWEI' ? node : s[2], view: s[3] ?? '' };
}

function samePrompt(doc: string, dev: string, node: string): boolean {
  const a = parsePrompt(doc, node);
  const b = parsePrompt(dev, node);
  if (!a || !b) return doc.trim() === dev.trim();
  return a.user === b.user && a.cand === b.cand && a.view === b.view && (a.host === b.host || a.host === node);
}

/** Get the session into the view the document's first prompt shows (user, system, or an interface view). */
async function navigate(s: Session, node: string, first: TypedLine, nav: string[], out: string[]): Promise<void> {
  const want = parsePrompt(first.prompt, node);
  if (!want) return;
  const send = async (cmd: string) => {
    nav.push(cmd);
    out.push(`${s.mode?.prompt ?? ''}${cmd}\n` + (await s.send(cmd)));
  };
  const here = () => parsePrompt(s.mode?.prompt ?? '', node);
  if (want.user) {
    if (!here()?.user) await send('return');
    return;
  }
  if (here()?.user) await send('system-view');
  for (let i = 0; i < 8 && here() && !here()!.user && here()!.view !== '' && here()!.view !== want.view; i++) await send('quit');
  if (want.view !== '' && here()?.view !== want.view) {
    const m = /^(GigabitEthernet\S+|LoopBack\d+)$/.exec(want.view);
    if (!m) throw new Error(`${node}: cannot get to the view of '${first.prompt}' from '${s.mode?.prompt}'`);
    await send(`interface ${m[1]}`);
  }
}

export async function typeLines(s: Session, node: string, lines: readonly TypedLine[], opts: { allowedPromptMismatches?: readonly string[] } = {}): Promise<TypingResult> {
  const res: TypingResult = { promptMismatches: [], navigation: [], transcript: '' };
  const out: string[] = [];
  if (lines.length === 0) return res;
  await navigate(s, node, lines[0], res.navigation, out);
  for (const l of lines) {
    const dev = s.mode?.prompt ?? '';
    if (!samePrompt(l.prompt, dev, node) && !(opts.allowedPromptMismatches ?? []).includes(l.prompt)) {
      res.promptMismatches.push(`${node}: document ${l.prompt} device ${dev} before '${l.command}'`);
    }
    out.push(`${dev}${l.command}\n` + (await s.send(l.command, { check: true })));
  }
  res.transcript = out.join('');
  return res;
}

/**
 * The long fuzz run: 100,000 lines per dialect (half telnet, half SSH) and ten 1,000-line pastes,
 * seeded; prints the figures as one JSON line per dialect (the bench's runner reads the last
 * line). `node --import tsx bench/fuzz.ts [--lines N] [--seed N] [--dialect freertr|vrp]`.
 */
import { fuzzDialect, type Dialect } from '../reference-impl/tests/fuzz';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] ?? dflt : dflt;
}

async function main(): Promise<void> {
  const lines = Number(arg('lines', '100000'));
  const seed = Number(arg('seed', '1'));
  const dialects = arg('dialect', 'freertr,vrp').split(',') as Dialect[];
  const out: unknown[] = [];
  for (const dialect of dialects) {
    const r = await fuzzDialect({ dialect, lines, seed, pastes: 10, log: (m) => process.stderr.write(m + '\n') });
    process.stderr.write(`${dialect}: ${r.lines} lines + ${r.pastes} pastes in ${(r.wallMs / 1000).toFixed(1)} s, ` +
      `${r.reconnects} reconnects, ${r.interrupts} Ctrl-C, longest line ${Math.round(r.maxLineMs)} ms, RSS ${r.rssStartMb} -> ${r.rssPeakMb} MB, ` +
      `${r.failures.length} failures\n`);
    for (const f of r.failures) process.stderr.write(`  ${f}\n`);
    out.push(r);
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exitCode = out.some((r) => (r as { failures: string[] }).failures.length) ? 1 : 0;
}

void main();

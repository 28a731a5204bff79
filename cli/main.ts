/** The `netproof` command: lab up, run, report. Bad input: one line on stderr and exit 2. */
import { UsageError, parseArgs } from './args';
import { labUp } from './lab-up';
import { labExec } from './lab-exec';
import { run, report } from './run';
import { golden } from './golden';
import { compare } from './compare';

const USAGE = `usage: netproof <command>
  run [suite...] [--target reference|<inventory.yml>]... [--speed N] [--no-report] [--update-golden [--seeds DIR]] [--insecure-accept-host-key] [--preflight]
                                run suites (all by default) against each target in turn and build the reports;
                                with several targets, also the comparison; exit 0 passed, 1 failed, 2 bad input,
                                3 broken (target or harness), 130 interrupted
  report                        summary of the last run (also a killed one) and the Allure HTML report
  compare RESULTS... [--out DIR]
                                one matrix (HTML and JSON) of several targets' results (reports/output/<target>/)
  golden <suite> [--seeds DIR]  rewrite a suite's golden files from its document
  lab up <topology.clab.yml> [--json] [--speed N] [--seed N] [--host ADDR] [--capture DIR] [--authorized-keys FILE]
                                boot a lab on the reference router until Ctrl-C
  lab exec NODE [--lab NAME] [--timeout S] -- COMMAND [ARG...]
                                run a command on a node of the running lab (over its SSH); exit status the command's
`;

type Print = (s: string) => void;

export async function main(
  argv: string[],
  out: Print = (s) => void process.stdout.write(s),
  err: Print = (s) => void process.stderr.write(s),
): Promise<number> {
  try {
    const [cmd, ...rest] = argv;
    switch (cmd) {
      case 'run':
        return await run(parseArgs(rest, { flags: ['no-report', 'update-golden', 'insecure-accept-host-key', 'preflight'], values: ['speed', 'seeds'], lists: ['target'] }), out);
      case 'compare':
        return compare(parseArgs(rest, { values: ['out'] }), out);
      case 'report':
        parseArgs(rest, {});
        return await report(out);
      case 'golden':
        return await golden(parseArgs(rest, { values: ['seeds'] }), out);
      case 'lab': {
        const [sub, ...more] = rest;
        if (sub === 'exec') return await labExec(more, out, err);
        if (sub !== 'up') throw new UsageError(`unknown lab command '${sub ?? ''}' (known: up, exec)`);
        return await labUp(parseArgs(more, { flags: ['json', 'configured'], values: ['speed', 'seed', 'host', 'capture', 'authorized-keys', 'base-port'] }), out);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${cmd}' (known: run, report, compare, golden, lab up, lab exec)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`netproof: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * Playwright fixtures shared by the suites (the fixture API; README "Adding a suite"):
 *
 * - `device(node)`: the node's device-API object (drivers/api: routes, igpNeighbors, bfdSessions,
 *   bgpPeers, ...; configure(lines); cli(command)), whatever the vendor. A method the node's
 *   platform lacks throws NotSupportedError, which ends the check as a declared deviation.
 * - `lab`: the target's lab control (drivers/lab/control.ts: setLink, startStream, capture,
 *   restartNode, clock, supports). A step the target cannot do throws LabControlUnsupported,
 *   which ends the check as a declared deviation.
 * - `cli`: raw CLI sessions, for what is one dialect's by nature (typing a document's lines with
 *   their prompts, golden outputs): declare those checks' deviations in the suite's deviations.ts.
 * - `target` (worker scope): topology, kind, platform(node), deadlineMs(protocolSec).
 *
 * Before each check, the suite's declared deviations (suites/lib/deviations.ts) are looked up
 * for this target; a match ends the check as a deviation with its reason before it starts.
 * Every CLI exchange a check made is attached to it as a transcript (secrets masked).
 */
import * as path from 'node:path';
import { test as base, TestInfo } from '@playwright/test';
import { openTarget, type Target, type TargetOptions } from '../../targets';
import { attachTranscript, declareDeviation } from '../../reports/attach';
import type { Device, Session } from '../../drivers/api';
import type { LabControl } from '../../drivers/lab/control';
import { findDeviation, type DeviationRule } from './deviations';
import { checkVerdict } from './verdict';

export interface Cli {
  session(node: string): Promise<Session>;
  send(node: string, command: string, timeoutMs?: number): Promise<string>;
  configure(node: string, lines: string[]): Promise<void>;
}

export interface SuiteOptions extends TargetOptions {
  /** The suite's name in reports (default: the topology file's folder). */
  suite?: string;
  /** The suite's declared deviations per target kind or platform (its deviations.ts). */
  deviations?: readonly DeviationRule[];
}

/** Allure groups checks by suite (document) under the target, not by file path. */
async function allureLabels(suite: string, target: string): Promise<void> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const a = require('allure-js-commons') as typeof import('allure-js-commons');
    await a.parentSuite(target);
    await a.suite(suite);
    await a.feature(suite);
  } catch {
    // Allure is optional: Playwright's own reports group by file.
  }
}

/** A not-supported method or lab step: the check becomes a deviation with the error's reason. */
export function isUnsupported(e: unknown): e is Error {
  return e instanceof Error && (e.name === 'NotSupportedError' || e.name === 'LabControlUnsupported');
}

/** Wraps every method of `obj` so that an unsupported call declares a deviation on the check. */
function guarded<T extends object>(obj: T, ti: TestInfo, before?: () => void): T {
  return new Proxy(obj, {
    get(o, prop, recv) {
      const v = Reflect.get(o, prop, recv) as unknown;
      if (typeof v !== 'function' || prop === 'supports') return v;
      return (...args: unknown[]) => {
        before?.();
        let r: unknown;
        try {
          r = (v as (...a: unknown[]) => unknown).apply(o, args);
        } catch (e) {
          if (isUnsupported(e)) return declareDeviation(ti, e.message);
          throw e;
        }
        if (r instanceof Promise) return r.catch(async (e: unknown) => (isUnsupported(e) ? declareDeviation(ti, e.message) : Promise.reject(e)));
        return r;
      };
    },
  });
}

export function suiteTest(topologyFile: string, opts: SuiteOptions = {}) {
  const suiteName = opts.suite ?? path.basename(path.dirname(topologyFile));
  return base.extend<{ verdict: void; cli: Cli; device: (node: string) => Device; lab: LabControl; labels: void; declared: void }, { target: Target }>({
    verdict: [checkVerdict, { auto: true }], // first: a broken target ends the next checks at once (suites/lib/verdict.ts)
    labels: [
      async ({ target }, use) => {
        await allureLabels(suiteName, target.name);
        await use();
      },
      { auto: true },
    ],
    declared: [
      async ({ target }, use, ti) => {
        const platforms = Object.fromEntries(target.topo.nodes.map((n) => [n.name, target.platform(n.name)]));
        const rule = findDeviation(opts.deviations ?? [], { kind: target.kind, platforms }, ti.title);
        if (rule) await declareDeviation(ti, rule.reason);
        await use();
      },
      { auto: true },
    ],
    target: [
      // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
      async ({}, use) => {
        const t = await openTarget(topologyFile, { transport: opts.transport });
        try {
          await use(t);
        } finally {
          await t.close();
        }
      },
      { scope: 'worker', timeout: 60_000 },
    ],
    cli: async ({ target }, use, testInfo: TestInfo) => {
      const marks = new Map<string, number>();
      const mark = (node: string) => {
        if (!marks.has(node)) marks.set(node, target.transcripts.get(node)?.entries().length ?? 0);
      };
      const cli: Cli = {
        session: async (node) => {
          const s = await target.session(node);
          mark(node);
          return s;
        },
        send: async (node, command, timeoutMs) => {
          const s = await cli.session(node);
          return s.send(command, { timeoutMs });
        },
        configure: async (node, lines) => {
          const s = await cli.session(node);
          await s.configure(lines);
        },
      };
      try {
        await use(cli);
      } finally {
        for (const [node, from] of marks) {
          const tr = target.transcripts.get(node);
          if (!tr) continue;
          const text = tr
            .entries()
            .slice(from)
            .filter((e) => e.dir === 'recv')
            .map((e) => e.data)
            .join('')
            .replace(/\r/g, '');
          const ep = target.endpoint(node);
          const secrets = [ep.password ?? '', ep.passphrase ?? ''].filter(Boolean);
          if (text) await attachTranscript(testInfo, `transcript ${node}`, text, secrets);
        }
      }
    },
    // The device API goes through the same sessions as `cli`, so its exchanges land in the transcript.
    device: async ({ target, cli }, use, ti) => {
      const made = new Map<string, Device>();
      await use((node) => {
        let d = made.get(node);
        if (!d) {
          // Opening the session through cli marks where this check's transcript starts.
          const marked = target.device(node);
          d = guarded(marked, ti, () => void cli.session(node).catch(() => undefined));
          made.set(node, d);
        }
        return d;
      });
    },
    lab: async ({ target }, use, ti) => {
      await use(guarded(target.lab, ti));
    },
  });
}

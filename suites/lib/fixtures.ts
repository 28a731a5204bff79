/**
 * Playwright fixtures shared by the suites: `target` (worker scope) and `cli`, which runs a
 * command on a node and attaches what the session showed to the check that ran it.
 */
import * as path from 'node:path';
import { test as base, TestInfo } from '@playwright/test';
import { Target, TargetOptions } from './target';
import { attachTranscript } from '../../reports/attach';
import type { Session } from '../../drivers/connect';
import { checkVerdict } from './verdict';

export interface Cli {
  session(node: string): Promise<Session>;
  send(node: string, command: string, timeoutMs?: number): Promise<string>;
  configure(node: string, lines: string[]): Promise<void>;
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

export function suiteTest(topologyFile: string, suiteName = path.basename(path.dirname(topologyFile)), opts: TargetOptions = {}) {
  return base.extend<{ verdict: void; cli: Cli; labels: void }, { target: Target }>({
    verdict: [checkVerdict, { auto: true }], // first: a broken target ends the next checks at once (suites/lib/verdict.ts)
    labels: [
      async ({ target }, use) => {
        await allureLabels(suiteName, target.name);
        await use();
      },
      { auto: true },
    ],
    target: [
      // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
      async ({}, use) => {
        const t = await Target.open(topologyFile, opts);
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
  });
}

// allure-playwright with netproof's verdicts. allure-playwright sets a test's status from
// Playwright's alone (timedOut -> broken, any other failure -> failed), so a lost connection
// would be a "failed" check in Allure. This subclass runs every finished test through the same
// VerdictTracker as the terminal reporter and, as each result file is written, makes the
// broken ones "broken" (and a serial suite's checks not run after a broken one "broken" too,
// with the reason as the message). Deviations stay Allure "skipped" with the DEVIATION: message,
// which the "declared deviation" category matches.
import AllureReporter from 'allure-playwright';
import type { TestCase, TestResult } from '@playwright/test/reporter';
import { VerdictTracker } from './checks';

interface AllureResultLike {
  uuid: string;
  status?: string;
  statusDetails?: { message?: string; trace?: string };
}
interface WriterLike {
  writeResult(result: AllureResultLike): void;
}
/** The private members of AllureReporter this reaches (allure-playwright 3.x). */
interface AllureInternals {
  allureRuntime?: { writer?: WriterLike };
  allureResultsUuids?: Map<string, string>;
}

export default class NetproofAllureReporter extends AllureReporter {
  private readonly verdicts = new VerdictTracker();
  private readonly patches = new Map<string, { status?: 'broken'; message: string }>();

  override onBegin(suite: Parameters<AllureReporter['onBegin']>[0]): void {
    super.onBegin(suite);
    const writer = (this as unknown as AllureInternals).allureRuntime?.writer;
    if (!writer) return;
    const write = writer.writeResult.bind(writer);
    writer.writeResult = (r: AllureResultLike) => {
      const p = this.patches.get(r.uuid);
      if (p) {
        if (p.status) r.status = p.status;
        r.statusDetails = { ...r.statusDetails, message: r.statusDetails?.message || p.message };
        this.patches.delete(r.uuid);
      }
      write(r);
    };
  }

  override async onTestEnd(test: TestCase, result: TestResult): Promise<void> {
    const rec = this.verdicts.record(test, result);
    const uuid = (this as unknown as AllureInternals).allureResultsUuids?.get(test.id);
    // Broken checks become Allure "broken"; every check that did not pass gets its reason as the
    // message where Allure has none (a serial suite's check not run after a failure).
    if (uuid && rec.verdict === 'broken') this.patches.set(uuid, { status: 'broken', message: rec.reason ?? 'broken' });
    else if (uuid && rec.reason) this.patches.set(uuid, { message: rec.reason });
    await super.onTestEnd(test, result);
  }
}

/**
 * A Playwright reporter that prints why each skipped test was skipped, so a skip is never
 * silent (e.g. "Electron binary not installed: node_modules/electron/dist missing").
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SkipReasons implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    const reasons = test.annotations.filter((a) => a.type === 'skip').map((a) => a.description ?? 'no reason given');
    this.skipped.push(`  skipped: ${test.titlePath().slice(1).join(' › ')} — ${reasons.join('; ') || 'no reason given'}`);
  }

  onEnd(): void {
    if (this.skipped.length) console.log(`\n${this.skipped.join('\n')}`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

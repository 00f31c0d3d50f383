import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Browser specs drive the real renderer in Debian's Chromium against `arrayscope serve`.
 * Electron specs run the desktop app where an Electron binary exists and are reported as
 * skipped, with the reason, where not (see e2e/electron).
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./e2e/skip-reasons.ts']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure', viewport: { width: 1400, height: 900 } },
  projects: [
    {
      name: 'browser',
      testDir: 'e2e/browser',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: existsSync(chromium) ? chromium : undefined,
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
});

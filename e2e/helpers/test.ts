/**
 * The browser specs' Playwright fixtures: each test gets its own fixture directory (`arrays`) and
 * an `open` that starts the real `arrayscope serve` and points the test's page at it. Both clean
 * up after the test, whatever its outcome, so no spec repeats the set-up and no server outlives
 * the test that started it.
 */
import { test as base, expect } from '@playwright/test';
import path from 'node:path';
import { fixtureDir } from './numpy.js';
import { type Served, serve } from './serve.js';

/** A fresh directory for the test's files, removed after the test. */
export interface Arrays {
  readonly dir: string;
  file(name: string): string;
}

export interface ServeOptions {
  allowWrite?: boolean;
  root?: string;
}

/** Starts `arrayscope serve` with `files`, navigates the page to its tokened URL, returns the server. */
export type Open = (files: readonly string[], options?: ServeOptions) => Promise<Served>;

/** `close()` at most once, and not at all for a server that has already exited (its 'exit' event will not come again). */
function closingOnce(server: Served): Served {
  let closing: Promise<void> | undefined;
  const exited = (): boolean => server.process.exitCode !== null || server.process.signalCode !== null;
  return { ...server, close: () => (closing ??= exited() ? Promise.resolve() : server.close()) };
}

export const test = base.extend<{ arrays: Arrays; open: Open }>({
  // Playwright reads the fixtures a fixture needs from its first parameter, so it must be a pattern.
  arrays: async ({}, use, testInfo) => {
    const fixtures = fixtureDir(`arrayscope-${path.basename(testInfo.file, '.spec.ts')}-e2e-`);
    try {
      await use({ dir: fixtures.dir, file: fixtures.file });
    } finally {
      fixtures.cleanup();
    }
  },
  // Depends on `arrays` so that every server is stopped before the files it may hold are removed.
  open: async ({ page, arrays: _arrays }, use) => {
    const started: Served[] = [];
    await use(async (files, options = {}) => {
      const server = closingOnce(await serve(files, options));
      started.push(server);
      await page.goto(server.url);
      return server;
    });
    await Promise.all(started.map((server) => server.close()));
  },
});

export { expect };

import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface StartModule {
  buildReason(projectRoot: string): string | null;
  launchArguments(args: string[], cwd: string): string[];
  BUILD_OUTPUTS: string[];
}
interface ElectronegativityModule {
  parseCsv(text: string): Record<string, string>[];
  isAllowed(finding: Record<string, string>, allowlist: { issue: string; file: string; reason: string }[]): boolean;
}
const load = async <T>(path: string): Promise<T> => (await import(/* @vite-ignore */ path)) as T;
const projectRoot = resolve(import.meta.dirname, '../..');

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'arrayscope-start-'));
  mkdirSync(join(root, 'src/main'), { recursive: true });
  mkdirSync(join(root, 'src/native'), { recursive: true });
  writeFileSync(join(root, 'src/main/index.ts'), '');
  writeFileSync(join(root, 'package.json'), '{}');
  return root;
}

function touch(file: string, seconds: number): void {
  mkdirSync(resolve(file, '..'), { recursive: true });
  writeFileSync(file, '');
  utimesSync(file, seconds, seconds);
}

describe('start.mjs', () => {
  it('builds when an output is missing or older than a source, not otherwise', async () => {
    const { buildReason, BUILD_OUTPUTS } = await load<StartModule>('../../scripts/start.mjs');
    const root = project();
    utimesSync(join(root, 'src/main/index.ts'), 1000, 1000);
    utimesSync(join(root, 'package.json'), 1000, 1000);
    expect(buildReason(root)).toBe('out/main/index.js is missing');
    for (const out of BUILD_OUTPUTS) touch(join(root, out), 2000);
    expect(buildReason(root)).toBeNull();
    touch(join(root, 'src/native/addon.cc'), 3000);
    expect(buildReason(root)).toBeNull();
    touch(join(root, 'src/shared/new.ts'), 3000);
    expect(buildReason(root)).toBe('sources changed since the last build');
  });

  it('launches the project with switches first and absolute files after --', async () => {
    const { launchArguments } = await load<StartModule>('../../scripts/start.mjs');
    expect(launchArguments(['--read-only', 'a.npy', '/abs/b.npy', '--', '-c.npy'], '/home/u')).toEqual([
      projectRoot,
      '--read-only',
      '--',
      '/home/u/a.npy',
      '/abs/b.npy',
      '/home/u/-c.npy',
    ]);
  });
});

describe('electronegativity.mjs', () => {
  it('parses the quoted CSV report, including commas and quotes in samples', async () => {
    const { parseCsv } = await load<ElectronegativityModule>('../../scripts/electronegativity.mjs');
    const csv = [
      'issue, severity, confidence, filename, location, sample, description, url',
      'CONTEXT_ISOLATION_JS_CHECK,"HIGH","FIRM","/p/src/main/w.ts","2:3","new BrowserWindow({ a: 1, b: ""x"" })","Review, please",https://x',
      'LIMIT_NAVIGATION_GLOBAL_CHECK,"HIGH","CERTAIN",N/A,"0:0",N/A,"Missing limits",https://y',
      '',
    ].join('\n');
    expect(parseCsv(csv)).toEqual([
      {
        issue: 'CONTEXT_ISOLATION_JS_CHECK',
        severity: 'HIGH',
        confidence: 'FIRM',
        filename: '/p/src/main/w.ts',
        location: '2:3',
        sample: 'new BrowserWindow({ a: 1, b: "x" })',
        description: 'Review, please',
        url: 'https://x',
      },
      { issue: 'LIMIT_NAVIGATION_GLOBAL_CHECK', severity: 'HIGH', confidence: 'CERTAIN', filename: 'N/A', location: '0:0', sample: 'N/A', description: 'Missing limits', url: 'https://y' },
    ]);
  });

  it('allowlists by issue and project-relative file only', async () => {
    const { isAllowed } = await load<ElectronegativityModule>('../../scripts/electronegativity.mjs');
    const allow = [{ issue: 'X_CHECK', file: 'src/main/a.ts', reason: 'test' }];
    expect(isAllowed({ issue: 'X_CHECK', filename: join(projectRoot, 'src/main/a.ts') }, allow)).toBe(true);
    expect(isAllowed({ issue: 'X_CHECK', filename: join(projectRoot, 'src/main/b.ts') }, allow)).toBe(false);
    expect(isAllowed({ issue: 'Y_CHECK', filename: join(projectRoot, 'src/main/a.ts') }, allow)).toBe(false);
  });
});

/**
 * Starts `arrayscope serve` the way users do (the built CLI, a real port) and hands the tokened
 * URL to the test. Every browser e2e spec goes through this, so it exercises the real server,
 * the real engine and the built renderer together.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

export interface Served {
  readonly url: string;
  readonly process: ChildProcessWithoutNullStreams;
  /** Everything the server printed, for assertions and debugging. */
  output(): string;
  close(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

export async function serve(files: readonly string[], options: { allowWrite?: boolean; root?: string } = {}): Promise<Served> {
  const args = [path.join(ROOT, 'bin/arrayscope.js'), 'serve', ...files, '--port', '0', ...(files.length ? ['--no-demo'] : [])];
  if (options.allowWrite) args.push('--allow-write');
  if (options.root) args.push('--root', options.root);
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env } });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (text += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print a URL within 20 s:\n${text}`)), 20_000);
    const check = (): void => {
      const m = /(http:\/\/\S+token=\S+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${text}`));
    });
  });
  return {
    url,
    process: child,
    output: () => text,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
      }),
  };
}

/**
 * `arrayscope` — the command-line entry. Exit status 0 on success, 1 on any error; with --json
 * every outcome is one JSON document on stdout (`{"ok":false,"error":{kind,message}}` on error),
 * otherwise a one-line message on stderr naming the file and the problem.
 */
import { ArrayscopeError, toErrorData } from '../shared/errors.js';
import { VERSION } from '../shared/version.js';
import { parse } from './args.js';
import { create, get, info, type Output, slice, stats } from './commands.js';
import { serve } from './serve.js';

const USAGE = `arrayscope ${VERSION} — view binary arrays far larger than RAM

usage:
  arrayscope info FILE [--member NAME] [--raw --dtype D --shape S --offset N --order C|F] [--json]
  arrayscope get FILE --index i,j,k [--member NAME] [raw options] [--extract] [--json]
  arrayscope slice FILE EXPR [--member NAME] [raw options] [--extract] [--csv|--json]
  arrayscope stats FILE [EXPR] [--field NAME] [--member NAME] [raw options] [--extract] [--json]
  arrayscope create FILE --dtype D --shape S [--fill V] [--order C|F] [--raw] [--json]
  arrayscope serve [FILE...] [--root DIR] [--host H] [--port N] [--allow-write]

raw files use numpy.memmap's parameters; --shape '' (or no --shape) infers a 1-D shape,
and one -1 in --shape is inferred from the file size. EXPR is a numpy index such as
'[5, :, 10:200:2]'. --extract inflates a compressed .npz member to a temporary file.`;

function progressReporter(enabled: boolean): ((done: number, total: number) => void) | undefined {
  if (!enabled) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 200 && done < total) return;
    last = now;
    const pct = total > 0 ? ((100 * done) / total).toFixed(1) : '100.0';
    process.stderr.write(`\r${pct}% (${done} / ${total})${done >= total ? '\n' : ''}`);
  };
}

function need(positionals: string[], count: number, what: string): void {
  if (positionals.length < count) throw new ArrayscopeError('bad-value', `missing ${what}\n\n${USAGE}`);
}

async function run(argv: string[]): Promise<Output | null> {
  const { values: flags, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (flags.version) {
    process.stdout.write(`${VERSION}\n`);
    return null;
  }
  if (flags.help || command === undefined || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return null;
  }
  if (flags.json && flags.csv) throw new ArrayscopeError('bad-value', '--json and --csv cannot be combined');
  switch (command) {
    case 'info':
      need(rest, 1, 'FILE');
      return info(rest[0]!, flags);
    case 'get':
      need(rest, 1, 'FILE');
      return get(rest[0]!, flags);
    case 'slice':
      need(rest, 2, 'FILE and EXPR');
      return slice(rest[0]!, rest[1]!, flags);
    case 'stats':
      need(rest, 1, 'FILE');
      return stats(rest[0]!, rest[1], flags, progressReporter(process.stderr.isTTY === true));
    case 'create':
      need(rest, 1, 'FILE');
      return create(rest[0]!, flags);
    case 'serve':
      await serve(rest, flags);
      return null;
    default:
      throw new ArrayscopeError('bad-value', `unknown command '${command}'\n\n${USAGE}`);
  }
}

/** Every error names the file it concerns: prefix the file when the engine's message lacks it. */
function located(argv: string[], err: unknown) {
  const error = toErrorData(err);
  let file: string | undefined;
  try {
    const [command, first] = parse(argv).positionals;
    file = command === 'serve' ? undefined : first;
  } catch {
    file = undefined;
  }
  if (file && !error.message.includes(file)) return { kind: error.kind, message: `${file}: ${error.message}` };
  return error;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    const out = await run(argv);
    if (out) process.stdout.write(`${json ? JSON.stringify(out.json) : out.text}\n`);
    return 0;
  } catch (err) {
    const error = located(argv, err);
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, error })}\n`);
    else process.stderr.write(`arrayscope: ${error.message}\n`);
    return 1;
  }
}

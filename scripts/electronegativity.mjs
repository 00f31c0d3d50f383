#!/usr/bin/env node
// Runs Doyensec's electronegativity over src/ and fails (exit 1) on any HIGH severity finding that
// is not on the allowlist below. electronegativity itself always exits 0, so we read its CSV report.
//
// Usage: node scripts/electronegativity.mjs [input dir, default src]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * HIGH findings we have checked and judged false positives: { issue, file (relative to the
 * project), reason }. Keep it short; every entry needs a reason a reviewer can verify.
 * (Empty: src/main writes its webPreferences literally so the checker can see them.)
 */
export const ALLOWLIST = [];

/** Parses the report: RFC 4180 quoting, with the tool's ", " header separators trimmed. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) endRow();
  const [header, ...records] = rows.filter((r) => r.some((f) => f.trim().length > 0));
  const keys = (header ?? []).map((h) => h.trim());
  return records.map((r) => Object.fromEntries(keys.map((k, i) => [k, (r[i] ?? '').trim()])));
}

export function isAllowed(finding, allowlist = ALLOWLIST) {
  const file = path.relative(root, finding.filename).replaceAll('\\', '/');
  return allowlist.some((entry) => entry.issue === finding.issue && entry.file === file);
}

function electronVersion() {
  return JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
}

function runScan(input, report) {
  const cli = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
  // -e: the scanned directory has no package.json naming Electron, so tell it the version in use.
  const result = spawnSync(process.execPath, [cli, '-i', input, '-o', report, '-e', electronVersion(), '-v', 'false'], {
    cwd: root,
    encoding: 'utf8',
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  for (const line of output.split('\n')) {
    if (/error|unable to parse|failed to parse/i.test(line)) console.warn(`electronegativity: ${line.trim()}`);
  }
  return result.status;
}

function main() {
  const input = path.resolve(root, process.argv[2] ?? 'src');
  const work = mkdtempSync(path.join(tmpdir(), 'arrayscope-electronegativity-'));
  try {
    const report = path.join(work, 'report.csv');
    const status = runScan(input, report);
    if (!existsSync(report)) {
      console.error(`electronegativity: no report was written (exit ${status}); cannot vouch for ${input}`);
      return 1;
    }
    const findings = parseCsv(readFileSync(report, 'utf8'));
    const high = findings.filter((f) => f.severity === 'HIGH');
    const blocking = high.filter((f) => !isAllowed(f));
    const counts = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'].map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`);
    console.log(`electronegativity: ${findings.length} findings (${counts.join(', ')}); ${high.length - blocking.length} HIGH allowlisted`);
    for (const f of blocking) {
      console.error(`  HIGH ${f.issue} ${path.relative(root, f.filename)}:${f.location} — ${f.description}\n       ${f.sample}\n       ${f.url}`);
    }
    return blocking.length > 0 ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = main();

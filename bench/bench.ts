/**
 * `npm run bench`: runs every benchmark section and prints the figures with ratios against
 * numpy measured in the same run. `npm run bench -- core plots` runs only the named sections.
 */
import { createContext, type Figure } from './harness.js';
import { SECTIONS } from './sections.js';

const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const figures: Figure[] = [];
for (const section of SECTIONS) {
  if (only.length && !only.includes(section.name)) continue;
  console.log(`\n== ${section.name} ==`);
  const started = performance.now();
  await section.run(createContext(section.name, figures));
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
if (process.env.ARRAYSCOPE_BENCH_JSON) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.ARRAYSCOPE_BENCH_JSON, JSON.stringify(figures, null, 2));
}

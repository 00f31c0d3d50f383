// Scratch profiling script (removed before finishing).
import { chromium } from 'playwright';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const file = process.argv[2];
const child = spawn(process.execPath, ['bin/arrayscope.js', 'serve', file, '--port', '0', '--no-demo'], { cwd: '/work/main', env: process.env });
let out = '';
const url = await new Promise((res) => child.stdout.on('data', (d) => { out += d; const m = /(http:\/\/\S+token=\S+)/.exec(out); if (m) res(m[1]); }));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, bypassCSP: true });
await page.goto(url);
const grid = page.getByRole('grid');
await grid.locator('[role="gridcell"][data-row="1"][data-col="1"]').waitFor();
if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
const box = await grid.boundingBox();
await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const m0 = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
await cdp.send('Profiler.enable');
await cdp.send('Profiler.start');
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
const t0 = Date.now();
let n = 0;
n = await page.evaluate(`new Promise((done) => {
    const grid = document.querySelector('[role="grid"]');
    const start = performance.now();
    let step = 0;
    const flick = () => {
      if (performance.now() - start > 4000) return done(step);
      const rows = 30 + ((step * 7919) % 2970);
      grid.dispatchEvent(new WheelEvent('wheel', { deltaY: (step % 5 === 4 ? -1 : 1) * rows * 22, bubbles: true, cancelable: true }));
      step++;
      requestAnimationFrame(flick);
    };
    requestAnimationFrame(flick);
  })`);
const { profile } = await cdp.send('Profiler.stop');
const trace = JSON.parse((await browser.stopTracing()).toString());
const tally = new Map();
for (const e of trace.traceEvents) if (e.ph === 'X' && e.dur) tally.set(e.name, (tally.get(e.name) ?? 0) + e.dur);
void ([...tally.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
console.log('wheel events in 4 s:', n);
const m1 = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
for (const k of ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'LayoutCount', 'RecalcStyleCount', 'Nodes']) console.log(k, (m1[k] - (k === 'Nodes' ? 0 : m0[k])).toFixed(3));
// self time by function
const self = new Map();
const dt = profile.timeDeltas; const samples = profile.samples;
const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
for (let i = 0; i < samples.length; i++) { const nd = byId.get(samples[i]); const k = `${nd.callFrame.functionName || '(anon)'} ${nd.callFrame.url.split('/').pop()}:${nd.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); }
console.log([...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0).padStart(6)} ms  ${k}`).join('\n'));
// in-page dispatch timing
const r = await page.evaluate(async () => {
  const g = document.querySelector('[role="grid"]');
  const times = [];
  for (let i = 0; i < 100; i++) {
    const t = performance.now();
    g.dispatchEvent(new WheelEvent('wheel', { deltaY: 3000, bubbles: true, cancelable: true }));
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[50], p90: times[90] };
});
console.log('in-page wheel → 2 frames:', r);
await browser.close();
child.kill('SIGINT');

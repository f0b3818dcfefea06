// Checks the rendered reports in Debian's chromium (driven by puppeteer-core):
//  - no console error, script error or CSP violation on any page;
//  - axe-core: 0 serious or critical violations on the index and every report, light and dark;
//  - at 390 px wide no horizontal scroll (scrollWidth <= viewport);
//  - printed to A4 PDF, each report's summary is at most 2 pages;
//  - a click on a ▼/▲ of the push-pull report opens and shows its change;
//  - dragging across a chart zooms every chart to that period, and "Whole period" undoes it;
//  - the index filters (band, language) and search reduce the rows;
//  - on a generated index of 10,000 rows: one page of 100 shown, the language filter and a
//    sort work (timings printed, not asserted);
//  - with JavaScript off the report still shows its text, charts and evidence;
//  - screenshots (1280, 390, print, dark) into docs/.
//
//   node check.mjs OUT_DIR DOCS_DIR [BIG_INDEX]   (scripts/browser-check.sh runs it)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [outDir, docsDir, bigIndex] = process.argv.slice(2);
const failures = [];
const fail = (msg) => { failures.push(msg); console.log(`  FAIL ${msg}`); };
const ok = (msg) => console.log(`  ok   ${msg}`);

const reports = fs.readdirSync(outDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(outDir, d.name, 'report.html')))
  .map((d) => path.join(outDir, d.name, 'report.html'))
  .sort();
const index = path.join(outDir, 'index.html');
const url = (file) => 'file://' + path.resolve(file);
const userDataDir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'pushpull-chromium-'));

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  userDataDir,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});

/** A page at `width` × `height`, light or dark, whose errors and requests are recorded. */
async function open(file, { width = 1280, height = 900, dark = false, js = true } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`); });
  await page.setJavaScriptEnabled(js);
  await page.setViewport({ width, height });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }]);
  await page.goto(url(file), { waitUntil: 'load' });
  return { page, problems };
}

async function axe(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const name = (file) => path.relative(outDir, file);

for (const file of [index, ...reports]) {
  for (const dark of [false, true]) {
    const { page, problems } = await open(file, { dark });
    const bad = await axe(page);
    const mode = dark ? 'dark' : 'light';
    if (bad.length) {
      fail(`${name(file)} (${mode}): axe ${bad.map((v) => `${v.id} [${v.impact}] ×${v.nodes.length}: ${v.nodes[0].target}`).join('; ')}`);
    } else ok(`${name(file)} (${mode}): axe 0 serious/critical`);
    if (problems.length) fail(`${name(file)} (${mode}): ${problems.join(' | ')}`);
    await page.close();
  }
  const { page } = await open(file, { width: 390, height: 844 });
  const { scroll, viewport } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  if (scroll > viewport) fail(`${name(file)} at 390 px: scrollWidth ${scroll} > ${viewport}`);
  else ok(`${name(file)} at 390 px: scrollWidth ${scroll} <= ${viewport}`);
  await page.close();
}

for (const file of reports) {
  const { page } = await open(file);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  if (pages > 2 || pages < 1) fail(`${name(file)} printed: ${pages} pages (at most 2)`);
  else ok(`${name(file)} printed: ${pages} page(s)`);
  await page.close();
}

// The report with the most changes: the push-pull sample.
const counts = reports.map((f) => (fs.readFileSync(f, 'utf8').match(/href="#change-/g) || []).length);
const busiest = reports[counts.indexOf(Math.max(...counts))];
{
  const { page } = await open(busiest);
  const marker = await page.$('svg a[href^="#change-"]');
  if (!marker) fail(`${name(busiest)}: no ▼/▲ link on the charts`);
  else {
    const href = await marker.evaluate((a) => a.getAttribute('href'));
    await marker.click();
    await new Promise((r) => setTimeout(r, 300));
    const landed = await page.evaluate((id) => {
      const el = document.getElementById(id);
      const box = el && el.getBoundingClientRect();
      return el && { open: el.open, top: box.top, hash: location.hash, height: window.innerHeight };
    }, href.slice(1));
    if (!landed || !landed.open || landed.hash !== href || landed.top < -2 || landed.top > landed.height / 2) {
      fail(`${name(busiest)}: clicking ${href} did not open and show it: ${JSON.stringify(landed)}`);
    } else ok(`${name(busiest)}: clicking a marker opens ${href} at y=${Math.round(landed.top)}`);
  }
  await page.close();
}

// Zoom: a drag across the wait chart narrows every chart to that period.
{
  const { page, problems } = await open(busiest);
  const state = () => page.evaluate(() => {
    const charts = [...document.querySelectorAll('svg.zoomable')];
    const inside = (svg) => [...svg.querySelectorAll('g.plot circle')].filter((c) => {
      const x = parseFloat(c.getAttribute('cx'));
      return x >= parseFloat(svg.dataset.x0) && x <= parseFloat(svg.dataset.x1);
    }).length;
    return {
      status: document.querySelector('.zoom-status').textContent,
      dots: charts.map(inside),
      ticks: charts[0].querySelector('g.ticks').textContent,
      bar: !document.querySelector('.zoombar').hidden,
    };
  });
  const before = await state();
  const chart = await page.$('svg.zoomable[aria-label^="Reply waits"]');
  await chart.scrollIntoView();
  const box = await chart.boundingBox();
  const y = box.y + box.height * 0.5;
  await page.mouse.move(box.x + box.width * 0.40, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.50, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.55, y, { steps: 5 });
  await page.mouse.up();
  const zoomed = await state();
  const fewer = zoomed.dots.every((n, k) => n < before.dots[k]) && zoomed.dots.some((n) => n > 0);
  if (!before.bar || zoomed.status === before.status || !fewer || zoomed.ticks === before.ticks) {
    fail(`${name(busiest)}: a drag across the wait chart did not zoom: ${JSON.stringify({ before, zoomed })}`);
  } else ok(`${name(busiest)}: drag zooms every chart: "${zoomed.status}"; dots in view ${before.dots.join('/')} -> ${zoomed.dots.join('/')}`);
  await page.click('.zoombar button[data-zoom="all"]');
  const reset = await state();
  if (reset.status !== before.status || reset.dots.join() !== before.dots.join()) {
    fail(`${name(busiest)}: "Whole period" did not restore the charts: ${JSON.stringify(reset)}`);
  } else ok(`${name(busiest)}: "Whole period" restores ${reset.dots.join('/')} dots`);
  await page.click('.zoombar button[data-zoom="in"]');
  const zin = await state();
  if (zin.status === before.status) fail(`${name(busiest)}: "Zoom in" changed nothing`);
  else ok(`${name(busiest)}: "Zoom in": "${zin.status}"`);
  if (problems.length) fail(`${name(busiest)} zoom: ${problems.join(' | ')}`);
  await page.close();
}

{
  const { page } = await open(index);
  const visible = () => page.evaluate(() => [...document.querySelectorAll('#conversations tbody tr')].filter((r) => !r.hidden).length);
  const all = await visible();
  await page.select('#f-band', 'strong');
  const strong = await visible();
  await page.select('#f-band', '');
  await page.type('#f-q', 'oskar');
  const searched = await visible();
  if (!(strong < all && strong > 0)) fail(`index band filter: ${strong} of ${all} rows`);
  else ok(`index band filter: ${strong} of ${all} rows`);
  if (!(searched < all && searched > 0)) fail(`index search: ${searched} of ${all} rows`);
  else ok(`index search "oskar": ${searched} of ${all} rows`);
  await page.evaluate(() => { const q = document.getElementById('f-q'); q.value = ''; q.dispatchEvent(new Event('input')); });
  await page.select('#f-lang', 'es');
  const spanish = await visible();
  if (!(spanish < all && spanish > 0)) fail(`index language filter: ${spanish} of ${all} rows`);
  else ok(`index language filter "es": ${spanish} of ${all} rows`);
  await page.close();
}

// A generated index of 10,000 rows: paged, filtered and sorted in the browser.
if (bigIndex) {
  const started = Date.now();
  const { page, problems } = await open(bigIndex);
  const loaded = Date.now() - started;
  const rows = () => page.evaluate(() => {
    const trs = [...document.querySelectorAll('#conversations tbody tr')];
    const shown = trs.filter((r) => !r.hidden);
    return {
      total: trs.length,
      shown: shown.length,
      status: document.getElementById('f-status').textContent,
      langs: shown.map((r) => r.dataset.lang),
      scores: shown.map((r) => parseFloat(r.cells[5].dataset.v)),
    };
  });
  const timed = async (action) => { const t = Date.now(); await action(); const r = await rows(); return [r, Date.now() - t]; };
  const first = await rows();
  if (first.total !== 10000 || first.shown !== 100) fail(`10,000-row index: ${first.shown} of ${first.total} rows shown (one page of 100 expected)`);
  else ok(`10,000-row index: loaded in ${loaded} ms, one page of ${first.shown} rows shown`);
  const [spanish, tLang] = await timed(() => page.select('#f-lang', 'es'));
  const matches = Number(spanish.status.split(' ')[0]);
  if (!(matches > 0 && matches < 10000 && spanish.shown === Math.min(100, matches) && spanish.langs.every((l) => l.includes(' es ')))) {
    fail(`10,000-row index: language filter "es": ${spanish.status}, ${spanish.shown} shown`);
  } else ok(`10,000-row index: language filter "es" in ${tLang} ms: ${spanish.status}`);
  let head = null;
  for (const b of await page.$$('#conversations th[data-sort] button')) {
    if ((await b.evaluate((el) => el.textContent)) === 'Push-pull score') head = b;
  }
  const [asc, tSort] = await timed(() => head.click());
  const [desc, tSort2] = await timed(() => head.click());
  const sorted = (xs, dir) => xs.every((x, k) => k === 0 || dir * (x - xs[k - 1]) >= 0);
  const aria = await page.evaluate(() => document.querySelector('#conversations th[aria-sort]').getAttribute('aria-sort'));
  if (!sorted(asc.scores, 1) || !sorted(desc.scores, -1) || aria !== 'descending' || !desc.langs.every((l) => l.includes(' es '))) {
    fail(`10,000-row index: sort by score: ${JSON.stringify({ aria, asc: asc.scores.slice(0, 5), desc: desc.scores.slice(0, 5) })}`);
  } else ok(`10,000-row index: sort by score in ${tSort} / ${tSort2} ms (filter kept, aria-sort ${aria})`);
  const [next, tNext] = await timed(() => page.click('#p-next'));
  const pageText = await page.evaluate(() => document.getElementById('p-text').textContent);
  if (!pageText.startsWith('page 2') || next.shown !== Math.min(100, matches - 100)) fail(`10,000-row index: next page: ${pageText}, ${next.shown} shown`);
  else ok(`10,000-row index: next page in ${tNext} ms: ${pageText}`);
  if (problems.length) fail(`10,000-row index: ${problems.join(' | ')}`);
  await page.close();
}

{
  const { page } = await open(busiest, { js: false });
  const seen = await page.evaluate(() => ({
    text: document.body.innerText.length,
    charts: document.querySelectorAll('svg.chart').length,
    changes: document.querySelectorAll('details[id^="change-"]').length,
  }));
  if (seen.text < 2000 || seen.charts < 2 || seen.changes < 1) fail(`without JavaScript: ${JSON.stringify(seen)}`);
  else ok(`without JavaScript: ${seen.text} characters, ${seen.charts} charts, ${seen.changes} changes`);
  await page.close();
}

// Screenshots for docs/ (the push-pull sample and the index).
if (docsDir) {
  const shots = [
    ['report-screenshot.png', busiest, { width: 1280, height: 2900 }],
    ['report-phone.png', busiest, { width: 390, height: 1600 }],
    ['report-dark.png', busiest, { width: 1280, height: 1400, dark: true }],
    ['index-screenshot.png', index, { width: 1280, height: 900 }],
  ];
  for (const [file, page_, opts] of shots) {
    const { page } = await open(page_, opts);
    await page.screenshot({ path: path.join(docsDir, file) });
    await page.close();
  }
  {
    // The charts on a phone (the full-page phone shot above shows only the card).
    const { page } = await open(busiest, { width: 390, height: 844 });
    const charts = await page.$('section[aria-labelledby="timeline"]');
    await charts.screenshot({ path: path.join(docsDir, 'report-phone-charts.png') });
    await page.close();
  }
  const { page } = await open(busiest, { width: 794, height: 1123 });
  await page.emulateMediaType('print');
  // The printed content only (the screen layout's height would leave a blank tail).
  const height = await page.evaluate(() => Math.ceil(document.querySelector('footer').getBoundingClientRect().bottom + 12));
  await page.screenshot({ path: path.join(docsDir, 'report-print.png'), clip: { x: 0, y: 0, width: 794, height }, captureBeyondViewport: true });
  await page.close();
  ok(`screenshots in ${docsDir}: ${shots.map((s) => s[0]).join(', ')}, report-phone-charts.png, report-print.png`);
}

await browser.close();
fs.rmSync(userDataDir, { recursive: true, force: true });
if (failures.length) {
  console.log(`browser check: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log('browser check: ok');

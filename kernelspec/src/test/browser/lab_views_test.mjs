// Runs notebooks/spark-views.ipynb, then a cell whose job fails, on the spark-java kernel in a JupyterLab 4
// test page (lab/: Lab's own services, output area, renderers and sanitizer, bundled by esbuild) served
// by Debian's Jupyter server, through Debian's Chromium. Checks what a Lab user sees: the monitor
// updates in place while a job runs and ends in its final state; its jobs table, stage folds, timeline,
// task graph, executors, failed tasks and Spark UI links render; its text stays legible in Lab's light
// and dark themes; the saved outputs, reopened untrusted (through Lab's sanitizer), still show readable
// job tables, and hold the text form. Clicks a cancel button in Lab's widget manager on one of a cell's
// two concurrent jobs. Then runs notebooks/scala-spark.ipynb on the spark-scala kernel in the same page.
// Saves screenshots of both themes and of the buttons.
//
// Usage: node lab_views_test.mjs <repo root> <JUPYTER_PATH> <output dir>
// Prints "N passed, M failed" last; exits non-zero on any failure. Stops everything it started.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CHROMIUM_FLAGS, atEnd, check, freePort, run, startNotebookServer, waitFor } from './harness.mjs';
import { buildLabPage } from './lab/build.mjs';

const [repo, jupyterPath, outDir] = process.argv.slice(2);
const FAILING_CELL = 'sc.parallelize(List.of(1, 2, 3, 4), 4)\n'
  + '  .map(n -> { if (n == 3) throw new IllegalStateException("no threes allowed"); return n; })\n  .collect()';

/**
 * The lowest contrast (WCAG) between the monitor's text and what is behind it, with the opacity of its
 * ancestors blended in; runs in the page.
 */
function lowestContrast(root) {
  const rgba = (css) => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const lin = (c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const blend = (top, under, alpha) => ({
    r: top.r * alpha + under.r * (1 - alpha), g: top.g * alpha + under.g * (1 - alpha), b: top.b * alpha + under.b * (1 - alpha) });
  // What shows behind an element: its and its ancestors' backgrounds composited, down to an opaque one.
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg && bg.a > 0) layers.push(bg);
      if (bg && bg.a === 1) break;
    }
    return layers.reverse().reduce((under, layer) => blend(layer, under, layer.a), { r: 255, g: 255, b: 255 });
  };
  let worst = { ratio: Infinity, text: '' };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length || el.closest('title, style, script')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    let alpha = 1;
    for (let e = el; e && e !== root.parentElement; e = e.parentElement) alpha *= Number(getComputedStyle(e).opacity);
    // A label drawn on a bar of a drawing reads against the bar.
    const rect = el instanceof SVGTextElement && el.previousElementSibling instanceof SVGRectElement ? el.previousElementSibling : null;
    const inside = (a, b) => a.x >= b.x && a.x + a.width <= b.x + b.width + 1 && a.y >= b.y - 1 && a.y + a.height <= b.y + b.height + 1;
    const bar = rect && inside(el.getBBox(), rect.getBBox()) ? rect : null;
    const barFill = bar && rgba(getComputedStyle(bar).fill);
    const under = barFill ? blend(barFill, behind(el), Number(getComputedStyle(bar).fillOpacity)) : behind(el);
    const ink = rgba(el instanceof SVGElement ? style.fill : style.color) || rgba(style.color);
    const seen = blend(ink, under, alpha * (ink.a ?? 1));
    const [hi, lo] = [luminance(seen), luminance(under)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < worst.ratio) worst = { ratio, text: node.textContent.trim().slice(0, 40) };
  }
  return worst;
}

/** Opens the monitor's folds as a click on each would, but the Spark UI's unless asked. */
async function openFolds(monitor, sparkUi = true) {
  await monitor.evaluate((m, ui) => m.querySelectorAll('details').forEach((d) => { d.open = ui || !d.classList.contains('jspark-ui'); }), sparkUi);
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'jspark-lab-'));
  atEnd(() => rmSync(work, { recursive: true, force: true }));
  // The server serves the page as its own, so that the page talks to it from its origin, as Lab does.
  const staticDir = join(work, 'static');
  await buildLabPage(join(staticDir, 'lab-page'));
  const port = await freePort();
  const token = randomBytes(12).toString('hex');
  await startNotebookServer(work, port, token, jupyterPath, staticDir);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
  atEnd(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`page ${m.type()}: ${m.text()}`); });
  await page.goto(`http://127.0.0.1:${port}/static/lab-page/index.html?token=${token}`);
  await waitFor('the Lab page', () => page.evaluate(() => document.body.dataset.ready === 'true'), 30000);
  await Promise.race([page.evaluate(() => window.labBench.start('spark-java')),
    new Promise((resolve, reject) => setTimeout(() => reject(new Error('the kernel did not start in 120 s')), 120000))]);
  atEnd(() => page.evaluate(() => window.labBench.shutdown()));

  const notebook = JSON.parse(readFileSync(join(repo, 'notebooks', 'spark-views.ipynb'), 'utf8'));
  const code = notebook.cells.filter((c) => c.cell_type === 'code').map((c) => [].concat(c.source).join(''));
  code.push(FAILING_CELL);
  const replies = [];
  for (const [index, source] of code.entries()) {
    await page.evaluate(() => {
      // Samples the running cell's output area while it runs.
      window.samples = [];
      window.sampler = setInterval(() => {
        const cell = document.querySelector('.lab-bench-cell:last-child');
        const monitors = cell ? cell.querySelectorAll('.jspark-monitor') : [];
        if (monitors.length) window.samples.push({ monitors: monitors.length, text: monitors[0].innerText });
      }, 100);
    });
    replies.push(await page.evaluate(([i, c]) => window.labBench.execute(i, c), [index, source]));
    const samples = await page.evaluate(() => { clearInterval(window.sampler); return window.samples; });
    if (index === 1) {
      const running = samples.findIndex((s) => /RUNNING/.test(s.text));
      check('the monitor shows the running job while the cell runs', running >= 0, `${samples.length} samples`);
      check('updates replace the monitor in place', samples.every((s) => s.monitors === 1),
        [...new Set(samples.map((s) => s.monitors))].join(','));
      const last = await page.locator('.lab-bench-cell').nth(index).locator('.jspark-monitor').innerText();
      check('the monitor ends in its final state', /SUCCEEDED/.test(last) && !/RUNNING/.test(last), last.slice(0, 120));
    }
  }
  check('every cell ran, the failing job last', replies.slice(0, -1).every((r) => r === 'ok') && replies.at(-1) === 'error',
    replies.join(','));
  check('the page raised no script errors', errors.length === 0, errors.join(' | '));

  const monitors = page.locator('.jspark-monitor');
  check('every Spark cell shows a monitor', (await monitors.count()) === 4, `${await monitors.count()} monitors`);
  const first = monitors.first();
  const statuses = await first.locator('span', { hasText: /^(SUCCEEDED|RUNNING|FAILED)$/ }).allTextContents();
  check('jobs show SUCCEEDED', statuses.length > 0 && statuses.every((s) => s === 'SUCCEEDED'), statuses.join(','));
  const stageRows = await first.locator('details tr', { hasText: /COMPLETE|SKIPPED/ }).count();
  check('stage folds list the stages', stageRows >= 2, `${stageRows} stage rows`);
  await openFolds(first);
  const taskBars = await first.locator('details.jspark-timeline g.t').count();
  check('the timeline draws task bars', taskBars > 0, `${taskBars} bars`);
  check('the task graph draws cores and running tasks', (await first.locator('details.jspark-tasks svg path').count()) === 2);
  check('the executors table lists the driver executor', (await first.locator('details.jspark-executors tr').count()) >= 2);
  const jobLink = await first.locator('table a[href*="/jobs/job/?id="]').first().getAttribute('href');
  check('job rows link to their Spark UI page', (await (await fetch(jobLink)).text()).includes('Details for Job'), jobLink);
  const uiLoaded = await waitFor('the Spark UI in the fold', async () => {
    for (const f of page.frames()) {
      if (f !== page.mainFrame() && f.url().includes('/jobs/') && (await f.evaluate(() => document.body?.innerText || '')).includes('Spark Jobs')) return true;
    }
    return false;
  }, 30000).catch(() => false);
  check('the Spark UI loads in its fold', !!uiLoaded);

  const failing = monitors.nth(3);
  await openFolds(failing);
  const failedTasks = await failing.locator('details.jspark-failed').innerText();
  check('the failed job shows FAILED and its failed task', (await failing.innerText()).includes('FAILED')
    && failedTasks.includes('no threes allowed'), failedTasks.slice(0, 160));
  const error = await page.locator('.lab-bench-cell').last().locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').last().innerText();
  check('the cell reports the failure with its cause', /no threes allowed/.test(error), error.slice(0, 200));

  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => window.labBench.theme(t), theme);
    const worst = await first.evaluate(lowestContrast);
    check(`the monitor's text is legible in Lab's ${theme} theme`, worst.ratio >= 3, `lowest contrast ${worst.ratio.toFixed(2)} at "${worst.text}"`);
    const worstFailing = await failing.evaluate(lowestContrast);
    check(`the failed job's text is legible in Lab's ${theme} theme`, worstFailing.ratio >= 3,
      `lowest contrast ${worstFailing.ratio.toFixed(2)} at "${worstFailing.text}"`);
    await openFolds(first, false);
    await first.screenshot({ path: join(outDir, `lab-${theme}.png`) });
    await openFolds(first);
  }
  await page.evaluate(() => window.labBench.theme('light'));

  const saved = await page.evaluate(() => window.labBench.saved());
  const plain = saved.flat().filter((o) => o.data?.['text/html']?.includes('jspark-monitor')).map((o) => [].concat(o.data['text/plain']).join(''));
  check('the saved monitors hold their text form', plain.length === 4 && plain.every((t) => /SUCCEEDED|FAILED/.test(t)), plain[0]?.slice(0, 120));
  await page.evaluate((outputs) => { window.labBench.clear(); outputs.forEach((o, i) => window.labBench.showSaved(i, o)); }, saved);
  const reopened = page.locator('.jspark-monitor').first();
  const rows = await reopened.locator('tr.jspark-job').allInnerTexts();
  check('a reopened, untrusted notebook still shows the jobs table', rows.length > 0 && rows.every((r) => /SUCCEEDED/.test(r)), rows[0]);
  const worstSaved = await reopened.evaluate(lowestContrast);
  check('the untrusted jobs table is legible', worstSaved.ratio >= 3, `lowest contrast ${worstSaved.ratio.toFixed(2)} at "${worstSaved.text}"`);
  await reopened.screenshot({ path: join(outDir, 'lab-untrusted.png') });

  await cancelButtons(page);
  await scalaNotebook(page);
}

/** A thread that runs a job of two sleeping tasks under a description and prints how it ended. */
function jobInThread(name, millis) {
  return `Thread ${name} = new Thread(() -> {\n  sc.setJobDescription("${name}");\n`
    + `  try { System.out.println("${name} counted " + sc.parallelize(List.of(1, 2), 2).map(x -> { Thread.sleep(${millis}); return x; }).count()); }\n`
    + `  catch (Exception e) { System.out.println("${name}: " + e.getMessage()); }\n});\n`;
}

/**
 * The cancel buttons, clicked in Lab's widget manager: of a cell's two concurrent jobs, the clicked one
 * ends CANCELLED and the other SUCCEEDED; then the buttons give way to text and their models are gone.
 */
async function cancelButtons(page) {
  await page.evaluate(() => window.labBench.clear());
  const code = jobInThread('slow', 60000) + jobInThread('quick', 8000) + 'slow.start(); quick.start(); slow.join(); quick.join();';
  const started = Date.now();
  await page.evaluate((c) => window.labBench.begin(0, c), code);
  const cell = page.locator('.lab-bench-cell').first();
  const slowButton = cell.locator('button.widget-button[title="slow"]');
  const stageButtons = cell.locator('button.widget-button', { hasText: /^Cancel stage \d+$/ });
  // A stage's second starts a little after its job's.
  await waitFor('Cancel buttons for the slow job and both stages', async () => (await slowButton.count()) === 1
    && (await stageButtons.count()) === 2, 30000);
  const labels = await cell.locator('button.widget-button').allInnerTexts();
  check('the buttons offer Cancel all, one per running job and one per active stage',
    labels.includes('Cancel all') && labels.filter((l) => /^Cancel job \d+$/.test(l)).length === 2
    && labels.some((l) => /^Cancel stage \d+$/.test(l)), labels.join(', '));
  await cell.screenshot({ path: join(outDir, 'lab-cancel-buttons.png') });
  const slowLabel = await slowButton.innerText();
  await slowButton.click();
  const reply = await page.evaluate(() => window.labBench.finish());
  check('the cell ends long before the slow job would have', reply === 'ok' && Date.now() - started < 45000,
    `${reply} after ${Date.now() - started} ms`);
  const jobId = slowLabel.match(/\d+/)[0];
  const rows = await cell.locator('.jspark-monitor tr.jspark-job').allInnerTexts();
  const row = (name) => rows.find((r) => r.includes(name)) || '';
  check('the clicked job ends CANCELLED and the other SUCCEEDED', /CANCELLED/.test(row('slow')) && /SUCCEEDED/.test(row('quick')),
    rows.join(' | '));
  const text = await cell.innerText();
  check('the cell reports the cancel', text.includes(`slow: Job ${jobId} cancelled from the notebook`) && text.includes('quick counted 2'),
    text.slice(0, 300));
  check('the buttons are replaced with text', (await cell.locator('.jupyter-widgets').count()) === 0
    && text.includes(`Cancelled from the notebook: job ${jobId}.`));
  const models = await page.evaluate(() => window.labBench.widgetModels());
  check('the widget manager holds none of the models once their comms closed', models.opened.length >= 7 && models.held.length === 0,
    `${models.opened.length} opened, ${models.held.length} held`);
  const saved = JSON.stringify(await page.evaluate(() => window.labBench.saved()));
  check('the saved outputs hold no widget view', !saved.includes('application/vnd.jupyter.widget-view+json'));
}

/** notebooks/scala-spark.ipynb on the Scala kernel in the same page: the same monitor, live and final. */
async function scalaNotebook(page) {
  await page.evaluate(async () => { await window.labBench.shutdown(); window.labBench.clear(); await window.labBench.start('spark-scala'); });
  const notebook = JSON.parse(readFileSync(join(repo, 'notebooks', 'scala-spark.ipynb'), 'utf8'));
  const replies = [];
  for (const [index, source] of notebook.cells.filter((c) => c.cell_type === 'code').map((c) => [].concat(c.source).join('')).entries()) {
    replies.push(await page.evaluate(([i, c]) => window.labBench.execute(i, c), [index, source]));
    if (replies.at(-1) !== 'ok') break;
  }
  check('the Scala cells run up to the failing job', replies.at(-1) === 'error' && replies.slice(0, -1).every((r) => r === 'ok'), replies.join(','));
  const monitors = page.locator('.jspark-monitor');
  const statuses = await monitors.locator('span', { hasText: /^(SUCCEEDED|RUNNING|FAILED)$/ }).allTextContents();
  check('Scala Spark cells show the monitor, its jobs ended SUCCEEDED and the failing one FAILED', (await monitors.count()) >= 4
    && statuses.includes('SUCCEEDED') && statuses.includes('FAILED') && !statuses.includes('RUNNING'), statuses.join(','));
  const names = (await monitors.locator('td').allTextContents()).join(' | ');
  check('Scala jobs are named by cell and line', /collect at cell \[\d+\], line \d/.test(names), names.slice(0, 160));
  await page.evaluate(() => window.labBench.theme('dark'));
  const worst = await monitors.last().evaluate(lowestContrast);
  check('the Scala monitor is legible in the dark theme', worst.ratio >= 3, `lowest contrast ${worst.ratio.toFixed(2)} at "${worst.text}"`);
}

await run(main);

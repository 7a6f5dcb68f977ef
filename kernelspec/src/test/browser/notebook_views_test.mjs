// Runs notebooks/spark-views.ipynb in Jupyter Notebook through Debian's Chromium and checks the monitor's
// views as a user sees them: the jobs table reaches 100%, the timeline draws task bars in at least two
// core slots, the Spark UI loads inside the notebook's frame (and not inside a page of another origin),
// MathJax leaves dollar signs in job descriptions alone, and the saved notebook converted by nbconvert
// shows the same views and, once the kernel is gone, a note where the Spark UI was. Then runs
// notebooks/scala-spark.ipynb on the Scala kernel: its Spark cells get the same monitor, with jobs named
// by cell and line and the failed job shown as such. Saves a screenshot of each view.
//
// Usage: node notebook_views_test.mjs <repo root> <JUPYTER_PATH> <output dir>
// Prints "N passed, M failed" last; exits non-zero on any failure. Stops everything it started.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CHROMIUM_FLAGS, atEnd, check, freePort, run, startNotebookServer, waitFor } from './harness.mjs';

const [repo, jupyterPath, outDir] = process.argv.slice(2);

async function main() {
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'jspark-browser-'));
  atEnd(() => rmSync(work, { recursive: true, force: true }));
  copyFileSync(join(repo, 'notebooks', 'spark-views.ipynb'), join(work, 'spark-views.ipynb'));
  copyFileSync(join(repo, 'notebooks', 'scala-spark.ipynb'), join(work, 'scala-spark.ipynb'));
  const port = await freePort();
  const token = randomBytes(12).toString('hex');
  await startNotebookServer(work, port, token, jupyterPath);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
  atEnd(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  let uiPageLoads = 0;
  page.on('request', (r) => { if (/\/jobs\/$/.test(r.url())) uiPageLoads++; });
  await page.goto(`http://127.0.0.1:${port}/notebooks/spark-views.ipynb?token=${token}`);
  await waitFor('the kernel', () => page.evaluate(() => window.Jupyter?.notebook?.kernel?.is_connected()), 120000);
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  await waitFor('all cells to run', () => page.evaluate(() =>
    Jupyter.notebook.get_cells().every((c) => c.cell_type !== 'code' || (c.input_prompt_number !== '*' && c.input_prompt_number !== undefined && c.input_prompt_number !== null))), 600000, 500);

  const monitors = page.locator('.jspark-monitor');
  const count = await monitors.count();
  check('every Spark cell shows a monitor', count === 3, `${count} monitors`);
  const first = monitors.first();

  const bars = await page.$$eval('.jspark-monitor div[title*=" completed"]', (els) => els.map((e) => e.title));
  const barTitle = /^(\d+) completed(?:, (\d+) running)?(?:, (\d+) failed)? of (\d+)$/;
  const jobBars = bars.filter((t) => barTitle.test(t));
  const complete = jobBars.every((t) => {
    const [, done, running, failed, total] = t.match(barTitle).map((v) => Number(v || 0));
    return running === 0 && failed === 0 && done === total;
  });
  check('the jobs table reaches 100%', jobBars.length > 0 && complete, `${jobBars.length} bars`);
  const statuses = await first.locator('span', { hasText: /^(SUCCEEDED|RUNNING|FAILED)$/ }).allTextContents();
  check('jobs show SUCCEEDED', statuses.length > 0 && statuses.every((s) => s === 'SUCCEEDED'), statuses.join(','));
  await first.screenshot({ path: join(outDir, 'jobs.png') });

  await first.locator('details.jspark-timeline > summary').click();
  const slots = await first.locator('details.jspark-timeline g.t rect').evaluateAll((rects) => new Set(rects.map((r) => r.getAttribute('y'))).size);
  const taskBars = await first.locator('details.jspark-timeline g.t').count();
  check('the timeline draws task bars in at least two core slots', slots >= 2, `${taskBars} bars in ${slots} rows`);
  const titles = await first.locator('details.jspark-timeline g.t > title').allTextContents();
  check('task bars carry hover titles with phases', titles.some((t) => /executor computing \d+ ms/.test(t)), titles[0]);
  await first.locator('details.jspark-timeline').screenshot({ path: join(outDir, 'timeline.png') });

  await first.locator('details.jspark-tasks > summary').click();
  const areas = await first.locator('details.jspark-tasks svg path').count();
  check('the task graph draws cores and running tasks', areas === 2, `${areas} areas`);
  await first.locator('details.jspark-tasks').screenshot({ path: join(outDir, 'tasks.png') });

  await first.locator('details.jspark-executors > summary').click();
  const executorRows = await first.locator('details.jspark-executors tr').count();
  check('the executors table lists the driver executor', executorRows >= 2, `${executorRows - 1} executors`);
  await first.locator('details.jspark-executors').screenshot({ path: join(outDir, 'executors.png') });

  check('no Spark UI is loaded before its fold is opened', uiPageLoads === 0, `${uiPageLoads} loads`);
  await first.locator('details.jspark-ui > summary').click();
  const uiLoaded = await waitFor('the Spark UI in the fold', async () => {
    for (const f of page.frames()) {
      if (f !== page.mainFrame() && f.url().includes('/jobs/') && (await f.evaluate(() => document.body?.innerText || '')).includes('Spark Jobs')) return true;
    }
    return false;
  }, 30000).catch(() => false);
  check('the Spark UI loads in the fold, once it is opened', !!uiLoaded && uiPageLoads >= 1, `${uiPageLoads} loads`);
  check('the fold does not show the note for a stopped kernel', !(await first.locator('.jspark-ui-gone').isVisible()));
  await page.waitForTimeout(500);
  await first.locator('details.jspark-ui').screenshot({ path: join(outDir, 'spark-ui.png') });

  const jobLink = await first.locator('table a[href*="/jobs/job/?id="]').first().getAttribute('href');
  const jobPage = await (await fetch(jobLink)).text();
  check('job rows link to their Spark UI page', jobPage.includes('Details for Job'), jobLink);

  const uiBase = jobLink.slice(0, jobLink.indexOf('/jobs/'));
  const stranger = createServer((req, res) => { res.setHeader('Content-Type', 'text/html'); res.end(`<iframe src="${uiBase}/jobs/"></iframe>`); });
  await new Promise((r) => stranger.listen(0, '127.0.0.1', r));
  atEnd(() => stranger.close());
  const other = await browser.newPage();
  await other.goto(`http://127.0.0.1:${stranger.address().port}/`);
  await other.waitForTimeout(2000);
  const strangerFrame = other.frames().find((f) => f !== other.mainFrame());
  const strangerText = strangerFrame ? await strangerFrame.evaluate(() => document.body?.innerText || '').catch(() => '') : '';
  check('a page of another origin cannot frame the Spark UI', !strangerText.includes('Spark Jobs'));

  const dollars = monitors.nth(2);
  const mathJax = await page.evaluate(() => typeof window.MathJax !== 'undefined' && !!window.MathJax.Hub);
  const typeset = await dollars.locator('.MathJax, .MathJax_Preview, mjx-container, script[type^="math/tex"]').count();
  const literal = await dollars.locator('td', { hasText: 'revenue in $x$ per $y$ dollars' }).count();
  check('MathJax leaves dollar signs in job descriptions alone', mathJax && typeset === 0 && literal > 0,
    `MathJax loaded: ${mathJax}, typeset elements: ${typeset}, literal cells: ${literal}`);

  await page.screenshot({ path: join(outDir, 'notebook.png'), fullPage: true });
  await page.evaluate(() => Jupyter.notebook.save_notebook());
  await page.waitForTimeout(1500);
  const saved = join(work, 'spark-views.ipynb');
  execFileSync('/usr/bin/python3', ['-m', 'nbconvert', '--to', 'html', '--output-dir', outDir, saved], { stdio: 'inherit' });
  const html = readFileSync(join(outDir, 'spark-views.html'), 'utf8');
  check('the saved notebook holds the final views', html.includes('jspark-timeline') && html.includes('jspark-tasks')
    && html.includes('jspark-executors') && !/title="\d+ completed, [1-9]\d* running/.test(html));
  const converted = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await converted.goto('file://' + join(outDir, 'spark-views.html'));
  const convertedMonitor = converted.locator('.jspark-monitor').first();
  await convertedMonitor.locator('details.jspark-timeline > summary').click();
  const convertedBars = await convertedMonitor.locator('details.jspark-timeline g.t').count();
  check('nbconvert HTML shows the same timeline', convertedBars === taskBars, `${convertedBars} vs ${taskBars}`);
  await convertedMonitor.screenshot({ path: join(outDir, 'nbconvert.png') });

  await page.evaluate(() => Jupyter.notebook.kernel.kill());
  await waitFor('the Spark UI to stop with the kernel', async () => {
    try { await fetch(uiBase + '/jobs/'); return false; } catch { return true; }
  }, 60000);
  const reopened = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await reopened.goto('file://' + join(outDir, 'spark-views.html'));
  const savedMonitor = reopened.locator('.jspark-monitor').first();
  await savedMonitor.locator('details.jspark-ui > summary').click();
  const note = savedMonitor.locator('.jspark-ui-gone');
  const noteShown = await waitFor('the note in place of the Spark UI', () => note.isVisible(), 15000).catch(() => false);
  check('a saved notebook opened after the kernel stopped shows a note, not a dead frame', !!noteShown
    && (await savedMonitor.locator('details.jspark-ui a[href$="/jobs/"]').count()) === 1);
  await savedMonitor.locator('details.jspark-ui').screenshot({ path: join(outDir, 'spark-ui-gone.png') });

  await scalaNotebook(browser, port, token);
}

async function scalaNotebook(browser, port, token) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/notebooks/scala-spark.ipynb?token=${token}`);
  await waitFor('the Scala kernel', () => page.evaluate(() => window.Jupyter?.notebook?.kernel?.is_connected()), 120000);
  await page.evaluate(() => Jupyter.notebook.execute_all_cells());
  // The notebook ends with a failing job; cells after an error are not run.
  await waitFor('the Scala cells up to the failing job', () => page.evaluate(() =>
    document.querySelectorAll('.output_error').length > 0 && document.querySelectorAll('.jspark-monitor').length >= 4), 600000, 500);
  await page.waitForTimeout(1000);
  const monitors = page.locator('.jspark-monitor');
  check('Scala Spark cells show the monitor', (await monitors.count()) >= 4, `${await monitors.count()} monitors`);
  const names = (await page.locator('.jspark-monitor td').allTextContents()).join(' | ');
  check('Scala jobs are named by cell and line', /collect at cell \[\d+\], line \d/.test(names), names.slice(0, 200));
  const statuses = await page.locator('.jspark-monitor span', { hasText: /^(SUCCEEDED|RUNNING|FAILED)$/ }).allTextContents();
  check('Scala jobs end SUCCEEDED, the failing one FAILED', statuses.includes('SUCCEEDED') && statuses.includes('FAILED')
    && !statuses.includes('RUNNING'), statuses.join(','));
  const error = await page.locator('.output_error').first().innerText();
  check('the failed Scala job names the cell line and the cause', /no threes allowed/.test(error) && /cell \[\d+\], line 2/.test(error),
    error.slice(0, 300));
  await page.screenshot({ path: join(outDir, 'scala-notebook.png'), fullPage: true });
  await page.evaluate(() => Jupyter.notebook.kernel.kill());
}

await run(main);

// The cancel buttons with ipywidgets 7 (JSPARK_WIDGETS=7): the spark-java kernel behind Debian's Jupyter
// server, a page with ipywidgets 7's manager, models and views (widgets7/), Debian's Chromium. A click
// on a running job's button cancels it, the cell reports it, the buttons give way to text, and the
// manager accepted every model (protocol 2.0, base 1.2.0, controls 1.5.0) and holds none of them at the end.
//
// Usage: node widgets7_test.mjs <repo root> <JUPYTER_PATH> <output dir>
// Prints "N passed, M failed" last; exits non-zero on any failure. Stops everything it started.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CHROMIUM_FLAGS, atEnd, check, freePort, run, startNotebookServer, waitFor } from './harness.mjs';
import { buildWidgets7Page } from './widgets7/build.mjs';

const [, jupyterPath, outDir] = process.argv.slice(2);
const CELL = 'sc.setJobDescription("slow");\n'
  + 'try { System.out.println(sc.parallelize(List.of(1, 2), 2).map(x -> { Thread.sleep(60000); return x; }).count()); }\n'
  + 'catch (Exception e) { System.out.println("slow: " + e.getMessage()); }';

async function main() {
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'jspark-widgets7-'));
  atEnd(() => rmSync(work, { recursive: true, force: true }));
  const staticDir = join(work, 'static');
  await buildWidgets7Page(join(staticDir, 'widgets7'));
  const port = await freePort();
  const token = randomBytes(12).toString('hex');
  process.env.JSPARK_WIDGETS = '7';
  await startNotebookServer(work, port, token, jupyterPath, staticDir);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS, headless: true });
  atEnd(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.log(`page error: ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`page exception: ${e.message}`));
  await page.goto(`http://127.0.0.1:${port}/static/widgets7/index.html?token=${token}`);
  await waitFor('the page', () => page.evaluate(() => document.body.dataset.ready === 'true'), 30000);
  await page.evaluate(() => window.widgets7.start('spark-java'));
  atEnd(() => page.evaluate(() => window.widgets7.shutdown()));

  const started = Date.now();
  await page.evaluate((c) => window.widgets7.begin(c), CELL);
  const button = page.locator('button.widget-button[title="slow"]');
  const stageButton = page.locator('button.widget-button', { hasText: /^Cancel stage \d+$/ });
  // A stage's second starts a little after its job's.
  await waitFor('the Cancel job and stage buttons in ipywidgets 7', async () => (await button.count()) === 1
    && (await stageButton.count()) > 0, 60000);
  const labels = await page.locator('button.widget-button').allInnerTexts();
  check('ipywidgets 7 shows Cancel all and the job and stage buttons', labels.includes('Cancel all')
    && labels.some((l) => /^Cancel job \d+$/.test(l)) && labels.some((l) => /^Cancel stage \d+$/.test(l)), labels.join(', '));
  await page.screenshot({ path: join(outDir, 'widgets7.png') });
  const jobId = (await button.innerText()).match(/\d+/)[0];
  await button.click();
  const reply = await page.evaluate(() => window.widgets7.finish());
  check('the cell ends long before its job would have', reply === 'ok' && Date.now() - started < 50000, `${reply} after ${Date.now() - started} ms`);
  const text = await page.locator('.cell').innerText();
  check('the cell reports the cancel', text.includes(`slow: Job ${jobId} cancelled from the notebook`), text.slice(0, 300));
  check('the buttons give way to text', (await page.locator('.widget-button').count()) === 0
    && text.includes(`Cancelled from the notebook: job ${jobId}.`));
  const state = await page.evaluate(() => window.widgets7.state());
  check('the manager accepted every model and holds none at the end', state.opened.length >= 7 && state.held.length === 0
    && state.errors.length === 0, `${state.opened.length} opened, ${state.held.length} held, errors: ${state.errors.join(' | ')}`);
  check('the page raised no script errors', errors.length === 0, errors.join(' | '));
}

await run(main);

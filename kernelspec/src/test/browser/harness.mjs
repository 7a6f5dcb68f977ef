// What the browser tests share: checks that print as they go, clean-ups that run also on failure, and
// Debian's Jupyter Notebook server started on 127.0.0.1 with the built kernelspecs.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const results = [];
const cleanups = [];

export function check(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ': ' + detail : ''}`);
}

/** Runs fn when the test ends, last registered first. */
export function atEnd(fn) {
  cleanups.push(fn);
}

export async function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

export async function waitFor(what, fn, timeoutMs, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** {@code staticDir}: a folder the server also serves under /static/, or none. */
export async function startNotebookServer(dir, port, token, jupyterPath, staticDir) {
  const server = spawn('/usr/bin/python3', ['-m', 'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`,
    `--NotebookApp.token=${token}`, `--notebook-dir=${dir}`, '--NotebookApp.open_browser=False', '--allow-root',
    ...(staticDir ? ['--NotebookApp.extra_static_paths', staticDir] : [])], {
    env: { ...process.env, JUPYTER_PATH: jupyterPath, JSPARK_HISTORY_FILE: 'none',
      JSPARK_UI_FRAME_ANCESTORS: `http://127.0.0.1:${port}`, JUPYTER_RUNTIME_DIR: join(dir, '.runtime') },
    stdio: ['ignore', 'inherit', 'inherit'], detached: true,
  });
  atEnd(() => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ } });
  await waitFor('the notebook server', async () => (await fetch(`http://127.0.0.1:${port}/api?token=${token}`)).ok, 60000);
  return server;
}

/** Runs the test, then every clean-up; prints "N passed, M failed" last and exits non-zero on any failure. */
export async function run(main) {
  try {
    await main();
  } catch (e) {
    check('the browser test ran to the end', false, e.stack || String(e));
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try { await cleanup(); } catch { /* keep cleaning */ }
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 && results.length > 0 ? 0 : 1);
}

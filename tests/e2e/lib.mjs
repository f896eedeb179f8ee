// tests/e2e/lib.mjs: the harness of the browser tests (e2e.mjs,
// selfeval.mjs): the accounts from the environment, Chromium with a
// page that collects every complaint of the browser, steps that print
// "ok   NAME" or "FAIL NAME" with what the page showed and leave a full-page
// screenshot, and the page helpers (login, logout, the list, the meta line,
// the workflow actions).  Every wait is for a selector, a URL or a
// response; nothing sleeps.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

// "name:password" of environment variable v.
function account(v) {
  const s = process.env[v] || '';
  const i = s.indexOf(':');
  if (i < 1) {
    console.error(`${v} must be "name:password"`);
    process.exit(2);
  }
  return { name: s.slice(0, i), password: s.slice(i + 1) };
}

// What a script of tests/e2e.sh is given: BASE_URL and SCREENSHOT_DIR as
// arguments, the accounts and the seed in the environment.
export function scriptArgs(script) {
  const [base, shotDir] = process.argv.slice(2);
  if (!base || !shotDir) {
    console.error(`usage: node tests/e2e/${script} BASE_URL SCREENSHOT_DIR`);
    process.exit(2);
  }
  return { base, shotDir, unit: account('E2E_UNIT'), dept: account('E2E_DEPT'), fin: account('E2E_FIN'),
           seed: process.env.E2E_SEED };
}

export function check(what, expected, actual) {
  const e = JSON.stringify(expected);
  const a = JSON.stringify(actual);
  if (e !== a) throw new Error(`${what}\n  expected: ${e}\n  actual:   ${a}`);
}

// Starts Chromium; returns the harness of one page.  Screenshots are
// SHOT_DIR/PREFIX-NN-slug.png.
// With `iconApart` a failed load of /favicon.ico goes to iconComplaints
// (for a step of its own) instead of complaints.
export async function start(base, shotDir, prefix, { iconApart = false } = {}) {
  mkdirSync(shotDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--lang=zh-CN',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.setDefaultNavigationTimeout(15000);

  // what the browser complains about, but for refusals provoked on purpose
  const complaints = [];
  const iconComplaints = [];
  const refusals = [];
  page.on('pageerror', (e) => complaints.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const answered = /^Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
    if (!answered) {
      complaints.push(`console: ${m.text()}`);
      return;
    }
    const u = new URL(m.location().url, base);
    const what = `${u.pathname}${u.search} ${answered[1]}`;
    const i = refusals.indexOf(what);
    if (i >= 0) refusals.splice(i, 1);
    else if (iconApart && u.pathname === '/favicon.ico') iconComplaints.push(`GET ${what} (${m.text()})`);
    else complaints.push(`GET ${what} (${m.text()})`);
  });
  page.on('requestfailed', (r) => {
    // a download is handed to the browser's download manager, not loaded
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && /\/(pdf|xlsx)$/.test(new URL(r.url()).pathname)) return;
    // the icon is fetched lazily; a click that leaves the page first aborts it
    // (seen on a loaded machine): the icon's own loading is checked elsewhere
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && /^\/(static\/favicon\.svg|favicon\.ico)$/.test(new URL(r.url()).pathname)) return;
    complaints.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText}`);
  });

  const url = (p) => base.replace(/\/$/, '') + p;
  const path = () => new URL(page.url()).pathname + new URL(page.url()).search;
  const texts = (sel) => page.locator(sel).evaluateAll((els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
  const text = async (sel) => (await page.locator(sel).textContent()).replace(/\s+/g, ' ').trim();

  async function report() {
    const lines = [`url: ${page.url()}`];
    try {
      const body = (await page.evaluate(() => (document.querySelector('main') || document.body)?.innerText || ''))
        .replace(/\n{2,}/g, '\n').trim();
      lines.push('page:');
      for (const l of body.slice(0, 1500).split('\n')) lines.push(`  ${l}`);
      if (body.length > 1500) lines.push('  …');
    } catch (e) {
      lines.push(`(page unreadable: ${e.message.split('\n')[0]})`);
    }
    return lines;
  }

  let n = 0;
  let failed = 0;
  async function step(slug, name, fn, { showPage = true } = {}) {
    n++;
    const nn = String(n).padStart(2, '0');
    const label = `${prefix} ${nn} ${name}`;
    let problem = null;
    try {
      await fn();
    } catch (e) {
      problem = [...String(e.message).split('\n'), ...(showPage ? await report() : [])];
    }
    try {
      await page.screenshot({ path: join(shotDir, `${prefix}-${nn}-${slug}.png`), fullPage: true });
    } catch (e) {
      problem = problem || [];
      problem.push(`screenshot failed: ${e.message.split('\n')[0]}`);
    }
    if (problem) {
      failed++;
      console.log(`FAIL ${label}`);
      for (const l of problem) console.log(`     ${l}`);
    } else {
      console.log(`ok   ${label}`);
    }
  }

  async function login(who, role, { open = true, then = '/' } = {}) {
    if (open) await page.goto(url('/login'));
    await page.fill('form.login input[name=username]', who.name);
    await page.fill('form.login input[name=password]', who.password);
    await Promise.all([page.waitForURL(url(then)), page.click('form.login button[type=submit]')]);
    check('who is logged in (header)', `${who.name}（${role}）`, await text('header .who'));
  }

  async function logout() {
    await Promise.all([page.waitForURL(url('/login')), page.click('form.logout button[type=submit]')]);
    check('after logout: the login form', 1, await page.locator('form.login').count());
  }

  // Opens the declaration from the list by its name; returns its path.
  async function openFromList(name) {
    await page.goto(url('/'));
    await Promise.all([page.waitForURL(/\/d\/\d+$/), page.click(`table.list a:text-is("${name}")`)]);
    return path();
  }

  // The p.meta line: its own text and its links.
  async function meta() {
    return page.locator('p.meta').evaluate((p) => ({
      line: [...p.childNodes].filter((c) => c.nodeType === 3).map((c) => c.textContent).join('').trim(),
      links: [...p.querySelectorAll('a')].map((a) => a.textContent),
    }));
  }

  const actionButtons = () => texts('form.actions button[name=action]');

  // A workflow action through the page's form.actions; the answer's status.
  async function act(button, { verdict, comment } = {}) {
    if (verdict !== undefined) await page.selectOption('form.actions select[name=verdict]', verdict);
    if (comment !== undefined) await page.fill('form.actions textarea[name=comment]', comment);
    const [resp] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/action') && r.request().method() === 'POST'),
      page.click(`form.actions button[name=action]:text-is("${button}")`),
    ]);
    await page.waitForLoadState('load');
    return resp.status();
  }

  return {
    browser, page, url, path, texts, text, step, login, logout, openFromList, meta, actionButtons, act,
    complaints, iconComplaints, refusals,
    expectRefusal: (p, status) => refusals.push(`${p} ${status}`),
    failed: () => failed,
  };
}

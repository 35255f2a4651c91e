import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { SettingsFile } from '../../source/adapters/settings/settings-file.js';
import { readToken } from '../../source/app/api/api-token.js';
import { runDaemon, type DaemonHandle } from '../../source/app/daemon/run-daemon.js';
import { num } from '../../source/domain/number-text.js';
import { apiFixture, type ApiFixture } from '../app/api/api-fixture.js';
import { tmpDir } from '../helpers/tmp.js';

/*
 * The status page in a real browser: Debian's chromium, driven by playwright-core, against a
 * daemon on the simulated exchange in this process. Every wait is for a condition on the page
 * (with a generous deadline for a loaded machine), never for a set time.
 * ATAPI_SCREENSHOTS=1 writes the README's screenshots into docs/images/; otherwise a temp dir.
 */

const CHROMIUM = '/usr/bin/chromium';
const skip = fs.existsSync(CHROMIUM) ? false : `no ${CHROMIUM}: install Debian's chromium package (.ci/run does) to run the browser test`;
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Deadline of a wait on the page (ms): only reached when something is wrong. */
const PATIENCE = 60_000;
const shots = process.env.ATAPI_SCREENSHOTS === '1' ? path.resolve('docs/images') : tmpDir('atapi-shots-');

let browser: BrowserContext | undefined;
/** A fresh profile for this run; removed with retries, as Chromium's helpers may still be writing in it as it closes. */
let profile: string | undefined;

before(async () => {
  if (skip) return;
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-chromium-'));
  browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
  browser.setDefaultTimeout(PATIENCE);
});

after(async () => {
  await browser?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
});

async function api(url: string, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/v1${route}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** A new tab that keeps the page's uncaught errors, to say at the end there were none. */
async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser!.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

test('status page: refused without the token, logs in, shows a fill live without a reload; read-only by default', { skip }, async () => {
  const f: ApiFixture = await apiFixture();
  const { page, errors } = await newPage();
  try {
    await page.goto(`${f.api.url}/`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    // Without the token the page's own reads are refused: nothing of the account reaches it.
    const bare = await page.evaluate(async () => (await fetch('/api/v1/balances')).status);
    assert.equal(bare, 401);
    await page.getByLabel('API token').fill('not-the-token-not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
    assert.equal(await page.locator('#stream').count(), 0, 'no dashboard with a wrong token');

    await page.getByLabel('API token').fill(f.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('#stream', { hasText: 'live' }).waitFor();
    await page.getByText('No fills yet.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Kill switch' }).count(), 0, 'read-only: no commands offered');
    // Browser code as text: this file is typed for Node, not the DOM.
    await page.evaluate('window.kept = true');

    const order = await api(f.api.url, f.token, 'POST', '/orders', { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01 });
    assert.equal(order.status, 201);
    const trade = f.session.trades().at(-1)!;
    assert.equal(trade.orderId, order.body.id);
    const row = page.locator(`tr[data-trade="${trade.tradeId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /BTC\/USDT\s+buy\s+0\.01/);
    assert.equal(await page.evaluate('window.kept'), true, 'the fill arrived without a reload');
    // Equity is the daemon's valuation (GET equity), not one the page makes up.
    const equity = await api(f.api.url, f.token, 'GET', '/equity');
    assert.equal(equity.status, 200);
    assert.match(await page.locator('#equity').innerText(), /^[\d,]+\.\d\d USDT$/);
    assert.equal(await page.getByText(/Sampled by the daemon once a minute since/).count(), 1);

    // A rotated token (or a wrong stored one) sends the page back to the login form.
    await page.evaluate("sessionStorage.setItem('atapi.token', 'stale-stale-stale-stale')");
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'the daemon no longer takes this token' }).waitFor();
    assert.deepEqual(errors, [], 'no error in the page');
  } finally {
    await page.close();
    await f.close();
  }
});

function startDaemon(dir: string): Promise<DaemonHandle> {
  return new Promise<DaemonHandle>((resolve, reject) => {
    runDaemon({ exchange: 'sim', seed: 3, dataDir: dir, futures: true }, { env: {}, stderr: new PassThrough() }, { tickMs: 0, signals: [], apiPort: 0, onReady: resolve }).catch(reject);
  });
}

test('status page with api.webCommands on: a perpetual with its liquidation price and margin ratio; cancel, stop and the kill switch ask first and go through the API; phone and desktop widths', { skip }, async () => {
  const dir = tmpDir('atapi-web-daemon-');
  new SettingsFile(dir).set('api.webCommands', 'on');
  const h = await startDaemon(dir);
  const { page, errors } = await newPage();
  try {
    const url = h.api!.url;
    const token = readToken(dir, 'api')!;
    assert.equal((await api(url, token, 'GET', '/status')).body.webCommands, true, 'GET status tells the page');
    const last = h.session.ticker('BTC/USDT').last;
    for (const [side, quantity] of [['buy', 0.02], ['sell', 0.005]] as const) assert.equal((await api(url, token, 'POST', '/orders', { symbol: 'BTC/USDT', side, quantity })).status, 201);
    const resting = await api(url, token, 'POST', '/orders', { symbol: 'BTC/USDT', side: 'buy', quantity: 0.01, price: Math.round(last * 0.97) });
    assert.equal(resting.status, 201, JSON.stringify(resting.body));
    const started = await api(url, token, 'POST', '/strategies', { strategy: 'sma', symbol: 'ETH/USDT', size: '100USDT' });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    h.session.alert('BTC/USDT', '>', Math.round(last * 1.1));
    await h.session.futures.setLeverage('ETH/USDT:USDT', 2);
    const perp = await api(url, token, 'POST', '/orders', { symbol: 'ETH/USDT:USDT', side: 'sell', quantity: 0.5 });
    assert.equal(perp.status, 201, JSON.stringify(perp.body));
    const [row] = h.session.futures.positions();
    assert.ok(row?.liquidationPrice, 'a short at 2x has a liquidation price');

    // `?token=` works once and leaves the address bar at once.
    await page.goto(`${url}/?token=${token}`);
    await page.locator('#stream', { hasText: 'live' }).waitFor();
    assert.ok(!page.url().includes('token'), page.url());
    await page.getByText(started.body.id).waitFor();
    // The perpetual with its liquidation price, and the account's margin ratio beside the title.
    const perpRow = page.locator('table[aria-label="perpetual positions"] tr', { hasText: 'ETH/USDT:USDT' });
    assert.match(await perpRow.innerText(), /ETH\/USDT:USDT\s+short\s+0\.5/);
    assert.ok((await perpRow.innerText()).includes(num(row.liquidationPrice!, 2)), 'its liquidation price is shown');
    assert.match(await page.locator('#s-positions .note').innerText(), /^margin ratio \d+\.\d\d%$/);
    await page.screenshot({ path: path.join(shots, 'status-page-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 780 });
    // The resize settles first (the chart follows its card through a ResizeObserver).
    await page.waitForFunction('window.innerWidth === 360 && document.documentElement.scrollWidth <= 360');
    await page.screenshot({ path: path.join(shots, 'status-page-phone.png'), fullPage: true });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the page fits a 360px screen (tables scroll inside their cards): ${overflow}px too wide`);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Cancel: asked first; "Keep as is" sends nothing.
    const orderRow = page.locator('#s-open-orders tr', { hasText: `${resting.body.id}` }).first();
    await orderRow.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Keep as is' }).click();
    assert.equal(h.session.orders().length, 1, 'nothing sent without the confirmation');
    await orderRow.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel the order' }).click();
    await page.getByRole('status').filter({ hasText: 'done' }).waitFor();
    await page.getByText('No open orders.').waitFor();
    assert.equal(h.session.orders().length, 0);

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Stop it' }).click();
    await page.getByText('0 running').waitFor();
    assert.ok(h.session.strategies().every((s) => s.status === 'stopped'));
    await h.session.store.whenDurable();
    const lines = h.session.history({ type: 'user/command' }).map((e) => (e.event as { data: { line: string; source: string } }).data);
    assert.deepEqual(lines.slice(-2), [{ line: `cancel ${resting.body.id}`, source: 'api' }, { line: `stop ${started.body.id}`, source: 'api' }], 'the page\'s commands are the API\'s, recorded as such');

    // The kill switch: asked first; its answer says what it did; new orders are refused until resumed.
    await page.getByRole('button', { name: 'Kill switch' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Flatten everything' }).click();
    await page.getByRole('status').filter({ hasText: 'Kill switch: done: 0 strategies stopped, 0 orders cancelled' }).waitFor();
    await page.locator('.halted', { hasText: 'by api: kill switch from the status page. Orders that open or add a position are refused until resumed' }).waitFor();
    assert.ok(h.session.halted(), 'the daemon is halted');
    const refused = await api(url, token, 'POST', '/orders', { symbol: 'BTC/USDT', side: 'buy', quantity: 0.001 });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    await page.getByRole('button', { name: 'Resume trading' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Kill switch' }).waitFor();
    assert.equal(await page.locator('.halted').count(), 0);
    assert.equal(h.session.halted(), undefined);
    assert.deepEqual(errors, [], 'no error in the page');
  } finally {
    await page.close();
    await h.stop('test over');
  }
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../../helpers/tmp.js';
import { apiFixture } from './api-fixture.js';

test('status page: / and its two files are served without the token (they hold no data), with their types, CSP and an ETag', async () => {
  const f = await apiFixture();
  try {
    const page = await fetch(`${f.api.url}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const html = await page.text();
    assert.match(html, /<script type="module" src="app.js">/);
    assert.ok(!html.includes(f.token), 'no secret in the page');
    const js = await fetch(`${f.api.url}/app.js`);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const code = await js.text();
    assert.ok(code.length > 10_000 && !/https?:\/\/(cdn|unpkg|fonts)\./.test(code), 'one bundle, nothing from a CDN');
    const css = await fetch(`${f.api.url}/app.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(await css.text(), /\.uplot/, "uPlot's stylesheet is bundled with the page's");
    const again = await fetch(`${f.api.url}/app.js`, { headers: { 'if-none-match': js.headers.get('etag') ?? '' } });
    assert.equal(again.status, 304, 'an unchanged file is not sent twice');
    const head = await fetch(`${f.api.url}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
  } finally {
    await f.close();
  }
});

/** A GET with the path exactly as given. */
function raw(url: string, p: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    http.get({ hostname, port, path: p }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('status page: nothing but its three files; any other path is the API\'s (401 without the token), traversal included', async () => {
  const f = await apiFixture();
  try {
    // Sent as written (fetch would tidy the dots away before they reach the server).
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/app.js/../../package.json', '/..%2fpackage.json', '//etc/passwd', '/dist/web/app.js', '/source/web/main.tsx', '/index.html/', '/favicon.ico', '/api-token']) {
      const r = await raw(f.api.url, p);
      assert.equal(r.status, 401, p);
      assert.equal((JSON.parse(r.body) as { code: string }).code, 'auth.token', p);
    }
    const post = await fetch(`${f.api.url}/`, { method: 'POST' });
    assert.equal(post.status, 401, 'only GET and HEAD are the page\'s');
    const api = await f.call('GET', '/api/v1/status');
    assert.equal(api.status, 200, 'the API answers as before');
  } finally {
    await f.close();
  }
});

test('status page: a daemon without a built page says how to build it; the API still answers', async () => {
  const empty = tmpDir('atapi-web-');
  const f = await apiFixture({ webDir: empty });
  try {
    const r = await fetch(`${f.api.url}/`);
    assert.equal(r.status, 404);
    assert.match(await r.text(), /not built: run npm run build/);
    fs.writeFileSync(path.join(empty, 'index.html'), '<p>built</p>');
    assert.equal(await (await fetch(`${f.api.url}/`)).text(), '<p>built</p>', 'a given directory is served as it is');
    assert.equal((await f.call('GET', '/api/v1/status')).status, 200);
  } finally {
    await f.close();
  }
});

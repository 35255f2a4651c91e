import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDelivery, type Channel, type SendOutcome } from '../../../source/app/notify/delivery.js';
import type { Notification } from '../../../source/app/notify/notify-kinds.js';
import { postJson } from '../../../source/app/notify/http-post.js';
import { until } from './fake-services.js';

const note = (text: string, silent = false): Notification => ({ kind: 'fills', text, silent, ts: 0 });

/** A channel answering from a script of outcomes (then ok), recording every batch it was given. */
function scripted(outcomes: SendOutcome[], maxChars = 20): Channel & { batches: string[][] } {
  const batches: string[][] = [];
  return {
    name: 'scripted',
    maxChars,
    batches,
    send: async (b) => {
      batches.push(b.map((n) => n.text));
      return outcomes.shift() ?? { ok: true };
    },
  };
}

test('a burst is joined into as few sends as the channel size allows, in order; an over-long text is cut to fit', async () => {
  const ch = scripted([]);
  const d = createDelivery(ch, { baseDelayMs: 1 });
  for (const t of ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee', 'f'.repeat(30)]) d.enqueue(note(t));
  assert.equal(await d.idle(10_000), true);
  assert.deepEqual(ch.batches, [['aaaa'], ['bbbb', 'cccc', 'dddd', 'eeee'], [`${'f'.repeat(19)}…`]]);
});

test('a permanent refusal is logged and skipped; a retryable one (a 429 with retry_after) is retried until it goes', async () => {
  const logged: { event: string; fields?: Record<string, unknown> }[] = [];
  const ch = scripted([{ ok: false, retry: false, error: 'HTTP 400: chat not found' }, { ok: false, retry: true, error: 'HTTP 429', retryAfterMs: 30 }]);
  const d = createDelivery(ch, { baseDelayMs: 1, log: (event, fields) => logged.push({ event, fields }) });
  d.enqueue(note('first'));
  await until(() => ch.batches.length === 1, 'the first send');
  d.enqueue(note('second'));
  assert.equal(await d.idle(10_000), true);
  assert.deepEqual(ch.batches, [['first'], ['second'], ['second']]);
  assert.deepEqual(logged.map((l) => l.event), ['notify-failed', 'notify-unreachable']);
  assert.equal(logged[0]!.fields?.lost, 1);
});

test('postJson sorts answers by status: 2xx ok, 429 with Telegram retry_after, 5xx retried, 4xx refused, no connection retried', async () => {
  const answer = (status: number, body: unknown): typeof fetch => (async () => new Response(JSON.stringify(body), { status })) as typeof fetch;
  const redact = (t: string): string => t.replaceAll('SECRET', '***');
  assert.deepEqual(await postJson(answer(200, { ok: true }), 'http://x', {}, redact), { ok: true, body: { ok: true } });
  assert.deepEqual(await postJson(answer(429, { ok: false, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } }), 'http://x', {}, redact), { ok: false, retry: true, error: 'HTTP 429: Too Many Requests: retry after 7', retryAfterMs: 7000 });
  assert.deepEqual(await postJson(answer(502, {}), 'http://x', {}, redact), { ok: false, retry: true, error: 'HTTP 502: {}' });
  assert.deepEqual(await postJson(answer(403, { description: 'Forbidden: bot SECRET was blocked by the user' }), 'http://x', {}, redact), { ok: false, retry: false, error: 'HTTP 403: Forbidden: bot *** was blocked by the user' });
  const refused = (async () => {
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  }) as typeof fetch;
  assert.deepEqual(await postJson(refused, 'http://x', {}, redact), { ok: false, retry: true, error: 'ECONNREFUSED' });
});

test('stop waits briefly for a send in flight: delivered, it is not handed back; unanswered, it is (a repeat over a loss)', async () => {
  let answer!: (o: SendOutcome) => void;
  const slow: Channel = { name: 'slow', maxChars: 100, send: () => new Promise<SendOutcome>((r) => (answer = r)) };
  const d = createDelivery(slow);
  d.enqueue(note('one'));
  await until(() => answer !== undefined, 'the send is out');
  const stopping = d.stop(10_000);
  answer({ ok: true });
  assert.deepEqual(await stopping, [], 'answered within the grace: delivered, not kept');

  const hung: Channel = { name: 'hung', maxChars: 100, send: () => new Promise<SendOutcome>(() => undefined) };
  const h = createDelivery(hung);
  h.enqueue(note('two'));
  h.enqueue(note('three'));
  assert.deepEqual((await h.stop(1)).map((n) => n.text), ['two', 'three']);
  const throws: Channel = { name: 'throws', maxChars: 100, send: () => { throw new Error('boom'); } };
  const t = createDelivery(throws, { baseDelayMs: 1 });
  t.enqueue(note('four'));
  assert.deepEqual((await t.stop()).map((n) => n.text), ['four'], 'a channel that throws is a failed send: nothing lost, nothing crashes');
});

test('an injected sleep decides when a failed send is tried again (no timer); idle(0) answers at once', async () => {
  const ch = scripted([{ ok: false, retry: true, error: 'HTTP 503' }]);
  const asked: number[] = [];
  let wake: (() => void) | undefined;
  const d = createDelivery(ch, { baseDelayMs: 60_000, maxDelayMs: 60_000, sleep: (ms) => (asked.push(ms), new Promise<void>((r) => (wake = r))) });
  d.enqueue(note('one'));
  await until(() => wake !== undefined, 'the backoff asked for');
  assert.equal(asked.length, 1);
  assert.ok(asked[0]! >= 30_000, `half the base delay at least: ${asked[0]}`);
  assert.equal(await d.idle(0), false, 'still waiting, answered without a wait');
  assert.deepEqual(ch.batches, [['one']], 'not tried again before the sleep ends');
  wake!();
  assert.equal(await d.idle(10_000), true);
  assert.deepEqual(ch.batches, [['one'], ['one']]);
  assert.equal(await d.idle(0), true);
});

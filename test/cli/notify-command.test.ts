import assert from 'node:assert/strict';
import { test } from 'node:test';
import { notifyCommand } from '../../source/cli/notify-command.js';
import { SettingsFile } from '../../source/adapters/settings/settings-file.js';
import { UserError } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';
import { fakeTelegram, fakeWebhook } from '../app/notify/fake-services.js';

const TOKEN = '42:NOTIFY-test-token';

test('notify test sends one message to each channel and says which worked (a failing one: exit 1, no secret shown)', async () => {
  const dir = tmpDir();
  const tg = await fakeTelegram(TOKEN);
  const hook = await fakeWebhook();
  try {
    const s = new SettingsFile(dir);
    s.set('notify.telegram.chatIds', '11,22');
    s.set('notify.telegram.apiRoot', tg.url);
    s.set('notify.webhook.url', hook.url);
    const ok = captureIO(dir, { ATAPI_TELEGRAM_BOT_TOKEN: TOKEN });
    assert.equal(await notifyCommand(['test'], ok.io), 0, ok.err());
    assert.equal(ok.out(), 'webhook: sent\ntelegram chat 11: sent\ntelegram chat 22: sent\n');
    assert.deepEqual(tg.sent(11), [`atapi: a test notification from ${dir}`]);
    assert.equal(hook.calls.length, 1);

    hook.outage = '503';
    const bad = captureIO(dir, { ATAPI_TELEGRAM_BOT_TOKEN: 'wrong-token-123' });
    assert.equal(await notifyCommand(['test'], bad.io), 1);
    assert.match(bad.out(), /^webhook: failed: HTTP 503/m);
    assert.match(bad.out(), /^telegram chat 11: failed: HTTP 401: Unauthorized$/m);
    assert.ok(!bad.out().includes('wrong-token-123') && !bad.out().includes('secret-part'), bad.out());
  } finally {
    await tg.close();
    await hook.close();
  }
});

test('notify test with nothing configured, or a chat id without a token, says what to set', async () => {
  const dir = tmpDir();
  const none = captureIO(dir);
  assert.equal(await notifyCommand(['test'], none.io), 1);
  assert.match(none.err(), /no notification channel is configured: atapi config set notify\.telegram\.chatIds/);
  new SettingsFile(dir).set('notify.telegram.chatIds', '5');
  const noToken = captureIO(dir);
  assert.equal(await notifyCommand(['test'], noToken.io), 1);
  assert.match(noToken.err(), /Telegram is off: notify\.telegram\.chatIds is set but there is no bot token \(set ATAPI_TELEGRAM_BOT_TOKEN, or atapi keys add telegram\)/);
  await assert.rejects(notifyCommand(['send'], none.io), (e: Error) => e instanceof UserError && /use atapi notify test/.test(e.message));
  assert.throws(() => new SettingsFile(dir).set('notify.telegram.chatIds', 'abc'), /notify\.telegram\.chatIds must be Telegram chat ids separated by commas/);
  assert.throws(() => new SettingsFile(dir).set('notify.webhook.url', 'ftp://x'), /notify\.webhook\.url must be an http\(s\) URL, or empty for none/);
});

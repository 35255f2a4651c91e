import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Keystore } from '../../source/adapters/keystore/keystore.js';
import { makeKeysCommand } from '../../source/cli/keys-command.js';
import { channelsFromSettings } from '../../source/app/notify/notify-setup.js';
import { defaultSettings, Redactor, UserError } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';

const cheap = { N: 1024, r: 8, p: 1 };
const TOKEN = '123456789:AAEabcdefghijklmnopqrstuvwxyz012345';

test('keys add telegram keeps the bot token encrypted; the daemon reads it with the unattended passphrase; a wrong passphrase or none says so', async () => {
  const dir = tmpDir();
  const keys = makeKeysCommand(cheap);
  const add = captureIO(dir, { ATAPI_PASSPHRASE: 'unattended-pass', ATAPI_TELEGRAM_BOT_TOKEN: TOKEN });
  assert.equal(await keys(['add', 'telegram'], add.io), 0);
  assert.equal(add.out(), `stored the Telegram bot token of bot 123456789 in ${new Keystore(dir).file}\n`);
  assert.ok(!fs.readFileSync(new Keystore(dir).file, 'utf8').includes('AAEabcdef'), 'encrypted at rest');

  const settings = { ...defaultSettings(), 'notify.telegram.chatIds': '5' };
  const fromStore = channelsFromSettings(settings, { env: { ATAPI_PASSPHRASE: 'unattended-pass' }, dataDir: dir, redactor: new Redactor() });
  assert.deepEqual(fromStore.problems, []);
  assert.deepEqual(fromStore.channels.map((c) => c.name), ['telegram chat 5']);
  const noPass = channelsFromSettings(settings, { env: {}, dataDir: dir, redactor: new Redactor() });
  assert.deepEqual(noPass.channels, []);
  assert.match(noPass.problems[0]!, /^Telegram is off: its token is in the keystore but no passphrase is given to the daemon/);
  const wrong = channelsFromSettings(settings, { env: { ATAPI_PASSPHRASE: 'a-wrong-pass' }, dataDir: dir, redactor: new Redactor() });
  assert.match(wrong.problems[0]!, /^Telegram is off: wrong passphrase/);

  const bad = captureIO(dir, { ATAPI_PASSPHRASE: 'unattended-pass', ATAPI_TELEGRAM_BOT_TOKEN: 'not-a-token' });
  await assert.rejects(keys(['add', 'telegram'], bad.io), (e: Error) => e instanceof UserError && /^a Telegram bot token looks like 123456789:AAE/.test(e.message) && !e.message.includes('not-a-token'));
});

test('the bot token may be given as a file (ATAPI_TELEGRAM_BOT_TOKEN_FILE, mode 600); one others can read is refused in one line', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'bot-token');
  fs.writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
  const settings = { ...defaultSettings(), 'notify.telegram.chatIds': '5' };
  const redactor = new Redactor();
  const ok = channelsFromSettings(settings, { env: { ATAPI_TELEGRAM_BOT_TOKEN_FILE: file }, dataDir: dir, redactor });
  assert.deepEqual(ok.problems, []);
  assert.deepEqual(ok.channels.map((c) => c.name), ['telegram chat 5']);
  assert.equal(redactor.redact(`x ${TOKEN} y`), 'x *** y', 'the token from the file is redacted');
  fs.chmodSync(file, 0o644);
  const open = channelsFromSettings(settings, { env: { ATAPI_TELEGRAM_BOT_TOKEN_FILE: file }, dataDir: dir, redactor: new Redactor() });
  assert.deepEqual(open.channels, []);
  assert.match(open.problems[0]!, /^Telegram is off: .*ATAPI_TELEGRAM_BOT_TOKEN_FILE/);
});

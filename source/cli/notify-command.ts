import { Redactor, UserError } from '../domain/index.js';
import { SettingsFile } from '../adapters/settings/settings-file.js';
import { channelsFromSettings, TELEGRAM_TOKEN_ENV } from '../app/notify/notify-setup.js';
import type { Fetch } from '../app/notify/http-post.js';
import type { CommandHandler } from './io.js';

const HELP = `usage: atapi notify test

Sends one test message to each configured notification channel and says which worked:
Telegram (notify.telegram.chatIds, the bot token from ${TELEGRAM_TOKEN_ENV} or atapi keys add
telegram), Discord (notify.discord.url), Slack (notify.slack.url), a webhook (notify.webhook.url).
Set them with atapi config set; what each kind of event sends: notify.level.<kind> (on, silent, off).
Exit status 0 when every channel took the message, 1 otherwise.`;

/** For tests: the fetch the channels use. */
export function makeNotifyCommand(fetchFn?: Fetch): CommandHandler {
  return async (argv, io) => {
    const [verb, ...extra] = argv;
    if (verb === '--help' || verb === '-h' || verb === undefined) {
      io.stdout.write(`${HELP}\n`);
      return verb === undefined ? 2 : 0;
    }
    if (verb !== 'test') throw new UserError(`unknown notify action "${verb.slice(0, 40)}": use atapi notify test`);
    if (extra.length) throw new UserError(`notify test takes no arguments (got "${extra.join(' ').slice(0, 60)}")`);
    const redactor = io.redactor ?? new Redactor();
    const setup = channelsFromSettings(new SettingsFile(io.dataDir).values(), { env: io.env, dataDir: io.dataDir, redactor, fetch: fetchFn });
    for (const p of setup.problems) io.stderr.write(`atapi: ${p}\n`);
    if (setup.channels.length === 0) {
      io.stderr.write('atapi: no notification channel is configured: atapi config set notify.telegram.chatIds ID (and the bot token), notify.discord.url, notify.slack.url or notify.webhook.url URL\n');
      return 1;
    }
    let failures = setup.problems.length;
    const text = `atapi: a test notification from ${io.dataDir}`;
    for (const channel of setup.channels) {
      const r = await channel.send([{ kind: 'daemon', text, silent: false, ts: Date.now() }]);
      if (!r.ok) failures++;
      io.stdout.write(`${channel.name}: ${r.ok ? 'sent' : `failed: ${redactor.redact(r.error)}`}\n`);
    }
    return failures === 0 ? 0 : 1;
  };
}

export const notifyCommand = makeNotifyCommand();

import { parseOptions } from './parse-options.js';
import readline from 'node:readline';
import { UserError } from '../domain/index.js';
import { checkPassphrase, DEFAULT_COST, envKeys, envPrefix, Keystore, type Credentials, type ScryptCost } from '../adapters/keystore/keystore.js';
import { unattendedPassphrase } from '../adapters/keystore/unattended-passphrase.js';
import { envSecret } from '../adapters/keystore/env-secret.js';
import { promptSecret } from './prompt-secret.js';
import type { CliIO, CommandHandler } from './io.js';
import { TELEGRAM_KEYSTORE_ID, TELEGRAM_TOKEN_ENV } from '../app/notify/notify-setup.js';

const HELP = `usage: atapi keys add EXCHANGE [--api-key K] [--secret-stdin] | add telegram | list [--json] | remove EXCHANGE

Stores exchange API keys encrypted (scrypt + AES-256-GCM, file mode 0600) in the data directory.
The passphrase is asked for on the terminal. Unattended (cron, systemd, the daemon) it is read,
in this order, from the file named by ATAPI_PASSPHRASE_FILE (readable only by you: chmod 600),
from systemd's credential atapi-passphrase (LoadCredential=atapi-passphrase:FILE), or from
ATAPI_PASSPHRASE; never from the command line, where other users could see it.
"add" checks the passphrase first, then takes the key from --api-key or ${envPrefix('EXCHANGE')}API_KEY
and the secret from ${envPrefix('EXCHANGE')}SECRET, from stdin (--secret-stdin: its first line), from two
lines (key, secret) on stdin when it is not a terminal, or asks for them. Never --secret S: the
command line is visible to every user in ps. "list" shows the exchanges without the passphrase.
Keys in the environment (${envPrefix('binance')}API_KEY, ...) are used before the keystore; each may be
given as a file instead (${envPrefix('binance')}SECRET_FILE=/run/secrets/binance-secret, mode 600).
"add telegram" stores the Telegram bot token (from ${TELEGRAM_TOKEN_ENV}, --secret-stdin, or asked
for) for the daemon's notifications; ${TELEGRAM_TOKEN_ENV} (or _FILE), when set, is used before the keystore.`;

/** For tests: a cheaper scrypt. */
export function makeKeysCommand(cost: ScryptCost = DEFAULT_COST): CommandHandler {
  return async (argv, io) => {
    const { values, positionals } = parseOptions({ args: [...argv], options: { 'api-key': { type: 'string' }, secret: { type: 'string' }, 'secret-stdin': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true }, 'keys');
    if (values.help || positionals.length === 0) {
      io.stdout.write(`${HELP}\n`);
      return values.help ? 0 : 2;
    }
    const [verb, exchange, ...extra] = positionals;
    if (extra.length) throw new UserError(`unexpected "${extra.join(' ')}" (atapi keys --help)`);
    const store = new Keystore(io.dataDir, cost);
    const passphrase = async (confirmNew: boolean): Promise<string> => {
      const given = unattendedPassphrase(io.env);
      if (given) {
        io.redactor?.add(given);
        return given;
      }
      const first = await promptSecret('Keystore passphrase: ');
      if (confirmNew && !store.exists()) {
        if ((await promptSecret('Repeat the passphrase: ')) !== first) throw new UserError('the passphrases differ; nothing was saved');
      }
      return first;
    };
    const id = (exchange ?? '').toLowerCase();
    switch (verb) {
      case 'list': {
        if (exchange) throw new UserError('keys list takes no exchange');
        // The names are kept in the clear; only a file from before that needs the passphrase.
        const names = store.exchanges() ?? Object.keys(store.read(await passphrase(false)));
        if (values.json) io.stdout.write(`${JSON.stringify(names.map((ex) => ({ exchange: ex })), null, 2)}\n`);
        else io.stdout.write(names.length ? `${names.join('\n')}\n` : `no keys stored in ${store.file}\n`);
        return 0;
      }
      case 'add': {
        if (values.secret !== undefined) throw new UserError(`keys add does not take --secret: the command line is visible to every user in ps; type it at the prompt, pipe it with --secret-stdin, or set ${envPrefix(id || 'EXCHANGE')}SECRET`);
        if (!/^[a-z0-9_-]{2,32}$/.test(id)) throw new UserError('keys add needs an exchange id such as binance');
        // The passphrase first: a short or wrong one is said before any secret is typed.
        const pass = await passphrase(true);
        checkPassphrase(pass);
        const entries = store.read(pass);
        if (id === TELEGRAM_KEYSTORE_ID) return addTelegram(io, store, pass, entries, values['secret-stdin'] === true);
        const fromEnv = envKeys(id, io.env);
        let apiKey = values['api-key'] ?? fromEnv.apiKey;
        let secret = values['secret-stdin'] ? (await stdinLines(1))[0] : fromEnv.secret;
        if (values['secret-stdin'] && !secret) throw new UserError('--secret-stdin: stdin held no secret (give it as its first line)');
        if (!apiKey || !secret) [apiKey, secret] = await readPair(io, apiKey, secret);
        if (!apiKey || !secret) throw new UserError('an API key and a secret are both needed');
        store.write(pass, { ...entries, [id]: { apiKey, secret } });
        io.stdout.write(`stored keys for ${id} (${mask(apiKey)}) in ${store.file}\n`);
        return 0;
      }
      case 'remove': {
        if (!id) throw new UserError('keys remove needs an exchange id');
        const pass = await passphrase(false);
        const entries = store.read(pass);
        if (!entries[id]) throw new UserError(`no keys stored for ${id}`);
        delete entries[id];
        store.write(pass, entries);
        io.stdout.write(`removed the keys for ${id}\n`);
        return 0;
      }
      default:
        throw new UserError(`unknown keys action "${verb}": use add, list or remove`);
    }
  };
}

export const keysCommand = makeKeysCommand();

/** A Telegram bot token as BotFather gives it: the bot's number, a colon, 35 characters. */
const BOT_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,100}$/;

/** `keys add telegram`: the bot token is the entry's secret (its "key" only names it). */
async function addTelegram(io: CliIO, store: Keystore, pass: string, entries: Record<string, Credentials>, fromStdin: boolean): Promise<number> {
  const token = envSecret(io.env, TELEGRAM_TOKEN_ENV, { holds: 'the Telegram bot token' }) ?? (fromStdin || !process.stdin.isTTY ? (await stdinLines(1))[0] : await promptSecret('Telegram bot token (from BotFather): '));
  io.redactor?.add(token);
  if (!token || !BOT_TOKEN.test(token)) throw new UserError('a Telegram bot token looks like 123456789:AAE... (BotFather gives it); nothing was saved');
  store.write(pass, { ...entries, [TELEGRAM_KEYSTORE_ID]: { apiKey: 'telegram-bot', secret: token } });
  io.stdout.write(`stored the Telegram bot token of bot ${token.split(':')[0]} in ${store.file}\n`);
  return 0;
}

function mask(key: string): string {
  return `${key.slice(0, 4)}…`;
}

async function readPair(io: CliIO, apiKey?: string, secret?: string): Promise<[string | undefined, string | undefined]> {
  if (process.stdin.isTTY) {
    return [apiKey ?? (await promptSecret('API key: ')), secret ?? (await promptSecret('API secret: '))];
  }
  const lines = await stdinLines(2);
  void io;
  return [apiKey ?? lines[0], secret ?? lines[1]];
}

/** Up to `n` non-empty lines of stdin, trimmed. */
async function stdinLines(n: number): Promise<string[]> {
  const rl = readline.createInterface({ input: process.stdin });
  const lines: string[] = [];
  for await (const line of rl) {
    if (line.trim()) lines.push(line.trim());
    if (lines.length === n) break;
  }
  rl.close();
  return lines;
}

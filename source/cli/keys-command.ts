import { parseOptions } from './parse-options.js';
import readline from 'node:readline';
import { UserError } from '../domain/index.js';
import { DEFAULT_COST, envPrefix, Keystore, type ScryptCost } from '../adapters/keystore/keystore.js';
import { unattendedPassphrase } from '../adapters/keystore/unattended-passphrase.js';
import { promptSecret } from './prompt-secret.js';
import type { CliIO, CommandHandler } from './io.js';

const HELP = `usage: atapi keys add EXCHANGE [--api-key K --secret S] | list [--json] | remove EXCHANGE

Stores exchange API keys encrypted (scrypt + AES-256-GCM, file mode 0600) in the data directory.
The passphrase is asked for on the terminal. Unattended (cron, systemd, the daemon) it is read,
in this order, from the file named by ATAPI_PASSPHRASE_FILE (readable only by you: chmod 600),
from systemd's credential atapi-passphrase (LoadCredential=atapi-passphrase:FILE), or from
ATAPI_PASSPHRASE; never from the command line, where other users could see it.
Key and secret for "add" come from --api-key/--secret, from ${envPrefix('EXCHANGE')}API_KEY and
${envPrefix('EXCHANGE')}SECRET, from two lines on stdin when it is not a terminal, or are asked for.
Keys in the environment (${envPrefix('binance')}API_KEY, ...) are used before the keystore.`;

/** For tests: a cheaper scrypt. */
export function makeKeysCommand(cost: ScryptCost = DEFAULT_COST): CommandHandler {
  return async (argv, io) => {
    const { values, positionals } = parseOptions({ args: [...argv], options: { 'api-key': { type: 'string' }, secret: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true }, 'keys');
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
        const entries = store.exists() ? store.read(await passphrase(false)) : {};
        const rows = Object.entries(entries).map(([ex, c]) => ({ exchange: ex, apiKey: mask(c.apiKey) }));
        if (values.json) io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else io.stdout.write(rows.length ? `${rows.map((r) => `${r.exchange.padEnd(16)} ${r.apiKey}`).join('\n')}\n` : `no keys stored in ${store.file}\n`);
        return 0;
      }
      case 'add': {
        if (!/^[a-z0-9_-]{2,32}$/.test(id)) throw new UserError('keys add needs an exchange id such as binance');
        const p = envPrefix(id);
        let apiKey = values['api-key'] ?? io.env[`${p}API_KEY`];
        let secret = values.secret ?? io.env[`${p}SECRET`];
        if (!apiKey || !secret) [apiKey, secret] = await readPair(io, apiKey, secret);
        if (!apiKey || !secret) throw new UserError('an API key and a secret are both needed');
        const pass = await passphrase(true);
        const entries = store.read(pass);
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

function mask(key: string): string {
  return `${key.slice(0, 4)}…`;
}

async function readPair(io: CliIO, apiKey?: string, secret?: string): Promise<[string | undefined, string | undefined]> {
  if (process.stdin.isTTY) {
    return [apiKey ?? (await promptSecret('API key: ')), secret ?? (await promptSecret('API secret: '))];
  }
  const rl = readline.createInterface({ input: process.stdin });
  const lines: string[] = [];
  for await (const line of rl) {
    if (line.trim()) lines.push(line.trim());
    if (lines.length === 2) break;
  }
  rl.close();
  void io;
  return [apiKey ?? lines[0], secret ?? lines[1]];
}

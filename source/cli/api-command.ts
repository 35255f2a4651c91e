import fs from 'node:fs';
import { UserError } from '../domain/index.js';
import { ensureToken, rotateToken, tokenPath } from '../app/api/api-token.js';
import { probeDaemon } from '../app/daemon/daemon-client.js';
import type { CliIO, CommandHandler } from './io.js';
import { parseOptions } from './parse-options.js';

const HELP = `usage: atapi api token [--rotate] [--signals] [--data-dir DIR]

The daemon's HTTP API (atapi daemon start --api-port N) takes a token on every request:
Authorization: Bearer TOKEN. It is kept in DATA_DIR/api-token (0600), made at the daemon's
first start or here. Signals (POST /api/v1/signals, TradingView alerts) take a token of their
own in the JSON body: DATA_DIR/signal-token.

  token          print the token (made if there is none yet); only the token goes to stdout
  --rotate       replace it with a new one: the old one stops working at once, also for a
                 daemon already running (it reads the file again on the next request)
  --signals      the signal token instead of the API token`;

/** `atapi api token`: prints (or replaces) a token; the files are app/api's. */
export const apiCommand: CommandHandler = async (argv, io: CliIO) => {
  const { values, positionals } = parseOptions({
    args: [...argv],
    options: { rotate: { type: 'boolean' }, signals: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  }, 'api');
  if (values.help || positionals.length === 0) {
    io.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const [verb, ...extra] = positionals;
  if (verb !== 'token') throw new UserError(`unknown api action "${verb}": use token (atapi api --help)`);
  if (extra.length) throw new UserError(`unexpected "${extra.join(' ')}" after atapi api token (atapi api --help)`);
  const kind = values.signals ? 'signals' : 'api';
  // A token made for a directory that did not exist is most likely a typo of the daemon's: the
  // token works only for a daemon started on that very directory. Said on stderr (stdout is the
  // token alone, for scripts); made all the same, as a token before the daemon's first start is.
  const fresh = !fs.existsSync(io.dataDir);
  const token = values.rotate ? rotateToken(io.dataDir, kind) : ensureToken(io.dataDir, kind);
  io.stdout.write(`${token}\n`);
  if (fresh) io.stderr.write(`atapi: ${io.dataDir} did not exist: made it and a token for it, which works only for a daemon started with --data-dir ${io.dataDir} (a typo?)\n`);
  if (values.rotate) {
    const running = await probeDaemon(io.dataDir, io.env);
    io.stderr.write(`${tokenPath(io.dataDir, kind)} replaced: the old token no longer works${running ? ` (the daemon, pid ${running.pid}, takes the new one from its next request)` : ''}\n`);
  }
  return 0;
};

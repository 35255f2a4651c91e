import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { daemonDirCommand, daemonStartCommand } from '../../../source/app/daemon/daemon-hints.js';
import { openSession } from '../../../source/app/session/open-session.js';
import { entryOptions, extractGlobalOptions } from '../../../source/cli/global-options.js';
import { tmpDir } from '../../helpers/tmp.js';

const flags = (argv: readonly string[]) => extractGlobalOptions(argv, {}).options;

test('daemon start hint: the data directory and the ledger flags, never --i-understand-live; words a shell reads back as they are', () => {
  assert.equal(daemonStartCommand('/srv/trading', flags([])), 'atapi daemon start --data-dir /srv/trading');
  assert.equal(daemonStartCommand('/srv/trading', flags(['--exchange', 'binance', '--sandbox-url', 'http://127.0.0.1:8555'])), 'atapi daemon start --data-dir /srv/trading --exchange binance --sandbox-url http://127.0.0.1:8555');
  assert.equal(daemonStartCommand('/srv/trading', flags(['--futures'])), 'atapi daemon start --data-dir /srv/trading --futures');
  // Real money: the trader adds the confirmation knowingly.
  assert.equal(daemonStartCommand('/srv/trading', flags(['--exchange', 'binance', '--live', '--i-understand-live'])), 'atapi daemon start --data-dir /srv/trading --exchange binance --live');
  assert.equal(daemonStartCommand('/my data', flags(['--seed', '7']), ['--api-port', '8080']), "atapi daemon start --data-dir '/my data' --seed 7 --api-port 8080");
  // An EntryOptions has the same flags (run --exchange ..., the daemon's own).
  assert.equal(daemonStartCommand('/d', entryOptions(flags(['--testnet', '--exchange', 'binance']), '/d')), 'atapi daemon start --data-dir /d --exchange binance --testnet');
  assert.equal(daemonDirCommand('logs', "/it's here"), "atapi daemon logs --data-dir '/it'\\''s here'");
});

test('a session an entry opens on disk knows the command that runs its ledger in a daemon (the shell\'s hints use it); one in memory has none', async () => {
  const dir = tmpDir();
  const io = { env: {}, stderr: new PassThrough() };
  const s = await openSession({ exchange: 'sim', dataDir: dir, seed: 3, futures: true }, io, { tickMs: 0 });
  try {
    assert.equal(s.daemonStart, `atapi daemon start --data-dir ${dir} --seed 3 --futures`);
  } finally {
    await s.close();
  }
  const mem = await openSession({ exchange: 'sim', dataDir: dir, noPersist: true }, io, { tickMs: 0 });
  try {
    assert.equal(mem.daemonStart, undefined);
  } finally {
    await mem.close();
  }
});

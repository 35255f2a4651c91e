import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/index.js';
import { lockDir } from '../adapters/storage/dir-lock.js';
import { daemonHolding } from '../app/daemon/attach.js';
import { acknowledgeRepair, describeRepair, repairLedger } from '../adapters/storage/repair-log.js';
import type { CliIO, CommandHandler } from './io.js';
import { parseOptions } from './parse-options.js';
import { daemonDirCommand } from '../app/daemon/daemon-hints.js';

const HELP = `usage: atapi ledger repair [--exchange ID] [--ledger NAME] [--data-dir DIR] [--json]
       atapi ledger ack [--exchange ID] [--ledger NAME] [--data-dir DIR]

Repairs an event log that atapi refused to open because it is damaged in the middle.
Every record is checksummed on its own: repair keeps each one that checks out, in order,
writes the original aside as events.log.before-repair-N first, and reports exactly what it
could not keep: the orders, fills and balances lost, the byte offsets and seqs around them.
Records that check out but cannot be folded are set aside in events.log.set-aside, never
deleted. The snapshot is left as is. The ledger then shows what was lost as a warning each
time it opens, until \`atapi ledger ack\` records that you have checked it.

  --exchange ID   whose ledger: sim (default) or a ccxt id; paper trading
  --ledger NAME   the ledger directory under DATA_DIR/ledgers, for testnet, live and sandbox
                  ledgers (binance-testnet, binance-live, binance-sandbox, ...)
  --json          the report as JSON`;

/** `atapi ledger repair`: thin; the work and the report are `repairLedger`'s. */
export const ledgerCommand: CommandHandler = async (argv, io: CliIO) => {
  const { values, positionals } = parseOptions({
    args: [...argv],
    options: { exchange: { type: 'string' }, ledger: { type: 'string' }, seed: { type: 'string' }, 'sandbox-url': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  }, 'ledger');
  if (values.help || positionals.length === 0) {
    io.stdout.write(`${HELP}\n`);
    return values.help ? 0 : 2;
  }
  const [verb, ...extra] = positionals;
  if (verb !== 'repair' && verb !== 'ack') throw new UserError(`unknown ledger action "${verb}": use repair or ack (atapi ledger --help)`);
  if (extra.length) throw new UserError(`unexpected "${extra.join(' ')}" (atapi ledger --help)`);
  const name = values.ledger ?? values.exchange ?? 'sim';
  // A ledger name is one directory name: never a path out of the data directory.
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(name)) throw new UserError(`bad ledger name "${name}": letters, digits, - and _ only (see the directories in ${path.join(io.dataDir, 'ledgers')})`);
  const dir = path.join(io.dataDir, 'ledgers', name);
  if (!fs.existsSync(dir)) throw new UserError(`no ledger at ${dir} (check --data-dir, --exchange or --ledger)`);
  // Repairing under a live writer would cut records it is still appending to.
  const held = await daemonHolding(io.dataDir, [dir], io.env);
  if (held) throw new UserError(`the daemon (pid ${held.pid}) holds the ledger ${name}: stop it first (${daemonDirCommand('stop', io.dataDir)}), then repair`);
  const release = lockDir(dir);
  try {
    if (verb === 'ack') {
      io.stdout.write(`${await acknowledgeRepair(dir)}\n`);
      return 0;
    }
    const report = repairLedger(dir);
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(`${describeRepair(report).join('\n')}\n`);
    return 0;
  } finally {
    release();
  }
};

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openSessionLedger, readHistory } from '../../../source/app/session/session-ledger.js';
import { UserError } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';

test('a session ledger: in memory without persistence; on disk under ledgers/<exchange>[-mode], locked, its history read back', () => {
  const mem = openSessionLedger({ persist: false }, 'sim', 'paper');
  assert.equal(mem.ledgerDir, undefined);
  assert.deepEqual(readHistory(mem, {}), []);
  mem.release();

  const dir = tmpDir();
  const live = openSessionLedger({ dataDir: dir }, 'binance', 'live');
  assert.equal(live.ledgerDir, path.join(dir, 'ledgers', 'binance-live'), 'real money never shares a ledger with paper');
  assert.equal(fs.statSync(live.ledgerDir!).mode & 0o777, 0o700);
  assert.throws(() => openSessionLedger({ dataDir: dir }, 'binance', 'live'), 'a second writer is refused while the lock is held');
  live.release();
  const again = openSessionLedger({ dataDir: dir }, 'binance', 'live');
  again.release();
  const sim = openSessionLedger({ dataDir: dir }, 'sim', 'live');
  assert.equal(sim.ledgerDir, path.join(dir, 'ledgers', 'sim'), 'the simulated exchange has one ledger whatever the mode');
  sim.release();
});

test('a ledger name that is not one plain directory name is a user error', () => {
  assert.throws(() => openSessionLedger({ dataDir: tmpDir(), ledgerName: '../x' }, 'sim', 'paper'), (e: unknown) => e instanceof UserError && /bad ledger name "\.\.\/x"/.test(e.message));
});

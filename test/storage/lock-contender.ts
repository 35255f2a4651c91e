/**
 * A process that competes for a ledger lock, driven over stdin/stdout by dir-lock.test.ts:
 * prints `ready`; on each line `go` tries to lock DIR and prints `won` or `busy MESSAGE`; a
 * winner keeps the lock until it is killed or stdin ends. Arguments: DIR [METHOD].
 */
import readline from 'node:readline';
import { lockLedger, lockMethodFor, type LockMethod } from '../../source/adapters/storage/dir-lock.js';
import { UserError } from '../../source/domain/index.js';

const [dir, method] = process.argv.slice(2);
const chosen = (method as LockMethod | undefined) ?? lockMethodFor(process.platform);
const rl = readline.createInterface({ input: process.stdin });
process.stdout.write('ready\n');
rl.on('line', (line) => {
  if (line !== 'go') return;
  try {
    lockLedger(dir, chosen);
    process.stdout.write('won\n');
  } catch (err) {
    process.stdout.write(err instanceof UserError ? `busy ${err.message}\n` : `error ${(err as Error).stack}\n`);
  }
});

import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/index.js';

/** The name of the systemd credential (`LoadCredential=atapi-passphrase:/path`) atapi reads. */
export const SYSTEMD_CREDENTIAL = 'atapi-passphrase';

/**
 * The keystore passphrase for a start with nobody at the terminal (cron, systemd, the
 * daemon), never from a command line (other users see those in `ps`):
 * 1. `ATAPI_PASSPHRASE_FILE`: a file only its owner can read (0600 or 0400);
 * 2. systemd's `$CREDENTIALS_DIRECTORY/atapi-passphrase` (LoadCredential= or SetCredential=);
 * 3. `ATAPI_PASSPHRASE` in the environment.
 * Undefined when none is given (then a terminal may ask). A file that others can read, or
 * that is missing or empty, is refused: a passphrase must not leak, nor be silently skipped.
 */
export function unattendedPassphrase(env: NodeJS.ProcessEnv): string | undefined {
  if (env.ATAPI_PASSPHRASE_FILE) return readSecretFile(env.ATAPI_PASSPHRASE_FILE, 'ATAPI_PASSPHRASE_FILE', true);
  if (env.CREDENTIALS_DIRECTORY) {
    const file = path.join(env.CREDENTIALS_DIRECTORY, SYSTEMD_CREDENTIAL);
    if (fs.existsSync(file)) return readSecretFile(file, `the systemd credential ${SYSTEMD_CREDENTIAL}`, false);
  }
  return env.ATAPI_PASSPHRASE || undefined;
}

function readSecretFile(file: string, what: string, mustOwn: boolean): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${what} ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}: give the path of a file holding the keystore passphrase`);
  }
  if (!st.isFile()) throw new UserError(`${what} ${file} is not a file: give the path of a file holding the keystore passphrase`);
  const mode = st.mode & 0o777;
  if (process.platform !== 'win32' && mode & 0o077) {
    throw new UserError(`${what} ${file} can be read by others (mode ${mode.toString(8).padStart(4, '0')}): make it readable only by you (chmod 600 ${file})`);
  }
  const uid = process.getuid?.();
  if (mustOwn && uid !== undefined && st.uid !== uid) throw new UserError(`${what} ${file} belongs to another user (uid ${st.uid}): use a file of your own, mode 600`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`${what} ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  // One line: the newline an editor or `echo` adds is not part of the passphrase.
  const pass = text.replace(/\r?\n$/, '');
  if (!pass) throw new UserError(`${what} ${file} is empty: write the keystore passphrase in it`);
  return pass;
}

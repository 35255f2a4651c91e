import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/index.js';

/** Where a secret may come from besides its own variable. */
export interface SecretSource {
  /** What the secret is, for the one-line refusals (`the keystore passphrase`, `the binance API secret`). */
  readonly holds: string;
  /** A systemd credential name read from `$CREDENTIALS_DIRECTORY` (LoadCredential=), after `NAME_FILE`. */
  readonly credential?: string;
}

/**
 * The one way atapi takes a secret from its environment: `NAME_FILE` (the path of a file
 * holding it, as Docker/compose secrets under /run/secrets and systemd credentials give
 * them), then the systemd credential when one is named, then `NAME` itself. A file is the
 * deliberate, safer source (plain environment variables leak into `docker inspect`, crash
 * reports and child processes), so it wins. Undefined when none is set; a file that others
 * can read, or that is missing, unreadable or empty, is refused in one line: a secret must
 * neither leak nor be silently skipped.
 */
export function envSecret(env: NodeJS.ProcessEnv, name: string, source: SecretSource): string | undefined {
  const file = env[`${name}_FILE`];
  if (file) return readSecretFile(file, `${name}_FILE`, source.holds, true);
  if (source.credential && env.CREDENTIALS_DIRECTORY) {
    const cred = path.join(env.CREDENTIALS_DIRECTORY, source.credential);
    // systemd owns the credentials directory and sets its files' owner: only the mode is ours to check.
    if (fs.existsSync(cred)) return readSecretFile(cred, `the systemd credential ${source.credential}`, source.holds, false);
  }
  return env[name] || undefined;
}

/**
 * The secrets held in the files `*_FILE` variables name, for `isSecretName` variables: what a
 * redactor must know before anything is printed. A file that cannot be read is left out here:
 * the code that needs that secret says why, in its own words.
 */
export function fileSecrets(env: NodeJS.ProcessEnv, isSecretName: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const k of Object.keys(env)) {
    if (!k.endsWith('_FILE') || !isSecretName(k.slice(0, -'_FILE'.length))) continue;
    try {
      const v = envSecret(env, k.slice(0, -'_FILE'.length), { holds: 'a secret' });
      if (v) out.push(v);
    } catch {
      /* reported where it is used */
    }
  }
  return out;
}

/**
 * Reads a secret file only its owner can read (mode 0600 or 0400), without the line break an
 * editor or `echo` adds. Only that is cut: a passphrase's own spaces are part of it.
 */
export function readSecretFile(file: string, what: string, holds: string, mustOwn: boolean): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${what} ${file} ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`}: give the path of a file holding ${holds}`);
  }
  if (!st.isFile()) throw new UserError(`${what} ${file} is not a file: give the path of a file holding ${holds}`);
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
    throw new UserError(`${what} ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}): it must belong to the user atapi runs as (uid ${uid ?? '?'}), mode 600`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (!value) throw new UserError(`${what} ${file} is empty: write ${holds} in it`);
  return value;
}

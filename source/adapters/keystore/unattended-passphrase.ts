import { envSecret } from './env-secret.js';

/** The name of the systemd credential (`LoadCredential=atapi-passphrase:/path`) atapi reads. */
export const SYSTEMD_CREDENTIAL = 'atapi-passphrase';

/**
 * The keystore passphrase for a start with nobody at the terminal (cron, systemd, the
 * daemon, a container), never from a command line (other users see those in `ps`):
 * 1. `ATAPI_PASSPHRASE_FILE`: a file only its owner can read (0600 or 0400), e.g. /run/secrets/...;
 * 2. systemd's `$CREDENTIALS_DIRECTORY/atapi-passphrase` (LoadCredential= or SetCredential=);
 * 3. `ATAPI_PASSPHRASE` in the environment.
 * Undefined when none is given (then a terminal may ask). See `envSecret` for the refusals.
 */
export function unattendedPassphrase(env: NodeJS.ProcessEnv): string | undefined {
  return envSecret(env, 'ATAPI_PASSPHRASE', { holds: 'the keystore passphrase', credential: SYSTEMD_CREDENTIAL });
}

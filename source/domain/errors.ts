/**
 * An error meant for the trader's eyes: its message is one complete line saying what was
 * wrong and what is allowed. Anything else that escapes is a bug and reported as such.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** What one shell command produced: text for people, a value for `--json`, and flags. */
export interface CommandOutput {
  readonly ok: boolean;
  /** Human-readable text; no colour codes unless the caller asked for colour. */
  readonly text: string;
  /** Machine-readable result for `--json`. */
  readonly json?: unknown;
  /** The command asked to leave the shell. */
  readonly quit?: boolean;
}

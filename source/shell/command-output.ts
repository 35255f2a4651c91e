/** What one shell command produced: text for people, a value for `--json`, and flags. */
export interface CommandOutput {
  readonly ok: boolean;
  /** Human-readable text; no colour codes unless the caller asked for colour. */
  readonly text: string;
  /** Machine-readable result for `--json`. */
  readonly json?: unknown;
  /** The command asked to leave the shell. */
  readonly quit?: boolean;
  /** Orders whose cancel the answer told (a cancel, an amend's old order): the shell does not repeat it as news. */
  readonly cancelled?: readonly string[];
}

/**
 * What `--json` prints for a command: its value, or for a failure `{ error }` with the refusal's
 * `code` and `field` when it was one (run-line.ts puts them there), as the API answers them.
 */
export function outputJson(out: CommandOutput): unknown {
  if (out.ok) return out.json;
  const j = (typeof out.json === 'object' && out.json !== null ? out.json : {}) as { readonly code?: unknown; readonly field?: unknown };
  return { error: out.text, ...(typeof j.code === 'string' ? { code: j.code } : {}), ...(typeof j.field === 'string' ? { field: j.field } : {}) };
}

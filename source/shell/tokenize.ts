/**
 * Splits a command line into words; single or double quotes group words. Returns an error
 * for an unclosed quote rather than guessing.
 */
export function tokenize(line: string): { ok: true; words: string[] } | { ok: false; error: string } {
  const words: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) return { ok: false, error: `unclosed ${quote} quote` };
  if (has || cur) words.push(cur);
  return { ok: true, words };
}

export interface ParsedFlags {
  readonly positional: string[];
  readonly flags: Record<string, string | true>;
}

/** Separates `--name value` / `--name=value` / `--switch` from positional words. */
export function splitFlags(words: readonly string[], switches: readonly string[]): ParsedFlags {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq === -1 ? w.slice(2) : w.slice(2, eq);
      if (eq !== -1) flags[name] = w.slice(eq + 1);
      else if (switches.includes(name) || i + 1 >= words.length) flags[name] = true;
      else flags[name] = words[++i];
    } else positional.push(w);
  }
  return { positional, flags };
}

import type { parseArgs } from 'node:util';
import { UserError } from '../domain/index.js';

type Tokens = NonNullable<ReturnType<typeof parseArgs>['tokens']>;

/**
 * Options a command does not know are strategy parameters: `--fast 10` or `--fast=10`.
 * A positional word or a non-number is a clear error naming the command.
 */
export function strategyParams(tokens: Tokens, known: Readonly<Record<string, unknown>>, command: string): Record<string, number> {
  const params: Record<string, number> = {};
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind === 'positional') throw new UserError(`unexpected argument "${tok.value}" (atapi ${command} --help)`);
    if (tok.kind !== 'option' || tok.name in known) continue;
    const next = tokens[i + 1];
    const raw = tok.value ?? (next?.kind === 'positional' ? (i++, next.value) : undefined);
    const n = Number(raw);
    if (raw === undefined) throw new UserError(`unknown option --${tok.name}: not an option of ${command}, and as a strategy parameter it needs a number, e.g. --${tok.name} 10 (atapi ${command} --help)`);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new UserError(`--${tok.name} needs a number (got "${raw}")`);
    params[tok.name] = n;
  }
  return params;
}

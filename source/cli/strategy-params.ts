import type { parseArgs } from 'node:util';
import { UserError } from '../domain/index.js';
import { parseParamText, type ParamSpec } from '../strategies/strategy.js';

type Tokens = NonNullable<ReturnType<typeof parseArgs>['tokens']>;

/**
 * Options a command does not know are strategy parameters: `--fast 10` or `--fast=10`.
 * A value may be a percent (`3%`) or a duration (`1h`): parseParamText. A positional word or
 * anything else is a clear error naming the command.
 */
export function strategyParams(tokens: Tokens, known: Readonly<Record<string, unknown>>, command: string, specs?: Readonly<Record<string, ParamSpec>>): Record<string, number> {
  const params: Record<string, number> = {};
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind === 'positional') throw new UserError(`unexpected argument "${tok.value}" (atapi ${command} --help)`);
    if (tok.kind !== 'option' || tok.name in known) continue;
    const next = tokens[i + 1];
    const raw = tok.value ?? (next?.kind === 'positional' ? (i++, next.value) : undefined);
    if (raw === undefined) throw new UserError(`unknown option --${tok.name}: not an option of ${command}, and as a strategy parameter it needs a number, e.g. --${tok.name} 10 (atapi ${command} --help)`);
    const n = parseParamText(tok.name, raw, specs?.[tok.name]?.unit);
    if (!n.ok) throw new UserError(n.error);
    params[tok.name] = n.value;
  }
  return params;
}

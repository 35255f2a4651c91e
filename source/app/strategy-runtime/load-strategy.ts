import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { plainText, UserError } from '../../domain/index.js';
import { ALL_STRATEGIES, findAnyStrategy, findStrategy, ORDER_STRATEGIES } from '../../strategies/registry.js';
import type { AnyStrategyDefinition, StrategyDefinition } from '../../strategies/strategy.js';

/**
 * A strategy of either kind: a built-in one by name (grid and dca included), or a user's module
 * by path, as loadStrategy. For the backtest and the strategy manager, which run both kinds.
 */
export async function loadAnyStrategy(nameOrPath: string): Promise<AnyStrategyDefinition> {
  return findAnyStrategy(nameOrPath) ?? loadStrategy(nameOrPath);
}

/**
 * A built-in strategy by name, or a user's module by path (`.ts` through tsx, `.js`/`.mjs`
 * directly). The module exports the definition as `default` or as `strategy`.
 */
export async function loadStrategy(nameOrPath: string): Promise<StrategyDefinition> {
  const builtIn = findStrategy(nameOrPath);
  if (builtIn) return builtIn;
  const keeps = ORDER_STRATEGIES.find((d) => d.name === nameOrPath);
  if (keeps) {
    throw new UserError(`${keeps.name} keeps resting orders and buys between candles, which atapi run cannot carry (--once evaluates one candle and keeps no book between runs): start it in the shell or the daemon (start ${keeps.name} BTC/USDT --size 50USDT ...) or backtest it (atapi backtest --strategy ${keeps.name})`);
  }
  const looksLikePath = /[/\\]|\.(m?[jt]s)$/.test(nameOrPath);
  if (!looksLikePath) {
    throw new UserError(`unknown strategy "${nameOrPath}": use one of ${ALL_STRATEGIES.map((s) => s.name).join(', ')} or a path like ./my-strategy.ts`);
  }
  const file = path.resolve(nameOrPath);
  if (!fs.existsSync(file)) throw new UserError(`strategy file ${file} does not exist`);
  let mod: Record<string, unknown>;
  try {
    // Every extension through tsx: it reads ESM syntax whatever the folder's package.json says
    // (none, or one without "type": "module"), and strips a .ts file's types.
    const { tsImport } = await import('tsx/esm/api');
    mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (err) {
    throw new UserError(`cannot load strategy ${file}: ${loadError(err)}`);
  }
  const def = exported(mod);
  if (!def) {
    throw new UserError(`${file} must export a strategy (name, description, params, create) as default or as "strategy"; see docs/writing-a-strategy.md`);
  }
  return printable(def);
}

/**
 * The user's definition with its name and description stripped of terminal escapes: they are
 * printed by every front end and become part of instance ids. Its functions stay the module's
 * own (called through the runner, which contains them).
 */
function printable(def: StrategyDefinition): StrategyDefinition {
  const name = plainText(def.name);
  const description = plainText(String(def.description ?? ''));
  if (name === def.name && description === def.description) return def;
  if (name.trim() === '') throw new UserError('a strategy\'s name must have printable characters');
  return { name, description, params: def.params, create: (p) => def.create(p), ...(def.warmup ? { warmup: (p) => def.warmup!(p) } : {}) };
}

function isStrategy(x: unknown): x is StrategyDefinition {
  const d = x as Partial<StrategyDefinition> | null | undefined;
  return typeof d === 'object' && d !== null && typeof d.create === 'function' && typeof d.name === 'string' && typeof d.params === 'object' && d.params !== null;
}

/**
 * The definition a module exports. A file read as CommonJS (no "type": "module" beside it)
 * arrives wrapped: its `export default` is `default.default` of the namespace.
 */
function exported(mod: Record<string, unknown>): StrategyDefinition | undefined {
  const inner = (mod.default ?? {}) as Record<string, unknown>;
  return [mod.default, mod.strategy, inner.default, inner.strategy].find(isStrategy);
}

/** The line of a loader's error that says what is wrong (esbuild puts it after a header). */
function loadError(err: unknown): string {
  const lines = String((err as Error)?.message ?? err).split('\n').map((l) => l.trim()).filter(Boolean);
  const pointed = lines.find((l) => /ERROR:|SyntaxError|error TS|Cannot find|not found/.test(l));
  return (pointed ?? lines[0] ?? 'unknown error').replace(/^(.*?):(\d+):(\d+): ERROR:\s*/, 'line $2 column $3: ').slice(0, 300);
}

/**
 * Refuses a strategy that trades on signals from outside (`webhook`) where only candles drive
 * it (a backtest, `atapi run`): there it would sit and do nothing, which looks like working.
 */
export function requireCandleDriven(def: AnyStrategyDefinition, doing: string): void {
  if (def.signalled) throw new UserError(`${def.name} trades on signals from outside, so it cannot ${doing}: start it in the daemon (atapi start ${def.name} SYMBOL --size 50USDT) and send it signals through the API (POST /api/v1/signals)`);
}

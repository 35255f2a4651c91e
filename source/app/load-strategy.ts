import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../domain/index.js';
import { BUILT_IN_STRATEGIES, findStrategy } from '../strategies/registry.js';
import type { StrategyDefinition } from '../strategies/strategy.js';

/**
 * A built-in strategy by name, or a user's module by path (`.ts` through tsx, `.js`/`.mjs`
 * directly). The module exports the definition as `default` or as `strategy`.
 */
export async function loadStrategy(nameOrPath: string): Promise<StrategyDefinition> {
  const builtIn = findStrategy(nameOrPath);
  if (builtIn) return builtIn;
  const looksLikePath = /[/\\]|\.(m?[jt]s)$/.test(nameOrPath);
  if (!looksLikePath) {
    throw new UserError(`unknown strategy "${nameOrPath}": use one of ${BUILT_IN_STRATEGIES.map((s) => s.name).join(', ')} or a path like ./my-strategy.ts`);
  }
  const file = path.resolve(nameOrPath);
  if (!fs.existsSync(file)) throw new UserError(`strategy file ${file} does not exist`);
  let mod: Record<string, unknown>;
  try {
    if (/\.(c|m)?ts$/.test(file)) {
      const { tsImport } = await import('tsx/esm/api');
      mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    } else mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new UserError(`cannot load strategy ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  const def = (mod.default ?? mod.strategy) as StrategyDefinition | undefined;
  if (!def || typeof def.create !== 'function' || typeof def.name !== 'string' || typeof def.params !== 'object') {
    throw new UserError(`${file} must export a strategy (name, description, params, create) as default or as "strategy"; see docs/writing-a-strategy.md`);
  }
  return def;
}

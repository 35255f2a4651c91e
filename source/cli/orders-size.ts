import { UserError } from '../domain/index.js';
import { defaultSize, parseSize, type StrategySize } from '../engine/strategy-size.js';
import { hasExits, type StrategyExits } from '../engine/strategy-exits.js';
import { keepsOrders, type AnyStrategyDefinition } from '../strategies/strategy.js';

/**
 * `--size`/`--amount` of a backtest or a sweep, and the checks that go with a strategy that keeps
 * orders (grid, dca), in one place for `atapi backtest` and `atapi optimize`: the size of one
 * order (absent: the default for the cash), or undefined for a strategy that spends the whole cash.
 */
export function ordersSize(
  def: AnyStrategyDefinition,
  o: { readonly size?: string; readonly amount?: string; readonly futures: boolean; readonly exits: StrategyExits; readonly cash: number },
  sym: { readonly symbol: string; readonly base: string; readonly quote: string },
): StrategySize | undefined {
  const sizeText = o.size ?? o.amount;
  if (o.size !== undefined && o.amount !== undefined) throw new UserError('--amount is another name for --size: give one of them');
  if (sizeText !== undefined && !keepsOrders(def)) throw new UserError(`--${o.size !== undefined ? 'size' : 'amount'} is for grid and dca (a strategy that keeps orders); ${def.name} spends the whole cash in a backtest`);
  if (!keepsOrders(def)) return undefined;
  if (o.futures) throw new UserError(`${def.name} keeps resting orders: the futures backtest does not run it yet; backtest it on spot`);
  if (def.name === 'grid' && hasExits(o.exits)) throw new UserError('grid leaves by its range (setting grid.outOfRange), not by --stop-loss, --take-profit or --trailing');
  const parsed = sizeText === undefined ? { ok: true as const, size: defaultSize(sym, o.cash) } : parseSize(sizeText, sym);
  if (!parsed.ok) throw new UserError(parsed.error);
  return parsed.size;
}

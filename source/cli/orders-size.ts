import { UserError } from '../domain/index.js';
import { defaultSize, parseSize, type StrategySize } from '../engine/strategy-size.js';
import { hasExits, type StrategyExits } from '../engine/strategy-exits.js';
import { keepsOrders, type AnyStrategyDefinition } from '../strategies/strategy.js';

/**
 * `--size`/`--amount` of a backtest or a sweep, and the checks that go with a strategy that keeps
 * orders (grid, dca), in one place for `atapi backtest` and `atapi optimize`: the size of one
 * order (absent: the default for the cash). For a strategy that trades on its signals (sma, rsi),
 * what one entry spends when the caller takes that (`entrySize`: a spot backtest, so the figures
 * of `start sma ... --size 100USDT` can be checked before it trades), else undefined: the whole cash.
 */
export function ordersSize(
  def: AnyStrategyDefinition,
  o: { readonly size?: string; readonly amount?: string; readonly futures: boolean; readonly exits: StrategyExits; readonly cash: number; readonly entrySize?: boolean },
  sym: { readonly symbol: string; readonly base: string; readonly quote: string },
): StrategySize | undefined {
  const sizeText = o.size ?? o.amount;
  const flag = `--${o.size !== undefined ? 'size' : 'amount'}`;
  if (o.size !== undefined && o.amount !== undefined) throw new UserError('--amount is another name for --size: give one of them');
  if (!keepsOrders(def)) {
    if (sizeText === undefined) return undefined;
    if (o.entrySize !== true) throw new UserError(`${flag} is for grid and dca (a strategy that keeps orders); ${def.name} spends the whole cash in a sweep (atapi backtest ${flag} checks one point at a size)`);
    if (o.futures) throw new UserError(`${flag} is not in the futures backtest: it puts the wallet x --leverage behind each position (--cash sets the wallet)`);
    const entry = parseSize(sizeText, sym);
    if (!entry.ok) throw new UserError(entry.error);
    return entry.size;
  }
  if (o.futures) throw new UserError(`${def.name} keeps resting orders: the futures backtest does not run it yet; backtest it on spot`);
  if (def.name === 'grid' && hasExits(o.exits)) throw new UserError('grid leaves by its range (setting grid.outOfRange), not by --stop-loss, --take-profit or --trailing');
  const parsed = sizeText === undefined ? { ok: true as const, size: defaultSize(sym, o.cash) } : parseSize(sizeText, sym);
  if (!parsed.ok) throw new UserError(parsed.error);
  return parsed.size;
}

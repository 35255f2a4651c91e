import { refusal, RefusedError, type ExitKind, type StrategyExits } from '../domain/index.js';

export type { ExitKind, StrategyExits };

/*
 * An instance's own exits (`start sma BTC/USDT --stop-loss 3% --take-profit 6% --trailing 2%`,
 * the type in domain/events.ts), in percent of price; absent = off. Checked at each closed candle of the instance's
 * timeframe against its close, live (strategy-host.ts) and in a backtest (backtest.ts) by the
 * same function, on the instance's OWN position only (its account's quantity and average
 * entry): what it fires is a `flat` target through the usual decision and close path.
 */

/** The flags and API fields, in one place: `--stop-loss` is `stopLoss`. */
export const EXIT_FIELDS = { stopLoss: 'stop-loss', takeProfit: 'take-profit', trailing: 'trailing' } as const satisfies Record<keyof StrategyExits, ExitKind>;

/**
 * `3%` or `3`: a percent above 0 and below 100. Otherwise a refusal (`strategy.exits`) naming
 * the flag in its words and the API's field (`stopLoss`) as its field.
 */
export function parseExitPercent(kind: ExitKind, raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const n = Number(text.endsWith('%') ? text.slice(0, -1) : text);
  if (text === '' || !Number.isFinite(n) || n <= 0 || n >= 100) {
    const field = (Object.keys(EXIT_FIELDS) as (keyof StrategyExits)[]).find((f) => EXIT_FIELDS[f] === kind);
    throw new RefusedError(refusal('strategy.exits', `bad --${kind} ${JSON.stringify(String(raw).slice(0, 20))}: a percent of the entry price above 0 and below 100, e.g. 3%`, field));
  }
  return n;
}

/** The exits from fields given by name (`{ stopLoss: '3%' }`), each checked; absent ones stay off. */
export function parseExits(fields: Readonly<Partial<Record<keyof StrategyExits, unknown>>>): StrategyExits {
  const out: { -readonly [K in keyof StrategyExits]: number } = {};
  for (const [field, kind] of Object.entries(EXIT_FIELDS) as [keyof StrategyExits, ExitKind][]) {
    if (fields[field] !== undefined) out[field] = parseExitPercent(kind, fields[field]);
  }
  return out;
}

export function hasExits(e: StrategyExits | undefined): e is StrategyExits {
  return e !== undefined && (e.stopLoss !== undefined || e.takeProfit !== undefined || e.trailing !== undefined);
}

/** `--stop-loss 3% --trailing 2%`: the exits as the flags that set them. */
export function formatExits(e: StrategyExits | undefined): string {
  if (!e) return '';
  return (Object.entries(EXIT_FIELDS) as [keyof StrategyExits, ExitKind][]).flatMap(([f, k]) => (e[f] === undefined ? [] : [`--${k} ${e[f]}%`])).join(' ');
}

/**
 * The best price since the position was opened (highest for a long, lowest for a short),
 * moved by `price`: the trailing stop's reference. `peak` undefined or 0: the entry.
 */
export function nextPeak(peak: number | undefined, qty: number, avgPrice: number, price: number): number {
  const from = peak || avgPrice;
  return qty >= 0 ? Math.max(from, price) : Math.min(from, price);
}

/**
 * The exit that fires at `price` for a position of `qty` (signed) entered at `avgPrice`, with
 * `peak` its best price so far (nextPeak, this price included), or nothing. Stop-loss first:
 * when two fire on one close, the loss is named.
 */
export function firedExit(e: StrategyExits, qty: number, avgPrice: number, peak: number, price: number): { readonly kind: ExitKind; readonly reason: string } | undefined {
  if (qty === 0 || avgPrice <= 0 || price <= 0) return undefined;
  const dir = qty > 0 ? 1 : -1;
  // Gain in percent of the entry, for the position's direction (a short gains as price falls).
  const move = ((price - avgPrice) / avgPrice) * 100 * dir;
  // A close exactly at the level fires: (105 - 102.9) / 105 is 1.9999999999999971% in floating point.
  const EPS = 1e-9;
  const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 8 });
  if (e.stopLoss !== undefined && move <= -e.stopLoss + EPS) return { kind: 'stop-loss', reason: `stop-loss ${e.stopLoss}%: close ${fmt(price)} is ${(-move).toFixed(2)}% against the entry ${fmt(avgPrice)}` };
  if (e.takeProfit !== undefined && move >= e.takeProfit - EPS) return { kind: 'take-profit', reason: `take-profit ${e.takeProfit}%: close ${fmt(price)} is ${move.toFixed(2)}% past the entry ${fmt(avgPrice)}` };
  if (e.trailing !== undefined && peak > 0) {
    const back = ((peak - price) / peak) * 100 * dir;
    if (back >= e.trailing - EPS) return { kind: 'trailing', reason: `trailing ${e.trailing}%: close ${fmt(price)} is ${back.toFixed(2)}% back from the best ${fmt(peak)}` };
  }
  return undefined;
}

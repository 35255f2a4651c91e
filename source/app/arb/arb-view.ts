import { parseSymbol, UserError } from '../../domain/index.js';
import type { SettingValues } from '../../domain/settings.js';
import { scanArb, type ArbRow, type ArbSize } from '../../engine/arb/arb-scan.js';
import type { ReadModel } from '../session/session-types.js';
import { arbRules } from './arb-settings.js';

export interface ArbScanRequest {
  /** One market, or every market on two or more venues. */
  readonly symbol?: string;
  /** `1000USDT` (a quote amount) or `0.01BTC` (a base quantity, with a symbol); default arb.scanNotional of the quote. */
  readonly size?: string;
}

/**
 * What `arb scan` and the Arbitrage pane show: every market the session's venues share, the
 * best direction at the size, its edge net of both fees, and what each venue holds. A read:
 * nothing is placed; the same rows on a local session and an attached one.
 */
export function arbScan(reads: Pick<ReadModel, 'state' | 'venueIds'>, settings: SettingValues, now: number, req: ArbScanRequest = {}): ArbRow[] {
  const venues = reads.venueIds();
  if (venues.length < 2) throw new UserError('arbitrage needs two or more venues in the session: start atapi with --venues sim,sim2 (or set venues)');
  let symbol: string | undefined;
  if (req.symbol !== undefined) {
    const p = parseSymbol(req.symbol);
    if (!p.ok) throw new UserError(p.error);
    symbol = p.symbol;
  }
  const size = req.size === undefined ? { kind: 'quote' as const, amount: settings['arb.scanNotional'] } : parseArbSize(req.size, symbol);
  const rows = scanArb(reads.state(), venues, size, now, arbRules(settings), symbol);
  if (symbol && rows.length === 0) throw new UserError(`${symbol} is not quoted on two of ${venues.join(', ')}`);
  return rows;
}

/** `1000USDT` (any quote) or `0.01BTC` (a base quantity, for one market). */
export function parseArbSize(text: string, symbol?: string): ArbSize {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z][A-Za-z0-9]*)$/.exec(text.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0) || !Number.isFinite(n)) throw new UserError(`bad size "${text.slice(0, 40)}": use a quote amount like 1000USDT, or a base quantity like 0.01BTC with a symbol`);
  const asset = m[2].toUpperCase();
  const [base, quote] = symbol?.split('/') ?? [];
  if (symbol === undefined) return { kind: 'quote', amount: n, asset };
  if (asset === quote) return { kind: 'quote', amount: n };
  if (asset === base) return { kind: 'base', qty: n };
  throw new UserError(`bad size "${text}": ${symbol} trades ${base} for ${quote}; use ${quote} (1000${quote}) or ${base} (0.01${base})`);
}
